"""Full audit: re-hash every stored entry, rebuild the tree, compare with every checkpoint.

Each kind of damage raises its own error class, so a report tells an edited entry from an edited
leaf hash, a missing or reordered row, an edited node, or a checkpoint that no longer verifies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, select

from ioreview.exc import IntegrityError, IoreviewError
from ioreview.ledger import merkle
from ioreview.ledger.canonical import decode
from ioreview.ledger.checkpoint import verify_checkpoint
from ioreview.ledger.errors import (
    CheckpointSignatureInvalid,
    EntryHashMismatch,
    MissingLeaf,
    NodeHashMismatch,
    NonContiguousLeaves,
    RootMismatch,
)
from ioreview.ledger.log import Ledger
from ioreview.ledger.note import Verifier
from ioreview.storage.tables import checkpoint, leaf, log_state, node


class LeafHashTampered(IntegrityError):
    """A stored leaf hash that was changed while its entry bytes still match the checkpoints."""

    def __init__(self, *, index: int, stored: bytes, computed: bytes) -> None:
        super().__init__(
            f"leaf {index!r}: stored leaf hash {stored.hex()!r} was altered; the entry bytes hash "
            f"to {computed.hex()!r}, which the signed checkpoints confirm"
        )
        self.index = index


class EntrySequenceMismatch(IntegrityError):
    """An entry stored at an index other than the ``seq`` it records (rows reordered)."""

    def __init__(self, *, index: int, seq: object) -> None:
        super().__init__(f"leaf {index!r} holds the entry of seq {seq!r}: rows were reordered")
        self.index = index


class StateMismatch(IntegrityError):
    """``log_state`` that disagrees with the stored leaves or the latest checkpoint."""


@dataclass(frozen=True)
class AuditReport:
    size: int
    root: bytes
    checkpoints: int


def audit(ledger: Ledger, verifier: Verifier) -> AuditReport:
    """Check the whole stored log; raise the first damage found.

    A fast pass streams every entry, hash and node once. Only when it finds a mismatch does the
    diagnosis run, which decodes entries and compares trees to name the kind of damage.
    """
    report = _fast_pass(ledger, verifier)
    return report if report is not None else _diagnose(ledger, verifier)


def _fast_pass(ledger: Ledger, verifier: Verifier) -> AuditReport | None:
    """The report when everything matches; None as soon as anything does not."""
    with ledger.engine.connect() as connection:
        state = connection.execute(
            select(log_state.c.size, log_state.c.root).where(log_state.c.origin == ledger.origin)
        ).one_or_none()
        if state is None:
            return None
        size = int(state.size)
        hashes: list[bytes] = []
        rows = connection.execute(
            select(leaf.c.idx, leaf.c.entry, leaf.c.leaf_hash).order_by(leaf.c.idx)
        )
        for expected, row in enumerate(rows):
            stored = bytes(row.leaf_hash)
            if int(row.idx) != expected or merkle.leaf_hash(bytes(row.entry)) != stored:
                return None
            hashes.append(stored)
        if len(hashes) != size:
            return None
        levels = _levels(hashes)
        if not _nodes_match(connection, levels):
            return None
        checkpoints = connection.execute(select(checkpoint).order_by(checkpoint.c.size)).all()
        for row in checkpoints:
            cp_size = int(row.size)
            if cp_size > size:
                return None
            try:
                signed = verify_checkpoint(str(row.note), verifier, ledger.origin)
            except IoreviewError:
                return None
            if (signed.size, signed.root) != (cp_size, bytes(row.root)):
                return None
            if _root_at(levels, cp_size) != signed.root:
                return None
        root = _root_at(levels, size)
        if root != bytes(state.root) or (checkpoints and int(checkpoints[-1].size) != size):
            return None
    return AuditReport(size=size, root=root, checkpoints=len(checkpoints))


def _nodes_match(connection: Connection, levels: list[list[bytes]]) -> bool:
    expected = ((lv, ix, h) for lv, level in enumerate(levels[1:], start=1)
                for ix, h in enumerate(level))  # fmt: skip
    rows = connection.execute(select(node.c.level, node.c.idx, node.c.hash).order_by(
        node.c.level, node.c.idx
    ))  # fmt: skip
    for row in rows:
        if next(expected, None) != (int(row.level), int(row.idx), bytes(row.hash)):
            return False
    return next(expected, None) is None


def _diagnose(ledger: Ledger, verifier: Verifier) -> AuditReport:
    """Name the first damage found; the report only if, on a second look, there is none."""
    with ledger.engine.connect() as connection:
        state = connection.execute(
            select(log_state.c.size, log_state.c.root).where(log_state.c.origin == ledger.origin)
        ).one_or_none()
        if state is None:
            raise StateMismatch(f"no log state for origin {ledger.origin!r}")
        size = int(state.size)
        entry_hashes, stored_hashes = _leaves(connection, size)
        checkpoints = connection.execute(select(checkpoint).order_by(checkpoint.c.size)).all()
        # Compare both trees with the signed roots before blaming a column: this is what tells
        # an edited entry from an edited leaf hash.
        for index, (computed, stored) in enumerate(zip(entry_hashes, stored_hashes, strict=True)):
            if computed != stored:
                if _matches_checkpoints(entry_hashes, checkpoints):
                    raise LeafHashTampered(index=index, stored=stored, computed=computed)
                raise EntryHashMismatch(index=index, stored=stored, computed=computed)
        levels = _levels(stored_hashes)
        _check_nodes(connection, levels)
        for row in checkpoints:
            cp_size = int(row.size)
            if cp_size > size:
                raise StateMismatch(
                    f"checkpoint for size {cp_size!r} is larger than the log size {size!r}"
                )
            try:
                signed = verify_checkpoint(str(row.note), verifier, ledger.origin)
            except Exception as error:  # every note failure is reported as this tamper kind
                raise CheckpointSignatureInvalid(size=cp_size, reason=str(error)) from error
            computed_root = _root_at(levels, cp_size)
            if signed.size != cp_size or signed.root != bytes(row.root):
                raise CheckpointSignatureInvalid(
                    size=cp_size, reason="stored size/root columns differ from the signed note"
                )
            if computed_root != signed.root:
                raise RootMismatch(size=cp_size, computed=computed_root, expected=signed.root)
        root = _root_at(levels, size)
        if root != bytes(state.root):
            raise StateMismatch(
                f"log_state root {bytes(state.root).hex()!r} != rebuilt root {root.hex()!r}"
            )
        if checkpoints and int(checkpoints[-1].size) != size:
            raise StateMismatch(
                f"log size {size!r} has no signed checkpoint (latest {int(checkpoints[-1].size)!r})"
            )
    return AuditReport(size=size, root=root, checkpoints=len(checkpoints))


def _leaves(connection: Connection, size: int) -> tuple[list[bytes], list[bytes]]:
    entry_hashes: list[bytes] = []
    stored_hashes: list[bytes] = []
    rows = connection.execute(
        select(leaf.c.idx, leaf.c.entry, leaf.c.leaf_hash).order_by(leaf.c.idx)
    )
    for expected, row in enumerate(rows):
        index = int(row.idx)
        if index != expected:
            if index > expected:
                raise MissingLeaf(index=expected)
            raise NonContiguousLeaves(expected=expected, found=index)
        entry = bytes(row.entry)
        seq = decode(entry).get("seq")
        if seq != index:
            raise EntrySequenceMismatch(index=index, seq=seq)
        entry_hashes.append(merkle.leaf_hash(entry))
        stored_hashes.append(bytes(row.leaf_hash))
    if len(stored_hashes) < size:
        raise MissingLeaf(index=len(stored_hashes))
    if len(stored_hashes) > size:
        raise StateMismatch(
            f"{len(stored_hashes)!r} leaves stored but log_state says size {size!r}"
        )
    return entry_hashes, stored_hashes


def _matches_checkpoints(hashes: list[bytes], checkpoints: Sequence[Row[Any]]) -> bool:
    if not checkpoints:
        return False
    levels = _levels(hashes)
    return all(_root_at(levels, int(row.size)) == bytes(row.root) for row in checkpoints)


def _levels(hashes: list[bytes]) -> list[list[bytes]]:
    """Every perfect-subtree hash, by level: ``levels[l][i]`` covers leaves [i*2^l, (i+1)*2^l)."""
    levels = [hashes]
    while len(levels[-1]) >= 2:
        below = levels[-1]
        levels.append(
            [merkle.node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
        )
    return levels


def _root_at(levels: list[list[bytes]], size: int) -> bytes:
    return merkle.root_from_perfect_subtrees(
        [levels[lv][i] for lv, i in merkle.perfect_subtrees(size)]
    )


def _check_nodes(connection: Connection, levels: list[list[bytes]]) -> None:
    stored = {(int(r.level), int(r.idx)): bytes(r.hash) for r in connection.execute(select(node))}
    for level, computed_level in enumerate(levels[1:], start=1):
        for index, computed in enumerate(computed_level):
            found = stored.pop((level, index), None)
            if found != computed:
                raise NodeHashMismatch(
                    level=level, index=index, stored=found or b"", computed=computed
                )
    if stored:
        level, index = min(stored)
        raise NodeHashMismatch(
            level=level, index=index, stored=stored[(level, index)], computed=b""
        )
