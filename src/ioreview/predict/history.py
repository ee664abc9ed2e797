"""COW membership history from the ledger as arrays: spells, status segments, how spells end.

Two views of the same events:

- ``published``: COW IGO v3 as published (the ``cow`` importer's events, ``observed: "cow"``),
  including events that a curated correction later superseded, without the restated copies
  that a correction writes. Series that replicate Pevehouse et al. (2020) use this view.
- ``corrected``: the unretracted COW events plus curated corrections (``curated: true``,
  importer ``cow_corrections``). Risk and network models use this view.

Years: COW codes one status per state, IGO and calendar year. A status that starts on a date
holds from that date's year; a spell that ends on 1 January ends before that year, on any
other date after it (a member for part of a year is coded a member that year). A spell still
open in the last COW year (2014) ends there: later years are outside the data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, func, or_, select

from ioreview.exc import NotFound
from ioreview.storage.cow_tables import cow_igo_year
from ioreview.storage.projection_tables import event_index

IntArray = npt.NDArray[np.int64]
KINDS = ("joined", "rejoined", "status_changed", "left")
VIEWS = ("published", "corrected")
ORDER = {"left": 0, "joined": 1, "rejoined": 1, "status_changed": 2}
#: COW status codes of the roles a curated event may name (codebook: 1 full, 2 associate,
#: 3 observer); a party or funder is a full participant.
ROLE_CODES = {"member": 1, "party": 1, "funder": 1, "associate": 2, "observer": 3}
#: How a spell ends (``History.spell_end``).
ENDS = ("exit", "igo_dead", "missing", "system", "boundary", "open", "bounded", "other")
END = {name: n for n, name in enumerate(ENDS)}
NO_COW = "no COW membership history in the ledger: run `ioreview ingest cow` first"


@dataclass(frozen=True)
class History:
    """Spells (consecutive years in one IGO) and status segments (runs of one code)."""

    view: str
    actors: tuple[str, ...]
    bodies: tuple[str, ...]
    ionum: dict[str, int]  # body id -> COW ionum
    first_year: int
    last_year: int
    seg_actor: IntArray
    seg_body: IntArray
    seg_start: IntArray
    seg_stop: IntArray  # exclusive
    seg_code: IntArray
    seg_spell: IntArray
    spell_actor: IntArray
    spell_body: IntArray
    spell_start: IntArray
    spell_stop: IntArray  # exclusive: the first year not coded in the spell
    spell_end: IntArray  # index into ``ENDS``
    spell_last_code: IntArray
    corrections: int  # curated events applied (corrected view) or left aside (published)

    def actor_index(self, actor: str) -> int:
        try:
            return self.actors.index(actor)
        except ValueError:
            raise NotFound(
                f"actor {actor!r} has no COW membership history: expected a state id such as "
                "'USA' or 'CHN'"
            ) from None

    @property
    def years(self) -> IntArray:
        return np.arange(self.first_year, self.last_year + 1, dtype=np.int64)


@dataclass
class _Builder:
    segments: list[tuple[int, int, int, int, int, int]]
    spells: list[tuple[int, int, int, int, int, int]]
    last_year: int


def load_history(connection: Connection, view: str = "published") -> History:
    """The COW membership history of every state in ``view`` (see the module docstring)."""
    if view not in VIEWS:
        raise NotFound(f"history view {view!r}: expected one of {', '.join(VIEWS)}")
    bounds = connection.execute(
        select(func.min(cow_igo_year.c.year), func.max(cow_igo_year.c.year))
    )
    low, high = bounds.one()
    events, curated = _events(connection, view)
    if not events:
        raise NotFound(NO_COW)
    years = [e["year"] for e in events]
    first_year = int(low) if low is not None else min(years)
    last_year = int(high) if high is not None else max(years)
    actors = tuple(sorted({e["actor"] for e in events}))
    bodies = tuple(sorted({e["body"] for e in events}))
    a_index = {a: n for n, a in enumerate(actors)}
    b_index = {b: n for n, b in enumerate(bodies)}
    ionum: dict[str, int] = {}
    pairs: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for event in events:
        if isinstance(event["payload"].get("ionum"), int):
            ionum.setdefault(event["body"], event["payload"]["ionum"])
        pairs.setdefault((a_index[event["actor"]], b_index[event["body"]]), []).append(event)
    builder = _Builder([], [], last_year)
    for (a, b), found in sorted(pairs.items()):
        found.sort(key=lambda e: (e["from"], ORDER[e["kind"]], e["seq"]))
        _walk(builder, a, b, found)
    seg = np.asarray(builder.segments, dtype=np.int64).reshape(-1, 6)
    spl = np.asarray(builder.spells, dtype=np.int64).reshape(-1, 6)
    return History(
        view=view, actors=actors, bodies=bodies, ionum=ionum, first_year=first_year,
        last_year=last_year, seg_actor=seg[:, 0], seg_body=seg[:, 1], seg_start=seg[:, 2],
        seg_stop=seg[:, 3], seg_code=seg[:, 4], seg_spell=seg[:, 5], spell_actor=spl[:, 0],
        spell_body=spl[:, 1], spell_start=spl[:, 2], spell_stop=spl[:, 3], spell_end=spl[:, 4],
        spell_last_code=spl[:, 5], corrections=curated,
    )  # fmt: skip


def _events(connection: Connection, view: str) -> tuple[list[dict[str, Any]], int]:
    """Membership events of ``view``, decoded, and the number of curated corrections."""
    query = select(
        event_index.c.seq, event_index.c.kind, event_index.c.actor, event_index.c.body,
        event_index.c.valid_from, event_index.c.valid_to, event_index.c.superseded_by,
        event_index.c.payload,
    ).where(
        event_index.c.kind.in_(KINDS),
        or_(
            event_index.c.payload.contains('"observed":"cow"', autoescape=True),
            event_index.c.payload.contains('"curated":true', autoescape=True),
        ),
    )  # fmt: skip
    rows = connection.execute(query).all()
    decoded = [(row, json.loads(row.payload)) for row in rows]
    curated_seqs = {int(row.seq) for row, payload in decoded if payload.get("curated") is True}
    out: list[dict[str, Any]] = []
    for row, payload in decoded:
        if row.actor is None or row.body is None or row.valid_from is None:
            continue
        observed = payload.get("observed") == "cow"
        curated = payload.get("curated") is True
        if view == "published":
            retracted = row.superseded_by is not None and int(row.superseded_by) not in curated_seqs
            if not observed or "restates" in payload or retracted:
                continue
        elif row.superseded_by is not None or not (observed or curated):
            continue
        start = _as_date(row.valid_from)
        out.append({
            "seq": int(row.seq), "kind": str(row.kind), "actor": str(row.actor),
            "body": str(row.body), "from": start, "year": start.year,
            "to": None if row.valid_to is None else _as_date(row.valid_to), "payload": payload,
        })  # fmt: skip
    return out, len(curated_seqs)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _walk(builder: _Builder, a: int, b: int, events: list[dict[str, Any]]) -> None:
    """Turn one (state, IGO) pair's ordered events into segments and spells."""
    spell: list[int] | None = None  # [start, code, segment start]
    last = builder.last_year
    for n, event in enumerate(events):
        kind, payload, year = event["kind"], event["payload"], event["year"]
        if kind == "left":
            if spell is not None:
                stop = year if event["from"] == date(year, 1, 1) else year + 1
                _close(builder, a, b, spell, min(stop, last + 1), _end(payload))
                spell = None
            continue
        code = _code(payload)
        if code is None:  # a status that ends membership ("none") acts as a left
            if spell is not None:
                _close(builder, a, b, spell, min(year, last + 1), END["other"])
                spell = None
            continue
        if year > last:
            continue
        if spell is None:
            spell = [year, code, year]
        elif code != spell[1]:
            if year > spell[2]:
                builder.segments.append((a, b, spell[2], year, spell[1], len(builder.spells)))
            spell[1], spell[2] = code, year
        bound = event["to"]
        following = events[n + 1]["from"] if n + 1 < len(events) else None
        if bound is not None and (following is None or following > bound):
            _close(builder, a, b, spell, min(bound.year, last + 1), END["bounded"])
            spell = None
    if spell is not None:
        _close(builder, a, b, spell, last + 1, END["open"])


def _close(builder: _Builder, a: int, b: int, spell: list[int], stop: int, end: int) -> None:
    start, code, segment = spell
    if stop <= start:
        return
    number = len(builder.spells)
    if stop > segment:
        builder.segments.append((a, b, segment, stop, code, number))
    builder.spells.append((a, b, start, stop, end, code))


def _code(payload: dict[str, Any]) -> int | None:
    status = payload.get("cow_status")
    if isinstance(status, int) and status in (1, 2, 3):
        return status
    role = payload.get("role", payload.get("status"))
    return ROLE_CODES.get(role) if isinstance(role, str) else None


def _end(payload: dict[str, Any]) -> int:
    if payload.get("curated") is True:
        return END["exit"]
    if payload.get("reason") == "actor boundary" or payload.get("coded_as") == "other actor":
        return END["boundary"]
    if payload.get("igo_dead") is True or payload.get("coded_as") == "no IGO-year row":
        return END["igo_dead"]
    coded_as = payload.get("coded_as")
    if coded_as == "missing data":
        return END["missing"]
    if coded_as == "not a system member":
        return END["system"]
    if coded_as == "no membership":
        return END["exit"]
    return END["other"]
