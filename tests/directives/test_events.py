"""Ledger events of a matched directive, and source URIs."""

from __future__ import annotations

from collections import Counter

import pytest

from directives.support import FIXTURES, MEMO_URL, memo_forms
from ioreview.directives.events import directive_events, directive_id
from ioreview.directives.match import match_directive
from ioreview.directives.parse import parse_directive
from ioreview.directives.sources import source_uri_for
from ioreview.directives.text import read_directive_file
from ioreview.exc import InvalidData
from ioreview.ledger.events import event_from_entry
from ioreview.registry import load_bundled_registry

MATCHER = load_bundled_registry().matcher
FORMS = memo_forms()


@pytest.mark.parametrize("form", sorted(FORMS))
def test_memorandum_events(form: str) -> None:
    read, parsed = FORMS[form]
    matched = match_directive(parsed, MATCHER)
    uri = source_uri_for(parsed)
    assert uri == MEMO_URL
    events = directive_events(matched, "USA", uri, read.sha256)
    assert Counter(e.kind for e in events) == {"directive_issued": 1, "withdrawal_directed": 66}
    header = events[0]
    assert header.kind == "directive_issued" and header.body is None
    assert header.payload["directive"] == directive_id(matched, "USA")
    assert header.payload["directive"] == "usa-pm-2026-01-07"
    assert header.payload["items"] == 66 and header.payload["document_sha256"] == read.sha256
    assert header.payload["reviews"] == [] and header.payload["unmatched"] == []
    ipcc = next(e for e in events if e.source.locator == "Sec. 2(a)(xiv)")
    assert (ipcc.body, ipcc.actor, ipcc.valid_from) == ("ipcc", "USA", parsed.date)
    assert ipcc.payload["wording"] == "Intergovernmental Panel on Climate Change"
    assert ipcc.payload["score"] == "100.00" and ipcc.source.sha256 == read.sha256
    for event in events:
        assert event_from_entry(event.to_entry()) == event


def test_prose_events_use_kinds_and_header_lists() -> None:
    read = read_directive_file(FIXTURES / "prose-order.md")
    parsed = parse_directive(read.text, filename=read.path.name)
    events = directive_events(
        match_directive(parsed, MATCHER), "USA", source_uri_for(parsed), read.sha256
    )
    assert events[0].source.uri == "https://example.org/ioreview-test-fixtures/prose-order"
    assert [(e.kind, e.body, e.source.locator) for e in events[1:]] == [
        ("withdrawal_directed", "isa", "Sec. 2(a)"),
        ("withdrawal_directed", "undef", "Sec. 2(b)"),
        ("funding_ceased", "undef", "Sec. 2(b)"),
        ("funding_ceased", "unrwa", "Sec. 3"),
        ("funding_ceased", "itto", "Sec. 3"),
        ("funding_ceased", "pbf", "Sec. 3"),
    ]
    header = events[0].payload
    assert [(r["body"], r["locator"]) for r in header["reviews"]] == [
        ("unesco", "Sec. 4(a)"),
        ("who", "Sec. 4(a)"),
    ]
    assert header["other"] == []
    assert [(u["locator"], u["action_words"]) for u in header["unmatched"]] == [
        ("Sec. 4(b)", "suspend participation in")
    ]


def test_repeated_order_gets_one_event() -> None:
    text = (
        "Sec. 1. Exit. (a) The United States hereby withdraws from the Paris Agreement.\n\n"
        "(b) The Secretary of State shall withdraw from the Paris Agreement promptly."
    )
    parsed = parse_directive(text, date=FORMS["text"][1].date)
    events = directive_events(match_directive(parsed, MATCHER), "USA", "https://e.org/x", "0" * 64)
    assert [(e.kind, e.source.locator) for e in events] == [
        ("directive_issued", None),
        ("withdrawal_directed", "Sec. 1(a)"),
    ]
    assert events[1].payload["also_at"] == ["Sec. 1(b)"]


def test_bad_arguments_raise_invalid_data() -> None:
    read, parsed = FORMS["markdown"]
    matched = match_directive(parsed, MATCHER)
    with pytest.raises(InvalidData, match="actor 'U S A'"):
        directive_events(matched, "U S A", MEMO_URL, read.sha256)
    with pytest.raises(InvalidData, match="source.sha256 'abc'"):
        directive_events(matched, "USA", MEMO_URL, "abc")


def test_source_uri_rules() -> None:
    text_form = FORMS["text"][1]
    assert source_uri_for(text_form, "https://example.org/copy") == "https://example.org/copy"
    with pytest.raises(InvalidData, match="without spaces"):
        source_uri_for(text_form, "not a url")
    fixture = parse_directive((FIXTURES / "prose-order.txt").read_text(encoding="utf-8"))
    with pytest.raises(InvalidData, match="pass --source-url"):
        source_uri_for(fixture)
