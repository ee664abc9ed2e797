"""Engagement status on a valid date as known at a ledger size: the state machine and the fold.

``fold_status`` is the brute-force definition (and the test oracle of ``ledger.projection``).
The status of (actor, body) on valid date ``D`` as known at ledger size ``N``:

1. **Known events** are those with ``seq < N``. An event is **retracted** when a known event
   lists its seq in ``supersedes``, whether or not that superseding event is itself later
   superseded: a retraction is never undone; re-assert the fact with a new event instead.
2. **Applicable events** are the known, unretracted events of the pair whose kind is in
   ``STATUS_KINDS`` and whose valid interval ``[valid_from, valid_to)`` contains ``D``; a null
   bound is open. A transition such as ``joined`` with a null ``valid_to`` therefore applies
   from its date on; with a ``valid_to`` it asserts its effect for that interval only (a
   membership spell), and the status outside it follows from the other events.
3. The applicable events are applied in order of ``(valid_from, seq)`` (a null ``valid_from``
   first) to the state machine below, starting from "no record"; the latest assertion wins.

State machine (status after each kind):

- ``joined``: the payload ``role`` (``member`` when absent; treaties use ``party``).
- ``rejoined``: the payload ``role``, else the last role held in this fold, else ``member``.
- ``status_changed``: the payload ``status``.
- ``withdrawal_notified``: ``withdrawing``, whatever came before (notice implies membership).
- ``withdrawal_effective``, ``left``: ``none``.
- ``withdrawal_directed``: an engaged status (a role or ``suspended``) is kept and the marker
  ``withdrawal_directed`` is added; ``withdrawing`` is kept; otherwise (no record, ``none``,
  ``directed``: the actor is not known to be engaged) the status becomes ``directed``.
- ``funding_ceased``: the status is kept; the marker ``funding_ceased`` is added.

An event that changes the status clears the markers and becomes the answer's ``event_seq``;
``since`` is its ``valid_from``. An event that re-asserts the current status changes neither.
With no record the status is ``none`` and ``since`` and ``event_seq`` are None. ``events``
lists the seqs of the applicable events in the order applied.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ioreview.exc import InvalidData
from ioreview.ledger.events import ROLES, Event

STATUS_KINDS = frozenset(
    {"joined", "rejoined", "status_changed", "withdrawal_directed", "withdrawal_notified"}
    | {"withdrawal_effective", "left", "funding_ceased"}
)
#: Statuses under which a withdrawal directive leaves the status alone and adds a marker.
ENGAGED = ROLES | {"suspended"}
NO_RECORD = "none"


@dataclass(frozen=True)
class Fact:
    """What the state machine reads from one event."""

    seq: int
    kind: str
    valid_from: date | None
    valid_to: date | None
    #: ``role`` of joined/rejoined or ``status`` of status_changed; None otherwise.
    value: str | None = None


@dataclass(frozen=True)
class Resolution:
    status: str
    since: date | None
    event_seq: int | None
    markers: tuple[str, ...]
    events: tuple[int, ...]


@dataclass(frozen=True)
class StatusAnswer:
    actor: str
    body: str
    on: date
    as_known_size: int
    status: str
    since: date | None
    events: tuple[int, ...]
    markers: tuple[str, ...] = ()
    event_seq: int | None = None


@dataclass(frozen=True)
class Segment:
    """A maximal valid-time interval over which the same events apply (one projection row)."""

    valid_from: date | None
    valid_to: date | None
    status: str
    since: date | None
    event_seq: int | None
    markers: tuple[str, ...]
    events: tuple[int, ...]


def fact_value(kind: str, payload: dict[str, Any]) -> str | None:
    key = {"joined": "role", "rejoined": "role", "status_changed": "status"}.get(kind)
    value = payload.get(key) if key else None
    return value if isinstance(value, str) else None


def fact_of(event: Event) -> Fact:
    if event.seq is None:
        raise InvalidData(f"event {event.kind!r} has seq None: expected an appended event")
    return Fact(
        event.seq, event.kind, event.valid_from, event.valid_to,
        fact_value(event.kind, event.payload),
    )  # fmt: skip


def applies(fact: Fact, on: date | None) -> bool:
    """Whether ``fact``'s valid interval contains ``on``; None stands before every date."""
    if on is None:
        return fact.valid_from is None
    starts = fact.valid_from is None or fact.valid_from <= on
    return starts and (fact.valid_to is None or on < fact.valid_to)


def resolve(facts: Iterable[Fact]) -> Resolution:
    """Run the state machine over ``facts`` (all applicable on one date)."""
    ordered = sorted(facts, key=_order)
    status: str | None = None
    since: date | None = None
    cause: int | None = None
    markers: tuple[str, ...] = ()
    role: str | None = None
    for fact in ordered:
        new, marker = _step(status, fact, role)
        if new in ROLES:
            role = new
        if new != status:
            status, since, cause, markers = new, fact.valid_from, fact.seq, ()
        elif marker is not None and marker not in markers:
            markers = (*markers, marker)
    return Resolution(
        status or NO_RECORD, since, cause, markers, tuple(fact.seq for fact in ordered)
    )


def _step(status: str | None, fact: Fact, role: str | None) -> tuple[str | None, str | None]:
    """(next status, marker to add) for one event."""
    kind = fact.kind
    if kind == "joined":
        return fact.value or "member", None
    if kind == "rejoined":
        return fact.value or role or "member", None
    if kind == "status_changed":
        return fact.value or status, None
    if kind == "withdrawal_notified":
        return "withdrawing", None
    if kind in ("withdrawal_effective", "left"):
        return "none", None
    if kind == "withdrawal_directed":
        if status in ENGAGED:
            return status, "withdrawal_directed"
        return (status, None) if status == "withdrawing" else ("directed", None)
    if kind == "funding_ceased":
        return status, "funding_ceased"
    return status, None


def _order(fact: Fact) -> tuple[bool, date, int]:
    return (fact.valid_from is not None, fact.valid_from or date.min, fact.seq)


def known_facts(events: Iterable[Event], actor: str, body: str, as_known_size: int) -> list[Fact]:
    """Facts of the pair's known, unretracted status events at ledger size ``as_known_size``."""
    if as_known_size < 0:
        raise InvalidData(f"as_known_size {as_known_size!r}: expected a ledger size >= 0")
    known = [event for event in events if _seq(event) < as_known_size]
    retracted = {seq for event in known for seq in event.supersedes}
    return [
        fact_of(event)
        for event in known
        if event.actor == actor
        and event.body == body
        and event.kind in STATUS_KINDS
        and event.seq not in retracted
    ]


def fold_status(
    events: Iterable[Event], actor: str, body: str, on: date, as_known_size: int
) -> StatusAnswer:
    """The status of (actor, body) on ``on`` as known at ledger size ``as_known_size``."""
    facts = known_facts(events, actor, body, as_known_size)
    result = resolve(fact for fact in facts if applies(fact, on))
    return answer(actor, body, on, as_known_size, result)


def answer(actor: str, body: str, on: date, size: int, result: Resolution) -> StatusAnswer:
    return StatusAnswer(
        actor, body, on, size, result.status, result.since, result.events,
        result.markers, result.event_seq,
    )  # fmt: skip


def timeline(facts: Collection[Fact]) -> list[Segment]:
    """The valid-time segments of a set of facts; intervals where none applies are left out."""
    bounds = sorted(
        {d for fact in facts for d in (fact.valid_from, fact.valid_to) if d is not None}
    )
    starts: list[date | None] = [None, *bounds]
    ends: list[date | None] = [*bounds, None]
    segments: list[Segment] = []
    for start, end in zip(starts, ends, strict=True):
        active = [fact for fact in facts if applies(fact, start)]
        if active:
            r = resolve(active)
            segments.append(
                Segment(start, end, r.status, r.since, r.event_seq, r.markers, r.events)
            )
    return segments


def _seq(event: Event) -> int:
    if event.seq is None:
        raise InvalidData(f"event {event.kind!r} has seq None: expected an appended event")
    return event.seq
