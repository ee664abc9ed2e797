"""The ``events`` importer: an analyst's CSV or JSON Lines file → one event per row."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from ioreview.engagements import history
from ioreview.exc import InvalidData
from ioreview.ingest.runner import run_import
from ioreview.ledger.events import Event
from ioreview.project import Project
from support.ingest import BACKENDS, bare_project, database_url, snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "events"
CSV = FIXTURES / "events.csv"
JSONL = FIXTURES / "events.jsonl"


@pytest.fixture(scope="module", params=BACKENDS)
def project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Project]:
    tmp = tmp_path_factory.mktemp("events")
    with database_url(request.param, tmp) as url:
        opened = bare_project(url, tmp / "state")
        run_import(opened, "events", CSV)
        yield opened
        opened.close()


def _events(project: Project) -> dict[str, Event]:
    return {
        str(e.payload["import_key"]): e
        for e in project.ledger.events()
        if str(e.payload.get("import_key", "")).startswith("events:")
    }


def test_each_row_becomes_one_event(project: Project) -> None:
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    events = _events(project)
    assert len(events) == len(rows)
    paid = events["events:colombo-2007-paid"]
    row = rows[0]
    assert (paid.kind, paid.actor, paid.body) == (row["kind"], row["actor"], row["body"])
    assert paid.payload["amount"] == row["amount"] and paid.payload["currency"] == "USD"
    assert paid.payload["funding_kind"] == "paid" and paid.payload["dataset"] == "events"
    assert (paid.valid_from, paid.valid_to) == (date(2007, 1, 1), date(2008, 1, 1))
    assert paid.source.uri == row["source_uri"] and paid.source.locator == row["locator"]
    notified = [e for e in events.values() if e.kind == "withdrawal_notified"]
    assert len(notified) == 1 and notified[0].body == "who"
    key = next(k for k, e in events.items() if e.kind == "withdrawal_notified")
    assert key.startswith("events:sha256:") and len(key) == len("events:sha256:") + 16
    assert any(e.event.kind == "withdrawal_notified" for e in history(project, "USA", "who"))


def test_json_lines_with_the_same_rows_change_nothing(project: Project) -> None:
    size = project.ledger.size()
    report = run_import(project, "events", JSONL)
    # Same records (same keys, same content): only the dataset_loaded event is new.
    assert (report.appended, report.superseded, report.retracted, report.kept) == (0, 0, 0, 2)
    assert project.ledger.size() == size + 1
    run_import(project, "events", CSV)


def _edit(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return change


BAD = {
    "missing column": (
        "events.csv", _edit("kind,actor", "type,actor"),
        ("events.csv:1", "missing column 'kind'", "expected the header"),
    ),
    "non-numeric amount": (
        "events.csv", _edit(",185706,", ",185 706,"),
        ("events.csv:2:amount", "'185 706'", "expected a decimal number"),
    ),
    "unknown actor": (
        "events.csv", _edit(",USA,who,", ",XYZ,who,"),
        ("events.csv:3:actor", "'XYZ'", "expected an id such as USA"),
    ),
    "unknown body": (
        "events.csv", _edit(",USA,who,", ",USA,world-health,"),
        ("events.csv:3:body", "'world-health'", "expected an id such as unesco"),
    ),
    "bad date": (
        "events.csv", _edit("2025-01-22", "22/01/2025"),
        ("events.csv:3:valid_from", "'22/01/2025'", "expected a date YYYY-MM-DD"),
    ),
    "unknown kind": (
        "events.csv", _edit("withdrawal_notified,", "withdrawn,"),
        ("events.csv:3:kind", "'withdrawn'", "expected one of"),
    ),
    "framework kind": (
        "events.csv", _edit("withdrawal_notified,", "dataset_loaded,"),
        ("events.csv:3:kind", "'dataset_loaded'", "expected one of"),
    ),
    "duplicate key": (
        "events.csv", lambda t: t + t.splitlines()[1] + "\n",
        ("events.csv:4:key", "'colombo-2007-paid' is also on line 2", "expected one row per key"),
    ),
    "money without currency": (
        "events.csv", _edit(",185706,USD,", ",185706,,"),
        ("events.csv:2:currency", "expected three uppercase letters"),
    ),
    "empty file": ("events.csv", lambda t: "", ("events.csv:1", "the file is empty", "expected")),
    "bad payload": (
        "events.csv", _edit('"{""funding_kind""', '"{funding_kind'),
        ("events.csv:2:payload_json", "not JSON", "expected a JSON object"),
    ),
    "json lines: not JSON": (
        "events.jsonl", _edit('"who",', '"who"'),
        ("events.jsonl:2", "not JSON", "expected one JSON object a line"),
    ),
    "json lines: unknown field": (
        "events.jsonl", _edit('"actor": "USA", "body": "who"', '"actor": "USA", "organ": "who"'),
        ("events.jsonl:2:organ", "unknown field 'organ'", "expected fields among"),
    ),
    "json lines: float amount": (
        "events.jsonl", _edit('"amount": "185706"', '"amount": 185706.5'),
        ("events.jsonl:1:amount", "185706.5", "expected text"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_rows_are_refused_and_nothing_changes(
    name: str, project: Project, tmp_path: Path
) -> None:
    file, change, expected = BAD[name]
    bad = tmp_path / file
    bad.write_text(change((FIXTURES / file).read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(project)
    with pytest.raises(InvalidData) as raised:
        run_import(project, "events", bad)
    for part in expected:
        assert part in raised.value.message, raised.value.message
    assert snapshot(project) == before


def test_a_file_in_another_encoding_is_refused(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "events.csv"
    text = CSV.read_text(encoding="utf-8").replace("Afghan Women's", "Afghan Women’s")
    bad.write_bytes(text.encode("cp1252"))
    before = snapshot(project)
    with pytest.raises(InvalidData) as raised:
        run_import(project, "events", bad)
    assert "events.csv:2:payload_json: byte 0x92" in raised.value.message
    assert snapshot(project) == before
