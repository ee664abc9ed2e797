"""Matching directive items to registry bodies: the 2026 memorandum and the flagging rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directives.support import memo_forms, memo_rows
from ioreview.directives.match import LOW_CONFIDENCE, MatchedDirective, match_directive
from ioreview.directives.parse import parse_directive
from ioreview.exc import InvalidData
from ioreview.registry import Alias, Body, Matcher, load_bundled_registry, normalize_name

REGISTRY = load_bundled_registry()
FORMS = memo_forms()
DAY = dt.date(2031, 3, 4)


@pytest.fixture(scope="module", params=sorted(FORMS))
def matched(request: pytest.FixtureRequest) -> MatchedDirective:
    return match_directive(FORMS[request.param][1], REGISTRY.matcher)


# --- the 2026 memorandum ---------------------------------------------------------------


def test_memorandum_matches_66_bodies_with_none_unmatched(matched: MatchedDirective) -> None:
    assert len(matched.items) == 66
    assert matched.unmatched == () and matched.to_json()["unmatched"] == []
    assert matched.low_confidence == ()
    assert Counter(item.section for item in matched.items) == {"2(a)": 35, "2(b)": 31}
    assert {item.method for item in matched.items} <= {"exact", "alias", "normalized"}


def test_each_item_is_the_body_whose_memo_ref_it_is(matched: MatchedDirective) -> None:
    by_ref = {
        (body.memo.section, body.memo.item): body.id
        for body in REGISTRY.bodies
        if body.memo is not None
    }
    assert len(by_ref) == 66
    rows = memo_rows()
    assert [(i.section, i.item, i.text) for i in matched.items] == [
        (row["section"], row["item"], row["name"]) for row in rows
    ]
    assert [i.body_id for i in matched.items] == [
        by_ref[(row["section"], row["item"])] for row in rows
    ]
    assert len({item.body_id for item in matched.items}) == 66


def test_ecosoc_commission_resolves_to_the_commission(matched: MatchedDirective) -> None:
    items = {item.locator: item for item in matched.items}
    eca = items["Sec. 2(b)(ii)"]
    assert (eca.body_id, eca.qualifier) == ("eca", "ecosoc")
    assert REGISTRY.body("eca").parent == "ecosoc"
    for locator in ("Sec. 2(b)(iii)", "Sec. 2(b)(iv)", "Sec. 2(b)(v)"):
        assert items[locator].qualifier == "ecosoc"
        assert REGISTRY.body(items[locator].body_id or "").parent == "ecosoc"


def test_cli_json_shape(matched: MatchedDirective) -> None:
    document = matched.to_json()
    assert list(document) == ["title", "date", "items", "unmatched"]
    assert document["date"] == "2026-01-07"
    first = document["items"][0]
    assert first == {
        "section": "2(a)", "item": "i", "text": "24/7 Carbon-Free Energy Compact",
        "action": "withdraw", "body_id": "24-7-cfe-compact", "match": first["match"],
        "score": 100.0,
    }  # fmt: skip
    detail = matched.to_json(detail=True)["items"][0]
    assert detail["locator"] == "Sec. 2(a)(i)" and detail["low_confidence"] is False


# --- flagging rules, on a small hand-made registry ---------------------------------------


def _body(body_id: str, name: str, *aliases: str, parent: str | None = None) -> Body:
    texts = (name, *aliases)
    made = tuple(Alias(text, normalize_name(text), "test", True) for text in texts)
    return Body(id=body_id, name=name, kind="test", aliases=made, parent=parent)


SMALL = Matcher(
    [
        _body("tcc", "Test Coordination Council", "TCC"),
        _body("tcf", "Test Cooperation Fund", "TCF"),
        _body("ltc", "Lighthouse Technical Committee", "LTC"),
        _body("ltc2", "Lantern Technical Committee", "LTC"),
        _body("parent", "Parent Assembly of Tests", "PAT"),
        _body("child", "Regional Test Commission", parent="parent"),
        _body("econ", "Economic and Social Test Council"),
    ]
)


def _match(text: str) -> MatchedDirective:
    return match_directive(parse_directive(text, date=DAY), SMALL)


def test_fuzzy_match_is_flagged_below_the_threshold() -> None:
    # One letter missing: a high fuzzy score, not flagged.
    close = _match(
        "Sec. 1. Exit. The United States hereby withdraws from the Test Coordinaton Council."
    )
    [item] = close.items
    assert (item.body_id, item.method, item.low_confidence) == ("tcc", "fuzzy", False)
    assert LOW_CONFIDENCE <= (item.score or 0) < 100
    # Several letters wrong: still resolved, but flagged.
    far = _match("Sec. 1. Exit. The United States hereby withdraws from the Test Coordnatn Councl.")
    [item] = far.items
    assert item.body_id == "tcc" and item.method == "fuzzy"
    assert item.low_confidence and (item.score or 100) < LOW_CONFIDENCE
    assert far.low_confidence == (item,)


def test_shared_alias_is_ambiguous_and_unmatched() -> None:
    [item] = _match("Sec. 1. Exit. The United States hereby withdraws from the LTC.").items
    assert item.body_id is None and item.method == "unmatched" and item.ambiguous
    assert {m.body_id for m in item.candidates} == {"ltc", "ltc2"}
    [listed] = _match("Sec. 1. Exit. The United States hereby withdraws from the LTC.").to_json()[
        "unmatched"
    ]
    assert {c["body_id"] for c in listed["candidates"]} == {"ltc", "ltc2"}


def test_name_with_acronym_in_brackets() -> None:
    text = "Sec. 1. Exit. The United States hereby withdraws from the Test Cooperation Fund (TCF)."
    [item] = _match(text).items
    assert (item.body_id, item.method) == ("tcf", "exact")
    clash = "Sec. 1. Exit. The United States hereby withdraws from the Test Cooperation Fund (TCC)."
    [item] = _match(clash).items
    assert item.body_id is None and item.ambiguous


def test_names_containing_and_are_kept_whole() -> None:
    text = (
        "Sec. 1. Exit. The United States hereby withdraws from the Economic and Social Test "
        "Council, the Test Cooperation Fund and the PAT \u2014 Regional Test Commission."
    )
    matched = _match(text)
    assert [(i.body_id, i.qualifier) for i in matched.items] == [
        ("econ", None),
        ("tcf", None),
        ("child", "parent"),
    ]


def test_list_item_is_not_split_when_a_part_fails() -> None:
    text = (
        "Sec. 2. Withdrawal. (a) Organizations from which the United States shall withdraw:\n\n"
        "(i) Test Cooperation Fund and Unknown Partner Network;\n\n"
        "(ii) Test Coordination Council and Test Cooperation Fund."
    )
    matched = _match(text)
    assert [(i.item, i.text, i.body_id) for i in matched.items] == [
        ("i", "Test Cooperation Fund and Unknown Partner Network", None),
        ("ii", "Test Coordination Council", "tcc"),
        ("ii", "Test Cooperation Fund", "tcf"),
    ]
    assert [u["item"] for u in matched.to_json()["unmatched"]] == ["i"]


_WORDS = st.sampled_from(
    ["Sec. 1. Exit. ", "(a) ", "(i) ", "shall ", "hereby withdraws from the ", ", ", " and ",
     "Test Cooperation Fund", "LTC", "(TCF)", "PAT \u2014 Regional Test Commission", "; ", ".",
     "\n\n", "cease all funding to ", "Organizations to withdraw from:", "Unknown Body"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=4)), max_size=30).map("".join))
def test_matching_never_fails_on_parsed_text(text: str) -> None:
    try:
        parsed = parse_directive(text, date=DAY)
    except InvalidData:
        return
    matched = match_directive(parsed, SMALL)
    document = matched.to_json()
    assert len(document["items"]) == len(matched.items)
    assert all(
        (item["body_id"] is None) == (item["match"] == "unmatched") for item in document["items"]
    )
