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
them in bulk, ``apply`` updates the tables event by event. The ledger stays the truth.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Connection, delete, func, insert, or_, select, update

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

    The signature fits ``Log.on_append``, so appends can keep the projection current.
    """
    _project(_Database(connection), events, applied_size(connection))


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


class _Database:
    """Rows read and written through a connection, for ``apply``."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def index(self, event: Event) -> None:
        self._connection.execute(insert(event_index).values(**_index_row(event)))

    def retract(self, seq: int, by: int) -> Pair | None:
        e = event_index
        row = self._connection.execute(select(e).where(e.c.seq == seq)).one_or_none()
        if row is None:
            raise IntegrityError(f"event {by} supersedes seq {seq!r}, which the projection lacks")
        if row.superseded_by is not None:
            return None
        self._connection.execute(update(e).where(e.c.seq == seq).values(superseded_by=by))
        return _status_pair(row.kind, row.actor, row.body)

    def facts(self, pair: Pair) -> list[Fact]:
        e = event_index
        rows = self._connection.execute(
            select(e.c.seq, e.c.kind, e.c.valid_from, e.c.valid_to, e.c.payload).where(
                e.c.actor == pair[0],
                e.c.body == pair[1],
                e.c.superseded_by.is_(None),
                e.c.kind.in_(sorted(STATUS_KINDS)),
            )
        )
        return [
            Fact(int(r.seq), r.kind, r.valid_from, r.valid_to,
                 fact_value(r.kind, json.loads(r.payload)))
            for r in rows
        ]  # fmt: skip

    def open_rows(self, pair: Pair) -> dict[Segment, int]:
        t = engagement_status
        rows = self._connection.execute(
            select(t).where(t.c.actor == pair[0], t.c.body == pair[1], t.c.sys_to_seq.is_(None))
        )
        return {_segment(row._mapping): int(row.id) for row in rows}

    def close(self, pair: Pair, segment: Segment, handle: int, seq: int) -> None:
        t = engagement_status
        self._connection.execute(update(t).where(t.c.id == handle).values(sys_to_seq=seq))

    def add(self, pair: Pair, segment: Segment, seq: int) -> None:
        self._connection.execute(
            insert(engagement_status).values(**_status_row(pair, segment, seq))
        )


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
    return json.dumps(list(items), separators=(",", ":"))
