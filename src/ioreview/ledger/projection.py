"""The rebuildable status projection: bitemporal rows that answer ``fold_status`` by query.

For each (actor, body), and for each ledger size ``N`` at which the pair's known, unretracted
status events change (one of its events arrives, or an event retracts one of them), the
valid-time ``timeline`` of those events is a list of segments. Rows of ``engagement_status``
hold these segments with system-time bounds: a row added when event ``s`` arrives has
``sys_from_seq = s``; when a later event ``t`` changes the pair's timeline so that the row's
segment is gone, the row gets ``sys_to_seq = t``. Rows whose segment survives stay open. So the
rows visible at size ``N`` (``sys_from_seq < N <= coalesce(sys_to_seq, ∞)``) are exactly the
timeline of the events known at ``N``, and the one row whose ``[valid_from, valid_to)``
contains ``D`` carries the fold's answer for ``(D, N)``; no row means no record (``none``).

Both backends run the same Core statements; ``rebuild`` computes rows in memory and inserts
them in bulk; ``apply`` reads the stored rows of the pairs a batch touches once, computes in
memory and writes the changes in bulk. The ledger stays the truth.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, delete, func, insert, or_, select, update

from ioreview.exc import IntegrityError, InvalidData
from ioreview.ledger import canonical
from ioreview.ledger.events import Event
from ioreview.ledger.status import (
    STATUS_KINDS,
    Fact,
    Resolution,
    Segment,
    StatusAnswer,
    answer,
    fact_of,
    fact_value,
    timeline,
)
from ioreview.storage.projection_tables import engagement_status, event_index

Pair = tuple[str, str]


def rebuild(connection: Connection, events: Iterable[Event]) -> int:
    """Replace both projection tables with rows derived from ``events`` (seq 0, 1, …)."""
    connection.execute(delete(engagement_status))
    connection.execute(delete(event_index))
    store = _Memory()
    size = _project(store, events, 0)
    if store.index_rows:
        connection.execute(insert(event_index), list(store.index_rows.values()))
    if store.rows:
        connection.execute(insert(engagement_status), store.rows)
    return size


def apply(connection: Connection, events: Iterable[Event]) -> None:
    """Add ``events``, which continue the ledger where the projection ends.

    The signature fits ``Log.on_append``, so appends can keep the projection current. The
    stored rows of the pairs the batch touches are read once and the new rows are written in
    bulk, so a large batch (an import) costs a few statements, not several per event.
    """
    batch = list(events)
    start = applied_size(connection)
    store = _Batch(connection, batch, start)
    _project(store, batch, start)
    store.write()


def applied_size(connection: Connection) -> int:
    """The ledger size the projection reflects."""
    last = connection.execute(select(func.max(event_index.c.seq))).scalar()
    return 0 if last is None else int(last) + 1


def query_status(
    connection: Connection, actor: str, body: str, on: date, as_known_size: int
) -> StatusAnswer:
    """``fold_status`` answered from ``engagement_status``."""
    if as_known_size < 0:
        raise InvalidData(f"as_known_size {as_known_size!r}: expected a ledger size >= 0")
    t = engagement_status
    rows = connection.execute(
        select(t).where(
            t.c.actor == actor,
            t.c.body == body,
            t.c.sys_from_seq < as_known_size,
            or_(t.c.sys_to_seq.is_(None), t.c.sys_to_seq >= as_known_size),
            or_(t.c.valid_from.is_(None), t.c.valid_from <= on),
            or_(t.c.valid_to.is_(None), t.c.valid_to > on),
        )
    ).all()
    if len(rows) > 1:
        raise IntegrityError(
            f"{len(rows)} engagement_status rows for ({actor!r}, {body!r}) on {on} at size "
            f"{as_known_size}: expected at most one (rebuild the projection)"
        )
    if not rows:
        return answer(actor, body, on, as_known_size, Resolution("none", None, None, (), ()))
    s = _segment(rows[0]._mapping)
    result = Resolution(s.status, s.since, s.event_seq, s.markers, s.events)
    return answer(actor, body, on, as_known_size, result)


class _Store(Protocol):
    def index(self, event: Event) -> None: ...
    def retract(self, seq: int, by: int) -> Pair | None: ...
    def facts(self, pair: Pair) -> list[Fact]: ...
    def open_rows(self, pair: Pair) -> dict[Segment, int]: ...
    def close(self, pair: Pair, segment: Segment, handle: int, seq: int) -> None: ...
    def add(self, pair: Pair, segment: Segment, seq: int) -> None: ...


def _project(store: _Store, events: Iterable[Event], start: int) -> int:
    expected = start
    for event in events:
        if event.seq != expected:
            raise IntegrityError(
                f"event seq {event.seq!r} does not continue the projection: expected {expected}"
            )
        seq, expected = expected, expected + 1
        store.index(event)
        affected: set[Pair] = set()
        if (pair := _status_pair(event.kind, event.actor, event.body)) is not None:
            affected.add(pair)
        for target in event.supersedes:
            if (pair := store.retract(target, seq)) is not None:
                affected.add(pair)
        for pair in sorted(affected):
            current = store.open_rows(pair)
            wanted = timeline(store.facts(pair))
            for segment, handle in current.items():
                if segment not in wanted:
                    store.close(pair, segment, handle, seq)
            for segment in wanted:
                if segment not in current:
                    store.add(pair, segment, seq)
    return expected


class _Memory:
    """Rows built in memory, for ``rebuild``."""

    def __init__(self) -> None:
        self.index_rows: dict[int, dict[str, Any]] = {}
        self.rows: list[dict[str, Any]] = []
        self._pair_of: dict[int, Pair] = {}
        self._facts: defaultdict[Pair, dict[int, Fact]] = defaultdict(dict)
        self._open: defaultdict[Pair, dict[Segment, int]] = defaultdict(dict)

    def index(self, event: Event) -> None:
        row = _index_row(event)
        self.index_rows[row["seq"]] = row
        if (pair := _status_pair(event.kind, event.actor, event.body)) is not None:
            self._pair_of[row["seq"]] = pair
            self._facts[pair][row["seq"]] = fact_of(event)

    def retract(self, seq: int, by: int) -> Pair | None:
        row = self.index_rows.get(seq)
        if row is None:
            raise IntegrityError(f"event {by} supersedes seq {seq!r}, which the projection lacks")
        if row["superseded_by"] is not None:
            return None
        row["superseded_by"] = by
        pair = self._pair_of.get(seq)
        if pair is not None:
            del self._facts[pair][seq]
        return pair

    def facts(self, pair: Pair) -> list[Fact]:
        return list(self._facts[pair].values())

    def open_rows(self, pair: Pair) -> dict[Segment, int]:
        return dict(self._open[pair])

    def close(self, pair: Pair, segment: Segment, handle: int, seq: int) -> None:
        self.rows[handle]["sys_to_seq"] = seq
        del self._open[pair][segment]

    def add(self, pair: Pair, segment: Segment, seq: int) -> None:
        self._open[pair][segment] = len(self.rows)
        self.rows.append(_status_row(pair, segment, seq))


class _Batch:
    """Rows of the pairs one batch touches, read once and written back in bulk, for ``apply``."""

    CHUNK = 500  # ids per IN (...) list

    def __init__(self, connection: Connection, events: list[Event], start: int) -> None:
        self._connection = connection
        self._index_rows: dict[int, dict[str, Any]] = {}
        self._pair_of: dict[int, Pair] = {}
        self._stored: dict[int, Any] = {}  # stored event_index rows named in supersedes
        self._retracted: dict[int, int] = {}  # stored seq -> seq of the event retracting it
        self._facts: defaultdict[Pair, dict[int, Fact]] = defaultdict(dict)
        self._open: defaultdict[Pair, dict[Segment, int]] = defaultdict(dict)
        self._rows: list[dict[str, Any]] = []  # new rows; handle -(i + 1)
        self._closed: dict[int, int] = {}  # stored row id -> sys_to_seq
        self._load(events, start)

    def _load(self, events: list[Event], start: int) -> None:
        pairs = {p for e in events if (p := _status_pair(e.kind, e.actor, e.body)) is not None}
        e, t = event_index, engagement_status
        targets = sorted({seq for event in events for seq in event.supersedes if seq < start})
        for chunk in _chunks(targets, self.CHUNK):
            for row in self._connection.execute(select(e).where(e.c.seq.in_(chunk))):
                self._stored[int(row.seq)] = row
                if (pair := _status_pair(row.kind, row.actor, row.body)) is not None:
                    pairs.add(pair)
        for chunk in _chunks(sorted({actor for actor, _ in pairs}), self.CHUNK):
            facts = select(e.c.seq, e.c.kind, e.c.actor, e.c.body, e.c.valid_from, e.c.valid_to,
                           e.c.payload).where(
                e.c.actor.in_(chunk), e.c.superseded_by.is_(None),
                e.c.kind.in_(sorted(STATUS_KINDS)),
            )  # fmt: skip
            for r in self._connection.execute(facts):
                if (r.actor, r.body) in pairs:
                    value = fact_value(r.kind, json.loads(r.payload))
                    fact = Fact(int(r.seq), r.kind, r.valid_from, r.valid_to, value)
                    self._facts[(r.actor, r.body)][fact.seq] = fact
            rows = select(t).where(t.c.actor.in_(chunk), t.c.sys_to_seq.is_(None))
            for row in self._connection.execute(rows):
                if (row.actor, row.body) in pairs:
                    self._open[(row.actor, row.body)][_segment(row._mapping)] = int(row.id)

    def index(self, event: Event) -> None:
        row = _index_row(event)
        self._index_rows[row["seq"]] = row
        if (pair := _status_pair(event.kind, event.actor, event.body)) is not None:
            self._pair_of[row["seq"]] = pair
            self._facts[pair][row["seq"]] = fact_of(event)

    def retract(self, seq: int, by: int) -> Pair | None:
        if seq in self._index_rows:
            row = self._index_rows[seq]
            if row["superseded_by"] is not None:
                return None
            row["superseded_by"] = by
            pair = self._pair_of.get(seq)
        else:
            stored = self._stored.get(seq)
            if stored is None:
                raise IntegrityError(
                    f"event {by} supersedes seq {seq!r}, which the projection lacks"
                )
            if stored.superseded_by is not None or seq in self._retracted:
                return None
            self._retracted[seq] = by
            pair = _status_pair(stored.kind, stored.actor, stored.body)
        if pair is not None:
            self._facts[pair].pop(seq, None)
        return pair

    def facts(self, pair: Pair) -> list[Fact]:
        return list(self._facts[pair].values())

    def open_rows(self, pair: Pair) -> dict[Segment, int]:
        return dict(self._open[pair])

    def close(self, pair: Pair, segment: Segment, handle: int, seq: int) -> None:
        if handle < 0:
            self._rows[-handle - 1]["sys_to_seq"] = seq
        else:
            self._closed[handle] = seq
        del self._open[pair][segment]

    def add(self, pair: Pair, segment: Segment, seq: int) -> None:
        self._rows.append(_status_row(pair, segment, seq))
        self._open[pair][segment] = -len(self._rows)

    def write(self) -> None:
        """Write the batch's rows: one executemany per table and kind of change."""
        e, t, c = event_index, engagement_status, self._connection
        if self._index_rows:
            c.execute(insert(e), list(self._index_rows.values()))
        if self._retracted:
            retract = update(e).where(e.c.seq == bindparam("target")).values(
                superseded_by=bindparam("by")
            )  # fmt: skip
            c.execute(retract, [{"target": s, "by": b} for s, b in self._retracted.items()])
        if self._closed:
            close = update(t).where(t.c.id == bindparam("row_id")).values(
                sys_to_seq=bindparam("closed_at")
            )  # fmt: skip
            c.execute(close, [{"row_id": i, "closed_at": s} for i, s in self._closed.items()])
        if self._rows:
            c.execute(insert(t), self._rows)


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for offset in range(0, len(items), size):
        yield items[offset : offset + size]


def _status_pair(kind: str, actor: str | None, body: str | None) -> Pair | None:
    if kind in STATUS_KINDS and actor is not None and body is not None:
        return (actor, body)
    return None


def _index_row(event: Event) -> dict[str, Any]:
    if event.seq is None:
        raise InvalidData(f"event {event.kind!r} has seq None: expected an appended event")
    return {
        "seq": event.seq, "kind": event.kind, "actor": event.actor, "body": event.body,
        "valid_from": event.valid_from, "valid_to": event.valid_to,
        "recorded_at": event.recorded_at, "supersedes": _json_list(event.supersedes),
        "superseded_by": None, "payload": canonical.encode(event.payload).decode("utf-8"),
    }  # fmt: skip


def _status_row(pair: Pair, segment: Segment, seq: int) -> dict[str, Any]:
    return {
        "actor": pair[0], "body": pair[1], "status": segment.status,
        "valid_from": segment.valid_from, "valid_to": segment.valid_to,
        "sys_from_seq": seq, "sys_to_seq": None, "event_seq": segment.event_seq,
        "since": segment.since, "markers": _json_list(segment.markers),
        "events": _json_list(segment.events),
    }  # fmt: skip


def _segment(row: Any) -> Segment:
    event_seq = row["event_seq"]
    return Segment(
        row["valid_from"], row["valid_to"], row["status"], row["since"],
        None if event_seq is None else int(event_seq),
        tuple(json.loads(row["markers"])), tuple(json.loads(row["events"])),
    )  # fmt: skip


def _json_list(items: Iterable[object]) -> str:
    values = list(items)
    if all(type(value) is int for value in values):
        # Seq lists (most rows): the same text as json.dumps, without its encoder per call.
        return "[" + ",".join(map(str, values)) + "]"
    return json.dumps(values, separators=(",", ":"))
