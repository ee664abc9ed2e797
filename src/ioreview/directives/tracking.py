"""Record implementation steps of a directive item: notified, funding ceased, effective.

``track`` appends one event to the ledger: ``withdrawal_notified`` (``notified``),
``funding_ceased`` (``funding-ceased``) or ``withdrawal_effective`` (``effective``) for the
item's actor and body, dated ``on``, with the payload ``directive`` (left out for
``earlier-exits``), ``stage``, and when given ``agency`` and ``conditions_met``. An effective
event also records the ``rule`` and the computed ``earliest_effective``.

Effective dates are computed, never typed in: ``effective`` is refused when ``on`` precedes the
earliest effective date that the item's rule gives for its recorded notification (the error
names both dates), and when the rule needs a notification that the ledger does not hold. Under a
rule that gives no date (``unknown``, IUCN) the date is recorded and flagged
``unverified-effective``.

Also refused, with the ledger unchanged: an unknown directive or body, a body that is not an
item of the directive, a date before the directive's issue date, and a stage already recorded
for the item (correct it with a ``correction`` event instead). The checks and the append run in
one write transaction, so two concurrent calls cannot both pass the duplicate check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ioreview.directives.records import ledger_events, load_directive
from ioreview.directives.rule_table import load_rules
from ioreview.directives.rules import RuleBook
from ioreview.directives.timeline import (
    MEMBERSHIP_KINDS,
    TRACKING_KINDS,
    TimelineItem,
    item_timeline,
    pair_events,
)
from ioreview.exc import Conflict, InvalidData
from ioreview.ledger.events import Event, Source
from ioreview.project import Project
from ioreview.registry import load_body, load_registry
from ioreview.storage import write_transaction

STAGES = {
    "notified": "withdrawal_notified",
    "funding-ceased": "funding_ceased",
    "effective": "withdrawal_effective",
}


@dataclass(frozen=True)
class TrackResult:
    event: Event
    before: TimelineItem
    after: TimelineItem

    def to_json(self) -> dict[str, Any]:
        return {
            "appended": self.event.seq, "event": self.event.to_json(),
            "status_before": self.before.status, "status": self.after.status,
            "timeline": self.after.to_json(),
        }  # fmt: skip


def track(
    project: Project,
    directive_id: str,
    body_id: str,
    stage: str,
    on: date,
    source: str,
    *,
    agency: str | None = None,
    conditions_met: Sequence[str] = (),
    rules: RuleBook | None = None,
) -> TrackResult:
    """Append the event for ``stage`` of ``body_id`` under ``directive_id`` (see the module
    docstring)."""
    kind = STAGES.get(stage)
    if kind is None:
        raise InvalidData(f"status {stage!r}: expected one of {', '.join(STAGES)}")
    if not source.strip():
        raise InvalidData("source '': expected the URL of the document that records the step")
    stored = None
    with write_transaction(project.engine) as connection:
        body_id = load_body(connection, body_id).id  # NotFound names the closest ids
        directive = load_directive(connection, directive_id)
        item = directive.items_for(body_id)[0]
        if directive.date is not None and on < directive.date:
            raise InvalidData(
                f"date {on.isoformat()} is before directive {directive.id!r} was issued "
                f"({directive.date.isoformat()}): expected a date on or after it"
            )
        book = rules or load_rules(load_registry(connection))
        rule = book.rule(body_id)
        events = pair_events(
            ledger_events(connection, TRACKING_KINDS | MEMBERSHIP_KINDS, bodies={body_id}),
            item,
            directive.id,
        )
        for event in events:
            if event.kind == kind and event.seq is not None:
                raise Conflict(
                    f"{stage!r} is already recorded for {body_id!r} under {directive.id!r} "
                    f"(seq {event.seq}, dated {_iso(event.valid_from)}): supersede it with a "
                    "correction event to change it"
                )
        before = item_timeline(item, rule, events, on)
        payload: dict[str, Any] = {"stage": stage}
        if not directive.pseudo:
            payload["directive"] = directive.id
        if agency:
            payload["agency"] = agency
        if conditions_met:
            payload["conditions_met"] = sorted(set(conditions_met))
        if stage == "effective":
            payload.update(_effective_check(before, rule.needs_notice, on, directive_id))
        event = Event(
            kind=kind, actor=item.actor, body=body_id, valid_from=on, payload=payload,
            source=Source(uri=source.strip()),
        )  # fmt: skip
        appended, stored = project.ledger.append_in(connection, [event])
    project.ledger.published(stored)
    after = item_timeline(item, rule, [*events, appended[0]], on)
    return TrackResult(event=appended[0], before=before, after=after)


def _effective_check(
    item: TimelineItem, needs_notice: bool, on: date, directive_id: str
) -> dict[str, Any]:
    body = item.item.body_id
    if needs_notice and item.notified is None:
        raise InvalidData(
            f"{body!r} has no withdrawal_notified event under {directive_id!r}, and its rule "
            f"({item.rule.kind}: {item.rule.describe()}) runs from the notification: record "
            f"`--status notified` first"
        )
    earliest = item.earliest_effective
    if earliest is not None and on < earliest:
        raise InvalidData(
            f"effective date {on.isoformat()} for {body!r} is earlier than the earliest "
            f"effective date {earliest.isoformat()} that its rule ({item.rule.describe()}) "
            f"gives for the {item.basis} of {_iso(item.notified or item.directed)}"
        )
    extra: dict[str, Any] = {"rule": item.rule.kind, "earliest_effective": _iso(earliest)}
    if earliest is None:
        extra["flags"] = ["unverified-effective"]
    return extra


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
