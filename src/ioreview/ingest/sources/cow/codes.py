"""The two COW files as typed arrays, every cell checked against the codebook.

Status codes (COW IGO v3 codebook, section III): 0 no membership, 1 full, 2 associate,
3 observer, -9 missing data, -1 "state not a system member" (IGO-year) or "IGO not in
existence" (state-year). In the bundled IGO-year file -1 never occurs and an empty cell plays
its role (shared/data/README.md, pitfalls); ``EMPTY`` keeps the empty cell distinct so that
each case is handled by name. The state-year file has no empty cells; one is rejected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from ioreview.ingest.sources.cow.read import CsvTable, Problem, check_header, decode, empty_file

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

#: One ASCII letter per code for bulk conversion, and the table back from byte to code.
_LETTERS = {0: "0", 1: "1", 2: "2", 3: "3", -9: "9", -1: "8", EMPTY: "e"}
_LOOKUP = np.zeros(256, dtype=np.int8)
for _code, _letter in _LETTERS.items():
    _LOOKUP[ord(_letter)] = _code
#: A state-year line after ``ccode,year,state``: codes 0-3, -9 or -1, comma-separated.
_STATE_ROW = re.compile(r"(?:-[19]|[0-3])(?:,(?:-[19]|[0-3]))*")

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


def parse_state_year(path: Path) -> StateYear:
    """Read the state-year file line by line: ``ccode,year,state`` then one code per IGO.

    The file is plain numbers and names; its 8 million code cells are checked with one
    regular expression per line and converted in bulk instead of one Python object each.
    """
    lines = decode(path).split("\n")
    header = lines[0].rstrip("\r").split(",")
    if not any(cell.strip() for cell in header):
        raise empty_file(STATE_YEAR_READ)
    check_header(header, STATE_YEAR_READ)
    if header[:3] != list(STATE_YEAR_READ):
        raise Problem(
            f"the header starts {','.join(header[:3])!r}: expected 'ccode,year,state' first, "
            "as in COW v3.0b",
            1, header[0],
        )  # fmt: skip
    igos = header[3:]
    if not igos:
        raise Problem("no IGO columns: expected one column per IGO (aaaid, …)", 1)
    numbers, names, cells = [], [], []
    for number, text in enumerate(lines[1:], start=2):
        text = text.rstrip("\r")
        if not text:
            continue
        parts = text.split(",", 3)
        if len(parts) < 4 or not _STATE_ROW.fullmatch(parts[3]) or _width(parts[3]) != len(igos):
            _locate(parts, header, number)
        numbers.append((number, parts[0], parts[1]))
        names.append(parts[2])
        cells.append(parts[3])
    lines_of = [n for n, _, _ in numbers]
    codes = _bulk(",".join(cells), len(cells), len(igos))
    return StateYear(
        name=path.name,
        lines=lines_of,
        ccode=np.asarray([_int(c, n, "ccode") for n, c, _ in numbers], dtype=np.int64),
        year=np.asarray([_int(y, n, "year") for n, _, y in numbers], dtype=np.int64),
        state=[_text(v, n, "state") for v, n in zip(names, lines_of, strict=True)],
        igos=igos,
        codes=codes,
    )


def _width(cells: str) -> int:
    return cells.count(",") + 1


def _locate(parts: list[str], header: list[str], line: int) -> None:
    """Raise the ``Problem`` of a state-year line that failed the fast check."""
    cells = parts[:3] + (parts[3].split(",") if len(parts) == 4 else [])
    for index, cell in enumerate(cells[3 : len(header)], start=3):
        if cell not in STATE_YEAR_CODES:
            raise Problem(
                f"status {cell!r}: expected one of 0, 1, 2, 3, -9 or -1", line, header[index]
            )
    column = header[min(len(cells), len(header)) - 1]
    raise Problem(
        f"{len(cells)} fields, expected {len(header)} (one per header column)", line, column
    )


def _bulk(joined: str, rows: int, width: int) -> Int8Matrix:
    """Codes from comma-joined tokens that passed ``_STATE_ROW``: one byte per code."""
    if rows == 0:
        return np.zeros((0, width), dtype=np.int8)
    compact = joined.replace("-9", "9").replace("-1", "8").replace(",", "")
    data = np.frombuffer(compact.encode("ascii"), dtype=np.uint8)
    return _LOOKUP[data].reshape(rows, width)


def _codes(table: CsvTable, columns: list[int], codes: dict[str, int], expected: str) -> Int8Matrix:
    """The code cells of ``columns`` as an int8 matrix; an unknown cell is a ``Problem``."""
    pick = itemgetter(*columns)
    letter = {cell: _LETTERS[code] for cell, code in codes.items()}.__getitem__
    chunks: list[str] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        cells = pick(row) if len(columns) > 1 else (row[columns[0]],)
        try:
            # One letter per cell, joined in C: the matrix is built from bytes, not objects.
            chunks.append("".join(map(letter, cells)))
        except KeyError:
            for index, cell in zip(columns, cells, strict=True):
                if cell not in codes:
                    raise Problem(
                        f"status {cell!r}: expected one of {expected}", line, table.header[index]
                    ) from None
    if not chunks:
        return np.zeros((0, len(columns)), dtype=np.int8)
    data = np.frombuffer("".join(chunks).encode("ascii"), dtype=np.uint8)
    return _LOOKUP[data].reshape(len(chunks), len(columns))


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
