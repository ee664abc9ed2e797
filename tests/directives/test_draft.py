"""Drafted memoranda: the 2026 layout, and a round trip through the directive parser."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ioreview.directives.draft import Draft, draft_memorandum, roman
from ioreview.directives.draft_inputs import from_directive, from_review
from ioreview.directives.match import match_directive
from ioreview.directives.parse import parse_directive
from ioreview.exc import InvalidData, NotFound
from ioreview.project import Project
from support.cli import run
from support.directives import bundled_registry, directive_on, light_project

REGISTRY = bundled_registry()
TITLE = "Withdrawing the United States from International Organizations"
REVIEW = {
    "id": "review-1",
    "lens": {"id": "us-2025", "name": "White House fact sheet criteria"},
    "as_of": "2026-01-01",
    "results": [
        {"body_id": "who", "determination": "withdraw"},
        {"body_id": "irena", "determination": "withdraw"},
        {"body_id": "unesco", "determination": "remain"},
        {"body_id": "oecd", "determination": "withdraw"},
        {"body_id": "undp", "determination": "withdraw"},
        {"body_id": "nato", "determination": "review"},
        {"body_id": "unitar", "determination": "withdraw"},
        {"body_id": "icao", "determination": "insufficient-evidence"},
    ],
}


@pytest.fixture
def project(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    opened = light_project(db_url, tmp_path / "data")
    monkeypatch.setenv("IOREVIEW_DB", db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(tmp_path / "data"))
    yield opened
    opened.close()


def _parsed_items(draft: Draft) -> list[tuple[str | None, str | None, str | None, str]]:
    parsed = parse_directive(draft.text)
    assert parsed.kind == "memorandum" and parsed.date == draft.date
    assert parsed.title == draft.title
    matched = match_directive(parsed, REGISTRY.matcher)
    assert not matched.unmatched and not matched.low_confidence
    return [(i.section, i.item, i.body_id, i.action.label) for i in matched.items]


def _drafted(draft: Draft) -> list[tuple[str | None, str | None, str | None, str]]:
    return [(i.section, i.item, i.body_id, i.action) for i in draft.items]


def test_the_2026_memorandum_drafted_from_the_ledger_parses_back(project: Project) -> None:
    memo = directive_on(project, "2026-01-07", 66)
    source = from_directive(memo)
    draft = draft_memorandum(
        source.items, REGISTRY, memo.title or TITLE, memo.date or date.today(),
        basis=source.basis, wordings=source.wordings, keep_order=source.keep_order,
    )  # fmt: skip
    recorded = [(i.section, i.item, i.body_id, i.action) for i in memo.items]
    assert len(recorded) == 66
    assert _drafted(draft) == recorded
    assert _parsed_items(draft) == recorded
    assert not draft.warnings
    assert "(a)  Non-United Nations Organizations:" in draft.text
    assert "(b)  United Nations (UN) Organizations:" in draft.text


def test_list_punctuation(project: Project) -> None:
    memo = directive_on(project, "2026-01-07", 66)
    source = from_directive(memo)
    draft = draft_memorandum(source.items, REGISTRY, TITLE, date(2026, 1, 7),
                             wordings=source.wordings, keep_order=True)  # fmt: skip
    # List items start their text in column 10; the general provisions' (i) and (ii) do not.
    listed = [
        line for line in draft.text.splitlines()
        if (found := re.match(r"\([ivxl]+\)\s+", line)) and found.end() == 10
    ]  # fmt: skip
    assert len(listed) == 66
    assert sum(line.endswith("; and") for line in listed) == 2
    assert sum(line.endswith(".") for line in listed) == 2
    assert sum(line.endswith(";") for line in listed) == 62
    assert listed[34].endswith("Venice Commission of the Council of Europe.")
    assert listed[33].endswith("; and") and listed[0].endswith(";")


def test_a_review_is_drafted_by_section_and_name(project: Project) -> None:
    source = from_review(REVIEW)
    assert [body for body, _ in source.items] == ["who", "irena", "oecd", "undp", "unitar"]
    assert "review-1" in source.basis and "us-2025" in source.basis
    draft = draft_memorandum(source.items, REGISTRY, TITLE, date(2026, 3, 1), basis=source.basis)
    sections = {item.body_id: item.section for item in draft.items}
    assert sections == {"irena": "2(a)", "oecd": "2(a)", "undp": "2(b)", "unitar": "2(b)",
                        "who": "2(b)"}  # fmt: skip
    names = [item.wording for item in draft.items if item.section == "2(b)"]
    assert names == sorted(names, key=str.casefold)
    assert _parsed_items(draft) == _drafted(draft)
    assert "March 1, 2026." in draft.text


def test_cease_funding_items_get_their_own_section(project: Project) -> None:
    order = directive_on(project, "2025-02-04")
    source = from_directive(order)
    draft = draft_memorandum(source.items, REGISTRY, order.title or TITLE, date(2025, 2, 4),
                             keep_order=True)  # fmt: skip
    assert [(i.section, i.body_id, i.action) for i in draft.items] == [
        ("2(a)", "unhrc", "withdraw"), ("3(a)", "unrwa", "cease-funding")
    ]  # fmt: skip
    assert "Sec. 3.  Organizations to Which the United States Shall Cease Funding." in draft.text
    assert "Sec. 5.  General Provisions." in draft.text
    assert _parsed_items(draft) == _drafted(draft)


def test_what_cannot_be_drafted_is_refused(project: Project) -> None:
    tax = directive_on(project, "2025-01-20")
    with pytest.raises(InvalidData, match="status:none"):
        from_directive(tax)
    with pytest.raises(InvalidData, match="withdraw"):
        from_review({"results": [{"body_id": "who", "determination": "remain"}]})
    with pytest.raises(InvalidData, match="maybe"):
        from_review({"results": [{"body_id": "who", "determination": "maybe"}]})
    with pytest.raises(InvalidData, match="results"):
        from_review({"items": []})
    with pytest.raises(NotFound, match="no-such-body"):
        draft_memorandum([("no-such-body", "withdraw")], REGISTRY, TITLE, date(2026, 1, 1))
    with pytest.raises(InvalidData, match="review"):
        draft_memorandum([("who", "review")], REGISTRY, TITLE, date(2026, 1, 1))
    with pytest.raises(InvalidData, match="no items"):
        draft_memorandum([], REGISTRY, TITLE, date(2026, 1, 1))


def test_roman_numerals() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 35, 40, 49, 50)] == [
        "i", "iv", "ix", "xiv", "xxxv", "xl", "xlix", "l"
    ]  # fmt: skip
    with pytest.raises(InvalidData):
        roman(0)


def test_cli_draft(project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    review = tmp_path / "review.json"
    review.write_text(json.dumps(REVIEW), encoding="utf-8")
    out = tmp_path / "memo.txt"
    done = run(capsys, "directive", "draft", "--from-review", str(review), "--date", "2026-03-01",
               "--out", str(out))  # fmt: skip
    assert done.code == 0, done.err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Withdrawing the United States of America from International")
    assert "World Health Organization" in text and "UNESCO" not in text
    memo = directive_on(project, "2026-01-07", 66)
    redrafted = run(capsys, "directive", "draft", "--from-directive", memo.id, "--json").json()
    assert redrafted["date"] == "2026-01-07" and len(redrafted["items"]) == 66
    assert redrafted["title"] == memo.title
    neither = run(capsys, "directive", "draft")
    assert neither.code == 2 and "exactly one" in neither.err
    missing = run(capsys, "directive", "draft", "--from-review", str(tmp_path / "nope.json"))
    assert missing.code == 2 and "nope.json" in missing.err
    review.write_text("{not json", encoding="utf-8")
    broken = run(capsys, "directive", "draft", "--from-review", str(review))
    assert broken.code == 2 and "review.json" in broken.err
