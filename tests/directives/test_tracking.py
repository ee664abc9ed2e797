"""``directive track``: appended events, status changes, and refusals that leave the ledger alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ioreview.directives.records import EARLIER_EXITS
from ioreview.directives.rule_table import load_rules
from ioreview.directives.tracking import track
from ioreview.exc import Conflict, InvalidData, NotFound
from ioreview.project import Project
from support.cli import Outcome, run
from support.directives import bundled_registry, directive_on, light_project

URL = "https://example.org/depositary-notification"
BOOK = load_rules(bundled_registry())


@pytest.fixture
def project(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    opened = light_project(db_url, tmp_path / "data")
    monkeypatch.setenv("IOREVIEW_DB", db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(tmp_path / "data"))
    yield opened
    opened.close()


def _memo(project: Project) -> str:
    return directive_on(project, "2026-01-07", 66).id


def _timeline_item(capsys: pytest.CaptureFixture[str], directive: str, body: str) -> dict[str, Any]:
    document = run(capsys, "directive", "timeline", directive, "--on", "2026-12-01", "--json")
    return next(item for item in document.json()["items"] if item["body_id"] == body)


def test_track_appends_and_the_status_moves(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    memo = _memo(project)
    size = project.ledger.size()
    assert _timeline_item(capsys, memo, "unfccc")["status"] == "directed"
    done = run(capsys, "directive", "track", memo, "unfccc", "--status", "notified", "--date",
               "2026-02-27", "--source", URL, "--agency", "Department of State", "--json")  # fmt: skip
    assert done.code == 0, done.err
    result = done.json()
    assert (result["status_before"], result["status"]) == ("directed", "notified")
    assert project.ledger.size() == size + 1 == result["appended"] + 1
    event = result["event"]
    assert event["kind"] == "withdrawal_notified" and event["valid_from"] == "2026-02-27"
    assert event["payload"] == {"directive": memo, "stage": "notified",
                                "agency": "Department of State"}  # fmt: skip
    item = _timeline_item(capsys, memo, "unfccc")
    assert item["status"] == "notified" and item["notified"] == "2026-02-27"
    assert item["earliest_effective"] == "2027-02-27" and item["agency"] == "Department of State"
    assert "overdue" not in item["flags"]


def test_effective_before_the_computed_date_is_refused(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    memo = _memo(project)
    track(project, memo, "itto", "notified", date(2026, 3, 2), URL, rules=BOOK)
    size = project.ledger.size()
    early = run(capsys, "directive", "track", memo, "itto", "--status", "effective", "--date",
                "2026-05-30", "--source", URL)  # fmt: skip
    assert early.code == 2
    assert "2026-05-30" in early.err and "2026-05-31" in early.err  # 90 days after 2 March
    assert project.ledger.size() == size
    on_time = track(project, memo, "itto", "effective", date(2026, 5, 31), URL, rules=BOOK)
    assert on_time.after.status == "effective"
    assert on_time.event.payload["earliest_effective"] == "2026-05-31"
    assert on_time.event.payload["rule"] == "fixed-period"


def test_effective_needs_the_notification_its_rule_runs_from(project: Project) -> None:
    memo = _memo(project)
    size = project.ledger.size()
    with pytest.raises(InvalidData, match="notified"):
        track(project, memo, "sprep", "effective", date(2027, 6, 1), URL, rules=BOOK)
    assert project.ledger.size() == size


def test_effective_under_an_unknown_rule_is_recorded_and_flagged(project: Project) -> None:
    memo = _memo(project)
    result = track(
        project, memo, "colombo-plan-council", "effective", date(2026, 6, 1), URL, rules=BOOK
    )
    assert result.event.payload["flags"] == ["unverified-effective"]
    assert result.event.payload["earliest_effective"] is None
    assert result.after.status == "effective"
    assert result.after.earliest_effective is None
    assert "unverified-effective" in result.after.flags


def test_cessation_runs_from_the_directive_date(project: Project) -> None:
    memo = _memo(project)
    with pytest.raises(InvalidData, match="before directive"):
        track(project, memo, "unfpa", "funding-ceased", date(2026, 1, 6), URL, rules=BOOK)
    ceased = track(project, memo, "unfpa", "funding-ceased", date(2026, 1, 7), URL, rules=BOOK)
    assert ceased.after.status == "funding-ceased"
    effective = track(project, memo, "unfpa", "effective", date(2026, 1, 8), URL, rules=BOOK)
    assert effective.after.status == "effective" and "legal-review" in effective.after.flags


def test_a_stage_is_recorded_once(project: Project) -> None:
    memo = _memo(project)
    track(project, memo, "recaap", "notified", date(2026, 2, 1), URL, rules=BOOK)
    size = project.ledger.size()
    with pytest.raises(Conflict, match="already recorded"):
        track(project, memo, "recaap", "notified", date(2026, 2, 2), URL, rules=BOOK)
    assert project.ledger.size() == size


def test_earlier_exits_are_tracked_without_a_directive(project: Project) -> None:
    result = track(project, EARLIER_EXITS, "who", "funding-ceased", date(2025, 1, 23), URL, rules=BOOK,
                   conditions_met=["dues"])  # fmt: skip
    assert "directive" not in result.event.payload
    assert result.event.payload["conditions_met"] == ["dues"]
    assert "blocked" not in result.after.flags
    with pytest.raises(Conflict):
        track(project, EARLIER_EXITS, "unesco", "effective", date(2026, 12, 31), URL, rules=BOOK)


@pytest.mark.parametrize(
    "args,expected",
    [
        (("no-such-directive", "unfccc", "--status", "notified"), "no-such-directive"),
        (("{memo}", "no-such-body", "--status", "notified"), "no-such-body"),
        (("{memo}", "undp", "--status", "notified"), "not an item"),
        (("{memo}", "unfccc", "--status", "paused"), "paused"),
    ],
)
def test_bad_input_exits_2_and_leaves_the_ledger(
    project: Project, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    memo = _memo(project)
    size = project.ledger.size()
    filled = [arg.replace("{memo}", memo) for arg in args]
    outcome = run(capsys, "directive", "track", *filled, "--date", "2026-03-01", "--source", URL)
    _refused(outcome, expected)
    assert project.ledger.size() == size


@pytest.mark.parametrize("bad", ["2026-02-30", "01/03/2026", "2025-12-31"])
def test_bad_dates_exit_2(project: Project, capsys: pytest.CaptureFixture[str], bad: str) -> None:
    memo = _memo(project)
    size = project.ledger.size()
    outcome = run(capsys, "directive", "track", memo, "unfccc", "--status", "notified",
                  "--date", bad, "--source", URL)  # fmt: skip
    _refused(outcome, bad)
    assert project.ledger.size() == size


def test_library_errors_name_the_value(project: Project) -> None:
    memo = _memo(project)
    with pytest.raises(NotFound, match="no-such-body"):
        track(project, memo, "no-such-body", "notified", date(2026, 3, 1), URL, rules=BOOK)
    with pytest.raises(InvalidData, match="source"):
        track(project, memo, "unfccc", "notified", date(2026, 3, 1), "  ", rules=BOOK)


def _refused(outcome: Outcome, expected: str) -> None:
    assert outcome.code == 2, outcome.out
    assert expected in outcome.err and outcome.err.startswith("error: ")
