"""The evidence one review reads: registry, ledger events, statuses and dataset tables.

An ``EvidenceBase`` is built for one (actor, as-of date, ledger size). Everything it reads is
fixed by those three values, so two reviews over the same base see the same evidence. Reads are
lazy and cached: an indicator that needs member lists triggers one bulk query, not one per body.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, inspect, or_, select

from ioreview.indicators.records import ENGAGED_STATUSES, EventRecord, cow_carried, is_cow
from ioreview.indicators.rules import WithdrawalRule, load_rules
from ioreview.ledger.events import event_from_entry
from ioreview.ledger.status import STATUS_KINDS
from ioreview.registry import Body, Registry, data_root, load_registry
from ioreview.storage.projection_tables import engagement_status, event_index
from ioreview.storage.tables import leaf, log_state


class StatusRow:
    """The actor's status on the as-of date for one body, from the status projection."""

    __slots__ = ("event_seq", "markers", "status")

    def __init__(self, status: str, event_seq: int | None, markers: tuple[str, ...]) -> None:
        self.status = status
        self.event_seq = event_seq
        self.markers = markers


class EvidenceBase:
    """Evidence for ``actor`` on ``as_of`` as recorded in the first ``size`` ledger entries."""

    def __init__(
        self,
        connection: Connection,
        actor: str,
        as_of: date,
        size: int | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self.connection = connection
        self.actor = actor
        self.as_of = as_of
        self.size = _ledger_size(connection) if size is None else size
        self.data_dir = data_root() if data_dir is None else data_dir
        #: Bodies under review; indicators relative to the portfolio (scope overlap) read it.
        self.portfolio: tuple[str, ...] = ()
        self._members: dict[str, dict[str, int]] = {}
        #: Per-review results that indicators compute once (e.g. the actor's vote agreements).
        self.cache: dict[str, Any] = {}

    # --- registry ---------------------------------------------------------------------------

    @cached_property
    def registry(self) -> Registry:
        return load_registry(self.connection)

    def body(self, body_id: str) -> Body:
        return self.registry.body(body_id)

    @cached_property
    def rules(self) -> dict[str, WithdrawalRule]:
        """Withdrawal rules by body id (``withdrawal-rules.csv``)."""
        return load_rules(self.data_dir, self.registry)

    # --- ledger -----------------------------------------------------------------------------

    @cached_property
    def events(self) -> tuple[EventRecord, ...]:
        """The actor's events and every assessment, known at ``size`` and not retracted."""
        e = event_index
        query = (
            select(leaf.c.idx, leaf.c.entry)
            .join(e, e.c.seq == leaf.c.idx)
            .where(
                e.c.seq < self.size,
                or_(e.c.superseded_by.is_(None), e.c.superseded_by >= self.size),
                or_(e.c.actor == self.actor, e.c.kind == "assessment"),
            )
            .order_by(leaf.c.idx)
        )
        records = []
        for row in self.connection.execute(query):
            event = event_from_entry(bytes(row.entry), seq=int(row.idx))
            if event.kind == "assessment" and event.actor not in (None, self.actor):
                continue
            records.append(
                EventRecord(
                    seq=int(row.idx),
                    kind=event.kind,
                    actor=event.actor,
                    body=event.body,
                    valid_from=event.valid_from,
                    valid_to=event.valid_to,
                    payload=event.payload,
                    uri=event.source.uri,
                    locator=event.source.locator,
                )  # fmt: skip
            )
        return tuple(records)

    @cached_property
    def events_by_body(self) -> dict[str, list[EventRecord]]:
        grouped: defaultdict[str, list[EventRecord]] = defaultdict(list)
        for record in self.events:
            if record.body is not None:
                grouped[record.body].append(record)
        return dict(grouped)

    def body_events(self, body_id: str, kind: str | None = None) -> list[EventRecord]:
        found = self.events_by_body.get(body_id, [])
        return found if kind is None else [r for r in found if r.kind == kind]

    def record(self, seq: int) -> EventRecord | None:
        return self._by_seq.get(seq)

    @cached_property
    def _by_seq(self) -> dict[int, EventRecord]:
        return {record.seq: record for record in self.events}

    @cached_property
    def status(self) -> dict[str, StatusRow]:
        """The actor's status on ``as_of`` per body (bodies without a record are absent)."""
        t = engagement_status
        rows = self.connection.execute(
            _visible(
                select(t.c.body, t.c.status, t.c.event_seq, t.c.markers), self.size, self.as_of
            ).where(t.c.actor == self.actor)
        )
        return {
            row.body: StatusRow(
                row.status,
                None if row.event_seq is None else int(row.event_seq),
                tuple(json.loads(row.markers)),
            )
            for row in rows
        }

    def members(self, body_id: str) -> dict[str, int]:
        """Actors engaged with ``body_id`` on ``as_of`` → the seq that shows it.

        Engaged means an engaged status in the projection, or a COW spell carried forward.
        """
        if body_id not in self._members:
            self._load_members([body_id, *self.portfolio])
        return self._members[body_id]

    def _load_members(self, bodies: Iterable[str]) -> None:
        wanted = sorted({b for b in bodies if b not in self._members})
        found: dict[str, dict[str, int]] = {b: {} for b in wanted}
        t = engagement_status
        rows = self.connection.execute(
            _visible(
                select(t.c.actor, t.c.body, t.c.status, t.c.event_seq), self.size, self.as_of
            ).where(t.c.body.in_(wanted))
        )
        for row in rows:
            if row.status in ENGAGED_STATUSES:
                found[row.body][row.actor] = int(row.event_seq or 0)
        e = event_index
        spells = self.connection.execute(
            select(e.c.seq, e.c.kind, e.c.actor, e.c.body, e.c.valid_from, e.c.valid_to,
                   e.c.payload)
            .where(
                e.c.body.in_(wanted), e.c.seq < self.size, e.c.kind.in_(sorted(STATUS_KINDS)),
                or_(e.c.superseded_by.is_(None), e.c.superseded_by >= self.size),
                e.c.payload.like('%"observed":"cow"%') | e.c.kind.in_(["left", "status_changed",
                                                                     "withdrawal_effective"]),
            )
        )  # fmt: skip
        pairs: defaultdict[tuple[str, str], list[EventRecord]] = defaultdict(list)
        for row in spells:
            pairs[(row.actor, row.body)].append(
                EventRecord(int(row.seq), row.kind, row.actor, row.body, row.valid_from,
                            row.valid_to, json.loads(row.payload))
            )  # fmt: skip
        for (actor, body), records in pairs.items():
            if any(is_cow(r.payload) for r in records) and actor not in found[body]:
                carried = cow_carried(records, self.as_of)
                if carried is not None:
                    found[body][actor] = carried.seq
        self._members.update(found)

    # --- datasets ---------------------------------------------------------------------------

    def has_table(self, name: str) -> bool:
        return bool(inspect(self.connection).has_table(name))

    def table(self, name: str) -> Table:
        from sqlalchemy import MetaData

        return Table(name, MetaData(), autoload_with=self.connection)


def _visible(query: Any, size: int, on: date) -> Any:
    t = engagement_status
    return query.where(
        t.c.sys_from_seq < size,
        or_(t.c.sys_to_seq.is_(None), t.c.sys_to_seq >= size),
        or_(t.c.valid_from.is_(None), t.c.valid_from <= on),
        or_(t.c.valid_to.is_(None), t.c.valid_to > on),
    )


def _ledger_size(connection: Connection) -> int:
    value = connection.execute(select(log_state.c.size)).scalar()
    return 0 if value is None else int(value)
