"""The importer framework: no-op re-imports, change reconciliation, all-or-nothing loads.

The US funding importer serves as the subject; its input is rewritten in each test.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from ioreview.exc import InvalidData
from ioreview.ingest.runner import run_import
from ioreview.project import Project, init_project, open_project
from ioreview.registry import data_root
from ioreview.settings import load_settings

BUNDLED = data_root() / "sources/memorandum-2026/us-funding.csv"


@pytest.fixture
def project(db_url: str, tmp_path: Path) -> Iterator[Project]:
    settings = load_settings({"IOREVIEW_DATA_DIR": str(tmp_path / "data")}, db_url=db_url)
    init_project(settings, importers=["us_funding"])
    opened = open_project(settings)
    yield opened
    opened.close()


def _rows() -> tuple[list[str], list[dict[str, str]]]:
    with BUNDLED.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _loaded(project: Project) -> list[dict[str, object]]:
    return [
        e.payload for e in project.ledger.events()
        if e.kind == "dataset_loaded" and e.payload["dataset"] == "us_funding"
    ]  # fmt: skip


def test_bundled_load_is_recorded_once(project: Project) -> None:
    # init already ran the bundled importer.
    loads = _loaded(project)
    assert len(loads) == 1 and loads[0]["appended"] == 29
    size = project.ledger.size()
    again = run_import(project, "us_funding")
    assert again.unchanged and project.ledger.size() == size


def test_changed_file_appends_only_the_changes(project: Project, tmp_path: Path) -> None:
    header, rows = _rows()
    changed = [dict(row) for row in rows]
    us_rows = [i for i, r in enumerate(changed) if not r["note"].startswith("WHOLE-BODY")]
    edited, removed = us_rows[0], us_rows[1]
    changed[edited]["quote"] = changed[edited]["quote"] + " (re-read)"
    del changed[removed]
    size = project.ledger.size()
    report = run_import(project, "us_funding", _write(tmp_path / "f.csv", header, changed))
    assert (report.appended, report.superseded, report.retracted) == (0, 1, 1)
    assert report.kept == 27
    new = project.ledger.entries(size)
    assert len(new) == 3  # the superseding event, the correction, dataset_loaded
    events = list(project.ledger.events())[size:]
    assert events[0].supersedes and events[1].kind == "correction"
    assert events[2].kind == "dataset_loaded"


def test_rejected_record_leaves_everything_unchanged(project: Project, tmp_path: Path) -> None:
    header, rows = _rows()
    rows[3]["amount"] = "12,5"
    size = project.ledger.size()
    with pytest.raises(InvalidData, match=r"f\.csv:5:amount: amount '12,5'"):
        run_import(project, "us_funding", _write(tmp_path / "f.csv", header, rows))
    assert project.ledger.size() == size


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda h, r: (h[:-1], [{k: v for k, v in x.items() if k != "note"} for x in r]),
         "missing \\['note'\\]"),
        (lambda h, r: (h, []), "records = 0, expected at least 20"),
        (lambda h, r: (h, r + [r[-1]]), "duplicate record key"),
    ],
    ids=["missing column", "no records", "duplicate key"],
)
def test_bad_files_are_named(project: Project, tmp_path: Path, damage: object,
                             message: str) -> None:
    header, rows = _rows()
    new_header, new_rows = damage(header, rows)  # type: ignore[operator]
    size = project.ledger.size()
    with pytest.raises(InvalidData, match=message):
        run_import(project, "us_funding", _write(tmp_path / "f.csv", new_header, new_rows))
    assert project.ledger.size() == size


def test_empty_and_wrongly_encoded_files(project: Project, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InvalidData, match="empty.csv: the file is empty"):
        run_import(project, "us_funding", empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(BUNDLED.read_text(encoding="utf-8").replace("a", "\u00e9", 1)
                      .encode("latin-1", errors="replace"))
    with pytest.raises(InvalidData, match="latin.csv: byte .* is not utf-8-sig"):
        run_import(project, "us_funding", latin)


def test_dry_run_counts_and_rolls_back(project: Project, tmp_path: Path) -> None:
    header, rows = _rows()
    rows[0]["quote"] += " (changed)"
    size = project.ledger.size()
    report = run_import(project, "us_funding", _write(tmp_path / "f.csv", header, rows),
                        dry_run=True)
    assert report.dry_run and report.superseded == 1
    assert project.ledger.size() == size
