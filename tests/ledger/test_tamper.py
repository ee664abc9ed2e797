"""Tamper matrix (reference/ledger.md R5): each kind of damage is caught with its own error.

An attacker with database access is simulated by removing the append-only guards first.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from ioreview.exc import IoreviewError
from ioreview.ledger import merkle
from ioreview.ledger.audit import EntrySequenceMismatch, LeafHashTampered, audit
from ioreview.ledger.checkpoint import Checkpoint, signed_checkpoint
from ioreview.ledger.client import SplitView, verify_latest
from ioreview.ledger.errors import (
    CheckpointSignatureInvalid,
    EntryHashMismatch,
    MissingLeaf,
    NodeHashMismatch,
    Truncated,
)
from ioreview.ledger.log import Ledger
from ioreview.ledger.note import Signer
from ioreview.storage import open_engine
from support.events import ORIGIN, make_event


def unguard(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for name in ("leaf", "node", "checkpoint"):
            for action in ("update", "delete"):
                connection.exec_driver_sql(f"DROP TRIGGER {name}_no_{action}")
    else:
        for name in ("leaf", "node", "checkpoint"):
            connection.exec_driver_sql(f"ALTER TABLE {name} DISABLE TRIGGER USER")


def tamper(engine: Engine, *statements: str, **params: object) -> None:
    with engine.begin() as connection:
        unguard(connection)
        for statement in statements:
            connection.execute(text(statement), params)


@pytest.fixture
def grown(ledger: Ledger) -> Ledger:
    for start in range(0, 12, 4):
        ledger.append([make_event(n) for n in range(start, start + 4)])
    return ledger


def _flip_first_byte(entry: bytes) -> bytes:
    # Replace one character inside the payload, keeping the JSON canonical.
    return entry.replace(b'"amount":"5.00"', b'"amount":"6.00"', 1)


AUDIT_CASES: dict[str, tuple[Callable[[Ledger], None], type[IoreviewError]]] = {
    "edit an entry": (
        lambda lg: tamper(
            lg.engine,
            "UPDATE leaf SET entry = :e WHERE idx = 5",
            e=_flip_first_byte(lg.entry(5)),
        ),
        EntryHashMismatch,
    ),
    "edit a leaf hash": (
        lambda lg: tamper(
            lg.engine, "UPDATE leaf SET leaf_hash = :h WHERE idx = 2", h=b"\x01" * 32
        ),
        LeafHashTampered,
    ),
    "edit a node": (
        lambda lg: tamper(
            lg.engine, "UPDATE node SET hash = :h WHERE level = 1 AND idx = 1", h=b"\x02" * 32
        ),
        NodeHashMismatch,
    ),
    "delete a row": (
        lambda lg: tamper(lg.engine, "DELETE FROM leaf WHERE idx = 3"),
        MissingLeaf,
    ),
    "reorder rows": (
        lambda lg: _swap(lg, 6, 7),
        EntrySequenceMismatch,
    ),
    "edit a signed checkpoint": (
        lambda lg: tamper(
            lg.engine,
            "UPDATE checkpoint SET note = :n WHERE size = 8",
            n=_resign_with_wrong_root(lg),
        ),
        CheckpointSignatureInvalid,
    ),
}


def _swap(ledger: Ledger, a: int, b: int) -> None:
    entry_a, entry_b = ledger.entry(a), ledger.entry(b)
    tamper(
        ledger.engine,
        "UPDATE leaf SET entry = :ea, leaf_hash = :ha WHERE idx = :b",
        "UPDATE leaf SET entry = :eb, leaf_hash = :hb WHERE idx = :a",
        ea=entry_a,
        ha=merkle.leaf_hash(entry_a),
        eb=entry_b,
        hb=merkle.leaf_hash(entry_b),
        a=a,
        b=b,
    )


def _resign_with_wrong_root(ledger: Ledger) -> str:
    stored = next(c for c in ledger.checkpoints() if c.size == 8)
    return stored.note.replace(stored.note.splitlines()[2], "A" * 43 + "=")


@pytest.mark.parametrize("case", sorted(AUDIT_CASES))
def test_full_audit_names_each_kind_of_damage(grown: Ledger, signer: Signer, case: str) -> None:
    damage, expected = AUDIT_CASES[case]
    assert audit(grown, signer.verifier()).size == 12
    damage(grown)
    with pytest.raises(IoreviewError) as raised:
        audit(grown, signer.verifier())
    assert type(raised.value) is expected, raised.value


def test_distinct_error_for_every_case() -> None:
    kinds = [expected for _, expected in AUDIT_CASES.values()]
    assert len(set(kinds)) == len(kinds)


def test_truncation_is_caught_by_a_client_holding_a_checkpoint(
    grown: Ledger, signer: Signer, tmp_path: Path
) -> None:
    state = tmp_path / "seen.txt"
    verify_latest(grown, signer.verifier(), state)
    # Cut the log back to 8 entries, consistently: the database alone looks fine afterwards.
    root8 = grown.root(8)
    tamper(
        grown.engine,
        "DELETE FROM leaf WHERE idx >= 8",
        "DELETE FROM node WHERE (level = 1 AND idx >= 4) OR (level = 2 AND idx >= 2)",
        "DELETE FROM checkpoint WHERE size > 8",
        "UPDATE log_state SET size = 8, root = :r",
        r=root8,
    )
    audit(grown, signer.verifier())  # self-consistent after the rewrite
    with pytest.raises(Truncated):
        verify_latest(grown, signer.verifier(), state)


def test_fork_with_same_key_is_caught_with_both_notes(
    grown: Ledger, signer: Signer, tmp_path: Path
) -> None:
    state = tmp_path / "seen.txt"
    verify_latest(grown, signer.verifier(), state)
    # Rewrite entry 5 and re-sign everything with the log key: a split view.
    forged = _flip_first_byte(grown.entry(5))
    hashes = [merkle.leaf_hash(e) for e in grown.entries()]
    hashes[5] = merkle.leaf_hash(forged)
    tree = merkle.InMemoryTree()
    for h in hashes:
        tree.append_hash(h)
    with grown.engine.begin() as connection:
        unguard(connection)
        connection.execute(
            text("UPDATE leaf SET entry = :e, leaf_hash = :h WHERE idx = 5"),
            {"e": forged, "h": hashes[5]},
        )
        connection.execute(text("DELETE FROM node"))
        for level in range(1, 4):
            for index in range(12 >> level):
                connection.execute(
                    text("INSERT INTO node (level, idx, hash) VALUES (:l, :i, :h)"),
                    {"l": level, "i": index, "h": tree.node(level, index)},
                )
        connection.execute(text("DELETE FROM checkpoint"))
        note = signed_checkpoint(Checkpoint(ORIGIN, 12, tree.root()), signer)
        connection.execute(
            text("INSERT INTO checkpoint (size, root, note, signed_at) VALUES (12, :r, :n, :t)"),
            {"r": tree.root(), "n": note, "t": "2030-01-01T00:00:00.000000Z"},
        )
        connection.execute(text("UPDATE log_state SET root = :r"), {"r": tree.root()})
    audit(grown, signer.verifier())  # the rewritten database is self-consistent
    with pytest.raises(SplitView) as raised:
        verify_latest(grown, signer.verifier(), state)
    evidence = raised.value.evidence()
    assert "remembered checkpoint" in evidence and note in evidence


def test_restored_older_copy_is_caught(tmp_path: Path, signer: Signer) -> None:
    path = tmp_path / "log.db"
    engine = open_engine(f"sqlite:///{path}")
    from ioreview.storage import migrate

    migrate(engine)
    ledger = Ledger(engine, ORIGIN, signer)
    ledger.create()
    ledger.append([make_event(n) for n in range(4)])
    engine.dispose()  # closing the last connection checkpoints the WAL into the file
    shutil.copy(path, tmp_path / "backup.db")
    ledger.append([make_event(n) for n in range(4, 9)])
    state = tmp_path / "seen.txt"
    verify_latest(ledger, signer.verifier(), state)
    engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "backup.db", path)
    restored = Ledger(open_engine(f"sqlite:///{path}"), ORIGIN, signer)
    audit(restored, signer.verifier())
    with pytest.raises(Truncated):
        verify_latest(restored, signer.verifier(), state)
