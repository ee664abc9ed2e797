"""Timelines of directive items: documented effective dates, rules, statuses and flags.

Golden dates are the ones the sources give: withdrawal-rules.csv ``us_effective`` (Paris
Agreement 2026-01-27, WHO 2026-01-22, UNESCO 2026-12-31; also anchors.md §2.6).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ioreview.directives.records import EARLIER_EXITS, DirectiveItem, load_directive
from ioreview.directives.rule_table import load_rules
from ioreview.directives.rules import RULE_KINDS
from ioreview.directives.timeline import Timeline, directive_timeline, item_timeline
from ioreview.ledger.events import Event, Source
from ioreview.project import Project
from support.cli import run
from support.directives import bundled_registry, directive_on, light_project

BOOK = load_rules(bundled_registry())
MEMO_DAY = date(2026, 1, 7)
URL = "https://example.org/notice"


@pytest.fixture
def project(db_url: str, tmp_path: Path) -> Iterator[Project]:
    opened = light_project(db_url, tmp_path / "data")
    yield opened
    opened.close()


def _timeline(project: Project, directive_id: str, on: date) -> Timeline:
    with project.engine.connect() as connection:
        directive = load_directive(connection, directive_id)
        return directive_timeline(connection, directive, BOOK, on)


def _by_body(timeline: Timeline) -> dict[str, Any]:
    return {item.item.body_id: item for item in timeline.items}


def test_earlier_exits_give_the_documented_effective_dates(project: Project) -> None:
    items = _by_body(_timeline(project, EARLIER_EXITS, date(2026, 12, 1)))
    assert set(items) == {"who", "paris-agreement", "unesco"}
    paris, unesco, who = items["paris-agreement"], items["unesco"], items["who"]
    assert (paris.notified, paris.earliest_effective) == (date(2025, 1, 27), date(2026, 1, 27))
    assert (unesco.notified, unesco.earliest_effective) == (date(2025, 7, 22), date(2026, 12, 31))
    assert (who.notified, who.earliest_effective) == (date(2025, 1, 22), date(2026, 1, 22))
    assert "blocked" in who.flags and who.conditions == ("dues",)
    assert paris.status == who.status == "effective"
    assert unesco.status == "notified"  # its recorded effective date is still ahead
    assert unesco.effective == date(2026, 12, 31)
    assert all(item.basis == "notification" for item in items.values())


def test_the_memorandum_lists_all_66_items_with_a_rule_or_unknown(project: Project) -> None:
    memo = directive_on(project, "2026-01-07", 66)
    as_of = date(2026, 3, 1)
    timeline = _timeline(project, memo.id, as_of)
    assert len(timeline.items) == 66 and not timeline.skipped
    for item in timeline.items:
        assert item.rule.kind in RULE_KINDS
        assert item.status == "directed" and item.notified is None
        if item.rule.kind == "unknown":
            assert item.earliest_effective is None and item.basis == "none"
            assert item.rule.source_json() is None
        elif item.rule.needs_notice and item.earliest_effective is not None:
            assert item.basis == "if-notified-on-as-of"
            assert item.earliest_effective == item.rule.earliest_effective(as_of)
    counts = timeline.counts()["rule"]
    assert sum(counts.values()) == 66
    by_body = _by_body(timeline)
    assert by_body["unfccc"].earliest_effective == date(2027, 3, 1)  # Art. 25: one year
    assert by_body["irena"].earliest_effective == date(2026, 12, 31)
    assert by_body["iccrom"].earliest_effective == date(2027, 12, 31)
    assert by_body["un-women"].earliest_effective == MEMO_DAY
    assert "legal-review" in by_body["un-women"].flags
    assert "default-rule" in by_body["cec"].flags


def test_overdue_after_the_documented_threshold(project: Project) -> None:
    memo = directive_on(project, "2026-01-07", 66)
    on_day_90 = _by_body(_timeline(project, memo.id, date(2026, 4, 7)))["unfccc"]
    on_day_91 = _by_body(_timeline(project, memo.id, date(2026, 4, 8)))["unfccc"]
    assert "overdue" not in on_day_90.flags
    assert "overdue" in on_day_91.flags


def test_instrument_end_is_flagged(project: Project) -> None:
    memo = directive_on(project, "2026-01-07", 66)
    before = _by_body(_timeline(project, memo.id, date(2026, 9, 1)))["itto"]
    after = _by_body(_timeline(project, memo.id, date(2026, 9, 30)))["itto"]
    assert before.earliest_effective == date(2026, 11, 30)
    assert "instrument-expires" not in before.flags
    assert after.earliest_effective == date(2026, 12, 29)
    assert "instrument-expires" in after.flags


def test_executive_order_items(project: Project) -> None:
    order = directive_on(project, "2025-02-04")
    items = _by_body(_timeline(project, order.id, date(2025, 3, 1)))
    assert items["unrwa"].status == "funding-ceased"
    assert items["unhrc"].status == "directed"
    assert all("legal-review" in item.flags for item in items.values())


def test_events_of_another_directive_and_retracted_events_do_not_count(project: Project) -> None:
    memo = directive_on(project, "2026-01-07", 66)
    notice = Event(
        kind="withdrawal_notified", actor="USA", body="unfccc", valid_from=date(2026, 2, 1),
        payload={"directive": "some-other-directive"}, source=Source(uri=URL),
    )  # fmt: skip
    project.ledger.append([notice])
    assert _by_body(_timeline(project, memo.id, date(2026, 3, 1)))["unfccc"].notified is None
    own = Event(
        kind="withdrawal_notified", actor="USA", body="unfccc", valid_from=date(2026, 2, 2),
        payload={"directive": memo.id, "stage": "notified"}, source=Source(uri=URL),
    )  # fmt: skip
    [appended] = project.ledger.append([own])
    item = _by_body(_timeline(project, memo.id, date(2026, 3, 1)))["unfccc"]
    assert (item.status, item.notified) == ("notified", date(2026, 2, 2))
    assert item.earliest_effective == date(2027, 2, 2)
    assert appended.seq is not None
    retract = Event(kind="correction", supersedes=(appended.seq,), source=Source(uri=URL))
    project.ledger.append([retract])
    assert _by_body(_timeline(project, memo.id, date(2026, 3, 1)))["unfccc"].status == "directed"


def _event(kind: str, body: str, day: date, seq: int, **payload: Any) -> Event:
    return Event(
        kind=kind, actor="USA", body=body, valid_from=day, payload=payload,
        source=Source(uri=URL), seq=seq,
    )  # fmt: skip


def _item(body: str) -> DirectiveItem:
    return DirectiveItem(body_id=body, action="withdraw", actor="USA", seq=1, directed=MEMO_DAY)


def test_minimum_period_from_the_instrument() -> None:
    # IRENA Statute Art. XV(C): notice only after five years from entry into force (8 Jul 2010).
    irena = BOOK.get("irena")
    early = item_timeline(_item("irena"), irena, [], date(2014, 1, 1))
    assert early.earliest_effective == date(2015, 12, 31)  # notice allowed from 2015-07-08
    assert "minimum-period" not in early.flags
    notified = [_event("withdrawal_notified", "irena", date(2014, 3, 1), 5)]
    too_soon = item_timeline(_item("irena"), irena, notified, date(2014, 6, 1))
    assert too_soon.earliest_effective == date(2015, 12, 31)
    assert "minimum-period" in too_soon.flags
    later = [_event("withdrawal_notified", "irena", date(2016, 3, 1), 5)]
    fine = item_timeline(_item("irena"), irena, later, date(2016, 6, 1))
    assert fine.earliest_effective == date(2016, 12, 31) and "minimum-period" not in fine.flags


def test_minimum_period_from_membership() -> None:
    # ICCROM Statutes Art. 10: notice only after two years from accession.
    iccrom = BOOK.get("iccrom")
    unchecked = item_timeline(_item("iccrom"), iccrom, [], date(2026, 3, 1))
    assert "minimum-period-unchecked" in unchecked.flags
    joined = [_event("joined", "iccrom", date(2025, 6, 1), 2)]
    moved = item_timeline(_item("iccrom"), iccrom, joined, date(2026, 3, 1))
    assert moved.earliest_effective == date(2028, 12, 31)  # notice from 2027-06-01
    assert not {"minimum-period", "minimum-period-unchecked"} & set(moved.flags)
    early = [*joined, _event("withdrawal_notified", "iccrom", date(2026, 2, 1), 3)]
    flagged = item_timeline(_item("iccrom"), iccrom, early, date(2026, 3, 1))
    assert "minimum-period" in flagged.flags and flagged.earliest_effective == date(2028, 12, 31)


def test_a_condition_met_clears_blocked_and_dates_are_checked() -> None:
    who = BOOK.get("who")
    notice = _event("withdrawal_notified", "who", date(2025, 1, 22), 3)
    blocked = item_timeline(_item("who"), who, [notice], date(2025, 6, 1))
    assert "blocked" in blocked.flags
    met = _event("funding_ceased", "who", date(2025, 3, 1), 4, conditions_met=["dues"])
    clear = item_timeline(_item("who"), who, [notice, met], date(2025, 6, 1))
    assert "blocked" not in clear.flags and clear.status == "funding-ceased"
    early = _event("withdrawal_effective", "who", date(2025, 12, 1), 5)
    wrong = item_timeline(_item("who"), who, [notice, early], date(2026, 1, 1))
    assert "effective-before-earliest" in wrong.flags


def test_a_body_without_a_rule_never_gets_a_date() -> None:
    rule = BOOK.rule("colombo-plan-council")
    assert rule.kind == "unknown"
    notice = _event("withdrawal_notified", "colombo-plan-council", date(2026, 2, 1), 3)
    item = item_timeline(_item("colombo-plan-council"), rule, [notice], date(2026, 3, 1))
    assert item.earliest_effective is None and item.basis == "none"
    effective = _event("withdrawal_effective", "colombo-plan-council", date(2026, 2, 2), 4)
    done = item_timeline(_item("colombo-plan-council"), rule, [notice, effective], date(2026, 3, 1))
    assert done.earliest_effective is None and "unverified-effective" in done.flags


def test_cli_json_contract(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOREVIEW_DB", project.settings.db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(project.settings.data_dir))
    listed = run(capsys, "directive", "list", "--json").json()
    ids = [entry["id"] for entry in listed]
    assert ids[-1] == EARLIER_EXITS and len(ids) == len(set(ids))
    memo = directive_on(project, "2026-01-07", 66)
    shown = run(capsys, "directive", "show", memo.id, "--json").json()
    assert set(shown) == {"id", "title", "date", "items"}
    assert shown["id"] == memo.id and shown["date"] == "2026-01-07"
    assert len(shown["items"]) == 66
    assert set(shown["items"][0]) == {"section", "item", "body_id", "action"}
    assert shown["items"][0] == {"section": "2(a)", "item": "i", "body_id": "24-7-cfe-compact",
                                 "action": "withdraw"}  # fmt: skip
    timeline = run(capsys, "directive", "timeline", EARLIER_EXITS, "--on", "2026-02-01",
                   "--json").json()  # fmt: skip
    wanted = {"body_id", "rule", "rule_source", "notified", "earliest_effective", "status", "flags"}
    assert all(wanted <= set(item) for item in timeline["items"])
    dates = {item["body_id"]: item["earliest_effective"] for item in timeline["items"]}
    assert dates == {"who": "2026-01-22", "paris-agreement": "2026-01-27", "unesco": "2026-12-31"}
    text = run(capsys, "directive", "timeline", memo.id, "--on", "2026-02-01")
    assert text.code == 0 and "unfccc" in text.out and "fixed-period" in text.out
    unknown = run(capsys, "directive", "timeline", "no-such-directive")
    assert unknown.code == 2 and "no-such-directive" in unknown.err
    bad = run(capsys, "directive", "timeline", memo.id, "--on", "2026-13-01")
    assert bad.code == 2 and "2026-13-01" in bad.err
