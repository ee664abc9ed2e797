"""The bundled registry against the facts of its sources."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from ioreview.registry import Registry, data_root
from ioreview.registry.model import SOURCED_FIELDS

DATA = data_root()
CROSSWALK = DATA / "sources/us-withdrawal-directives-2025-2026/memorandum_2026-01-07_bodies.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_memo_bodies_in_order_with_exact_wording(bundled: Registry) -> None:
    memo = bundled.memo_bodies()
    crosswalk = _rows(CROSSWALK)
    assert len(memo) == 66
    assert Counter(b.memo.section for b in memo if b.memo) == {"2(a)": 35, "2(b)": 31}
    assert [b.memo_order for b in memo] == list(range(1, 67))
    assert [(b.memo.section, b.memo.item, b.memo.name) for b in memo if b.memo] == [
        (row["section"], row["item"], row["name"]) for row in crosswalk
    ]


def test_memo_names_occur_in_the_memorandum_text(bundled: Registry) -> None:
    text = (DATA / "sources/memorandum-2026/memorandum.txt").read_text(encoding="utf-8")
    # Line breaks joined; the crosswalk also writes the text's non-breaking spaces as spaces.
    joined = " ".join(text.replace("\xa0", " ").split())
    for body in bundled.memo_bodies():
        assert body.memo is not None
        assert body.memo.name in joined, body.id


def test_memo_external_id_counts_and_values(bundled: Registry) -> None:
    memo = bundled.memo_bodies()
    assert sum(b.external_ids.cow is not None for b in memo) == 8
    assert sum(b.external_ids.un_entity is not None for b in memo) == 24
    assert sum(b.external_ids.ceb is not None for b in memo) == 9
    by_id = {b.id: b for b in memo}
    assert by_id["irena"].external_ids.cow == 3075
    unfccc = next(r for r in _rows(CROSSWALK) if r["un_entity"] == "UNFCCC")
    assert by_id["unfccc"].external_ids.ceb == unfccc["ceb_finance_entity"] == "UNFCCC"
    assert by_id["un-women"].external_ids.ceb == "UN Women"
    assert by_id["un-women"].details["id_matches"]["ceb"]["raw2024"] == "UNWOMEN"
    assert by_id["eca"].external_ids.un_entity == "ECA"
    assert by_id["pbc"].external_ids.un_entity == "UNPC"
    colombo = by_id["colombo-plan-council"]
    assert colombo.external_ids.cow == 1380
    assert colombo.details["id_matches"]["cow"] == {
        "basis": "crosswalk",
        "quality": "candidate_verify",
    }


def test_named_bodies_are_present(bundled: Registry) -> None:
    for body_id in ("who", "unesco", "paris-agreement", "global-tax-deal", "unhrc", "unrwa", "ilo"):
        assert body_id in bundled
    assert bundled.body("who").memo is None
    assert bundled.body("who").details["listing"]["document"] == "fact-sheet"
    assert bundled.body("unesco").external_ids.cow == 4410
    assert bundled.body("unfccc").kind == "treaty"
    assert bundled.body("eca").acronym == "ECA"


def test_parents(bundled: Registry) -> None:
    assert bundled.body("eca").parent == "ecosoc"
    assert bundled.body("ecosoc").kind == "un-principal-organ"
    for commission in ("eca", "eclac", "escap", "escwa", "ece"):
        assert bundled.body(commission).parent == "ecosoc"
        assert bundled.body(commission).sources["parent"]
    assert bundled.body("paris-agreement").parent == "unfccc"


def test_every_cow_igo_appears_exactly_once(bundled: Registry) -> None:
    rows = _rows(DATA / "sources/cow-igo-v3/igo_list_derived.csv")
    assert len(rows) == 534
    ionums = Counter(b.external_ids.cow for b in bundled.bodies if b.external_ids.cow is not None)
    assert set(ionums) == {int(row["ionum"]) for row in rows}
    assert set(ionums.values()) == {1}


def test_every_un_entity_row_is_represented(bundled: Registry) -> None:
    rows = _rows(DATA / "sources/un-system-entities/un_system_entities.csv")
    names = {
        b.details["un_system"]["entity_long"] for b in bundled.bodies if "un_system" in b.details
    }
    expected = {row["entity_long"].strip() for row in rows if row["entity_long"] != ""}
    assert names == expected
    assert set(bundled.excluded) == {row["entity"] for row in rows if row["entity_long"] == ""}


def test_every_filled_field_has_a_source(bundled: Registry) -> None:
    contract = ("name", "acronym", "kind", "parent", "founded", "hq_city", "hq_country",
                "members", "website", "instrument", "memo")  # fmt: skip
    for body in bundled.bodies:
        document = body.to_json()
        for field in contract:
            if document[field] is not None:
                assert document["sources"].get(field, "").startswith("http"), (body.id, field)
        for field in SOURCED_FIELDS:
            if body.value(field) is not None:
                assert body.sources.get(field), (body.id, field)


def test_founded_conflict_keeps_both_values(bundled: Registry) -> None:
    who = bundled.body("who")
    (conflict,) = [c for c in who.conflicts if c.field == "founded"]
    assert conflict.shown == who.founded
    assert {v.value for v in conflict.values} == {who.founded, "1946"}
    assert {v.origin for v in conflict.values} == {"memorandum-2026 founded", "cow-igo-v3 sdate"}


def test_report_lists_ambiguous_aliases(bundled: Registry) -> None:
    report = bundled.report()
    assert report.bodies == len(bundled.bodies)
    assert report.memo_by_section == {"2(a)": 35, "2(b)": 31}
    itc = [a for a in report.ambiguous_aliases if a.norm == "itc"]
    assert itc and set(itc[0].body_ids) == {"itc", "itc-3180"}
    assert "ITC" in bundled.body("itc").ambiguous_aliases
    assert report.conflicts
    assert "ambiguous aliases" in report.format()
    assert report.to_json()["bodies"] == report.bodies


def test_weak_sources_are_flagged(bundled: Registry) -> None:
    colombo = bundled.body("colombo-plan-council")
    assert "us_role" in colombo.details["weak_source_fields"]


@pytest.mark.parametrize(
    ("actor_id", "iso3", "iso2", "cow_code", "cow_abb"),
    [
        ("USA", "USA", "US", 2, "USA"),
        ("NAM", "NAM", "NA", 565, "NAM"),
        ("SRB", "SRB", "RS", 345, "SRB"),
        ("YUG", None, None, 345, "YUG"),
        ("CZE", "CZE", "CZ", 316, "CZR"),
        ("CZE-315", None, None, 315, "CZE"),
        ("AUT", "AUT", "AT", 305, "AUS"),
    ],
)
def test_actors(
    bundled: Registry,
    actor_id: str,
    iso3: str | None,
    iso2: str | None,
    cow_code: int,
    cow_abb: str,
) -> None:
    actor = {a.id: a for a in bundled.actors}[actor_id]
    assert (actor.iso3, actor.iso2, actor.cow_code, actor.cow_abb) == (
        iso3,
        iso2,
        cow_code,
        cow_abb,
    )


def test_actor_spells(bundled: Registry) -> None:
    actors = {a.id: a for a in bundled.actors}
    assert len(actors) == 218
    assert [(s.start, s.end) for s in actors["YUG"].spells] == [
        ("1878-07-13", "1941-04-20"),
        ("1944-10-20", "2006-06-03"),
    ]
    assert actors["SRB"].spells[0].start == "2006-06-03"
