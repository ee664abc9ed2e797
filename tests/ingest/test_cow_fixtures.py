"""The COW importer on small fixtures cut from the bundled files, on both backends.

The expected events come from a plain reading of the fixture cells in this module (one loop
per state and IGO), independent of the importer's array code.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from ioreview.engagements import status
from ioreview.ingest.runner import run_import
from ioreview.ledger.events import Event
from ioreview.project import Project
from ioreview.storage.cow_tables import cow_disagreement, cow_igo_year
from support.ingest import COW_FIXTURES, cow_fixture_root, row_count, seeded_project

MEMBER = {"1", "2", "3"}
ROLE = {"1": "member", "2": "associate", "3": "observer"}
CCODE = {"usa": 2, "canada": 20, "yugoslaviaserb": 345, "france": 220}


@pytest.fixture
def project(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    opened = seeded_project(db_url, tmp_path)
    monkeypatch.setenv("IOREVIEW_DATA", str(cow_fixture_root(tmp_path)))
    yield opened
    opened.close()


def read_fixture(name: str) -> list[dict[str, str]]:
    text = gzip.decompress((COW_FIXTURES / name).read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def actor_of(state: str, year: int) -> str:
    # COW 345: the registry's YUG spell ends 2006-06-03, SRB's starts then (most of 2006).
    if state == "yugoslaviaserb":
        return "YUG" if year <= 2005 else "SRB"
    return {"usa": "USA", "canada": "CAN", "france": "FRA"}[state]


def expected_events(bodies: dict[int, str]) -> list[tuple[str, str, str, str, date]]:
    """(key, kind, actor, body, valid_from) from a year-by-year walk over the fixture."""
    rows = read_fixture("igo_year.csv.gz")
    last_year = max(int(r["year"]) for r in rows)
    found = []
    for state, ccode in sorted(CCODE.items(), key=lambda item: item[1]):
        for ionum in sorted({int(r["ionum"]) for r in rows}):
            years = sorted(
                (int(r["year"]), r[state]) for r in rows if int(r["ionum"]) == ionum
            )  # fmt: skip
            body = bodies[ionum]
            held: str | None = None  # code of the open spell
            previous_year = None
            for year, code in years:
                broken = previous_year is None or year != previous_year + 1
                if (
                    held is not None
                    and not broken
                    and actor_of(state, year) != actor_of(state, year - 1)
                ):
                    broken = True
                if held is not None and (broken or code not in MEMBER):
                    end = previous_year + 1  # type: ignore[operator]
                    found.append((f"{ccode}/{ionum}/{end}/left", "left",
                                  actor_of(state, end - 1), body, date(end, 1, 1)))  # fmt: skip
                    held = None
                if code in MEMBER:
                    kind = "joined" if held is None else "status_changed"
                    if held != code:
                        found.append((f"{ccode}/{ionum}/{year}/{kind}", kind,
                                      actor_of(state, year), body, date(year, 1, 1)))  # fmt: skip
                    held = code
                previous_year = year
            if held is not None and previous_year is not None and previous_year < last_year:
                end = previous_year + 1
                found.append((f"{ccode}/{ionum}/{end}/left", "left",
                              actor_of(state, end - 1), body, date(end, 1, 1)))  # fmt: skip
    return found


def cow_events(project: Project) -> list[Event]:
    return [
        e for e in project.ledger.events() if str(e.payload.get("import_key", "")).startswith("cow:")
    ]  # fmt: skip


def bodies_by_ionum(project: Project) -> dict[int, str]:
    return {b.external_ids.cow: b.id for b in project.registry().bodies if b.external_ids.cow}


def test_events_match_a_plain_reading(project: Project) -> None:
    report = run_import(project, "cow")
    events = cow_events(project)
    got = [
        (str(e.payload["import_key"]).removeprefix("cow:"), e.kind, e.actor, e.body, e.valid_from)
        for e in events
    ]
    assert got == expected_events(bodies_by_ionum(project))
    assert report.counts["spells"] == sum(1 for e in events if e.kind == "joined")
    assert report.counts["open_at_end"] == sum(1 for e in events if e.payload.get("open_at_end"))


def test_payloads_label_observed_codings(project: Project) -> None:
    run_import(project, "cow")
    events = cow_events(project)
    assert events and all(e.payload["observed"] == "cow" for e in events)
    for event in events:
        assert isinstance(event.payload["ionum"], int) and isinstance(event.payload["ccode"], int)
        assert "cow_status" in event.payload
        if event.kind == "left":
            assert event.payload["reason"] in ("coding change", "actor boundary")
            assert isinstance(event.payload["igo_dead"], bool)
        else:
            key = "role" if event.kind == "joined" else "status"
            assert event.payload[key] == ROLE[str(event.payload["cow_status"])]
    assert not {e.kind for e in events} & {"withdrawal_notified", "withdrawal_effective"}
    # Yugoslavia/Serbia in ILO: one spell to 2005 (YUG), one from 2006 (SRB).
    boundary = {e.actor: e for e in events if e.payload.get("reason") == "actor boundary"}
    assert boundary["YUG"].valid_from == date(2006, 1, 1)
    successor = [e for e in events if e.payload.get("predecessor") == "YUG"]
    assert {(e.actor, e.body) for e in successor} >= {("SRB", "ilo")}


def test_open_spells_are_marked_on_their_last_event(project: Project) -> None:
    run_import(project, "cow")
    events = cow_events(project)
    last: dict[tuple[str | None, str | None], Event] = {}
    for event in events:
        last[(event.actor, event.body)] = event
    for event in events:
        if event.payload.get("open_at_end"):
            assert last[(event.actor, event.body)] is event and event.kind != "left"
    # The US is coded 1 in ILO 1980-2014: an open spell, no left after 1980.
    us_ilo = [e for e in events if (e.actor, e.body) == ("USA", "ilo")]
    assert [e.kind for e in us_ilo] == ["joined", "left", "joined"]
    assert us_ilo[-1].payload.get("open_at_end") is True


def test_us_ilo_status_follows_the_coding(project: Project) -> None:
    run_import(project, "cow")
    assert status(project, "USA", "ilo", date(1979, 6, 1)).status == "none"
    assert status(project, "USA", "ilo", date(1981, 6, 1)).status == "member"


def test_dataset_tables(project: Project) -> None:
    run_import(project, "cow")
    rows = read_fixture("igo_year.csv.gz")
    assert row_count(project, cow_igo_year) == len(rows)
    with project.engine.connect() as connection:
        stored = {
            (r.ionum, r.year): (r.full, r.observer)
            for r in connection.execute(select(cow_igo_year))
        }
        disagreements = {
            (r.ccode, r.ionum, r.year): (r.igo_year_value, r.state_year_value)
            for r in connection.execute(select(cow_disagreement).where(
                cow_disagreement.c.kind == "code"))
        }  # fmt: skip
    for row in rows:
        cells = [row[s] for s in CCODE]
        assert stored[(int(row["ionum"]), int(row["year"]))] == (cells.count("1"), cells.count("3"))
    # Cells that both files code with a status and that differ.
    igo_cells = {(CCODE[s], r["ioname"].lower(), int(r["year"])): r[s] for r in rows for s in CCODE}
    ionum = {r["ioname"].lower(): int(r["ionum"]) for r in rows}
    codes = {"0", "1", "2", "3", "-9"}
    expected = {}
    for row in read_fixture("state_year.csv.gz"):
        for name in ionum:
            key = (int(row["ccode"]), name, int(row["year"]))
            mine, theirs = igo_cells.get(key), row[name]
            if mine in codes and theirs in codes and mine != theirs:
                expected[(key[0], ionum[name], key[2])] = (int(mine), int(theirs))
    assert disagreements == expected
    assert expected[(2, ionum["irsg"], 2014)] == (0, 1)


def test_same_files_twice_change_nothing(project: Project) -> None:
    run_import(project, "cow")
    size = project.ledger.size()
    again = run_import(project, "cow")
    assert again.unchanged and project.ledger.size() == size


def test_a_changed_cell_appends_only_the_change(project: Project, tmp_path: Path) -> None:
    run_import(project, "cow")
    size = project.ledger.size()
    text = gzip.decompress((COW_FIXTURES / "igo_year.csv.gz").read_bytes()).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    for row in rows:  # Canada in UNESCO, coded 1 from 1945 to 2014: 0 in 2000
        if row["ioname"] == "UNESCO" and row["year"] == "2000":
            row["canada"] = "0"
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = run_import(project, "cow", changed)
    # The 1945 joined loses open_at_end (superseded); left 2000 and joined 2001 are new.
    assert (report.appended, report.superseded, report.retracted) == (2, 1, 0)
    new = list(project.ledger.events())[size:]
    assert [(e.kind, e.actor, e.body, e.valid_from) for e in new[:3]] == [
        ("joined", "CAN", "unesco", date(1945, 1, 1)),
        ("left", "CAN", "unesco", date(2000, 1, 1)),
        ("joined", "CAN", "unesco", date(2001, 1, 1)),
    ]
    assert new[0].supersedes and new[-1].kind == "dataset_loaded"
    assert status(project, "CAN", "unesco", date(2000, 6, 1)).status == "none"
