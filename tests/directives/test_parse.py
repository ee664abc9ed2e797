"""Parsing of directive texts: cleaning, structure, dates, items; bad input."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directives.support import (
    FIXTURES,
    MEMO_DATE,
    fact_sheet_path,
    memo_forms,
    memo_markdown_path,
    memo_rows,
    memo_text_path,
)
from ioreview.directives.actions import classify, context_action
from ioreview.directives.parse import ParsedDirective, parse_directive
from ioreview.directives.text import (
    clean_blocks,
    clean_inline,
    clean_text,
    read_directive_file,
    split_front_matter,
)
from ioreview.exc import InvalidData

FORMS = memo_forms()


@pytest.fixture(params=sorted(FORMS))
def memo(request: pytest.FixtureRequest) -> ParsedDirective:
    return FORMS[request.param][1]


# --- the 2026 memorandum, both forms -------------------------------------------------------


def test_memorandum_has_66_items_35_and_31(memo: ParsedDirective) -> None:
    assert len(memo.mentions) == 66
    assert Counter(m.section for m in memo.mentions) == {"2(a)": 35, "2(b)": 31}
    assert {m.origin for m in memo.mentions} == {"list"}
    assert {m.action.kind for m in memo.mentions} == {"withdraw"}


def test_memorandum_items_equal_the_crosswalk(memo: ParsedDirective) -> None:
    expected = [(row["section"], row["item"], row["name"]) for row in memo_rows()]
    assert [(m.section, m.item, m.text) for m in memo.mentions] == expected


def test_memorandum_locators_and_wrapped_item(memo: ParsedDirective) -> None:
    by_locator = {m.locator: m for m in memo.mentions}
    assert by_locator["Sec. 2(a)(xiv)"].text == "Intergovernmental Panel on Climate Change"
    # Item 2(a)(v) is wrapped over a blank line in both forms.
    assert by_locator["Sec. 2(a)(v)"].text == (
        "European Centre of Excellence for Countering Hybrid Threats"
    )
    assert by_locator["Sec. 2(b)(ii)"].text == (
        "UN Economic and Social Council (ECOSOC) \u2014 Economic Commission for Africa"
    )
    assert by_locator["Sec. 2(a)(xxxiv)"].text == (
        "Secretariat of the Pacific Regional Environment Programme"
    )


def test_memorandum_metadata(memo: ParsedDirective) -> None:
    assert memo.title == (
        "Withdrawing the United States from International Organizations, Conventions, and "
        "Treaties that Are Contrary to the Interests of the United States"
    )
    assert memo.date == MEMO_DATE
    assert memo.kind == "memorandum"
    assert memo.slug == "pm-2026-01-07"
    assert [(s.number, s.heading) for s in memo.sections] == [
        ("1", "Purpose"),
        ("2", "Organizations from Which the United States Shall Withdraw"),
        ("3", "Implementation Guidance"),
        ("4", "General Provisions"),
    ]


def test_memorandum_general_provisions_are_not_items(memo: ParsedDirective) -> None:
    assert not [m for m in memo.mentions if m.section and m.section.startswith("4")]
    # Sec. 1(c) orders withdrawal from "the organizations listed in section 2": a reference.
    assert [(r.locator, r.text) for r in memo.references] == [
        ("Sec. 1(c)", "organizations listed in section 2 of this memorandum")
    ]


def test_both_forms_agree() -> None:
    text, markdown = FORMS["text"][1], FORMS["markdown"][1]
    assert [(m.locator, m.text) for m in text.mentions] == [
        (m.locator, m.text) for m in markdown.mentions
    ]
    assert markdown.source_url is not None and text.source_url is None


def test_markdown_date_comes_from_front_matter() -> None:
    raw = memo_markdown_path().read_text(encoding="utf-8")
    assert parse_directive(raw).date == MEMO_DATE
    assert parse_directive(raw, date=MEMO_DATE).date == MEMO_DATE
    with pytest.raises(InvalidData, match="contradicts the front matter date 2026-01-07"):
        parse_directive(raw, date=dt.date(2026, 1, 8), filename="memo.md")


def test_plain_text_without_date_asks_for_date() -> None:
    raw = memo_text_path().read_text(encoding="utf-8")
    # "February 4, 2025" in Sec. 1(a) is not the issue date.
    with pytest.raises(InvalidData, match=r"memorandum\.txt: no issue date.*pass --date"):
        parse_directive(raw, filename="memorandum.txt")
    with pytest.raises(InvalidData, match="pass --date"):
        parse_directive((FIXTURES / "no-date.txt").read_text(encoding="utf-8"))


def test_signature_date_is_read() -> None:
    parsed = parse_directive((FIXTURES / "prose-order.txt").read_text(encoding="utf-8"))
    assert parsed.date == dt.date(2031, 3, 5)
    assert parsed.title == "TEST FIXTURE: Ending Funding to Certain Organizations"


def test_fact_sheet_names_no_items() -> None:
    parsed = parse_directive(fact_sheet_path().read_text(encoding="utf-8"))
    assert parsed.kind == "fact-sheet"
    assert parsed.mentions == () and parsed.date == MEMO_DATE


def test_bad_front_matter_date() -> None:
    with pytest.raises(InvalidData, match="front matter date '7 Jan 2026'"):
        parse_directive("---\ndate: 7 Jan 2026\n---\nSection 1. Purpose. Text.\n")
    with pytest.raises(InvalidData, match="front matter is not valid YAML"):
        parse_directive("---\ndate: [unclosed\n---\nSection 1. Purpose. Text.\n")
    with pytest.raises(InvalidData, match="is not a mapping"):
        parse_directive("---\n- a list\n---\nSection 1. Purpose. Text.\n")


def test_empty_documents() -> None:
    with pytest.raises(InvalidData, match="x.txt: empty document"):
        parse_directive(" \n\u00a0\n", filename="x.txt")
    with pytest.raises(InvalidData, match="no text after the front matter"):
        parse_directive("---\ndate: '2026-01-07'\n---\n\n")


# --- numbering ------------------------------------------------------------------------------


def test_roman_and_letter_markers_are_told_apart() -> None:
    lines = ["Sec. 1. Lists. (a) Withdrawal from the following organizations:"]
    lines += [f"({n}) Body {n};" for n in ("i", "ii", "iii", "iv", "v")]
    lines += ["(b) Other text.", "(c) More text.", "(d) Still more.", "(e) x.", "(f) x."]
    lines += ["(g) x.", "(h) x.", "(i) Ninth subsection.", "Sec. 2. Next. (a) Text."]
    parsed = parse_directive("\n\n".join(lines), date=MEMO_DATE)
    assert [(m.section, m.item) for m in parsed.mentions] == [
        ("1(a)", n) for n in ("i", "ii", "iii", "iv", "v")
    ]
    levels = [block.levels for s in parsed.sections for block in s.blocks]
    assert ("i",) in levels and ("c",) in levels and ("a", "v") in levels


def test_list_action_comes_from_lead_in_then_heading() -> None:
    assert context_action("Organizations from Which the United States Shall Withdraw") == (
        classify("Withdraw")
    )
    ceased = context_action("Organizations to Which Funding Shall Cease")
    assert ceased is not None and ceased.kind == "cease-funding"
    ordered = context_action("Executive departments shall cease all funding to the following:")
    assert ordered is not None and ordered.words == "cease all funding"
    review = context_action("The Secretary of State shall conduct a review of:")
    assert review is not None and review.kind == "review"
    assert context_action("Nothing in this memorandum shall be construed to impair:") is None
    assert classify("suspend participation in").label == "suspend participation in"


# --- cleaning -------------------------------------------------------------------------------


def test_cleaning_removes_markup_and_spaces() -> None:
    raw = (
        '<span style="text-decoration: underline">Sec</span>.\n'
        '<span style="text-decoration: underline">2</span>.\n'
        " <span>Heading</span>.  \\(d\\)\u00a0 *Federal Register* A -- B \u2013 C\u2011D"
    )
    assert clean_text(raw) == "Sec. 2. Heading. (d) Federal Register A \u2014 B \u2014 C-D"
    assert clean_inline(" a\u00a0\u00a0b\u200b ") == "a b"


def test_blocks_join_wrapped_items_but_not_headings() -> None:
    raw = "TITLE LINE\n\nFirst block\n\n(i) Item wrapped\n\nover a blank line;\n\nDONALD J. TRUMP"
    assert clean_blocks(raw) == [
        "TITLE LINE",
        "First block",
        "(i) Item wrapped over a blank line;",
        "DONALD J. TRUMP",
    ]


def test_front_matter_split() -> None:
    front, body = split_front_matter("---\ntitle: T\ndate: 2026-01-07\n---\nbody\n")
    assert front == {"title": "T", "date": "2026-01-07"} and body == "body\n"
    assert split_front_matter("no front matter") == ({}, "no front matter")


_PIECES = st.sampled_from(
    [
        "Sec. 2. ", "Section 1. ", "(a) ", "(i) ", "(iv) ", "(B) ", "(3) ", "\\(d\\) ", "; and",
        ";", ":", ".", "\n", "\n\n", "\u00a0", "\u2014", " -- ", "<span>", "</span>", "*",
        "---\n", "date: 2026-01-07\n", "THE WHITE HOUSE,\n", "January 7, 2026.", "shall ",
        "hereby withdraws from the ", "cease all funding to the ", "conduct a review of the ",
        "World Health Organization", "UN", " and ", ", ", "(UNESCO)", "\\\\(", "\r\n", "\u2028",
    ]
)  # fmt: skip
_DIRECTIVE_LIKE = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), _DIRECTIVE_LIKE))
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\u00a0" not in once and "<span" not in once and "\r" not in once


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), _DIRECTIVE_LIKE), st.booleans())
def test_parse_raises_only_invalid_data(text: str, dated: bool) -> None:
    try:
        parsed = parse_directive(text, date=MEMO_DATE if dated else None)
    except InvalidData:
        return
    for mention in parsed.mentions:
        assert mention.locator.startswith(("Sec. ", "Preamble"))


# --- files ------------------------------------------------------------------------------


def test_read_directive_file_rejects_bad_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\x00\x01\x02")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Sec. 1. Caf\u00e9.".encode("latin-1"))
    with pytest.raises(InvalidData, match="empty.txt: empty file"):
        read_directive_file(empty)
    with pytest.raises(InvalidData, match="scan.pdf: binary file"):
        read_directive_file(binary)
    with pytest.raises(InvalidData, match=r"latin1.txt: not UTF-8 text \(byte 0xe9 at offset 11"):
        read_directive_file(latin)
    with pytest.raises(InvalidData, match="missing.txt: cannot be read"):
        read_directive_file(tmp_path / "missing.txt")


def test_read_directive_file_hashes_bytes() -> None:
    read = read_directive_file(memo_markdown_path())
    assert len(read.sha256) == 64 and read.text.startswith("---\n")
