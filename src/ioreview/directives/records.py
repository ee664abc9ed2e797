"""Directives as the ledger records them: ids, titles, dates and items.

A directive is a ``directive_issued`` event; its id is the payload ``directive``. Its items are
the unretracted events with the same payload ``directive`` that order something for a body:

- ``withdrawal_directed`` → action ``withdraw``; ``funding_ceased`` → ``cease-funding``;
  ``status_changed`` → ``status:<status>`` (the 2025 Global Tax Deal memorandum: ``status:none``);
- the ``reviews`` and ``other`` entries of the ``directive_issued`` payload (written by
  ``directives.events``) → ``review`` or the ordering words.

Events that ``directive track`` appends carry a payload ``stage`` and are tracking, not items.
Section and item come from the payload (``2(a)``, ``xiv``); the wording from ``wording`` (seed)
or ``text`` (parsed documents). When one id was issued twice, the first event holds it.

**Earlier exits.** ``EARLIER_EXITS`` (``earlier-exits``) is a pseudo-directive: one
``withdraw`` item per (actor, body) with a ``withdrawal_notified`` event that names no
directive (the Paris Agreement, WHO and UNESCO in the seed), ordered by notification date. Its
date is null; an item's directed date is its actor's ``withdrawal_directed`` event without a
directive, if any.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from ioreview.exc import NotFound
from ioreview.ledger.events import Event, event_from_entry
from ioreview.storage.projection_tables import event_index
from ioreview.storage.tables import leaf

EARLIER_EXITS = "earlier-exits"
EARLIER_EXITS_TITLE = "Withdrawals notified without a directive (recorded in the ledger)"
ITEM_KINDS = frozenset({"withdrawal_directed", "funding_ceased", "status_changed"})


@dataclass(frozen=True)
class DirectiveItem:
    """One body a directive orders something for."""

    body_id: str
    action: str
    actor: str
    seq: int
    section: str | None = None
    item: str | None = None
    wording: str | None = None
    locator: str | None = None
    directed: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section, "item": self.item, "body_id": self.body_id,
            "action": self.action,
        }  # fmt: skip

    def detail_json(self) -> dict[str, Any]:
        return {**self.to_json(), "wording": self.wording, "locator": self.locator,
                "actor": self.actor, "seq": self.seq}  # fmt: skip


@dataclass(frozen=True)
class Directive:
    """A directive and its items, in ledger order."""

    id: str
    title: str | None
    date: date | None
    actor: str | None
    source: str | None
    seq: int | None
    items: tuple[DirectiveItem, ...]

    @property
    def pseudo(self) -> bool:
        return self.id == EARLIER_EXITS

    def items_for(self, body_id: str) -> list[DirectiveItem]:
        """The items naming ``body_id``; ``NotFound`` lists how many items there are."""
        found = [item for item in self.items if item.body_id == body_id]
        if not found:
            raise NotFound(
                f"body {body_id!r} is not an item of directive {self.id!r} "
                f"({len(self.items)} items; see `ioreview directive show {self.id}`)"
            )
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title,
            "date": None if self.date is None else self.date.isoformat(),
            "items": [item.to_json() for item in self.items],
        }  # fmt: skip

    def summary_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title,
            "date": None if self.date is None else self.date.isoformat(),
            "actor": self.actor, "items": len(self.items), "source": self.source,
            "pseudo": self.pseudo,
        }  # fmt: skip


def ledger_events(
    connection: Connection,
    kinds: Collection[str],
    *,
    bodies: Collection[str] | None = None,
    mentioning: str | None = None,
) -> list[Event]:
    """Unretracted events of ``kinds`` (for ``bodies``; whose payload text holds
    ``mentioning``), oldest first."""
    query = (
        select(leaf.c.idx, leaf.c.entry)
        .join(event_index, event_index.c.seq == leaf.c.idx)
        .where(event_index.c.kind.in_(sorted(kinds)), event_index.c.superseded_by.is_(None))
    )
    if bodies is not None:
        query = query.where(event_index.c.body.in_(sorted(bodies)))
    if mentioning is not None:
        query = query.where(event_index.c.payload.contains(mentioning, autoescape=True))
    rows = connection.execute(query.order_by(leaf.c.idx)).all()
    return [event_from_entry(bytes(row.entry), seq=int(row.idx)) for row in rows]


def list_directives(connection: Connection) -> list[Directive]:
    """Every directive in the ledger, by date and id, then ``earlier-exits`` if it has items."""
    issued = _first_issued(ledger_events(connection, {"directive_issued"}))
    directives = [_directive(connection, event) for event in issued.values()]
    directives.sort(key=lambda d: (d.date or date.min, d.id))
    exits = earlier_exits(connection)
    return [*directives, exits] if exits.items else directives


def load_directive(connection: Connection, directive_id: str) -> Directive:
    """The directive ``directive_id``; ``NotFound`` lists the known ids."""
    if directive_id == EARLIER_EXITS:
        return earlier_exits(connection)
    mention = json.dumps(directive_id, ensure_ascii=False)
    candidates = ledger_events(connection, {"directive_issued"}, mentioning=mention)
    found = _first_issued(candidates).get(directive_id)
    if found is None:
        known = sorted(_first_issued(ledger_events(connection, {"directive_issued"})))
        raise NotFound(
            f"no directive {directive_id!r} in the ledger: expected one of "
            f"{', '.join([*known, EARLIER_EXITS])}"
        )
    return _directive(connection, found)


def earlier_exits(connection: Connection) -> Directive:
    """The ``earlier-exits`` pseudo-directive (see the module docstring)."""
    events = ledger_events(connection, {"withdrawal_notified", "withdrawal_directed"})
    undirected = [e for e in events if "directive" not in e.payload and e.body and e.actor]
    directed = {
        (e.actor, e.body): e for e in reversed(undirected) if e.kind == "withdrawal_directed"
    }
    first: dict[tuple[str, str], Event] = {}
    for event in undirected:
        if event.kind == "withdrawal_notified" and event.actor and event.body:
            first.setdefault((event.actor, event.body), event)
    items = []
    for (actor, body), notice in sorted(
        first.items(), key=lambda pair: (pair[1].valid_from or date.min, pair[0])
    ):
        order = directed.get((actor, body))
        items.append(
            DirectiveItem(
                body_id=body, action="withdraw", actor=actor,
                seq=(order or notice).seq or 0, locator=(order or notice).source.locator,
                directed=None if order is None else order.valid_from,
            )
        )  # fmt: skip
    return Directive(
        id=EARLIER_EXITS, title=EARLIER_EXITS_TITLE, date=None, actor=None, source=None,
        seq=None, items=tuple(items),
    )  # fmt: skip


def _first_issued(events: Iterable[Event]) -> dict[str, Event]:
    first: dict[str, Event] = {}
    for event in events:
        ident = event.payload.get("directive")
        if isinstance(ident, str):
            first.setdefault(ident, event)
    return first


def _directive(connection: Connection, issued: Event) -> Directive:
    ident = str(issued.payload["directive"])
    mention = f'"directive":{json.dumps(ident, ensure_ascii=False)}'
    events = ledger_events(connection, ITEM_KINDS, mentioning=mention)
    items = [
        _item(event, issued)
        for event in events
        if event.payload.get("directive") == ident and "stage" not in event.payload and event.body
    ]
    for key, action in (("reviews", "review"), ("other", None)):
        for entry in issued.payload.get(key) or []:
            if isinstance(entry, dict) and isinstance(entry.get("body"), str):
                items.append(
                    DirectiveItem(
                        body_id=entry["body"], action=action or str(entry.get("words")),
                        actor=issued.actor or "", seq=issued.seq or 0,
                        section=entry.get("section"), item=entry.get("item"),
                        wording=entry.get("text"), locator=entry.get("locator"),
                        directed=issued.valid_from,
                    )
                )  # fmt: skip
    title = issued.payload.get("title")
    return Directive(
        id=ident, title=title if isinstance(title, str) else None, date=issued.valid_from,
        actor=issued.actor, source=issued.source.uri, seq=issued.seq, items=tuple(items),
    )  # fmt: skip


def _item(event: Event, issued: Event) -> DirectiveItem:
    payload = event.payload
    if event.kind == "withdrawal_directed":
        action = "withdraw"
    elif event.kind == "funding_ceased":
        action = "cease-funding"
    else:
        action = f"status:{payload.get('status')}"
    wording = payload.get("wording", payload.get("text"))
    return DirectiveItem(
        body_id=str(event.body), action=action, actor=event.actor or issued.actor or "",
        seq=event.seq or 0, section=payload.get("section"), item=payload.get("item"),
        wording=wording if isinstance(wording, str) else None, locator=event.source.locator,
        directed=event.valid_from or issued.valid_from,
    )  # fmt: skip
