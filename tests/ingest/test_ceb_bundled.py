"""The bundled CEB files, loaded whole (SQLite): checks against the source rows and SOURCE.md.

Slow (about 20 s): the full load appends about 82,500 events.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ioreview.ingest.runner import ImportReport, run_import
from ioreview.project import Project
from ioreview.registry import data_root
from ioreview.storage.ceb_tables import ceb_crosscheck, ceb_expenses, ceb_revenue, ceb_unmapped
from support.cli import run
from support.ingest import bare_project

pytestmark = pytest.mark.slow

SOURCE = data_root() / "sources" / "un-ceb-financial-statistics"
CONTRIBUTIONS = SOURCE / "contributions_by_contributor_entity_2013_2024.csv.gz"
TYPES = {
    "Assessed": "assessed",
    "Voluntary un-earmarked": "voluntary_unearmarked",
    "Voluntary earmarked": "voluntary_earmarked",
    "Other": "other",
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, ImportReport]]:
    tmp = tmp_path_factory.mktemp("ceb-bundled")
    project = bare_project(f"sqlite:///{tmp / 'ceb.db'}", tmp / "state")
    report = run_import(project, "ceb")
    yield project, report
    project.close()


def source_rows() -> list[dict[str, str]]:
    text = gzip.decompress(CONTRIBUTIONS.read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_us_unfccc_contributions_are_in_history_to_the_cent(
    loaded: tuple[Project, ImportReport], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    project, _ = loaded
    expected = {
        (int(r["year"]), TYPES[r["contribution_type"]]): r["amount_usd"]
        for r in source_rows()
        if r["contributor"] == "United States of America" and r["entity"] == "UNFCCC"
    }
    assert {year for year, _ in expected} == set(range(2017, 2025))
    assert {kind for _, kind in expected} == {"assessed", "voluntary_earmarked"}
    monkeypatch.setenv("IOREVIEW_DB", project.settings.db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(project.settings.data_dir))
    outcome = run(capsys, "history", "USA", "unfccc", "--json")
    assert outcome.code == 0, outcome.err
    shown = {
        (int(e["payload"]["year"]), e["payload"]["revenue_type"]): e["payload"]["amount"]
        for e in outcome.json()
        if e["kind"] == "contribution" and e["payload"].get("dataset") == "ceb"
    }
    assert shown == expected
    for key, amount in shown.items():
        assert Decimal(amount).quantize(Decimal("0.01")) == Decimal(expected[key]).quantize(
            Decimal("0.01")
        )


def test_counts_match_the_source_description(loaded: tuple[Project, ImportReport]) -> None:
    project, report = loaded
    rows = source_rows()
    assert report.counts["records"] == len(rows) == 90_479  # SOURCE.md
    government = [r for r in rows if r["contributor_category"] == "Government"]
    assert len({r["contributor"] for r in government}) == 225  # SOURCE.md
    with project.engine.connect() as connection:
        revenue = connection.execute(select(func.count()).select_from(ceb_revenue)).scalar()
        expenses = connection.execute(select(func.count()).select_from(ceb_expenses)).scalar()
        unmapped = connection.execute(
            select(ceb_unmapped.c.code).where(ceb_unmapped.c.what == "entity")
        ).scalars()
        assert (revenue, expenses) == (35_854, 36_380)  # SOURCE.md
        assert sorted(unmapped) == ["IARC", "UN-DPO", "UNITAID"]


def test_usa_2024_raw_against_derived(loaded: tuple[Project, ImportReport]) -> None:
    project, _ = loaded
    with project.engine.connect() as connection:
        row = connection.execute(
            select(ceb_crosscheck).where(
                ceb_crosscheck.c.actor == "USA", ceb_crosscheck.c.year == 2024
            )
        ).one()
    # SOURCE.md, "Verification": 14,265,536,244.63 (raw) vs 14,265,536,245.09 (derived), to the
    # cent. The exact sum of the derived table keeps its float artefacts (a 2024 WMO row reads
    # 3569722.5199999996), so both are compared at cent precision.
    cent = Decimal("0.01")
    assert Decimal(row.raw_total).quantize(cent) == Decimal("14265536244.63")
    assert Decimal(row.input_total).quantize(cent) == Decimal("14265536245.09")
    assert Decimal(row.difference).quantize(cent) == Decimal("0.46")


def test_second_load_is_a_no_op(loaded: tuple[Project, ImportReport], tmp_path: Path) -> None:
    project, report = loaded
    assert report.appended == report.counts["events"]
    assert run_import(project, "ceb").unchanged
