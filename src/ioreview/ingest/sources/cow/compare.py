"""Cells on which the IGO-year file and the state-year file disagree.

The files agree on a cell when they hold the same code, and also in the two cases where they
say the same thing in different ways: no IGO-year row and state-year -1 ("IGO not in
existence"); an empty IGO-year cell (or -1, the codebook's "state not a system member") and no
state-year row. Every other difference is one ``Disagreement``.

A disagreement is tabled (stored in ``cow_disagreement``) unless the files differ only on
whether the state is a system member while neither codes a membership: an IGO-year 0 or -9
on a state-year the state-year file lacks (53,635 cells in the bundled files). Those are
counted per code, with a few examples, and reported as warnings, not stored one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ioreview.ingest.sources.cow.codes import EMPTY, MINUS_ONE, MISSING, NONE, IgoYear, StateYear
from ioreview.ingest.sources.cow.links import Links

NO_ROW = -128
STATUS_CODES = (0, 1, 2, 3, -9)
EXAMPLES = 3


@dataclass(frozen=True)
class Disagreement:
    ccode: int
    actor: str
    ionum: int
    body: str
    year: int
    igo_year_value: int | None
    state_year_value: int | None
    kind: str
    #: Where to look: (file name, line, column) in the IGO-year file, else the state-year file.
    where: tuple[str, int, str]

    def row(self) -> dict[str, object]:
        return {
            "ccode": self.ccode, "actor": self.actor, "ionum": self.ionum, "body": self.body,
            "year": self.year, "igo_year_value": self.igo_year_value,
            "state_year_value": self.state_year_value, "kind": self.kind,
        }  # fmt: skip


@dataclass
class Untabled:
    """Cells outside the state system in one file, coded ``code`` (0 or -9) in the other."""

    code: int
    count: int = 0
    examples: list[Disagreement] = field(default_factory=list)


@dataclass
class Comparison:
    tabled: list[Disagreement]  # sorted by (ccode, ionum, year)
    untabled: list[Untabled]

    @property
    def total(self) -> int:
        return len(self.tabled) + sum(group.count for group in self.untabled)


def disagreements(igo: IgoYear, states: StateYear, links: Links) -> Comparison:
    """Every disagreeing cell: tabled ones one by one, the others counted."""
    ionums = sorted(set(igo.ionum.tolist()))
    igo_index = {n: i for i, n in enumerate(ionums)}
    number_of = {name.lower(): n for n, name in links.ioname_of.items()}
    state_index = {name: k for k, name in enumerate(igo.states)}
    igo_columns = np.asarray([igo_index[number_of[c]] for c in states.igos], dtype=np.int64)
    # Read as the codebook says: -1 in the IGO-year file is "state not a system member".
    igo_codes = np.where(igo.codes == MINUS_ONE, EMPTY, igo.codes).astype(np.int8)
    igo_rows_of = _rows_by_year(igo.year.tolist())
    state_rows_of = _rows_by_year(states.year.tolist())
    shape = (len(igo.states), len(ionums))
    tabled: list[Disagreement] = []
    untabled = {code: Untabled(code) for code in (NONE, MISSING)}
    for year in sorted(set(igo_rows_of) | set(state_rows_of)):
        left = np.full(shape, NO_ROW, dtype=np.int8)
        rows = igo_rows_of.get(year, [])
        if rows:
            left[:, [igo_index[int(igo.ionum[r])] for r in rows]] = igo_codes[rows].T
        right = np.full(shape, NO_ROW, dtype=np.int8)
        for r in state_rows_of.get(year, []):
            right[state_index[states.state[r]], igo_columns] = states.codes[r]
        differ = (left != right) & ~((left == NO_ROW) & (right == MINUS_ONE))
        differ &= ~((left == EMPTY) & (right == NO_ROW))
        outside = differ & (right == NO_ROW)
        for group in untabled.values():
            mask = outside & (left == group.code)
            group.count += int(mask.sum())
            for k, i in list(zip(*np.nonzero(mask), strict=True))[: EXAMPLES - len(group.examples)]:
                group.examples.append(_one(igo, states, links, year, int(k), ionums[i],
                                           group.code, NO_ROW))  # fmt: skip
        for k, i in zip(*np.nonzero(differ & ~outside), strict=True):
            tabled.append(
                _one(igo, states, links, year, int(k), ionums[i], int(left[k, i]),
                     int(right[k, i]))
            )  # fmt: skip
    tabled.sort(key=lambda d: (d.ccode, d.ionum, d.year))
    return Comparison(tabled, [group for group in untabled.values() if group.count])


def _one(
    igo: IgoYear, states: StateYear, links: Links, year: int, k: int, ionum: int,
    left: int, right: int,
) -> Disagreement:  # fmt: skip
    if left in STATUS_CODES and right in STATUS_CODES:
        kind = "code"
    elif left == EMPTY or right == NO_ROW:
        kind = "system membership"
    else:
        kind = "existence"
    row = links.igo_row.get((ionum, year))
    if row is not None:
        where = (igo.name, igo.lines[row], igo.states[k])
        body = links.bodies[row]
    else:
        state_row = links.state_row[(links.ccode[k], year)]
        where = (states.name, states.lines[state_row], links.ioname_of[ionum].lower())
        body = links.body_of[ionum]
    return Disagreement(
        ccode=links.ccode[k], actor=links.actors[k].on(year), ionum=ionum, body=body, year=year,
        igo_year_value=None if left in (NO_ROW, EMPTY) else left,
        state_year_value=None if right == NO_ROW else right, kind=kind, where=where,
    )  # fmt: skip


def _rows_by_year(years: list[int]) -> dict[int, list[int]]:
    rows: dict[int, list[int]] = {}
    for row, year in enumerate(years):
        rows.setdefault(year, []).append(row)
    return rows
