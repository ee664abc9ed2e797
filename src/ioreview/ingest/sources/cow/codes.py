"""The two COW files as typed arrays, every cell checked against the codebook.

Status codes (COW IGO v3 codebook, section III): 0 no membership, 1 full, 2 associate,
3 observer, -9 missing data, -1 "state not a system member" (IGO-year) or "IGO not in
existence" (state-year). In the bundled IGO-year file -1 never occurs and an empty cell plays
its role (shared/data/README.md, pitfalls); ``EMPTY`` keeps the empty cell distinct so that
each case is handled by name. The state-year file has no empty cells; one is rejected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from ioreview.ingest.sources.cow.read import CsvTable, Problem

EMPTY = -100  # an empty IGO-year cell
FULL, ASSOCIATE, OBSERVER = 1, 2, 3
NONE, MISSING, MINUS_ONE = 0, -9, -1
ROLES = {FULL: "member", ASSOCIATE: "associate", OBSERVER: "observer"}
IGO_YEAR_CODES = {"0": 0, "1": 1, "2": 2, "3": 3, "-9": -9, "-1": -1, "": EMPTY}
STATE_YEAR_CODES = {"0": 0, "1": 1, "2": 2, "3": 3, "-9": -9, "-1": -1}

#: IGO-year columns that are not state columns; the ones read are also required.
IGO_YEAR_READ = (
    "ioname", "year", "ionum", "sdate", "deaddate", "dead", "integrated", "replaced",
    "imputed", "political", "social", "economic",
)  # fmt: skip
IGO_YEAR_OTHER = (
    "orgname", "longorgname", "igocode", "version", "accuracyofpre1965membershipdates",
    "sourcesandnotes",
)  # fmt: skip
STATE_YEAR_READ = ("ccode", "year", "state")

T = TypeVar("T")
Int8Matrix = npt.NDArray[np.int8]
IntArray = npt.NDArray[np.int64]


@dataclass
class IgoYear:
    """IGO-year rows sorted by (ionum, year); ``codes[row, k]`` is state ``states[k]``."""

    name: str
    lines: list[int]
    ionum: IntArray
    year: IntArray
    ioname: list[str]
    sdate: list[int | None]
    deaddate: list[int | None]
    dead: list[bool]
    integrated: list[bool]
    replaced: list[bool]
    imputed: list[bool | None]
    political: list[bool | None]
    social: list[bool | None]
    economic: list[bool | None]
    states: list[str]
    codes: Int8Matrix


@dataclass
class StateYear:
    """State-year rows in file order; ``codes[row, k]`` is IGO ``igos[k]`` (lower-case name)."""

    name: str
    lines: list[int]
    ccode: IntArray
    year: IntArray
    state: list[str]
    igos: list[str]
    codes: Int8Matrix


def parse_igo_year(table: CsvTable) -> IgoYear:
    skip = set(IGO_YEAR_READ) | set(IGO_YEAR_OTHER)
    state_columns = [i for i, name in enumerate(table.header) if name not in skip]
    if not state_columns:
        raise Problem("no state columns: expected one column per state (afghanistan, …)", 1)
    codes = _codes(table, state_columns, IGO_YEAR_CODES, "0, 1, 2, 3, -9, -1 or empty")
    order = np.lexsort((_column(table, "year", _int), _column(table, "ionum", _int)))
    pick = order.tolist()

    def take(name: str, parse: Callable[[str, int, str], T]) -> list[T]:
        values = _column(table, name, parse)
        return [values[i] for i in pick]

    return IgoYear(
        name=table.name,
        lines=[table.lines[i] for i in pick],
        ionum=np.asarray(take("ionum", _int), dtype=np.int64),
        year=np.asarray(take("year", _int), dtype=np.int64),
        ioname=take("ioname", _text),
        sdate=take("sdate", _optional_int),
        deaddate=take("deaddate", _optional_int),
        dead=take("dead", _flag),
        integrated=take("integrated", _flag),
        replaced=take("replaced", _flag),
        imputed=take("imputed", _optional_flag),
        political=take("political", _optional_flag),
        social=take("social", _optional_flag),
        economic=take("economic", _optional_flag),
        states=[table.header[i] for i in state_columns],
        codes=codes[order],
    )


def parse_state_year(table: CsvTable) -> StateYear:
    fixed = set(STATE_YEAR_READ)
    igo_columns = [i for i, name in enumerate(table.header) if name not in fixed]
    if not igo_columns:
        raise Problem("no IGO columns: expected one column per IGO (aaaid, …)", 1)
    codes = _codes(table, igo_columns, STATE_YEAR_CODES, "0, 1, 2, 3, -9 or -1")
    return StateYear(
        name=table.name,
        lines=list(table.lines),
        ccode=np.asarray(_column(table, "ccode", _int), dtype=np.int64),
        year=np.asarray(_column(table, "year", _int), dtype=np.int64),
        state=_column(table, "state", _text),
        igos=[table.header[i] for i in igo_columns],
        codes=codes,
    )


def _codes(table: CsvTable, columns: list[int], codes: dict[str, int], expected: str) -> Int8Matrix:
    pick = itemgetter(*columns)
    allowed = set(codes)
    lookup = codes.__getitem__
    values: list[list[int]] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        cells = pick(row) if len(columns) > 1 else (row[columns[0]],)
        # A set difference per row keeps the check in C; the loop below runs only on failure.
        if not allowed.issuperset(cells):
            for index, cell in zip(columns, cells, strict=True):
                if cell not in allowed:
                    raise Problem(
                        f"status {cell!r}: expected one of {expected}", line, table.header[index]
                    )
        values.append(list(map(lookup, cells)))
    if not values:
        return np.zeros((0, len(columns)), dtype=np.int8)
    return np.asarray(values, dtype=np.int8)


def _column(table: CsvTable, name: str, parse: Callable[[str, int, str], T]) -> list[T]:
    index = table.index(name)
    return [
        parse(row[index], line, name) for row, line in zip(table.rows, table.lines, strict=True)
    ]


def _int(value: str, line: int, column: str) -> int:
    text = value.strip()
    if not (text.isdigit() or (text.startswith("-") and text[1:].isdigit())):
        raise Problem(f"{column} {value!r}: expected a whole number such as 1990", line, column)
    return int(text)


def _optional_int(value: str, line: int, column: str) -> int | None:
    return None if value == "" else _int(value, line, column)


def _flag(value: str, line: int, column: str) -> bool:
    if value not in ("0", "1"):
        raise Problem(f"{column} {value!r}: expected 0 or 1", line, column)
    return value == "1"


def _optional_flag(value: str, line: int, column: str) -> bool | None:
    if value == "":
        return None
    if value not in ("0", "1"):
        raise Problem(f"{column} {value!r}: expected 0, 1 or empty", line, column)
    return value == "1"


def _text(value: str, line: int, column: str) -> str:
    if not value.strip():
        raise Problem(f"{column} is empty: expected a name", line, column)
    return value
