"""Membership spells from the IGO-year codes: where each (state, IGO) run of 1/2/3 starts,
changes status and ends.

A spell is a maximal run of consecutive IGO-year rows of one IGO in which the state is coded
1, 2 or 3 and the registry actor stays the same. It ends before a row coded 0, -9, -1 or
empty, before a gap in the IGO's rows, at the IGO's last row, or where the actor changes
(COW 345: Yugoslavia, then Serbia). A spell that reaches the file's last year stays open.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ioreview.ingest.sources.cow.codes import EMPTY, MINUS_ONE, MISSING, NONE, IgoYear

BoolMatrix = npt.NDArray[np.bool_]

#: What precedes a spell's start or follows its end (payload ``previous`` / ``coded_as``).
CODE_MEANING = {
    NONE: "no membership",
    MISSING: "missing data",
    MINUS_ONE: "not a system member",
    EMPTY: "not a system member",
}
NO_ROW = "no IGO-year row"
FIRST_ROW = "first IGO-year row"
OTHER_ACTOR = "other actor"
KIND_ORDER = {"left": 0, "joined": 1, "status_changed": 2}


@dataclass
class Transition:
    """One change of a (state column, IGO) membership, at the start of ``year``."""

    kind: str  # joined | status_changed | left
    column: int  # state column index in ``IgoYear.states``
    row: int  # the row coded that year (joined, status_changed) or the last coded row (left)
    year: int  # the event's year: valid_from is 1 January of it
    code: int | None  # new code; for ``left`` the code that follows (None: no code)
    previous: int | None  # code before; for ``left`` the spell's last code
    context: str  # what precedes (joined) or follows (left), see CODE_MEANING
    open_at_end: bool = False


def transitions(
    igo: IgoYear, actor_breaks: BoolMatrix, last_year: int, ccodes: list[int]
) -> list[Transition]:
    """Every transition, sorted by (ccode of the state column, ionum, year, kind)."""
    codes = igo.codes
    rows = len(igo.year)
    member = (codes >= 1) & (codes <= 3)
    same = np.zeros(rows, dtype=bool)
    same[1:] = (igo.ionum[1:] == igo.ionum[:-1]) & (igo.year[1:] == igo.year[:-1] + 1)
    # cont[r, k]: row r continues row r - 1 for state k (same IGO, next year, same actor).
    cont = same[:, None] & ~actor_breaks
    before = np.zeros_like(member)
    before[1:] = member[:-1]
    before &= cont
    after = np.zeros_like(member)
    after[:-1] = member[1:] & cont[1:]
    earlier = np.full_like(codes, EMPTY)
    earlier[1:] = codes[:-1]
    found: list[Transition] = []
    for row, column in zip(*np.nonzero(member & ~before), strict=True):
        found.append(_start(igo, same, cont, int(row), int(column)))
    for row, column in zip(*np.nonzero(member & before & (codes != earlier)), strict=True):
        r, k = int(row), int(column)
        found.append(
            Transition(
                "status_changed",
                k,
                r,
                int(igo.year[r]),
                int(codes[r, k]),
                int(codes[r - 1, k]),
                "coded",
            )  # fmt: skip
        )
    ends: list[tuple[int, int]] = []
    for row, column in zip(*np.nonzero(member & ~after), strict=True):
        r, k = int(row), int(column)
        if int(igo.year[r]) >= last_year:
            ends.append((k, r))
        else:
            found.append(_end(igo, same, cont, r, k))
    found.sort(
        key=lambda t: (
            ccodes[t.column],
            t.column,
            int(igo.ionum[t.row]),
            t.year,
            KIND_ORDER[t.kind],
        )
    )
    _mark_open(found, ends, igo)
    return found


def _start(
    igo: IgoYear, same: npt.NDArray[np.bool_], cont: BoolMatrix, r: int, k: int
) -> Transition:
    previous: int | None = None
    if same[r]:  # the IGO has a row for the year before
        code = int(igo.codes[r - 1, k])
        if not cont[r, k] and _member(code):
            context = OTHER_ACTOR  # the same coding under the previous actor (COW 345)
        else:
            context = CODE_MEANING[code]
            previous = None if code == EMPTY else code
    elif r == 0 or igo.ionum[r - 1] != igo.ionum[r]:
        context = FIRST_ROW
    else:
        context = NO_ROW
    return Transition("joined", k, r, int(igo.year[r]), int(igo.codes[r, k]), previous, context)


def _end(igo: IgoYear, same: npt.NDArray[np.bool_], cont: BoolMatrix, r: int, k: int) -> Transition:
    following: int | None = None
    if r + 1 < len(igo.year) and same[r + 1]:  # the IGO has a row for the next year
        code = int(igo.codes[r + 1, k])
        if not cont[r + 1, k] and _member(code):
            context = OTHER_ACTOR  # the coding goes on under the next actor (COW 345)
        else:
            context = CODE_MEANING[code]
            following = None if code == EMPTY else code
    else:
        context = NO_ROW
    last = int(igo.codes[r, k])
    return Transition("left", k, r, int(igo.year[r]) + 1, following, last, context)


def _member(code: int) -> bool:
    return 1 <= code <= 3


def _mark_open(found: list[Transition], ends: list[tuple[int, int]], igo: IgoYear) -> None:
    """Flag the last joined/status_changed of each spell that is still open in the last year."""
    if not ends:
        return
    latest: dict[tuple[int, int], int] = {}
    for position, item in enumerate(found):
        if item.kind != "left":
            latest[(item.column, int(igo.ionum[item.row]))] = position
    for column, row in ends:
        found[latest[(column, int(igo.ionum[row]))]].open_at_end = True
