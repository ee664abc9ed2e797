"""Strict readers: every column mapped, every error names file:line and the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from ioreview.exc import InvalidData
from ioreview.registry.csvread import read_csv
from ioreview.registry.sources_data import read_countrycodes, read_cow_igos, read_states
from ioreview.registry.sources_memo import read_bodies, read_crosswalk, read_memorandum_items, roman

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "registry" / "mini"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_namibia_iso2_stays_na() -> None:
    rows = read_countrycodes(
        MINI / "sources/country-code-crosswalk/countrycode_codelist_subset.csv"
    )
    namibia = next(row for row in rows if row.name == "Namibia")
    assert (namibia.iso2, namibia.iso3, namibia.cown) == ("NA", "NAM", 565)
    serbia = next(row for row in rows if row.name == "Serbia")
    assert serbia.cown is None


def test_header_must_match(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "a,b,extra\n1,2,3\n")
    with pytest.raises(InvalidData, match=r"x.csv:1: header .* unexpected \['extra'\]"):
        list(read_csv(path, ("a", "b")))


def test_unmapped_cell_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "a,b\n1,2\n")
    (row,) = read_csv(path, ("a", "b"))
    row.pop("a")
    with pytest.raises(InvalidData, match=r"x.csv:2: unmapped columns: b='2'"):
        row.done()


def test_bad_integer_names_file_line_and_value(tmp_path: Path) -> None:
    text = (MINI / "sources/cow-igo-v3/igo_list_derived.csv").read_text(encoding="utf-8")
    path = write(tmp_path / "igo_list_derived.csv", text.replace("\n20,BCAC,", "\ntwenty,BCAC,"))
    with pytest.raises(InvalidData, match=r"igo_list_derived.csv:3: column 'ionum' has 'twenty'"):
        read_cow_igos(path)


def test_state_dates_are_checked(tmp_path: Path) -> None:
    text = (MINI / "sources/cow-state-system/statelist2024.csv").read_text(encoding="utf-8")
    path = write(tmp_path / "statelist2024.csv", text.replace("1990,3,21", "1990,2,30"))
    with pytest.raises(InvalidData, match=r"statelist2024.csv:3: .*\(1990, 2, 30\) is not a date"):
        read_states(path)


def test_bodies_sources_are_parsed_with_notes() -> None:
    seeds = read_bodies(MINI / "sources/memorandum-2026/bodies.csv")
    alpha = seeds[0]
    assert [ref.url for ref in alpha.sources["founded"]] == [
        "https://alpha.example.org/history",
        "https://news.example.org/alpha",
    ]
    assert alpha.sources["memo_name"][0].note == "memorandum text, Sec. 2"
    assert (alpha.section, alpha.item) == ("a", "i")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("website=https://alpha.example.org/about | ", "", r"bodies.csv:2: website='https://alpha.example.org' has no source"),
        ("founded=https://alpha.example.org/history", "founded=alpha.example.org", r"bodies.csv:2: .*'alpha.example.org' is not a URL"),
        ("| kind=https://alpha", "| colour=https://alpha", r"bodies.csv:2: source entry 'colour="),
        ("a,i,Alpha Forum", "c,i,Alpha Forum", r"bodies.csv:2: column 'memo_section' has 'c'"),
    ],
)  # fmt: skip
def test_bodies_errors(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = (MINI / "sources/memorandum-2026/bodies.csv").read_text(encoding="utf-8")
    assert old in text
    path = write(tmp_path / "bodies.csv", text.replace(old, new, 1))
    with pytest.raises(InvalidData, match=message):
        read_bodies(path)


def test_crosswalk_checks_roman_numerals(tmp_path: Path) -> None:
    text = (
        MINI / "sources/us-withdrawal-directives-2025-2026/memorandum_2026-01-07_bodies.csv"
    ).read_text(encoding="utf-8")
    path = write(tmp_path / "cw.csv", text.replace("2(a),ii,2,", "2(a),iii,2,"))
    with pytest.raises(InvalidData, match="cw.csv:3: item 'iii' does not match seq 2"):
        read_crosswalk(path)


def test_memorandum_items_joined_and_cleaned() -> None:
    items = read_memorandum_items(MINI / "sources/memorandum-2026/memorandum.txt")
    assert [(i.section, i.item, i.name) for i in items] == [
        ("2(a)", "i", "Alpha Forum"),
        ("2(a)", "ii", "Beta Cotton Advisory Committee"),
        ("2(b)", "i", "UN Council of Things (UNCT) — Gamma Commission for Places"),
    ]


def test_memorandum_unexpected_line(tmp_path: Path) -> None:
    text = (MINI / "sources/memorandum-2026/memorandum.txt").read_text(encoding="utf-8")
    path = write(
        tmp_path / "m.txt",
        text.replace("Sec. 2.", "Stray line\n\nSec. 2.").replace("(a)\xa0 Non", "(a) Other"),
    )
    with pytest.raises(InvalidData, match="m.txt: unexpected line in Sec. 2"):
        read_memorandum_items(path)


def test_bundled_memorandum_has_35_and_31_items() -> None:
    from ioreview.registry import data_root

    items = read_memorandum_items(data_root() / "sources/memorandum-2026/memorandum.txt")
    assert [sum(i.section == s for i in items) for s in ("2(a)", "2(b)")] == [35, 31]
    assert items[4].name == "European Centre of Excellence for Countering Hybrid Threats"
    assert roman(35) == "xxxv" and roman(28) == "xxviii"
