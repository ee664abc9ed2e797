"""Malformed COW input: each case is rejected naming file, line, column and the expected form,
and leaves the ledger and the dataset tables as they were (both backends)."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ioreview.exc import InvalidData
from ioreview.ingest.runner import run_import
from ioreview.project import Project
from ioreview.storage.cow_tables import cow_disagreement, cow_igo_year
from support.ingest import COW_FIXTURES, cow_fixture_root, row_count, seeded_project

Rows = list[list[str]]


@pytest.fixture
def project(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    opened = seeded_project(db_url, tmp_path)
    monkeypatch.setenv("IOREVIEW_DATA", str(cow_fixture_root(tmp_path)))
    yield opened
    opened.close()


def rows_of(name: str) -> Rows:
    text = gzip.decompress((COW_FIXTURES / name).read_bytes()).decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def write(path: Path, rows: Rows) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def drop_column(name: str) -> Callable[[Rows], Rows]:
    def change(rows: Rows) -> Rows:
        index = rows[0].index(name)
        return [row[:index] + row[index + 1 :] for row in rows]

    return change


def set_cell(line: int, column: str, value: str) -> Callable[[Rows], Rows]:
    def change(rows: Rows) -> Rows:
        rows[line - 1][rows[0].index(column)] = value
        return rows

    return change


def set_column(column: str, old: str, new: str) -> Callable[[Rows], Rows]:
    def change(rows: Rows) -> Rows:
        index = rows[0].index(column)
        for row in rows[1:]:
            if row[index] == old:
                row[index] = new
        return rows

    return change


def duplicate(line: int) -> Callable[[Rows], Rows]:
    return lambda rows: [*rows[:line], rows[line - 1], *rows[line:]]


def assert_unchanged(project: Project, size: int) -> None:
    assert project.ledger.size() == size
    assert row_count(project, cow_igo_year) == 0 and row_count(project, cow_disagreement) == 0
    loaded = [e for e in project.ledger.events() if e.kind == "dataset_loaded"]
    assert all(e.payload["dataset"] != "cow" for e in loaded)


IGO_YEAR_CASES = [
    (drop_column("ionum"), r"f\.csv:1:ionum: missing column 'ionum': expected the columns ioname"),
    (set_cell(5, "usa", "x"),
     r"f\.csv:5:usa: status 'x': expected one of 0, 1, 2, 3, -9, -1 or empty"),
    (set_cell(7, "year", "19x2"), r"f\.csv:7:year: year '19x2': expected a whole number"),
    (set_column("ionum", "2830", "99999"),
     r"f\.csv:\d+:ionum: ionum 99999 names no registry body: expected a COW IGO number"),
    (duplicate(4), r"f\.csv:5:year: duplicate IGO-year \(ionum 1050, year 1818\), first at line "
                   r"4: expected one row per IGO and year"),
    (set_cell(9, "dead", "yes"), r"f\.csv:9:dead: dead 'yes': expected 0 or 1"),
    (lambda rows: [row[:-1] if n == 6 else row for n, row in enumerate(rows, 1)],
     r"f\.csv:6:social: 15 fields, expected 16"),
    (drop_column("france"), r"f\.csv:1:france: state 'france' of state_year_formatv3\.csv\.gz has no "
                            r"column here: expected one column per state"),
]  # fmt: skip


@pytest.mark.parametrize(
    "damage, message",
    IGO_YEAR_CASES,
    ids=["missing column", "non-numeric status", "non-numeric year", "unknown IGO",
         "duplicate key", "bad flag", "short row", "state column missing"],
)  # fmt: skip
def test_bad_igo_year_file(
    project: Project, tmp_path: Path, damage: Callable[[Rows], Rows], message: str
) -> None:
    size = project.ledger.size()
    broken = write(tmp_path / "f.csv", damage(rows_of("igo_year.csv.gz")))
    with pytest.raises(InvalidData, match=message):
        run_import(project, "cow", broken)
    assert_unchanged(project, size)


SY = r"state_year_formatv3\.csv\.gz"
STATE_YEAR_CASES = [
    (set_column("ccode", "20", "9999"),
     SY + r":\d+:ccode: ccode 9999 \(canada\) names no registry actor: expected a COW country"),
    (set_cell(3, "ilo", "one"), SY + r":3:ilo: status 'one': expected one of 0, 1, 2, 3, -9 or -1"),
    (set_cell(3, "ilo", ""), SY + r":3:ilo: status '': expected one of 0, 1, 2, 3, -9 or -1"),
    (duplicate(2), SY + r":3:year: duplicate state-year \(ccode 2, year 1816\), first at line 2"),
    (drop_column("irsg"), SY + r":1:irsg: IGO 'irsg' of igo_year_formatv3\.csv\.gz has no "
                               r"column here: expected one column per IGO"),
    (lambda rows: [["year", "ccode", *rows[0][2:]], *rows[1:]],
     SY + r":1:year: the header starts 'year,ccode,state': expected 'ccode,year,state' first"),
]  # fmt: skip


@pytest.mark.parametrize(
    "damage, message",
    STATE_YEAR_CASES,
    ids=["unknown country", "non-numeric status", "empty status", "duplicate key",
         "IGO column missing", "header order"],
)  # fmt: skip
def test_bad_state_year_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[Rows], Rows], message: str,
) -> None:  # fmt: skip
    # The runner reads the state-year role from the data folder: a plain CSV under the
    # bundled name (the reader tells gzip from plain text by the first bytes).
    broken = write(tmp_path / "s.csv", damage(rows_of("state_year.csv.gz")))
    monkeypatch.setenv("IOREVIEW_DATA", str(cow_fixture_root(tmp_path / "b", state_year=broken)))
    size = project.ledger.size()
    with pytest.raises(InvalidData, match=message):
        run_import(project, "cow")
    assert_unchanged(project, size)


def test_empty_file(project: Project, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    size = project.ledger.size()
    with pytest.raises(
        InvalidData, match=r"empty\.csv:1:ioname: the file is empty: expected a header line with"
    ):
        run_import(project, "cow", empty)
    gzipped = tmp_path / "empty.csv.gz"
    gzipped.write_bytes(gzip.compress(b""))
    with pytest.raises(InvalidData, match=r"empty\.csv\.gz:1:ioname: the file is empty"):
        run_import(project, "cow", gzipped)
    assert_unchanged(project, size)


def test_wrong_encoding(project: Project, tmp_path: Path) -> None:
    rows = rows_of("igo_year.csv.gz")
    rows[3][rows[0].index("ioname")] = "CCNR\u00e9"
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(text.getvalue().encode("latin-1"))
    size = project.ledger.size()
    with pytest.raises(
        InvalidData,
        match=r"latin\.csv:4:ioname: byte 0xe9 is not UTF-8 text: expected a UTF-8 CSV file",
    ):
        run_import(project, "cow", latin)
    broken_gzip = tmp_path / "broken.csv.gz"
    broken_gzip.write_bytes(gzip.compress(b"ioname,year\n")[:12])
    with pytest.raises(InvalidData, match=r"broken\.csv\.gz:1: not a readable gzip file"):
        run_import(project, "cow", broken_gzip)
    assert_unchanged(project, size)
