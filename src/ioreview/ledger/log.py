"""The database-backed Merkle log: appends, signed checkpoints and proofs.

One database holds one log (one origin). Each append is one transaction that inserts the leaf
rows, the perfect-subtree node rows they complete, a signed checkpoint and the new log state;
the checkpoint is published (handed to ``publish``) only after the commit returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import Connection, Engine, and_, func, insert, or_, select, update

from ioreview.exc import ConfigurationError, NotFound
from ioreview.ledger import merkle
from ioreview.ledger.checkpoint import Checkpoint, signed_checkpoint
from ioreview.ledger.errors import InvalidProofRequest, MissingLeaf
from ioreview.ledger.events import Event, event_from_entry, utc_timestamp
from ioreview.ledger.note import Signer
from ioreview.storage import write_transaction
from ioreview.storage.tables import checkpoint, leaf, log_state, node

#: Steps of an append at which tests inject faults (reference/ledger.md R7).
STEPS = ("leaf", "node", "sign", "checkpoint", "commit", "publish")

AppendHook = Callable[[Connection, Sequence[Event]], None]
T = TypeVar("T")


@dataclass(frozen=True)
class StoredCheckpoint:
    size: int
    root: bytes
    note: str
    signed_at: str


class DatabaseHashes:
    """Perfect-subtree hashes read from the ``leaf`` and ``node`` tables (a ``HashSource``).

    ``prefetch`` reads many positions in two queries; a proof needs about 2·log2(n) of them,
    and one query per position cost far more than the lookups themselves.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._known: dict[tuple[int, int], bytes] = {}

    def node(self, level: int, index: int) -> bytes:
        known = self._known.get((level, index))
        if known is not None:
            return known
        if level == 0:
            query = select(leaf.c.leaf_hash).where(leaf.c.idx == index)
        else:
            query = select(node.c.hash).where(node.c.level == level, node.c.idx == index)
        value = self._connection.execute(query).scalar()
        if value is None:
            raise MissingLeaf(index=index << level)
        return bytes(value)

    def prefetch(self, positions: Iterable[tuple[int, int]]) -> None:
        wanted = set(positions) - set(self._known)
        leaves = sorted(index for level, index in wanted if level == 0)
        if leaves:
            rows = self._connection.execute(
                select(leaf.c.idx, leaf.c.leaf_hash).where(leaf.c.idx.in_(leaves))
            )
            self._known.update(((0, int(r.idx)), bytes(r.leaf_hash)) for r in rows)
        nodes = sorted(key for key in wanted if key[0] > 0)
        if nodes:
            # OR of (level, idx) pairs: SQLite plans this as index lookups, while a row-value
            # IN list scans the whole table.
            clause = or_(*(and_(node.c.level == lv, node.c.idx == ix) for lv, ix in nodes))
            rows = self._connection.execute(
                select(node.c.level, node.c.idx, node.c.hash).where(clause)
            )
            self._known.update(((int(r.level), int(r.idx)), bytes(r.hash)) for r in rows)


class _Positions:
    """A ``HashSource`` that only records which positions a computation reads."""

    def __init__(self) -> None:
        self.read: list[tuple[int, int]] = []

    def node(self, level: int, index: int) -> bytes:
        self.read.append((level, index))
        return bytes(merkle.HASH_SIZE)


def computed(connection: Connection, compute: Callable[[merkle.HashSource], T]) -> T:
    """Run ``compute`` over the stored tree, reading every position it needs in one go.

    Proof and root computations read positions that depend only on sizes and indexes, never on
    hash values, so a dry run over placeholder hashes lists them exactly.
    """
    positions = _Positions()
    compute(positions)
    source = DatabaseHashes(connection)
    source.prefetch(positions.read)
    return compute(source)


class Ledger:
    """An append-only log of events in the project database."""

    def __init__(
        self,
        engine: Engine,
        origin: str,
        signer: Signer | None = None,
        *,
        on_append: Sequence[AppendHook] = (),
        publish: Callable[[StoredCheckpoint], None] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.engine = engine
        self.origin = origin
        self.signer = signer
        self.on_append = tuple(on_append)
        self.publish = publish
        self.clock = clock or (lambda: datetime.now(UTC))
        # Tests replace this to fail at one of STEPS.
        self.fault: Callable[[str], None] = lambda step: None

    # --- setup ------------------------------------------------------------------------------

    def create(self) -> bool:
        """Create the log-state row for this origin; False when it already exists."""
        with write_transaction(self.engine) as connection:
            origins = list(connection.execute(select(log_state.c.origin)).scalars())
            if origins == [self.origin]:
                return False
            if origins:
                raise ConfigurationError(
                    f"database holds the log {origins[0]!r}, not {self.origin!r}: "
                    "set IOREVIEW_ORIGIN to the stored origin"
                )
            connection.execute(
                insert(log_state).values(origin=self.origin, size=0, root=merkle.EMPTY_ROOT)
            )
        return True

    def check_origin(self, connection: Connection) -> None:
        stored = connection.execute(select(log_state.c.origin)).scalars().all()
        if stored != [self.origin]:
            raise ConfigurationError(
                f"no log {self.origin!r} in this database (found {stored!r}): run `ioreview init`"
            )

    # --- appends ----------------------------------------------------------------------------

    def append(self, events: Sequence[Event]) -> list[Event]:
        """Append ``events`` in one transaction; return them with ``seq`` and ``recorded_at``."""
        if not events:
            return []
        with write_transaction(self.engine) as connection:
            appended, stored = self.append_in(connection, events)
            self.fault("commit")
        self.published(stored)
        return appended

    def append_in(
        self, connection: Connection, events: Sequence[Event]
    ) -> tuple[list[Event], StoredCheckpoint]:
        """Append inside the caller's write transaction (an import that writes other tables too).

        The caller commits, then hands the checkpoint to ``published``: a checkpoint is never
        published before the commit that it describes.
        """
        if not events:
            raise ValueError("append_in needs at least one event")
        if self.signer is None:
            raise ConfigurationError("no signing key loaded: appends need the log's private key")
        return self._append_locked(connection, events)

    def published(self, stored: StoredCheckpoint) -> None:
        """Publish a committed checkpoint (to the configured ``publish`` hook)."""
        self.fault("publish")
        if self.publish is not None:
            self.publish(stored)

    def _append_locked(
        self, connection: Connection, events: Sequence[Event]
    ) -> tuple[list[Event], StoredCheckpoint]:
        assert self.signer is not None
        state = connection.execute(
            select(log_state.c.size, log_state.c.root)
            .where(log_state.c.origin == self.origin)
            .with_for_update()
        ).one_or_none()
        if state is None:
            raise ConfigurationError(
                f"no log {self.origin!r} in this database: run `ioreview init`"
            )
        size = int(state.size)
        source = DatabaseHashes(connection)
        pieces = merkle.perfect_subtrees(size)
        source.prefetch(pieces)
        frontier = [(level, index, source.node(level, index)) for level, index in pieces]
        recorded_at = self._recorded_at(connection, size)
        appended: list[Event] = []
        leaf_rows: list[dict[str, object]] = []
        node_rows: list[dict[str, object]] = []
        for offset, event in enumerate(events):
            seq = size + offset
            event = event.with_position(seq, recorded_at)
            entry = event.to_entry()
            hashed = merkle.leaf_hash(entry)
            leaf_rows.append({"idx": seq, "entry": entry, "leaf_hash": hashed})
            node_rows.extend(_push(frontier, seq, hashed))
            appended.append(event)
        self.fault("leaf")
        connection.execute(insert(leaf), leaf_rows)
        self.fault("node")
        if node_rows:
            connection.execute(insert(node), node_rows)
        new_size = size + len(events)
        root = merkle.root_from_perfect_subtrees([h for _, _, h in frontier])
        self.fault("sign")
        signed_at = utc_timestamp(self.clock())
        note = signed_checkpoint(Checkpoint(self.origin, new_size, root), self.signer)
        self.fault("checkpoint")
        connection.execute(
            insert(checkpoint).values(size=new_size, root=root, note=note, signed_at=signed_at)
        )
        connection.execute(
            update(log_state)
            .where(log_state.c.origin == self.origin)
            .values(size=new_size, root=root)
        )
        for hook in self.on_append:
            hook(connection, appended)
        return appended, StoredCheckpoint(new_size, root, note, signed_at)

    def _recorded_at(self, connection: Connection, size: int) -> str:
        # Wall clocks do not order events (seq does), but recorded_at never goes backwards.
        now = utc_timestamp(self.clock())
        if size == 0:
            return now
        last = connection.execute(select(leaf.c.entry).where(leaf.c.idx == size - 1)).scalar()
        if last is None:
            raise MissingLeaf(index=size - 1)
        previous = event_from_entry(bytes(last)).recorded_at
        return max(now, previous or now)

    # --- reads ------------------------------------------------------------------------------

    def size(self) -> int:
        with self.engine.connect() as connection:
            value = connection.execute(
                select(log_state.c.size).where(log_state.c.origin == self.origin)
            ).scalar()
        if value is None:
            raise ConfigurationError(
                f"no log {self.origin!r} in this database: run `ioreview init`"
            )
        return int(value)

    def latest_checkpoint(self) -> StoredCheckpoint | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(checkpoint).order_by(checkpoint.c.size.desc()).limit(1)
            ).one_or_none()
        return None if row is None else _stored(row)

    def checkpoints(self) -> list[StoredCheckpoint]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(checkpoint).order_by(checkpoint.c.size)).all()
        return [_stored(row) for row in rows]

    def checkpoint_known_on(self, moment: str) -> StoredCheckpoint | None:
        """The last checkpoint signed at or before ``moment`` (ISO 8601, UTC)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(checkpoint)
                .where(checkpoint.c.signed_at <= moment)
                .order_by(checkpoint.c.size.desc())
                .limit(1)
            ).one_or_none()
        return None if row is None else _stored(row)

    def entry(self, seq: int) -> bytes:
        with self.engine.connect() as connection:
            value = connection.execute(select(leaf.c.entry).where(leaf.c.idx == seq)).scalar()
        if value is None:
            raise NotFound(f"no ledger entry with seq {seq!r} (log size {self.size()})")
        return bytes(value)

    def entries(self, start: int = 0, end: int | None = None) -> list[bytes]:
        """Stored entry bytes of seqs [start, end), in one query."""
        with self.engine.connect() as connection:
            query = select(leaf.c.entry).where(leaf.c.idx >= start).order_by(leaf.c.idx)
            if end is not None:
                query = query.where(leaf.c.idx < end)
            return [bytes(entry) for entry in connection.execute(query).scalars()]

    def events(self, size: int | None = None, batch: int = 5000) -> Iterator[Event]:
        """Events in seq order, up to ``size`` (default: the whole log), read in batches."""
        limit = self.size() if size is None else size
        for start in range(0, limit, batch):
            chunk = self.entries(start, min(limit, start + batch))
            yield from (event_from_entry(entry) for entry in chunk)

    def root(self, size: int | None = None) -> bytes:
        with self.engine.connect() as connection:
            tree_size = self._bounded_size(connection, size)
            pieces = merkle.perfect_subtrees(tree_size)
            return computed(
                connection,
                lambda src: merkle.root_from_perfect_subtrees([src.node(*p) for p in pieces]),
            )

    def inclusion_proof(self, seq: int, size: int | None = None) -> tuple[int, list[bytes]]:
        """(tree size, proof) for the entry ``seq`` in the tree of ``size`` (default latest)."""
        with self.engine.connect() as connection:
            tree_size = self._bounded_size(connection, size)
            if not 0 <= seq < tree_size:
                raise InvalidProofRequest(
                    f"seq {seq!r} is outside a tree of size {tree_size!r}: expected 0 <= seq < size"
                )
            proof = computed(connection, lambda src: merkle.inclusion_proof(src, seq, tree_size))
            return tree_size, proof

    def consistency_proof(self, old: int, new: int) -> list[bytes]:
        with self.engine.connect() as connection:
            self._bounded_size(connection, new)
            if not 0 < old <= new:
                raise InvalidProofRequest(f"sizes {old!r} -> {new!r}: expected 0 < old <= new")
            return computed(connection, lambda src: merkle.consistency_proof(src, old, new))

    def _bounded_size(self, connection: Connection, size: int | None) -> int:
        current = connection.execute(
            select(func.coalesce(func.max(log_state.c.size), 0))
        ).scalar_one()
        if size is None:
            return int(current)
        if not 0 <= size <= int(current):
            raise InvalidProofRequest(
                f"tree size {size!r} is outside the log: expected 0..{int(current)}"
            )
        return size


def _push(
    frontier: list[tuple[int, int, bytes]], seq: int, hashed: bytes
) -> list[dict[str, object]]:
    """Add leaf ``seq`` to the frontier; return the node rows it completes."""
    frontier.append((0, seq, hashed))
    completed: list[dict[str, object]] = []
    while len(frontier) >= 2 and frontier[-1][0] == frontier[-2][0]:
        level, _, right = frontier.pop()
        _, left_index, left = frontier.pop()
        parent = (level + 1, left_index >> 1, merkle.node_hash(left, right))
        frontier.append(parent)
        completed.append({"level": parent[0], "idx": parent[1], "hash": parent[2]})
    return completed


def _stored(row: object) -> StoredCheckpoint:
    mapping = row._mapping  # type: ignore[attr-defined]
    return StoredCheckpoint(
        int(mapping["size"]),
        bytes(mapping["root"]),
        str(mapping["note"]),
        str(mapping["signed_at"]),
    )
