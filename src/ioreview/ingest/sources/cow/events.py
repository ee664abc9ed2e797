"""Ledger events from spell transitions: observed COW codings, never curated withdrawals.

Year-to-date convention (COW codes one status per state, IGO and calendar year):

- a spell whose first coded year is Y: ``joined`` valid from Y-01-01;
- a status change first coded in year X: ``status_changed`` valid from X-01-01;
- a spell whose last coded year is Z: ``left`` valid from (Z+1)-01-01, with
  ``reason: "coding change"`` (``"actor boundary"`` where COW 345 passes from YUG to SRB);
- a spell still coded in the file's last year (2014) gets no ``left``; its last event carries
  ``open_at_end: true``, so a review can label later status as carried forward.

Every event has ``observed: "cow"``, ``cow_status``, ``ionum`` and ``ccode`` in its payload;
``imputed`` is COW's flag for the row that shows the change (pre-1965 values imputed from
5-year data), null when no row shows it. ``left`` also says what follows (``coded_as``) and
whether COW marks the IGO dead by then (``igo_dead``: the row's ``dead`` flag, or a
``deaddate`` no later than the event's year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ioreview.ingest.sources.cow.codes import ROLES, IgoYear
from ioreview.ingest.sources.cow.links import Links
from ioreview.ingest.sources.cow.spells import OTHER_ACTOR, Transition
from ioreview.ledger.events import Event, Source


@dataclass(frozen=True)
class Keyed:
    key: str
    event: Event


def build_events(
    found: list[Transition], igo: IgoYear, links: Links, uri: str, sha256: str
) -> list[Keyed]:
    """Events in the order of ``found``, keyed ``<ccode>/<ionum>/<year>/<kind>``."""
    out = []
    for item in found:
        r, k = item.row, item.column
        ionum, ccode = int(igo.ionum[r]), links.ccode[k]
        if item.kind == "left":
            # The row that shows what follows, when the IGO has one for the next year.
            shown: int | None = r + 1 if _continues(igo, r) else None
            payload = _left(item, igo, links)
        else:
            shown = r
            payload = _entry(item, links)
        payload.update(ionum=ionum, ccode=ccode)
        payload["imputed"] = None if shown is None else igo.imputed[shown]
        if item.open_at_end:
            payload["open_at_end"] = True
        line = igo.lines[r if shown is None else shown]
        event = Event(
            kind=item.kind, actor=links.actors[k].on(int(igo.year[r])), body=links.bodies[r],
            valid_from=date(item.year, 1, 1), payload=payload,
            source=Source(uri=uri, sha256=sha256, locator=f"{igo.name}:{line}:{igo.states[k]}"),
        )  # fmt: skip
        out.append(Keyed(f"{ccode}/{ionum}/{item.year}/{item.kind}", event))
    return out


def _entry(item: Transition, links: Links) -> dict[str, Any]:
    """Payload of ``joined`` / ``status_changed``: the new role and what came before."""
    role = ROLES[item.code] if item.code is not None else None
    payload: dict[str, Any] = {"observed": "cow"}
    payload["role" if item.kind == "joined" else "status"] = role
    payload.update(cow_status=item.code, previous_cow_status=item.previous)
    if item.kind == "joined":
        payload["previous"] = item.context
        if item.context == OTHER_ACTOR:
            payload["predecessor"] = links.actors[item.column].on(item.year - 1)
    return payload


def _left(item: Transition, igo: IgoYear, links: Links) -> dict[str, Any]:
    """Payload of ``left``: what follows the spell, its last code, whether the IGO died."""
    boundary = item.context == OTHER_ACTOR
    payload: dict[str, Any] = {
        "observed": "cow",
        "reason": "actor boundary" if boundary else "coding change",
        "cow_status": item.code,
        "coded_as": item.context,
        "last_cow_status": item.previous,
        "last_year": item.year - 1,
        "igo_dead": _dead_by(igo, item.row, item.year),
    }
    if boundary:
        payload["successor"] = links.actors[item.column].on(item.year)
    return payload


def _continues(igo: IgoYear, r: int) -> bool:
    """Whether row r + 1 is the same IGO's next year."""
    return (
        r + 1 < len(igo.year)
        and igo.ionum[r + 1] == igo.ionum[r]
        and igo.year[r + 1] == igo.year[r] + 1
    )


def _dead_by(igo: IgoYear, r: int, year: int) -> bool:
    deaddate = igo.deaddate[r]
    return igo.dead[r] or (deaddate is not None and deaddate <= year)
