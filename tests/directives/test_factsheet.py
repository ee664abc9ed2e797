"""Fact sheets: every figure and date traceable to a ledger event; totals only when comparable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ioreview.directives.factsheet import FactSheet, build_factsheet
from ioreview.directives.records import Directive, load_directive
from ioreview.directives.render import factsheet_markdown
from ioreview.engagements import history
from ioreview.ledger.events import Event, Source, event_from_entry
from ioreview.project import Project
from support.cli import run
from support.directives import bundled_registry, directive_on, light_project

REGISTRY = bundled_registry()
URL = "https://example.org/contributions"


@pytest.fixture
def project(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    opened = light_project(db_url, tmp_path / "data")
    monkeypatch.setenv("IOREVIEW_DB", db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(tmp_path / "data"))
    yield opened
    opened.close()


def _sheet(
    project: Project, directive: Directive, review: dict[str, Any] | None = None
) -> FactSheet:
    with project.engine.connect() as connection:
        fresh = load_directive(connection, directive.id)
        return build_factsheet(connection, fresh, REGISTRY, review)


def _entry(project: Project, seq: int) -> Event:
    return event_from_entry(project.ledger.entry(seq), seq=seq)


def test_counts_per_section(project: Project) -> None:
    sheet = _sheet(project, directive_on(project, "2026-01-07", 66))
    # Memorandum Sec. 2 and the fact sheet: 35 non-UN organizations and 31 UN entities.
    assert sheet.sections == {"Sec. 2(a)": 35, "Sec. 2(b)": 31}
    assert sheet.un_system == {"un": 31, "non_un": 35}
    assert sheet.actions == {"withdraw": 66}


def test_every_money_figure_is_a_ledger_event(project: Project) -> None:
    memo = directive_on(project, "2026-01-07", 66)
    sheet = _sheet(project, memo)
    bodies = {item.body_id for item in memo.items}
    expected = {
        entry.event.seq
        for entry in history(project, "USA")
        if entry.event.kind in ("contribution", "pledge") and entry.event.body in bodies
        and entry.superseded_by is None
    }  # fmt: skip
    assert expected and {row.seq for row in sheet.money} == expected
    for row in sheet.money:
        event = _entry(project, row.seq)
        assert (event.kind, event.body) == (row.event_kind, row.body_id)
        assert (event.payload["amount"], event.payload["currency"]) == (row.amount, row.currency)
        assert event.source.uri == row.source
    # The bundled figures mix kinds and bases (US-FUNDING.md: "Do not sum them").
    assert sheet.total is None and "not comparable" in sheet.money_note
    text = factsheet_markdown(sheet)
    assert all(f"| {row.seq} |" in text for row in sheet.money)


def test_a_total_only_for_comparable_figures(project: Project) -> None:
    order = directive_on(project, "2025-02-04")
    assert _sheet(project, order).money == ()
    assert "no contribution" in _sheet(project, order).money_note
    figures = [("1000.50", 2023), ("2500", 2024)]
    project.ledger.append([
        Event(kind="contribution", actor="USA", body="unrwa", valid_from=date(year, 1, 1),
              payload={"amount": amount, "currency": "USD", "funding_kind": "voluntary",
                       "year": str(year), "year_basis": "CY"}, source=Source(uri=URL))
        for amount, year in figures
    ])  # fmt: skip
    sheet = _sheet(project, order)
    assert sheet.total is not None
    assert Decimal(sheet.total["amount"]) == Decimal("3500.50")
    assert sheet.total["currency"] == "USD"
    project.ledger.append([
        Event(kind="pledge", actor="USA", body="unhrc", valid_from=date(2024, 1, 1),
              payload={"amount": "10", "currency": "EUR"}, source=Source(uri=URL))
    ])  # fmt: skip
    mixed = _sheet(project, order)
    assert mixed.total is None and "EUR, USD" in mixed.money_note
    assert "Total:" not in factsheet_markdown(mixed)


def test_earlier_withdrawals_with_their_dates(project: Project) -> None:
    sheet = _sheet(project, directive_on(project, "2026-01-07", 66))
    bodies = {step.body_id for step in sheet.earlier}
    assert bodies == {"who", "paris-agreement", "unesco", "unhrc", "unrwa", "global-tax-deal"}
    for step in sheet.earlier:
        event = _entry(project, step.seq)
        assert (event.kind, event.body, event.valid_from) == (step.kind, step.body_id, step.date)
    steps = {(s.body_id, s.kind): s.date for s in sheet.earlier}
    assert steps[("paris-agreement", "withdrawal_effective")] == date(2026, 1, 27)
    assert steps[("unesco", "withdrawal_effective")] == date(2026, 12, 31)


def test_the_lens_criteria_are_cited(project: Project) -> None:
    review = {
        "id": "review-1",
        "lens": {"id": "us-2025", "name": "fact sheet criteria", "criteria": [
            {"id": "T1", "name": "Taxpayer cost vs. return", "source": "https://example.org/fs"},
        ]},
        "results": [],
    }  # fmt: skip
    sheet = _sheet(project, directive_on(project, "2026-01-07", 66), review)
    assert sheet.lens is not None and sheet.lens["lens"] == "us-2025 (fact sheet criteria)"
    text = factsheet_markdown(sheet)
    assert "- T1: Taxpayer cost vs. return (https://example.org/fs)" in text


def test_cli_factsheet(
    project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    memo = directive_on(project, "2026-01-07", 66)
    out = tmp_path / "fact-sheet.md"
    done = run(capsys, "directive", "factsheet", memo.id, "--out", str(out))
    assert done.code == 0, done.err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Fact sheet: Withdrawing the United States")
    assert "35 in Sec. 2(a), 31 in Sec. 2(b)" in text
    document = run(capsys, "directive", "factsheet", memo.id, "--json").json()
    assert document["sections"] == {"Sec. 2(a)": 35, "Sec. 2(b)": 31}
    assert json.dumps(document)  # plain JSON
    review = tmp_path / "review.json"
    review.write_text(json.dumps({"lens": "us-2025", "results": []}), encoding="utf-8")
    cited = run(capsys, "directive", "factsheet", memo.id, "--review", str(review))
    assert cited.code == 0 and "Criteria of the lens us-2025" in cited.out
    unknown = run(capsys, "directive", "factsheet", "no-such-directive")
    assert unknown.code == 2 and "no-such-directive" in unknown.err
