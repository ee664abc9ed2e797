"""Link the COW files to each other and to the registry: state names, ccodes, actors, bodies.

- IGO-year state columns are the state-year file's ``state`` names; each has one ``ccode``.
- A ccode maps to the registry actor with that COW code. COW 345 is shared by Yugoslavia
  (YUG, to 2006-06-03) and Serbia (SRB, from 2006-06-03) in the registry (``actors.yaml``,
  COW statelist2024); a year goes to the actor whose state-system spells cover most of its
  days (outside every spell: the actor with the nearest spell), so 345 is YUG to 2005 and
  SRB from 2006.
- An ionum maps to the registry body whose ``external_ids.cow`` is that ionum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ioreview.ingest.sources.cow.codes import IgoYear, StateYear
from ioreview.ingest.sources.cow.read import Problem
from ioreview.ingest.sources.cow.spells import BoolMatrix
from ioreview.registry import Actor, Body


@dataclass
class ActorChoice:
    """The registry actor of one ccode, fixed or per year."""

    ccode: int
    fixed: str | None
    candidates: tuple[Actor, ...] = ()
    _by_year: dict[int, str] = field(default_factory=dict)

    def on(self, year: int) -> str:
        if self.fixed is not None:
            return self.fixed
        if year not in self._by_year:
            self._by_year[year] = _most_days(self.candidates, year)
        return self._by_year[year]


@dataclass
class Links:
    ccode: list[int]  # per IGO-year state column
    actors: list[ActorChoice]  # per IGO-year state column
    bodies: list[str]  # per IGO-year row
    body_of: dict[int, str]  # ionum -> body id
    ioname_of: dict[int, str]  # ionum -> ioname
    igo_row: dict[tuple[int, int], int]  # (ionum, year) -> IGO-year row
    state_row: dict[tuple[int, int], int]  # (ccode, year) -> state-year row


def link(igo: IgoYear, states: StateYear, actors: Iterable[Actor], bodies: Iterable[Body]) -> Links:
    code_of = _state_codes(states)
    for name in igo.states:
        if name not in code_of:
            raise Problem(
                f"state column {name!r} is not a state of {states.name}: expected one of its "
                "'state' names",
                1, name, file=igo.name,
            )  # fmt: skip
    missing = sorted(set(code_of) - set(igo.states))
    if missing:
        raise Problem(
            f"state {missing[0]!r} of {states.name} has no column here: expected one column "
            "per state",
            1, missing[0], file=igo.name,
        )  # fmt: skip
    _check_igos(igo, states)
    by_code: dict[int, list[Actor]] = {}
    for actor in actors:
        if actor.cow_code is not None:
            by_code.setdefault(actor.cow_code, []).append(actor)
    first_line: dict[int, int] = {}
    for ccode, line in zip(states.ccode.tolist(), states.lines, strict=True):
        first_line.setdefault(ccode, line)
    choices = []
    for name in igo.states:
        ccode = code_of[name]
        found = sorted(by_code.get(ccode, []), key=lambda a: a.id)
        if not found:
            raise Problem(
                f"ccode {ccode!r} ({name}) names no registry actor: expected a COW country code "
                "of the state system list",
                first_line[ccode], "ccode", file=states.name,
            )  # fmt: skip
        fixed = found[0].id if len(found) == 1 else None
        choices.append(ActorChoice(ccode, fixed, tuple(found)))
    body_of = {b.external_ids.cow: b.id for b in bodies if b.external_ids.cow is not None}
    ids = []
    for ionum, line in zip(igo.ionum.tolist(), igo.lines, strict=True):
        if ionum not in body_of:
            raise Problem(
                f"ionum {ionum!r} names no registry body: expected a COW IGO number "
                "(external id cow)",
                line, "ionum", file=igo.name,
            )  # fmt: skip
        ids.append(body_of[ionum])
    pairs = zip(igo.ionum.tolist(), igo.year.tolist(), strict=True)
    igo_row = {pair: r for r, pair in enumerate(pairs)}
    state_pairs = zip(states.ccode.tolist(), states.year.tolist(), strict=True)
    state_row = {pair: r for r, pair in enumerate(state_pairs)}
    return Links(
        ccode=[code_of[n] for n in igo.states], actors=choices, bodies=ids,
        body_of={n: body_of[n] for n in set(igo.ionum.tolist())},
        ioname_of=dict(zip(igo.ionum.tolist(), igo.ioname, strict=True)),
        igo_row=igo_row, state_row=state_row,
    )  # fmt: skip


def actor_breaks(igo: IgoYear, links: Links) -> BoolMatrix:
    """``[r, k]``: state k's actor in row r differs from its actor in row r - 1."""
    breaks = np.zeros(igo.codes.shape, dtype=bool)
    years = igo.year.tolist()
    for k, choice in enumerate(links.actors):
        if choice.fixed is not None:
            continue
        names = [choice.on(y) for y in years]
        for r in range(1, len(years)):
            breaks[r, k] = names[r] != names[r - 1]
    return breaks


def _state_codes(states: StateYear) -> dict[str, int]:
    code_of: dict[str, int] = {}
    name_of: dict[int, str] = {}
    seen: dict[tuple[int, int], int] = {}
    rows = zip(states.state, states.ccode.tolist(), states.year.tolist(), states.lines, strict=True)
    for name, ccode, year, line in rows:
        if code_of.setdefault(name, ccode) != ccode:
            raise Problem(
                f"state {name!r} has ccode {ccode} here and {code_of[name]} earlier: expected "
                "one ccode per state name",
                line, "ccode", file=states.name,
            )  # fmt: skip
        if name_of.setdefault(ccode, name) != name:
            raise Problem(
                f"ccode {ccode} is {name!r} here and {name_of[ccode]!r} earlier: expected one "
                "state name per ccode",
                line, "state", file=states.name,
            )  # fmt: skip
        if (ccode, year) in seen:
            raise Problem(
                f"duplicate state-year (ccode {ccode}, year {year}), first at line "
                f"{seen[(ccode, year)]}: expected one row per state and year",
                line, "year", file=states.name,
            )  # fmt: skip
        seen[(ccode, year)] = line
    return code_of


def _check_igos(igo: IgoYear, states: StateYear) -> None:
    name_of: dict[int, str] = {}
    number_of: dict[str, int] = {}
    previous: tuple[int, int, int] | None = None
    rows = zip(igo.ionum.tolist(), igo.year.tolist(), igo.ioname, igo.lines, strict=True)
    for ionum, year, ioname, line in rows:
        if name_of.setdefault(ionum, ioname) != ioname:
            raise Problem(
                f"ionum {ionum} is {ioname!r} here and {name_of[ionum]!r} elsewhere: expected "
                "one ioname per ionum",
                line, "ioname", file=igo.name,
            )  # fmt: skip
        if number_of.setdefault(ioname.lower(), ionum) != ionum:
            raise Problem(
                f"ioname {ioname!r} has ionum {ionum} here and {number_of[ioname.lower()]} "
                "elsewhere: expected one ionum per ioname",
                line, "ionum", file=igo.name,
            )  # fmt: skip
        if previous is not None and previous[:2] == (ionum, year):
            raise Problem(
                f"duplicate IGO-year (ionum {ionum}, year {year}), first at line "
                f"{previous[2]}: expected one row per IGO and year",
                line, "year", file=igo.name,
            )  # fmt: skip
        previous = (ionum, year, line)
    for column in states.igos:
        if column not in number_of:
            raise Problem(
                f"IGO column {column!r} names no IGO of {igo.name}: expected a lower-case "
                "ioname",
                1, column, file=states.name,
            )  # fmt: skip
    absent = sorted(set(number_of) - set(states.igos))
    if absent:
        raise Problem(
            f"IGO {absent[0]!r} of {igo.name} has no column here: expected one column per IGO",
            1, absent[0], file=states.name,
        )  # fmt: skip


def _most_days(candidates: tuple[Actor, ...], year: int) -> str:
    """The candidate covering most days of ``year``; outside every spell, the nearest one."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    ranked = []
    for actor in candidates:
        days, distance = 0, None
        for spell in actor.spells:
            low = max(start, date.fromisoformat(spell.start))
            high = min(end, date.fromisoformat(spell.end))
            days += max(0, (high - low).days)
            gap = abs(year - date.fromisoformat(spell.start).year)
            gap = min(gap, abs(year - date.fromisoformat(spell.end).year))
            distance = gap if distance is None else min(distance, gap)
        ranked.append((-days, distance if distance is not None else 10**6, actor.id))
    return min(ranked)[2]
