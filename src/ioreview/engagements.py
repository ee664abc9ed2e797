"""Engagement status and history: library calls behind ``ioreview status`` and ``history``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from ioreview.ledger import projection
from ioreview.ledger.events import Event, event_from_entry
from ioreview.ledger.log import StoredCheckpoint
from ioreview.project import Project
from ioreview.registry import load_actor, load_body
from ioreview.storage.projection_tables import event_index
from ioreview.storage.tables import leaf


@dataclass(frozen=True)
class StatusResult:
    actor: str
    body: str
    on: date
    as_known: date | None
    status: str
    since: date | None
    events: tuple[int, ...]
    markers: tuple[str, ...]
    ledger_size: int
    checkpoint: StoredCheckpoint | None

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "body": self.body,
            "on": self.on.isoformat(),
            "as_known": None if self.as_known is None else self.as_known.isoformat(),
            "status": self.status,
            "since": None if self.since is None else self.since.isoformat(),
            "events": list(self.events),
            "markers": list(self.markers),
            "ledger_size": self.ledger_size,
            "checkpoint": None if self.checkpoint is None else self.checkpoint.note,
        }


def resolve_pair(project: Project, actor: str, body: str) -> tuple[str, str]:
    """Canonical actor and body ids; unknown ones raise ``NotFound`` with candidates."""
    with project.engine.connect() as connection:
        return load_actor(connection, actor).id, load_body(connection, body).id


def status(
    project: Project, actor: str, body: str, on: date, as_known: date | None = None
) -> StatusResult:
    """Status of (actor, body) on valid date ``on``, as the ledger knew it on ``as_known``.

    "As known on R" is the ledger prefix covered by the last checkpoint signed on or before the
    end of day R (UTC); without ``as_known``, the whole ledger.
    """
    actor_id, body_id = resolve_pair(project, actor, body)
    if as_known is None:
        checkpoint = project.ledger.latest_checkpoint()
    else:
        checkpoint = project.ledger.checkpoint_known_on(f"{as_known.isoformat()}T23:59:59.999999Z")
    size = 0 if checkpoint is None else checkpoint.size
    with project.engine.connect() as connection:
        answer = projection.query_status(connection, actor_id, body_id, on, size)
    return StatusResult(
        actor=actor_id, body=body_id, on=on, as_known=as_known, status=answer.status,
        since=answer.since, events=answer.events, markers=answer.markers, ledger_size=size,
        checkpoint=checkpoint,
    )  # fmt: skip


@dataclass(frozen=True)
class HistoryEntry:
    event: Event
    superseded_by: int | None

    def to_json(self) -> dict[str, Any]:
        document = self.event.to_json()
        document["superseded_by"] = self.superseded_by
        return document


def history(project: Project, actor: str, body: str | None = None) -> list[HistoryEntry]:
    """Events of ``actor`` (and ``body``) by valid date (undated first), then ledger order."""
    with project.engine.connect() as connection:
        actor_id = load_actor(connection, actor).id
        query = (
            select(leaf.c.idx, leaf.c.entry, event_index.c.superseded_by)
            .join(event_index, event_index.c.seq == leaf.c.idx)
            .where(event_index.c.actor == actor_id)
        )
        if body is not None:
            query = query.where(event_index.c.body == load_body(connection, body).id)
        rows = connection.execute(
            query.order_by(event_index.c.valid_from.nulls_first(), leaf.c.idx)
        ).all()
    return [
        HistoryEntry(
            event=event_from_entry(bytes(row.entry), seq=int(row.idx)),
            superseded_by=None if row.superseded_by is None else int(row.superseded_by),
        )
        for row in rows
    ]


def describe(entry: HistoryEntry) -> str:
    """One line for a terminal: seq, date, kind, body, payload summary, source."""
    event = entry.event
    when = event.valid_from.isoformat() if event.valid_from else "          "
    payload = json.dumps(event.payload, ensure_ascii=False, sort_keys=True)
    if len(payload) > 80:
        payload = payload[:77] + "..."
    mark = f" [superseded by {entry.superseded_by}]" if entry.superseded_by is not None else ""
    locator = f" ({event.source.locator})" if event.source.locator else ""
    return (
        f"{event.seq:>6} {when} {event.kind:<20} {event.body or '-':<20} {payload}{mark}\n"
        f"       source: {event.source.uri}{locator}"
    )
