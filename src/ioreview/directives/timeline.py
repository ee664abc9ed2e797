"""Per-item timelines of a directive: rule, notification, earliest effective date, status, flags.

For each item (actor, body) the tracking events are the unretracted ``withdrawal_notified``,
``funding_ceased`` and ``withdrawal_effective`` events of the pair whose payload names this
directive or no directive (for ``earlier-exits``: no directive), plus ``joined``/``rejoined``
for minimum membership periods. Events dated after the as-of date are not yet in effect, except
that a recorded effective date is always shown (``effective``; UNESCO's 31 Dec 2026).

- **status**: ``effective`` (a ``withdrawal_effective`` on or before the as-of date), else
  ``funding-ceased``, else ``notified``, else ``directed``.
- **earliest_effective**: the rule applied to the notification date (``basis``
  ``notification``); before a notification, to the as-of date (``if-notified-on-as-of``: the
  earliest date if notice were given that day). ``cessation`` runs from the directive date
  (``directive-date``; for an item without one, its first notification or funding-ceased
  date, else the as-of date: ``as-of``). A rule that gives no date
  (``unknown``; IUCN's conditional rule) gives null (``basis`` ``none``): never a guess. A
  minimum membership period moves the notice to the first day notice is allowed.
- **flags** (in this order):
  ``overdue`` (still ``directed`` more than ``overdue_days`` after the directed date;
  ``DEFAULT_OVERDUE_DAYS`` = 90 is a review threshold of this tool, not a legal deadline: the
  2026 memorandum sets none beyond "as soon as possible"), ``blocked`` (a condition such as
  ``dues`` that no tracking event records as met in ``conditions_met``), ``legal-review``,
  ``default-rule``, ``minimum-period`` (notice falls before notice is allowed),
  ``minimum-period-unchecked`` (the period counts from membership and the ledger has no
  ``joined``/``rejoined`` date), ``instrument-expires`` (the instrument ends before the
  earliest effective date), ``effective-before-earliest`` (a recorded effective date precedes
  the computed one), ``unverified-effective`` (an effective date recorded under a rule that
  gives none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection

from ioreview.directives import dates
from ioreview.directives.records import EARLIER_EXITS, Directive, DirectiveItem, ledger_events
from ioreview.directives.rules import NoticeRule, RuleBook
from ioreview.ledger.events import Event

DEFAULT_OVERDUE_DAYS = 90
STATUSES = ("directed", "notified", "funding-ceased", "effective")
TRACKING_KINDS = frozenset({"withdrawal_notified", "funding_ceased", "withdrawal_effective"})
MEMBERSHIP_KINDS = frozenset({"joined", "rejoined"})
FLAGS = (
    "overdue", "blocked", "legal-review", "default-rule", "minimum-period",
    "minimum-period-unchecked", "instrument-expires", "effective-before-earliest",
    "unverified-effective",
)  # fmt: skip
#: Actions whose items get a timeline; other items (reviews …) are listed as skipped.
TIMED_ACTIONS = ("withdraw", "cease-funding")


@dataclass(frozen=True)
class TimelineItem:
    item: DirectiveItem
    rule: NoticeRule
    status: str
    directed: date | None
    notified: date | None
    funding_ceased: date | None
    effective: date | None
    earliest_effective: date | None
    basis: str
    agency: str | None
    conditions: tuple[str, ...]
    flags: tuple[str, ...]
    events: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.item.to_json(), "actor": self.item.actor, "rule": self.rule.kind,
            "rule_description": self.rule.describe(), "rule_source": self.rule.source_json(),
            "directed": _iso(self.directed), "notified": _iso(self.notified),
            "funding_ceased": _iso(self.funding_ceased), "effective": _iso(self.effective),
            "earliest_effective": _iso(self.earliest_effective), "basis": self.basis,
            "status": self.status, "agency": self.agency, "conditions": list(self.conditions),
            "flags": list(self.flags), "events": list(self.events),
        }  # fmt: skip


@dataclass(frozen=True)
class Timeline:
    directive: Directive
    as_of: date
    overdue_days: int
    items: tuple[TimelineItem, ...]
    skipped: tuple[DirectiveItem, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "directive": self.directive.id, "title": self.directive.title,
            "date": _iso(self.directive.date), "as_of": self.as_of.isoformat(),
            "overdue_days": self.overdue_days, "items": [i.to_json() for i in self.items],
            "skipped": [i.to_json() for i in self.skipped], "counts": self.counts(),
        }  # fmt: skip

    def counts(self) -> dict[str, dict[str, int]]:
        """Items per rule kind, status and flag."""
        out: dict[str, dict[str, int]] = {"rule": {}, "status": {}, "flag": {}}
        for item in self.items:
            out["rule"][item.rule.kind] = out["rule"].get(item.rule.kind, 0) + 1
            out["status"][item.status] = out["status"].get(item.status, 0) + 1
            for flag in item.flags:
                out["flag"][flag] = out["flag"].get(flag, 0) + 1
        return {key: dict(sorted(value.items())) for key, value in out.items()}


def directive_timeline(
    connection: Connection,
    directive: Directive,
    rules: RuleBook,
    as_of: date,
    overdue_days: int = DEFAULT_OVERDUE_DAYS,
) -> Timeline:
    """The timeline of every withdraw / cease-funding item of ``directive`` on ``as_of``."""
    timed = [item for item in directive.items if item.action in TIMED_ACTIONS]
    events = ledger_events(
        connection, TRACKING_KINDS | MEMBERSHIP_KINDS, bodies={i.body_id for i in timed}
    )
    items = tuple(
        item_timeline(
            item, rules.rule(item.body_id), pair_events(events, item, directive.id), as_of,
            overdue_days,
        )
        for item in timed
    )  # fmt: skip
    skipped = tuple(item for item in directive.items if item.action not in TIMED_ACTIONS)
    return Timeline(directive, as_of, overdue_days, items, skipped)


def pair_events(events: Iterable[Event], item: DirectiveItem, directive_id: str) -> list[Event]:
    """The events of ``item``'s (actor, body) that bear on its timeline under this directive."""
    wanted = (None,) if directive_id == EARLIER_EXITS else (None, directive_id)
    return [
        e
        for e in events
        if e.actor == item.actor
        and e.body == item.body_id
        and (e.kind in MEMBERSHIP_KINDS or e.payload.get("directive") in wanted)
    ]


def item_timeline(
    item: DirectiveItem,
    rule: NoticeRule,
    events: Sequence[Event],
    as_of: date,
    overdue_days: int = DEFAULT_OVERDUE_DAYS,
) -> TimelineItem:
    """One item's timeline from its pair's events (see the module docstring); pure."""
    current = [e for e in events if e.valid_from is None or e.valid_from <= as_of]
    notified = _first(current, "withdrawal_notified")
    ceased = _first(current, "funding_ceased")
    effective = _first(events, "withdrawal_effective")
    flags = set(rule.flags)
    earliest, basis = _earliest(rule, item, events, notified, ceased, as_of, flags)
    status = (
        "effective" if effective is not None and effective <= as_of
        else "funding-ceased" if ceased is not None
        else "notified" if notified is not None
        else "directed"
    )  # fmt: skip
    directed = item.directed
    if status == "directed" and directed is not None and (as_of - directed).days > overdue_days:
        flags.add("overdue")
    conditions = tuple(
        dict.fromkeys([*rule.conditions, *(c for e in events for c in _strings(e, "conditions"))])
    )
    met = {c for e in events for c in _strings(e, "conditions_met")}
    if any(c not in met for c in conditions):
        flags.add("blocked")
    if earliest is not None and rule.in_force_until is not None and earliest > rule.in_force_until:
        flags.add("instrument-expires")
    if effective is not None and earliest is not None and effective < earliest:
        flags.add("effective-before-earliest")
    if effective is not None and earliest is None:
        flags.add("unverified-effective")
    tracked = [e for e in events if e.kind in TRACKING_KINDS]
    agency = next((str(e.payload["agency"]) for e in reversed(tracked) if e.payload.get("agency")),
                  None)  # fmt: skip
    return TimelineItem(
        item=item, rule=rule, status=status, directed=directed, notified=notified,
        funding_ceased=ceased, effective=effective, earliest_effective=earliest, basis=basis,
        agency=agency, conditions=conditions, flags=tuple(f for f in FLAGS if f in flags),
        events=tuple(e.seq for e in events if e.seq is not None),
    )  # fmt: skip


def _earliest(
    rule: NoticeRule,
    item: DirectiveItem,
    events: Sequence[Event],
    notified: date | None,
    ceased: date | None,
    as_of: date,
    flags: set[str],
) -> tuple[date | None, str]:
    if rule.kind == "unknown":
        return None, "none"
    if not rule.needs_notice:
        start = item.directed or notified or ceased
        return rule.earliest_effective(start or as_of), "directive-date" if start else "as-of"
    notice, basis = (notified, "notification") if notified else (as_of, "if-notified-on-as-of")
    allowed = _notice_allowed_from(rule, events, notice, flags)
    if allowed is not None and notice < allowed:
        if notified is not None:
            flags.add("minimum-period")
        notice = allowed
    found = rule.earliest_effective(notice)
    return found, basis if found is not None else "none"


def _notice_allowed_from(
    rule: NoticeRule, events: Sequence[Event], notice: date, flags: set[str]
) -> date | None:
    minimum = rule.minimum
    if minimum is None:
        return None
    start = minimum.start
    if start is None:
        joined = [
            e.valid_from
            for e in events
            if e.kind in MEMBERSHIP_KINDS and e.valid_from is not None and e.valid_from <= notice
        ]
        if not joined:
            flags.add("minimum-period-unchecked")
            return None
        start = max(joined)
    return dates.years_after(start, minimum.years)


def _first(events: Iterable[Event], kind: str) -> date | None:
    found = [e.valid_from for e in events if e.kind == kind and e.valid_from is not None]
    return min(found) if found else None


def _strings(event: Event, key: str) -> list[str]:
    value = event.payload.get(key)
    return [str(v) for v in value] if isinstance(value, list) else []


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
