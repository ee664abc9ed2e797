"""Sourced corrections supersede COW codings without editing the COW import (both backends).

The COW fixture holds the real US/UNESCO rows (coded 1 to 1984, 0 from 1985 to 2014).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ioreview.engagements import history, status
from ioreview.exc import InvalidData
from ioreview.ingest.runner import run_import
from ioreview.project import Project
from ioreview.registry import data_root
from support.cli import run
from support.ingest import cow_fixture_root, seeded_project

BUNDLED = data_root() / "ledger" / "corrections.yaml"


@pytest.fixture
def project(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    opened = seeded_project(db_url, tmp_path)
    monkeypatch.setenv("IOREVIEW_DATA", str(cow_fixture_root(tmp_path)))
    yield opened
    opened.close()


def bundled_entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))[
        "corrections"
    ]
    return entries


def accepted(tmp_path: Path, **changes: Any) -> Path:
    """The bundled UNESCO entry (never ``pending``), with ``changes`` applied."""
    entry = next(e for e in bundled_entries() if e["id"] == "usa-unesco-2003")
    entry = {k: v for k, v in entry.items() if k != "pending"} | changes
    path = tmp_path / "corrections.yaml"
    path.write_text(yaml.safe_dump({"corrections": [entry]}, sort_keys=False), encoding="utf-8")
    return path


def test_pending_entries_are_reported_not_recorded(project: Project, tmp_path: Path) -> None:
    run_import(project, "cow")
    size = project.ledger.size()
    pending = accepted(tmp_path, pending="the source is not yet accepted")
    report = run_import(project, "cow_corrections", pending)
    assert report.counts.get("pending") == 1
    assert report.appended == 0 and project.ledger.size() == size + 1  # dataset_loaded only
    assert all(i.level == "warning" and ":pending: " in str(i) for i in report.issues)


def test_the_bundled_unesco_correction_is_accepted() -> None:
    # The 2003 date is sourced (CRS report RL30985); the bundled entry is recorded, not pending.
    entry = next(e for e in bundled_entries() if e["id"] == "usa-unesco-2003")
    assert "pending" not in entry
    assert entry["source"] == "https://www.everycrsreport.com/reports/RL30985.html"


def test_a_correction_supersedes_the_coding(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    run_import(project, "cow")
    coded = [e for e in history(project, "USA", "unesco") if e.event.kind == "left"]
    assert [e.event.payload["import_key"] for e in coded] == ["cow:2/4410/1985/left"]
    report = run_import(project, "cow_corrections", accepted(tmp_path))
    assert (report.counts["corrections"], report.counts["restated"]) == (1, 1)
    entries = {e.event.seq: e for e in history(project, "USA", "unesco")}
    original = entries[coded[0].event.seq or 0]
    correction = next(e for e in entries.values() if e.event.kind == "rejoined")
    restated = next(e for e in entries.values() if e.event.payload.get("restates") is not None)
    assert correction.event.supersedes == (original.event.seq,)
    assert original.superseded_by == correction.event.seq
    assert correction.event.valid_from == date(2003, 10, 1)
    assert correction.event.source.uri == "https://www.everycrsreport.com/reports/RL30985.html"
    assert (restated.event.valid_from, restated.event.valid_to) == (
        date(1985, 1, 1), date(2003, 10, 1),
    )  # fmt: skip
    assert restated.event.payload["observed"] == "cow"
    for day, expected in [
        ((1984, 6, 1), "member"), ((1990, 1, 1), "none"), ((2003, 9, 30), "none"),
        ((2003, 10, 1), "member"), ((2014, 6, 1), "member"),
    ]:  # fmt: skip
        assert status(project, "USA", "unesco", date(*day)).status == expected, day
    # `history USA unesco` shows the coding (marked superseded) and the correction.
    monkeypatch.setenv("IOREVIEW_DB", project.settings.db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(project.settings.data_dir))
    shown = run(capsys, "history", "USA", "unesco")
    assert shown.code == 0, shown.err
    assert f"[superseded by {correction.event.seq}]" in shown.out
    assert "rejoined" in shown.out and "RL30985" in shown.out
    size = project.ledger.size()
    assert run_import(project, "cow_corrections", accepted(tmp_path)).unchanged
    assert project.ledger.size() == size


def test_the_corrected_event_must_exist(project: Project, tmp_path: Path) -> None:
    size = project.ledger.size()
    with pytest.raises(
        InvalidData,
        match=r"corrections\.yaml:\d+:corrects: no ledger event has the import key "
        r"'cow:2/4410/1985/left'",
    ):
        run_import(project, "cow_corrections", accepted(tmp_path))
    assert project.ledger.size() == size


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"kind": "withdrew"}, r":\d+:kind: kind 'withdrew': expected one of joined, rejoined"),
        ({"date": "October 2003"}, r":\d+:date: date 'October 2003': expected YYYY-MM-DD"),
        ({"corrects": ["2/4410/1985/left"]}, r":\d+:corrects: corrects entry '2/4410/1985/left'"),
        ({"corrects": ["cow:2/2830/1978/left"]},
         r":\d+:corrects: 'cow:2/2830/1978/left' is about USA/ilo, not USA/unesco"),
        ({"source": "CRS report"}, r":\d+:source: source 'CRS report': expected an http"),
        ({"body": "no-such-body"}, r":\d+:body: no body 'no-such-body'"),
        ({"extra": 1}, r":\d+:extra: unknown field 'extra'"),
    ],
    ids=["kind", "date", "key form", "other pair", "source", "body", "unknown field"],
)  # fmt: skip
def test_bad_entries_are_named(
    project: Project, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    run_import(project, "cow")
    size = project.ledger.size()
    with pytest.raises(InvalidData, match=r"corrections\.yaml" + message):
        run_import(project, "cow_corrections", accepted(tmp_path, **changes))
    assert project.ledger.size() == size
