"""The ``ceb`` importer on fixtures cut from the bundled CEB files, on both backends.

Expected values are read from the fixture files here (csv module, ``Decimal``), never from the
importer's own code.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Table, select

from ioreview.engagements import history
from ioreview.ingest.runner import ImportReport, run_import
from ioreview.ledger.events import Event
from ioreview.project import Project
from ioreview.storage.ceb_tables import (
    ceb_crosscheck,
    ceb_expenses,
    ceb_other_contribution,
    ceb_revenue,
    ceb_unmapped,
)
from support.ingest import BACKENDS, bare_project, data_folder, database_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "ceb"
ROLES = {
    role: FIXTURES / f"{role}.csv"
    for role in ("contributions", "revenue", "expenses", "donors_2024")
}
#: contribution_type → (payload.revenue_type, payload.funding_kind), as docs/ingest.md states.
TYPES = {
    "Assessed": ("assessed", "assessed"),
    "Voluntary un-earmarked": ("voluntary_unearmarked", "voluntary"),
    "Voluntary earmarked": ("voluntary_earmarked", "voluntary"),
    "Other": ("other", "other"),
}
USA = "United States of America"
#: data_folder puts each fixture under the bundled file's name.
BUNDLED_NAME = "contributions_by_contributor_entity_2013_2024.csv.gz"


@dataclass
class Loaded:
    project: Project
    report: ImportReport


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    tmp = tmp_path_factory.mktemp("ceb")
    with database_url(request.param, tmp) as url, pytest.MonkeyPatch.context() as patch:
        project = bare_project(url, tmp / "state")
        patch.setenv("IOREVIEW_DATA", str(data_folder(tmp / "data", "ceb", ROLES)))
        report = run_import(project, "ceb")
        yield Loaded(project, report)
        project.close()


def rows(name: str) -> list[dict[str, str]]:
    text = (FIXTURES / f"{name}.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def ceb_events(project: Project) -> dict[str, Event]:
    return {
        str(e.payload["import_key"]).removeprefix("ceb:"): e
        for e in project.ledger.events()
        if e.kind == "contribution" and e.payload.get("dataset") == "ceb"
    }


def table(project: Project, which: Table) -> list[dict[str, object]]:
    with project.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(which))]


def test_us_rows_become_events_with_the_source_amounts(loaded: Loaded) -> None:
    events = ceb_events(loaded.project)
    bodies = {"UNFCCC": "unfccc", "UN Women": "un-women", "WFP": "wfp"}
    numbered = list(enumerate(rows("contributions"), start=2))
    us_rows = [(n, r) for n, r in numbered if r["contributor"] == USA and r["entity"] in bodies]
    assert len(us_rows) == 9
    for line, row in us_rows:
        revenue_type, funding_kind = TYPES[row["contribution_type"]]
        year = int(row["year"])
        event = events[f"USA/{row['entity']}/{year}/{revenue_type}"]
        assert (event.actor, event.body) == ("USA", bodies[row["entity"]])
        assert event.payload["amount"] == row["amount_usd"]
        assert event.payload["currency"] == "USD"
        assert (event.payload["revenue_type"], event.payload["funding_kind"]) == (
            revenue_type, funding_kind,
        )  # fmt: skip
        assert event.payload["ceb_entity"] == row["entity"]
        assert (
            str(event.valid_from) == f"{year}-01-01" and str(event.valid_to) == f"{year + 1}-01-01"
        )
        assert event.source.uri == "https://unsceb.org/financial-statistics"
        assert event.source.locator == f"{BUNDLED_NAME} line {line}"


def test_history_shows_the_us_unfccc_rows(loaded: Loaded) -> None:
    source = [
        r for r in rows("contributions") if r["contributor"] == USA and r["entity"] == "UNFCCC"
    ]
    shown = [
        e.event for e in history(loaded.project, "USA", "unfccc") if e.event.kind == "contribution"
    ]
    assert sorted((str(e.valid_from)[:4], e.payload["amount"]) for e in shown) == sorted(
        (r["year"], r["amount_usd"]) for r in source
    )


def test_country_name_variants_map_to_registry_actors(loaded: Loaded) -> None:
    by_name = {e.payload["contributor"]: e.actor for e in ceb_events(loaded.project).values()}
    assert by_name["Türkiye"] == "TUR"
    assert by_name["Côte D'Ivoire"] == "CIV"
    assert by_name["Namibia"] == "NAM"
    assert by_name["Kosovo"] == "KOS"
    assert by_name["Canada"] == "CAN"
    assert by_name["United Kingdom of Great Britain and Northern Ireland"] == "GBR"


def test_negative_and_exponent_amounts_keep_their_exact_value(loaded: Loaded) -> None:
    events = ceb_events(loaded.project)
    source = {(r["contributor"], r["entity"]): r["amount_usd"] for r in rows("contributions")}
    negative = events["GBR/WFP/2013/voluntary_unearmarked"].payload["amount"]
    assert negative == source[("United Kingdom of Great Britain and Northern Ireland", "WFP")]
    assert negative.startswith("-")
    tiny = events["AUS/OPCW/2020/voluntary_earmarked"].payload["amount"]
    assert "e" not in tiny and Decimal(tiny) == Decimal(source[("Australia", "OPCW")])


def test_rows_without_actor_or_body_are_kept_with_their_reason(loaded: Loaded) -> None:
    others = {
        (r["contributor"], r["entity"]): r for r in table(loaded.project, ceb_other_contribution)
    }
    assert others[("Holy See", "CTBTO")]["reason"] == "no registry actor"
    assert others[("Aruba", "UN")]["reason"] == "no registry actor"
    assert others[(USA, "UN-DPO")]["reason"] == "no registry body"
    eu = others[("European Union", "UNFCCC")]
    assert eu["reason"] == "non-government" and eu["contributor_code"] == "C08A"
    bucket = others[("Unattributed", "UNFCCC")]
    assert bucket["is_other"] is True and bucket["contributor_code"] is None
    source = rows("contributions")
    assert len(others) + len(ceb_events(loaded.project)) == len(source)
    unmapped = {(r["what"], r["code"]): r for r in table(loaded.project, ceb_unmapped)}
    dpo = [Decimal(r["amount_usd"]) for r in source if r["entity"] == "UN-DPO"]
    assert Decimal(str(unmapped[("entity", "UN-DPO")]["total"])) == sum(dpo)
    assert unmapped[("donor", "Holy See")]["row_count"] == 1
    warned = " ".join(str(issue) for issue in loaded.report.issues)
    assert "UN-DPO" in warned and "Holy See" in warned


def test_revenue_and_expenses_tables(loaded: Loaded) -> None:
    revenue = {r["line"]: r for r in table(loaded.project, ceb_revenue)}
    source = rows("revenue")
    assert len(revenue) == len(source)
    for line, row in enumerate(source, start=2):
        stored = revenue[line]
        assert stored["entity_source"] == row["agency"]
        assert stored["revenue_type_source"] == row["rev_type"]
        if row["rev_type"].lower() == "assessed contributions":
            assert stored["revenue_type"] == "assessed"
        if row["amount"].strip() == "-":
            assert stored["amount"] is None
        else:
            assert stored["amount"] == row["amount"]
    by_source = {r["entity_source"]: r for r in revenue.values()}
    assert (by_source["UNWOMEN"]["entity"], by_source["UNWOMEN"]["body"]) == (
        "UN Women",
        "un-women",
    )
    assert by_source["UNWTO"]["entity"] == "UN Tourism"
    assert by_source["UN-DPO"]["body"] is None
    expenses = table(loaded.project, ceb_expenses)
    assert sorted(str(r["amount"]) for r in expenses) == sorted(
        r["amount"] for r in rows("expenses")
    )
    assert {r["entity"] for r in expenses if r["entity_source"] == "UNHABITAT"} == {"UN-Habitat"}


def test_crosscheck_compares_the_raw_donor_file(loaded: Loaded) -> None:
    raw = sum(
        Decimal(r["amount"].replace(" ", ""))
        for r in rows("donors_2024") if r["government_donor"] == USA
    )  # fmt: skip
    derived = sum(
        Decimal(r["amount_usd"])
        for r in rows("contributions") if r["contributor"] == USA and r["year"] == "2024"
    )  # fmt: skip
    check = {(r["actor"], r["year"]): r for r in table(loaded.project, ceb_crosscheck)}
    usa = check[("USA", 2024)]
    assert Decimal(str(usa["raw_total"])) == raw
    assert Decimal(str(usa["input_total"])) == derived
    assert Decimal(str(usa["difference"])) == derived - raw


def test_loading_the_same_files_again_changes_nothing(loaded: Loaded) -> None:
    size = loaded.project.ledger.size()
    again = run_import(loaded.project, "ceb")
    assert again.unchanged and loaded.project.ledger.size() == size


def test_a_changed_amount_supersedes_only_its_record(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = bare_project(db_url, tmp_path / "state")
    try:
        monkeypatch.setenv("IOREVIEW_DATA", str(data_folder(tmp_path / "data", "ceb", ROLES)))
        first = run_import(project, "ceb")
        changed = tmp_path / "contributions.csv"
        text = ROLES["contributions"].read_text(encoding="utf-8")
        changed.write_text(text.replace(",4245244.77\n", ",4245244.78\n"), encoding="utf-8")
        second = run_import(project, "ceb", changed)
        assert (second.appended, second.superseded, second.retracted) == (0, 1, 0)
        assert second.kept == first.appended - 1
        entries = history(project, "USA", "unfccc")
        old = [e for e in entries if e.event.payload.get("amount") == "4245244.77"]
        new = [e for e in entries if e.event.payload.get("amount") == "4245244.78"]
        assert len(old) == len(new) == 1
        assert old[0].superseded_by == new[0].event.seq
    finally:
        project.close()


def test_an_official_government_donor_download_loads_as_the_main_file(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = bare_project(db_url, tmp_path / "state")
    try:
        monkeypatch.setenv("IOREVIEW_DATA", str(data_folder(tmp_path / "data", "ceb", ROLES)))
        run_import(project, "ceb", ROLES["donors_2024"])
        events = ceb_events(project)
        for row in rows("donors_2024"):
            if row["government_donor"] != USA:
                continue
            matches = [
                e for e in events.values()
                if e.actor == "USA" and e.payload["revenue_type_source"] == row["rev_type"]
                and e.payload["amount"] == row["amount"].replace(" ", "")
            ]  # fmt: skip
            assert len(matches) == 1, row
        assert events["USA/UN Women/2024/voluntary_earmarked"].payload["amount"] == "3356884"
        assert events["TUR/UNFCCC/2024/assessed"].payload["contributor"] == "T\ufffdrkiye"
    finally:
        project.close()
