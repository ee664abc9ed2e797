"""Contribution rows from either of two layouts, checked cell by cell.

- the derived long table (``contributions_by_contributor_entity_2013_2024.csv.gz``): one row
  per (year, contributor, entity, contribution type), all contributor categories;
- the official CEB "Revenue by government donor" download (``government_donor_revenue_*.csv``
  as unsceb.org serves it: BOM, CRLF, spaces as thousands separators), government donors only.

The layout is told by the header. Both give the same ``Record``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ioreview.exc import InvalidData
from ioreview.ingest.sources.ceb.amounts import EXPECTED, EXPECTED_GROUPED, exact
from ioreview.ingest.sources.ceb.mapping import GOVERNMENT, RAW_REVENUE_TYPES, REVENUE_TYPES
from ioreview.ingest.tabular import read_lists, read_text

DERIVED = [
    "year", "contributor", "contributor_status", "contributor_category", "is_other", "entity",
    "contribution_type", "amount_usd",
]  # fmt: skip
OFFICIAL = ["government_donor", "entity", "rev_type", "calendar_year", "amount"]
YEARS = range(2000, 2100)

Reject = Callable[[str, int, str], InvalidData]


@dataclass(frozen=True)
class Record:
    line: int
    year: int
    contributor: str
    category: str
    is_other: bool
    entity: str
    revenue_type: str
    revenue_type_source: str
    amount: str


def layout(path: Path) -> str:
    """``"derived"`` or ``"official"``: the layout whose header shares most columns with the file's.

    A header that matches neither exactly is then reported by the reader with the column it
    lacks or does not know.
    """
    first = read_text(path).split("\n", 1)[0].rstrip("\r").split(",")
    derived, official = len(set(first) & set(DERIVED)), len(set(first) & set(OFFICIAL))
    return "official" if official > derived else "derived"


def read_records(path: Path, reject: Reject) -> Iterator[Record]:
    """The file's records; ``reject(message, line, column)`` builds the error for a bad cell."""
    if layout(path) == "derived":
        yield from _derived(path, reject)
    else:
        yield from _official(path, reject)


def _derived(path: Path, reject: Reject) -> Iterator[Record]:
    for line, row in read_lists(path, DERIVED, encoding="utf-8-sig"):
        year_text, contributor, _, category, is_other, entity, kind, amount_text = row
        revenue_type = REVENUE_TYPES.get(kind)
        if revenue_type is None:
            raise reject(
                f"contribution_type {kind!r}, expected one of {sorted(REVENUE_TYPES)}",
                line, "contribution_type",
            )  # fmt: skip
        if is_other not in ("", "True", "False"):
            raise reject(f"is_other {is_other!r}, expected True, False or empty", line, "is_other")
        yield Record(
            line=line,
            year=_year(year_text, line, "year", reject),
            contributor=_required(contributor, line, "contributor", reject),
            category=_required(category, line, "contributor_category", reject),
            is_other=is_other == "True",
            entity=_required(entity, line, "entity", reject),
            revenue_type=revenue_type,
            revenue_type_source=kind,
            amount=_amount(amount_text, line, "amount_usd", reject, grouped=False),
        )


def _official(path: Path, reject: Reject) -> Iterator[Record]:
    for line, row in read_lists(path, OFFICIAL, encoding="utf-8-sig"):
        donor, entity, kind, year_text, amount_text = row
        revenue_type = RAW_REVENUE_TYPES.get(kind)
        if revenue_type is None:
            raise reject(
                f"rev_type {kind!r}, expected one of {sorted(RAW_REVENUE_TYPES)}", line, "rev_type"
            )
        yield Record(
            line=line,
            year=_year(year_text, line, "calendar_year", reject),
            contributor=_required(donor, line, "government_donor", reject),
            category=GOVERNMENT,
            is_other=False,
            entity=_required(entity, line, "entity", reject),
            revenue_type=revenue_type,
            revenue_type_source=kind,
            amount=_amount(amount_text, line, "amount", reject, grouped=True),
        )


def _year(text: str, line: int, column: str, reject: Reject) -> int:
    if not (text.isdigit() and int(text) in YEARS):
        raise reject(f"{column} {text!r}, expected a four-digit year such as 2024", line, column)
    return int(text)


def _required(text: str, line: int, column: str, reject: Reject) -> str:
    if not text.strip():
        raise reject(f"{column} is empty, expected a value", line, column)
    return text


def _amount(text: str, line: int, column: str, reject: Reject, *, grouped: bool) -> str:
    value = exact(text, grouped=grouped)
    if value is None:
        expected = EXPECTED_GROUPED if grouped else EXPECTED
        raise reject(f"{column} {text!r}, expected {expected}", line, column)
    return value
