"""Readers for the memorandum sources: ``bodies.csv``, the memorandum text and its crosswalk.

Files (under ``data/sources/``):

- ``memorandum-2026/bodies.csv`` — 72 researched bodies with per-field source URLs;
- ``memorandum-2026/memorandum.txt`` — plain text of the 7 Jan 2026 memorandum;
- ``us-withdrawal-directives-2025-2026/memorandum_2026-01-07_bodies.csv`` — Sec. 2 parsed and
  cross-walked to COW, the UN entity list and CEB finance codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ioreview.exc import InvalidData
from ioreview.registry.csvread import read_csv

BODIES_COLUMNS = (
    "memo_section",
    "memo_item",
    "memo_name",
    "name",
    "acronym",
    "kind",
    "parent",
    "founded",
    "hq_city",
    "hq_country",
    "members",
    "website",
    "instrument",
    "withdrawal_clause",
    "us_role",
    "us_funding_usd",
    "us_funding_year",
    "sources",
)
#: bodies.csv columns that carry a sourced value (the others locate the row or hold sources).
BODIES_VALUE_COLUMNS = BODIES_COLUMNS[2:-1]

CROSSWALK_COLUMNS = (
    "section",
    "item",
    "seq",
    "group",
    "name",
    "cow_ionum",
    "cow_ioname",
    "cow_orgname",
    "cow_match",
    "un_entity",
    "un_entity_long",
    "un_entity_match",
    "ceb_finance_entity",
    "ceb_finance_entity_raw2024",
)
COW_MATCHES = ("exact_name", "name_variant", "candidate_verify")
UN_MATCHES = ("exact_long_name", "name_variant")

_URL_RE = re.compile(r"https?://\S+")
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def roman(number: int) -> str:
    """Lower-case roman numeral of ``number`` (1 → "i", 35 → "xxxv")."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


@dataclass(frozen=True)
class SourceRef:
    """A source URL and the note that followed it, if any."""

    url: str
    note: str | None


@dataclass(frozen=True)
class MemoSeed:
    """One row of ``bodies.csv``: non-empty values and their sources."""

    line: int
    section: str
    item: str | None
    values: dict[str, str]
    sources: dict[str, tuple[SourceRef, ...]]

    @property
    def memo_name(self) -> str:
        return self.values["memo_name"]


@dataclass(frozen=True)
class MemoItem:
    """One item of Sec. 2 of the memorandum, as printed (line breaks joined)."""

    section: str
    item: str
    name: str


@dataclass(frozen=True)
class CrosswalkRow:
    """One row of ``memorandum_2026-01-07_bodies.csv``."""

    line: int
    section: str
    item: str
    seq: int
    name: str
    cow_ionum: int | None
    cow_ioname: str | None
    cow_orgname: str | None
    cow_match: str | None
    un_entity: str | None
    un_entity_long: str | None
    un_entity_match: str | None
    ceb: str | None
    ceb_raw2024: str | None


def read_bodies(path: Path) -> list[MemoSeed]:
    """Read ``bodies.csv``; each non-empty value must have at least one source URL."""
    seeds = []
    for row in read_csv(path, BODIES_COLUMNS):
        section = row.pop_choice("memo_section", ("a", "b", "fact-sheet", "other"))
        item = row.pop_optional("memo_item")
        if (section in ("a", "b")) != (item is not None):
            raise row.error(f"memo_item {item!r} does not fit memo_section {section!r}")
        values: dict[str, str] = {}
        for column in BODIES_VALUE_COLUMNS:
            value = row.pop_optional(column)
            if value is not None:
                values[column] = value
        sources = _parse_sources(row.pop("sources"), row.where)
        row.done()
        for column, value in values.items():
            if column not in sources:
                raise row.error(f"{column}={value!r} has no source")
        for column in sources:
            if column not in values:
                raise row.error(f"source given for empty column {column!r}")
        if "name" not in values or "memo_name" not in values or "kind" not in values:
            raise row.error("name, memo_name and kind are required")
        if "us_funding_usd" in values and not values["us_funding_usd"].isdigit():
            raise row.error(f"us_funding_usd={values['us_funding_usd']!r} is not an integer")
        seeds.append(MemoSeed(row.line, section, item, values, sources))
    return seeds


def _parse_sources(cell: str, where: str) -> dict[str, tuple[SourceRef, ...]]:
    found: dict[str, list[SourceRef]] = {}
    for part in cell.split(" | "):
        column, separator, rest = part.partition("=")
        if separator == "" or column not in BODIES_VALUE_COLUMNS:
            raise InvalidData(f"{where}: source entry {part!r}: expected FIELD=URL")
        url, _, note = rest.partition(" ")
        if _URL_RE.fullmatch(url) is None:
            raise InvalidData(f"{where}: source entry {part!r}: {url!r} is not a URL")
        note = note.strip()
        if note != "" and not (note.startswith("(") and note.endswith(")")):
            raise InvalidData(f"{where}: source entry {part!r}: unexpected text after the URL")
        found.setdefault(column, []).append(SourceRef(url, note[1:-1] if note else None))
    return {column: tuple(refs) for column, refs in found.items()}


def read_crosswalk(path: Path) -> list[CrosswalkRow]:
    """Read the memorandum crosswalk (66 rows, Sec. 2 order)."""
    rows = []
    for row in read_csv(path, CROSSWALK_COLUMNS):
        section = row.pop_choice("section", ("2(a)", "2(b)"))
        item = row.pop_required("item")
        seq = row.pop_int("seq")
        group = row.pop_choice("group", ("non_un", "un"))
        if (group == "un") != (section == "2(b)"):
            raise row.error(f"group {group!r} does not fit section {section!r}")
        if item != roman(seq):
            raise row.error(f"item {item!r} does not match seq {seq}")
        ionum = row.pop_optional_int("cow_ionum")
        ioname, orgname = row.pop_optional("cow_ioname"), row.pop_optional("cow_orgname")
        cow_match = row.pop_optional("cow_match")
        if cow_match is not None and cow_match not in COW_MATCHES:
            raise row.error(f"cow_match {cow_match!r}: expected one of {COW_MATCHES}")
        if (ionum is None) != (cow_match is None) or (ionum is None) != (ioname is None):
            raise row.error("cow_ionum, cow_ioname and cow_match must be filled together")
        un_entity, un_long = row.pop_optional("un_entity"), row.pop_optional("un_entity_long")
        un_match = row.pop_optional("un_entity_match")
        if un_match is not None and un_match not in UN_MATCHES:
            raise row.error(f"un_entity_match {un_match!r}: expected one of {UN_MATCHES}")
        if (un_entity is None) != (un_match is None) or (un_entity is None) != (un_long is None):
            raise row.error("un_entity, un_entity_long and un_entity_match must be filled together")
        ceb, ceb_raw = (
            row.pop_optional("ceb_finance_entity"),
            row.pop_optional("ceb_finance_entity_raw2024"),
        )
        if (ceb is None) != (ceb_raw is None):
            raise row.error("ceb_finance_entity and ceb_finance_entity_raw2024 go together")
        rows.append(
            CrosswalkRow(
                row.line,
                section,
                item,
                seq,
                row.pop_required("name"),
                ionum,
                ioname,
                orgname,
                cow_match,
                un_entity,
                un_long,
                un_match,
                ceb,
                ceb_raw,
            )
        )
        row.done()
    return rows


_HEADINGS = {
    "Non-United Nations Organizations": "2(a)",
    "United Nations (UN) Organizations": "2(b)",
}
_HEADING_RE = re.compile(
    r"\(([ab])\) +(Non-United Nations Organizations|United Nations \(UN\) Organizations):$"
)
_ITEM_RE = re.compile(r"\(([ivxlc]+)\) +(\S.*)$")


def read_memorandum_items(path: Path) -> list[MemoItem]:
    """Parse Sec. 2 of ``memorandum.txt`` into its items.

    Non-breaking spaces become spaces and runs of spaces one space; an item continued on the
    next line is joined with a space; the list punctuation (";", "; and", final ".") is dropped.
    """
    text = path.read_text(encoding="utf-8").replace("\xa0", " ")
    start, end = text.find("Sec. 2."), text.find("Sec. 3.")
    if start < 0 or end < start:
        raise InvalidData(f"{path.name}: no 'Sec. 2.' … 'Sec. 3.' in the text")
    items: list[MemoItem] = []
    section: str | None = None
    for raw in text[start:end].splitlines():
        line = re.sub(r" +", " ", raw).strip()
        if line == "":
            continue
        heading = _HEADING_RE.search(line)
        item = _ITEM_RE.fullmatch(line)
        if heading is not None:
            section = _HEADINGS[heading.group(2)]
            if section[2] != heading.group(1):
                raise InvalidData(f"{path.name}: heading {line!r} out of order")
        elif item is not None and section is not None:
            items.append(MemoItem(section, item.group(1), item.group(2)))
        elif items and section is not None:
            last = items[-1]
            items[-1] = MemoItem(last.section, last.item, f"{last.name} {line}")
        else:
            raise InvalidData(f"{path.name}: unexpected line in Sec. 2: {line!r}")
    cleaned = []
    for found in items:
        name = re.sub(r"(; and|;|\.)$", "", found.name).strip()
        cleaned.append(MemoItem(found.section, found.item, name))
    for section_name in ("2(a)", "2(b)"):
        numbers = [m.item for m in cleaned if m.section == section_name]
        if numbers != [roman(n) for n in range(1, len(numbers) + 1)]:
            raise InvalidData(f"{path.name}: items of {section_name} are not i, ii, …: {numbers}")
    return cleaned
