"""Bodies named in running prose (test fixtures written in the presidential style).

The fixture texts in ``tests/fixtures/directives/`` and the short texts below are written for
these tests; they are not real documents (see that folder's README).
"""

from __future__ import annotations

import datetime as dt

import pytest

from directives.support import FIXTURES
from ioreview.directives.actions import find_cues
from ioreview.directives.match import match_directive
from ioreview.directives.parse import parse_directive
from ioreview.directives.prose import is_generic, object_phrase, segments_of, split_sentences
from ioreview.registry import load_bundled_registry

DAY = dt.date(2031, 3, 4)
MATCHER = load_bundled_registry().matcher


def _items(text: str) -> list[tuple[str, str, str | None]]:
    """(locator, action label, body id) of each matched item of a short test text."""
    matched = match_directive(parse_directive(text, date=DAY), MATCHER)
    return [(i.locator, i.action.label, i.body_id) for i in matched.items]


def test_markdown_fixture_withdraws_ends_funding_and_reviews() -> None:
    parsed = parse_directive((FIXTURES / "prose-order.md").read_text(encoding="utf-8"))
    assert parsed.kind == "executive-order" and parsed.date == DAY
    matched = match_directive(parsed, MATCHER)
    assert [(i.locator, i.action.label, i.body_id, i.text) for i in matched.items] == [
        ("Sec. 2(a)", "withdraw", "isa", "International Solar Alliance"),
        ("Sec. 2(b)", "withdraw", "undef", "UN Democracy Fund (UNDEF)"),
        ("Sec. 2(b)", "cease-funding", "undef", "UN Democracy Fund (UNDEF)"),
        ("Sec. 3", "cease-funding", "unrwa",
         "United Nations Relief and Works Agency for Palestine Refugees in the Near East"),
        ("Sec. 3", "cease-funding", "itto", "International Tropical Timber Organization"),
        ("Sec. 3", "cease-funding", "pbf", "Peacebuilding Fund"),
        ("Sec. 4(a)", "review", "unesco",
         "United Nations Educational, Scientific, and Cultural Organization (UNESCO)"),
        ("Sec. 4(a)", "review", "who", "World Health Organization"),
        ("Sec. 4(b)", "suspend participation in", None,
         "Commission for the Conservation of Imaginary Fisheries"),
    ]  # fmt: skip
    document = matched.to_json()
    assert document["unmatched"] == [
        {"section": "4(b)", "item": None, "candidates": [],
         "text": "Commission for the Conservation of Imaginary Fisheries"}
    ]  # fmt: skip
    # Sec. 1 reports an earlier order in the past tense: no item, no reference.
    assert not [m for m in parsed.mentions + parsed.references if m.locator == "Sec. 1"]


def test_plain_text_fixture_list_prose_and_references() -> None:
    parsed = parse_directive((FIXTURES / "prose-order.txt").read_text(encoding="utf-8"))
    matched = match_directive(parsed, MATCHER)
    assert [(i.section, i.item, i.action.kind, i.body_id) for i in matched.items] == [
        ("1(a)", "i", "cease-funding", "eca"),
        ("1(a)", "ii", "cease-funding", "ipbes"),
        ("1(a)", "iii", "cease-funding", "unfpa"),
        ("1(a)", "iv", "cease-funding", "unitar"),
        ("2", None, "withdraw", "foc"),
        ("2", None, "withdraw", "gfce"),
    ]
    assert matched.items[0].qualifier == "ecosoc"
    # The review list describes classes of bodies, not bodies: kept as references.
    assert [(r.locator, r.action.kind, r.generic) for r in parsed.references] == [
        ("Sec. 1(b)(i)", "review", True),
        ("Sec. 1(b)(ii)", "review", True),
    ]


def test_hereby_withdraws() -> None:
    text = "Section 1. Withdrawal. The United States hereby withdraws from the Paris Agreement."
    assert _items(text) == [("Sec. 1", "withdraw", "paris-agreement")]


def test_past_tense_and_titles_of_other_orders_do_not_count() -> None:
    text = (
        "Section 1. Background. (a) Executive Order 14199 (Withdrawing the United States from "
        "the World Health Organization) directed a review of the Peacebuilding Fund. "
        "The United States withdrew from the International Solar Alliance in a test scenario.\n\n"
        "(b) The title of this order shall remain (Withdrawing the United States from the "
        "Paris Agreement) for reference."
    )
    assert _items(text) == []


def test_funding_bans_in_several_wordings() -> None:
    text = (
        "Sec. 3. Funding. (a) The Secretary of State shall end all funding to the UN Energy.\n\n"
        "(b) No further contributions shall be provided to the UN Oceans.\n\n"
        "(c) Agencies shall not provide funding to the UN Water.\n\n"
        "(d) This order hereby prohibits any future funding for the UN Democracy Fund."
    )
    assert [(loc, body) for loc, action, body in _items(text) if action == "cease-funding"] == [
        ("Sec. 3(a)", "un-energy"),
        ("Sec. 3(b)", "un-oceans"),
        ("Sec. 3(c)", "un-water"),
        ("Sec. 3(d)", "undef"),
    ]


def test_review_of_membership_names_the_body() -> None:
    text = (
        "Sec. 4. Review. Within 180 days, the Secretary of State shall review the United States' "
        "membership in the International Renewable Energy Agency and report to the President."
    )
    assert _items(text) == [("Sec. 4", "review", "irena")]


def test_semicolon_clause_ends_the_list_of_bodies() -> None:
    text = (
        "Sec. 2. Withdrawal. The United States shall withdraw from the Freedom Online Coalition, "
        "the Global Forum on Cyber Expertise, and the Regional Cooperation Council; and the "
        "Secretary of State shall notify the Congress."
    )
    assert [body for _, _, body in _items(text)] == ["foc", "gfce", "rcc"]


def test_unmatched_names_in_prose_are_listed_one_by_one() -> None:
    text = (
        "Sec. 2. Withdrawal. The United States hereby withdraws from the Imaginary Lighthouse "
        "Council, the Invented Fisheries Commission, and the International Solar Alliance."
    )
    matched = match_directive(parse_directive(text, date=DAY), MATCHER)
    assert [(i.text, i.body_id) for i in matched.items] == [
        ("Imaginary Lighthouse Council", None),
        ("Invented Fisheries Commission", None),
        ("International Solar Alliance", "isa"),
    ]
    assert [u["text"] for u in matched.to_json()["unmatched"]] == [
        "Imaginary Lighthouse Council",
        "Invented Fisheries Commission",
    ]


def test_generic_objects_are_references_not_items() -> None:
    text = (
        "Sec. 1. Policy. The Secretary of State shall conduct a review of all international "
        "intergovernmental organizations of which the United States is a member."
    )
    parsed = parse_directive(text, date=DAY)
    assert parsed.mentions == ()
    assert [r.text for r in parsed.references] == ["international intergovernmental organizations"]


@pytest.mark.parametrize(
    ("after_cue", "phrase"),
    [
        (" the World Health Organization as soon as possible.", "World Health Organization"),
        (" the UN Energy to the extent permitted by law", "UN Energy"),
        (" the following organizations: the UN Oceans and the UN Water.",
         "UN Oceans and the UN Water"),
        (" United States participation in the Paris Agreement, effective at once",
         "Paris Agreement"),
        (" those entities.", "entities"),
        (", and", ""),
    ],
)  # fmt: skip
def test_object_phrase(after_cue: str, phrase: str) -> None:
    assert object_phrase(after_cue) == phrase


def test_cues_need_operative_wording() -> None:
    assert [c.action.kind for c in find_cues("The United States hereby withdraws from X.")] == [
        "withdraw"
    ]
    assert find_cues("That order directed the Secretary to conduct a review of X.") == []
    shared = find_cues("The Secretary shall withdraw from, and cease all funding to, the X.")
    assert [c.action.words for c in shared] == ["withdraw from", "cease all funding to"]


def test_sentences_and_segments() -> None:
    assert split_sentences("Review of U.S. Support. The Sec. 2 list. Done") == [
        "Review of U.S. Support.",
        "The Sec. 2 list.",
        "Done",
    ]
    text = "Economic and Social Council (ECOSOC, New York), the X; and the Y"
    assert [text[a:b] for a, b in segments_of(text)] == [
        "Economic",
        "Social Council (ECOSOC, New York)",
        "the X",
        "the Y",
    ]
    assert is_generic("all conventions") and not is_generic("the Paris Agreement")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The United States will not participate in the UN Alliance of Civilizations.",
         [("not participate in", "unaoc")]),
        ("The United States shall cease all participation in the UN Energy.",
         [("cease all participation in", "un-energy")]),
        ("No funds shall be obligated or expended for the UN Oceans.",
         [("cease-funding", "un-oceans")]),
        ("I hereby direct the withdrawal of the United States from the International Energy "
         "Forum, effective immediately.", [("withdraw", "ief")]),
        ("The Secretary of State shall terminate United States funding of the International "
         "Solar Alliance and shall withdraw from the Global Counterterrorism Forum.",
         [("cease-funding", "isa"), ("withdraw", "gctf")]),
        ("The Secretary of State shall immediately withdraw the United States from the World "
         "Health Organization and the Paris Agreement.",
         [("withdraw", "who"), ("withdraw", "paris-agreement")]),
    ],
)  # fmt: skip
def test_wordings(sentence: str, expected: list[tuple[str, str]]) -> None:
    parsed = parse_directive(f"Sec. 5. Review of U.S. Support. {sentence}", date=DAY)
    assert parsed.sections[0].heading == "Review of U.S. Support"
    matched = match_directive(parsed, MATCHER)
    assert [(i.action.label, i.body_id) for i in matched.items] == expected
