"""Ledger events from spell transitions: observed COW codings, never curated withdrawals.

Year-to-date convention. COW codes one status per state, IGO and calendar year; the bundled
files are annual from 1816 (pre-1965 values partly imputed from 5-year data, flagged by
``imputed``; igoR's "5 year intervals" note does not describe these files). So:

- a spell whose first coded year is Y: ``joined`` valid from Y-01-01;
- a status change first coded in year X: ``status_changed`` valid from X-01-01;
- a spell whose last coded year is Z: ``left`` valid from (Z+1)-01-01;
- a spell still coded in the file's last year (2014) gets no ``left``: its last event carries
  ``open_at_end: true``, so a review can label any later status as carried forward.

Payload (every event): ``observed: "cow"``; ``cow_status`` (joined / status_changed: the new
code 1, 2 or 3; left: the code that follows, 0 or -9, or null when no code follows: an empty
cell or no IGO-year row); ``ionum``; ``ccode``; ``imputed`` (COW's flag for the row that shows
the change; null when no row shows it).

- ``joined``: ``role`` (member / associate / observer for 1 / 2 / 3); ``previous``: what the
  year before shows ("no membership", "missing data", "not a system member", "no IGO-year
  row" after a gap, "first IGO-year row", or "other actor" with ``predecessor``);
  ``previous_cow_status`` only for -1, which ``previous`` does not tell from an empty cell.
- ``status_changed``: ``status`` (the new role) and ``previous_cow_status``.
- ``left``: ``reason: "coding change"`` (``"actor boundary"`` with ``successor`` where COW 345
  passes from YUG to SRB), ``coded_as`` (what follows, the vocabulary of ``previous``),
  ``last_cow_status`` (the spell's last code) and ``igo_dead``: whether COW marks the IGO dead
  by the event's year (the row's ``dead`` flag, or a ``deaddate`` no later than Z+1).

The source locator names the file, line and state column of the row that shows the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ioreview.ingest.sources.cow.codes import MINUS_ONE, ROLES, IgoYear
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
    payload["cow_status"] = item.code
    if item.kind == "joined":
        # The code before is implied by ``previous`` except -1 versus an empty cell.
        payload["previous"] = item.context
        if item.previous == MINUS_ONE:
            payload["previous_cow_status"] = MINUS_ONE
        if item.context == OTHER_ACTOR:
            payload["predecessor"] = links.actors[item.column].on(item.year - 1)
    else:
        payload["previous_cow_status"] = item.previous
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
