"""The full COW IGO v3 import from the bundled files (SQLite, loaded once for the module).

Expected figures are those stated in ``data/sources/cow-igo-v3/SOURCE.md`` ("Facts checked
while loading") or counted here from the file itself.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ioreview.ingest.runner import ImportReport, run_import
from ioreview.ledger.audit import audit
from ioreview.ledger.events import Event
from ioreview.ledger.projection import query_status
from ioreview.project import Project
from ioreview.registry import data_root
from ioreview.storage.cow_tables import cow_disagreement, cow_igo_year
from support.cli import run
from support.ingest import seeded_project

COW = data_root() / "sources" / "cow-igo-v3"


@dataclass
class Loaded:
    project: Project
    report: ImportReport
    folder: Path
    db_url: str

    @cached_property
    def events(self) -> list[Event]:
        return [
            e for e in self.project.ledger.events()
            if str(e.payload.get("import_key", "")).startswith("cow:")
        ]  # fmt: skip


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    folder = tmp_path_factory.mktemp("cow-real")
    url = f"sqlite:///{folder / 'cow.db'}"
    project = seeded_project(url, folder)
    report = run_import(project, "cow")
    yield Loaded(project, report, folder, url)
    project.close()


def test_cli_status_of_us_in_ilo(
    loaded: Loaded, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # COW codes the US 1 in ILO to 1977, 0 in 1978-1979 and 1 from 1980 (exit in 1977,
    # return in 1980).
    monkeypatch.setenv("IOREVIEW_DB", loaded.db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(loaded.folder / "data"))
    before = run(capsys, "status", "USA", "ilo", "--on", "1979-06-01")
    assert before.code == 0, before.err
    assert "USA / ilo on 1979-06-01: none" in before.out
    after = run(capsys, "status", "USA", "ilo", "--on", "1981-06-01", "--json").json()
    assert after["status"] == "member" and after["since"] == "1980-01-01"


def test_us_statuses_in_2014_follow_the_igo_year_file(loaded: Loaded) -> None:
    # SOURCE.md: in 2014 the IGO-year file codes the USA {0: 217, 1: 88, -9: 26, 3: 4}.
    bodies = [b.id for b in loaded.project.registry().bodies if b.external_ids.cow is not None]
    size = loaded.project.ledger.size()
    found: dict[str, int] = {}
    with loaded.project.engine.connect() as connection:
        for body in bodies:
            answer = query_status(connection, "USA", body, date(2014, 6, 1), size).status
            found[answer] = found.get(answer, 0) + 1
    assert len(bodies) == 534
    assert (found.get("member"), found.get("observer"), found.get("associate")) == (88, 4, None)


def test_disagreement_figures_for_the_us_in_2014(loaded: Loaded) -> None:
    # SOURCE.md: 88 full US memberships in the IGO-year file, 89 in the state-year file.
    t = cow_disagreement
    with loaded.project.engine.connect() as connection:
        rows = connection.execute(select(t).where(t.c.actor == "USA", t.c.year == 2014)).all()
    only_state_year = sum(1 for r in rows if r.state_year_value == 1 and r.igo_year_value != 1)
    only_igo_year = sum(1 for r in rows if r.igo_year_value == 1 and r.state_year_value != 1)
    assert 88 + only_state_year - only_igo_year == 89
    assert [(r.body, r.igo_year_value, r.state_year_value) for r in rows if r.kind == "code"] == [
        ("irsg", 0, 1)
    ]
    warnings = [str(i) for i in loaded.report.issues if i.level == "warning"]
    assert any("USA/irsg/2014" in w or "irsg" in w for w in warnings)
    assert all("the ledger follows the IGO-year file" in w for w in warnings if "differ" in w)


def test_counts_agree_with_the_file(loaded: Loaded) -> None:
    counts = loaded.report.counts
    # SOURCE.md: codes {0: 2,170,685; 1: 536,320; 2: 1,095; 3: 2,387; -9: 190,750}, 1,294,458
    # empty cells, no -1; 19,335 IGO-year rows; 15,557 state-year rows.
    assert (counts["cells_none"], counts["cells_full"], counts["cells_associate"]) == (
        2_170_685, 536_320, 1_095,
    )  # fmt: skip
    assert (counts["cells_observer"], counts["cells_missing"], counts["cells_empty"]) == (
        2_387, 190_750, 1_294_458,
    )  # fmt: skip
    assert counts["cells_minus_one"] == 0
    assert (counts["igo_rows"], counts["state_rows"]) == (19_335, 15_557)
    text = gzip.decompress((COW / "igo_year_formatv3.csv.gz").read_bytes()).decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    states = slice(header.index("afghanistan"), header.index("zimbabwe") + 1)
    in_2014 = sum(
        sum(1 for cell in row[states] if cell in ("1", "2", "3"))
        for row in reader
        if row[header.index("year")] == "2014"
    )
    assert counts["open_at_end"] == in_2014
    assert counts["joined"] == counts["spells"] == counts["left"] + counts["open_at_end"]
    events = loaded.events
    assert len(events) == counts["joined"] + counts["left"] + counts["status_changed"]


def test_events_are_observed_codings(loaded: Loaded) -> None:
    events = loaded.events
    assert {e.kind for e in events} == {"joined", "left", "status_changed"}
    assert all(e.payload["observed"] == "cow" for e in events)
    reasons = {e.payload["reason"] for e in events if e.kind == "left"}
    assert reasons == {"coding change", "actor boundary"}
    keys = [str(e.payload["import_key"]) for e in events]
    order = [
        (int(k.split(":")[1].split("/")[0]), int(k.split("/")[1]), int(k.split("/")[2]))
        for k in keys
    ]
    assert order == sorted(order)


def test_yugoslavia_then_serbia(loaded: Loaded) -> None:
    events = [e for e in loaded.events if e.payload["ccode"] == 345]
    assert events
    for event in events:
        assert event.valid_from is not None
        year = event.valid_from.year
        boundary = event.payload.get("reason") == "actor boundary"
        expected = "YUG" if year <= 2005 or boundary else "SRB"
        assert event.actor == expected, (event.kind, year, event.actor)
    # Each YUG spell coded on into 2006 ends at the boundary and goes on as an SRB spell.
    ended = {e.body for e in events if e.payload.get("reason") == "actor boundary"}
    went_on = {e.body for e in events if e.payload.get("predecessor") == "YUG"}
    assert ended == went_on and ended
    assert {e.valid_from for e in events if e.payload.get("predecessor")} == {date(2006, 1, 1)}


def test_igo_year_table(loaded: Loaded) -> None:
    t = cow_igo_year
    with loaded.project.engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(t)).scalar_one()
        in_2014 = connection.execute(
            select(func.count()).select_from(t).where(t.c.year == 2014)
        ).scalar_one()
        un = connection.execute(select(t).where(t.c.body == "un", t.c.year == 2014)).one()
    # SOURCE.md: 19,335 rows; 335 IGO rows in 2014; UN row 2014: sdate 1945.
    assert (total, in_2014, un.sdate, un.deaddate) == (19_335, 335, 1945, None)


def test_reimport_and_audit(loaded: Loaded) -> None:
    size = loaded.project.ledger.size()
    assert run_import(loaded.project, "cow").unchanged
    assert loaded.project.ledger.size() == size
    audit(loaded.project.ledger, loaded.project.verifier)
