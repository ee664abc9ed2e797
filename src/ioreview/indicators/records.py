"""Ledger events as indicators read them, and the membership-spell rules they share.

``EventRecord`` is an appended event reduced to what indicators need, with its source URI for
evidence links. ``cow_carried`` implements the carry-forward rule for Correlates of War
membership spells: COW IGO v3 ends in 2014, so a spell still open in the last COW year counts as
open later unless a later event ends it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ioreview.ledger.events import ROLES

#: Last year that COW IGO v3 covers (Pevehouse et al. 2020: 1816–2014).
COW_LAST_YEAR = 2014
COW_END = date(COW_LAST_YEAR, 12, 31)
#: Statuses under which a body is engaged: a role, suspended, notice given, or a directive.
ENGAGED_STATUSES = frozenset(ROLES | {"suspended", "withdrawing", "directed"})
#: Money indicators and the portfolio read the three calendar years before the as-of year.
WINDOW_YEARS = 3
#: Kinds that end a spell.
EXIT_KINDS = frozenset({"left", "withdrawal_effective"})


@dataclass(frozen=True)
class EventRecord:
    """One known, unretracted ledger event."""

    seq: int
    kind: str
    actor: str | None
    body: str | None
    valid_from: date | None
    valid_to: date | None
    payload: Mapping[str, Any]
    uri: str | None = None
    locator: str | None = None


def is_cow(payload: Mapping[str, Any]) -> bool:
    """Whether an event was observed in the Correlates of War data (importer convention)."""
    return payload.get("observed") == "cow"


def _ends_spell(record: EventRecord) -> bool:
    if record.kind in EXIT_KINDS:
        return True
    return record.kind == "status_changed" and record.payload.get("status") == "none"


def cow_carried(records: Iterable[EventRecord], on: date) -> EventRecord | None:
    """The COW ``joined`` event whose spell is carried forward to ``on``, if any.

    A spell is carried when a COW ``joined`` event starts on or before ``on``, its valid time
    reaches the end of the COW data (``valid_to`` open or after ``COW_END``), and no event that
    ends a spell (``left``, ``withdrawal_effective``, ``status_changed`` to ``none``) starts
    after the join and on or before ``on``.
    """
    ordered = sorted(records, key=lambda r: (r.valid_from or date.min, r.seq))
    carried: EventRecord | None = None
    for record in ordered:
        start = record.valid_from or date.min
        if start > on:
            break
        if record.kind == "joined" and is_cow(record.payload):
            reaches_end = record.valid_to is None or record.valid_to > COW_END
            carried = record if reaches_end else None
        elif carried is not None and _ends_spell(record):
            carried = None
    return carried
