"""Readers for the bulk datasets: the UN entity list, COW IGOs, the COW state list, countrycode.

Files (under ``data/sources/``):

- ``un-system-entities/un_system_entities.csv`` (open.unfck.org entity list);
- ``cow-igo-v3/igo_list_derived.csv`` (one row per COW IGO, v3.0);
- ``cow-state-system/statelist2024.csv`` (COW state system membership, v2024);
- ``country-code-crosswalk/countrycode_codelist_subset.csv`` (R countrycode, GPL-3), used only
  for COW → ISO 3166 codes of actors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ioreview.registry.csvread import CsvRow, read_csv

UN_COLUMNS = (
    "entity",
    "entity_long",
    "entity_description",
    "entity_link",
    "entity_link_is_un_org",
    "system_grouping",
    "category",
    "un_principal_organ",
    "un_pillar",
    "is_ceb_member",
    "foundational_mandate",
    "budget_financial_reporting_link",
    "transparency_portal_link",
    "entity_wikipedia_page",
)

COW_COLUMNS = (
    "ionum",
    "ioname",
    "orgname",
    "longorgname",
    "sdate",
    "deaddate",
    "first_year",
    "last_year",
    "n_rows",
    "political",
    "social",
    "economic",
    "full_members_last_year",
    "associate_members_last_year",
    "observers_last_year",
    "usa_status_last_year",
)
_UN_TYPED = ("entity_link_is_un_org", "is_ceb_member")
#: COW membership codes (codebook III.A): 0 none, 1 full, 2 associate, 3 observer, -9 missing.
COW_STATUS_CODES = (-9, 0, 1, 2, 3)

STATE_COLUMNS = (
    "stateabb",
    "ccode",
    "statenme",
    "styear",
    "stmonth",
    "stday",
    "endyear",
    "endmonth",
    "endday",
    "version",
)

COUNTRYCODE_COLUMNS = (
    "country.name.en",
    "iso.name.en",
    "un.name.en",
    "cow.name",
    "iso2c",
    "iso3c",
    "iso3n",
    "un",
    "cowc",
    "cown",
    "gwc",
    "gwn",
    "vdem",
    "wb",
    "imf",
    "fao",
    "continent",
    "region",
    "region23",
    "un.region.name",
    "un.regionsub.name",
    "eu28",
    "currency",
    "country.name.en.regex",
)
#: countrycode columns the registry does not use (read and set aside, so the header stays checked).
COUNTRYCODE_UNUSED = tuple(
    c for c in COUNTRYCODE_COLUMNS if c not in ("country.name.en", "iso2c", "iso3c", "cowc", "cown")
)


@dataclass(frozen=True)
class UnEntityRow:
    """One row of the UN entity list; empty cells are ``None``."""

    line: int
    entity: str | None
    entity_long: str | None
    entity_description: str | None
    entity_link: str | None
    entity_link_is_un_org: bool
    system_grouping: str | None
    category: str | None
    un_principal_organ: str | None
    un_pillar: str | None
    is_ceb_member: bool | None
    foundational_mandate: str | None
    budget_financial_reporting_link: str | None
    transparency_portal_link: str | None
    entity_wikipedia_page: str | None

    @property
    def label(self) -> str:
        """What names the row in messages: its acronym, else its long name."""
        return self.entity or self.entity_long or f"line {self.line}"


@dataclass(frozen=True)
class CowIgoRow:
    """One COW IGO (``igo_list_derived.csv``)."""

    line: int
    ionum: int
    ioname: str
    orgname: str
    longorgname: str | None
    sdate: int
    deaddate: int | None
    first_year: int
    last_year: int
    n_rows: int
    political: bool
    social: bool
    economic: bool
    full_members_last_year: int
    associate_members_last_year: int
    observers_last_year: int
    usa_status_last_year: int


@dataclass(frozen=True)
class StateSpellRow:
    """One membership spell of the COW state list."""

    line: int
    stateabb: str
    ccode: int
    name: str
    start: dt.date
    end: dt.date
    version: int


@dataclass(frozen=True)
class CountryCodeRow:
    """The countrycode columns the registry uses."""

    line: int
    name: str
    iso2: str | None
    iso3: str | None
    cowc: str | None
    cown: int | None


def read_un_entities(path: Path) -> list[UnEntityRow]:
    rows = []
    for row in read_csv(path, UN_COLUMNS):
        ceb = row.pop_choice("is_ceb_member", ("TRUE", "FALSE", ""))
        flag = row.pop_flag("entity_link_is_un_org")
        text = {c: row.pop_optional(c) for c in UN_COLUMNS if c not in _UN_TYPED}
        rows.append(
            UnEntityRow(
                line=row.line,
                entity_link_is_un_org=flag,
                is_ceb_member=None if ceb == "" else ceb == "TRUE",
                **text,
            )
        )
        if rows[-1].entity is None and rows[-1].entity_long is None:
            raise row.error("row has neither entity nor entity_long")
        row.done()
    return rows


def read_cow_igos(path: Path) -> list[CowIgoRow]:
    rows = []
    for row in read_csv(path, COW_COLUMNS):
        found = CowIgoRow(
            line=row.line,
            ionum=row.pop_int("ionum"),
            ioname=row.pop_required("ioname"),
            orgname=row.pop_required("orgname"),
            longorgname=row.pop_optional("longorgname"),
            sdate=row.pop_int("sdate"),
            deaddate=row.pop_optional_int("deaddate"),
            first_year=row.pop_int("first_year"),
            last_year=row.pop_int("last_year"),
            n_rows=row.pop_int("n_rows"),
            political=row.pop_flag("political"),
            social=row.pop_flag("social"),
            economic=row.pop_flag("economic"),
            full_members_last_year=row.pop_int("full_members_last_year"),
            associate_members_last_year=row.pop_int("associate_members_last_year"),
            observers_last_year=row.pop_int("observers_last_year"),
            usa_status_last_year=row.pop_int("usa_status_last_year"),
        )
        if found.usa_status_last_year not in COW_STATUS_CODES:
            raise row.error(f"usa_status_last_year {found.usa_status_last_year}: not a COW code")
        if found.deaddate is not None and found.deaddate < found.sdate:
            raise row.error(f"deaddate {found.deaddate} before sdate {found.sdate}")
        row.done()
        rows.append(found)
    return rows


def read_states(path: Path) -> list[StateSpellRow]:
    rows = []
    for row in read_csv(path, STATE_COLUMNS):
        rows.append(
            StateSpellRow(
                line=row.line,
                stateabb=row.pop_required("stateabb"),
                ccode=row.pop_int("ccode"),
                name=row.pop_required("statenme"),
                start=_date(row, "styear", "stmonth", "stday"),
                end=_date(row, "endyear", "endmonth", "endday"),
                version=row.pop_int("version"),
            )
        )
        if rows[-1].end < rows[-1].start:
            raise row.error(f"spell ends {rows[-1].end} before it starts {rows[-1].start}")
        row.done()
    return rows


def _date(row: CsvRow, year: str, month: str, day: str) -> dt.date:
    parts = (row.pop_int(year), row.pop_int(month), row.pop_int(day))
    try:
        return dt.date(*parts)
    except ValueError:
        raise row.error(f"{year}/{month}/{day} = {parts} is not a date") from None


def read_countrycodes(path: Path) -> list[CountryCodeRow]:
    rows = []
    for row in read_csv(path, COUNTRYCODE_COLUMNS):
        found = CountryCodeRow(
            line=row.line,
            name=row.pop_required("country.name.en"),
            # csv keeps the cell "NA" (Namibia) as the string "NA"; only "" means missing.
            iso2=row.pop_optional("iso2c"),
            iso3=row.pop_optional("iso3c"),
            cowc=row.pop_optional("cowc"),
            cown=row.pop_optional_int("cown"),
        )
        for column in COUNTRYCODE_UNUSED:
            row.pop(column)
        row.done()
        rows.append(found)
    return rows
