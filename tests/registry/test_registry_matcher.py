"""Name matching: stages, ranking, ambiguity, parent-qualified names, fuzzy scores."""

from __future__ import annotations

import pytest

from ioreview.registry import Matcher, Registry


@pytest.fixture(scope="module")
def matcher(bundled: Registry) -> Matcher:
    return bundled.matcher


def test_exact_id_and_name(matcher: Matcher) -> None:
    (first, *_) = matcher.search("unfccc")
    assert (first.body_id, first.method, first.score) == ("unfccc", "exact", 100.0)
    assert matcher.search("International Renewable Energy Agency")[0].method == "exact"


def test_exact_beats_fuzzy(matcher: Matcher) -> None:
    found = matcher.search("International Law Commission")
    assert (found[0].body_id, found[0].method) == ("ilc", "exact")
    # COW's International Whaling Commission is a close fuzzy neighbour, ranked after.
    assert "iwhale" in [m.body_id for m in found if m.method == "fuzzy"]
    assert any(m.method == "fuzzy" for m in found[1:])
    assert all(m.score < 100 for m in found if m.method == "fuzzy")


def test_alias_and_memorandum_wording(matcher: Matcher) -> None:
    assert matcher.resolve("UN Water").match is not None
    assert matcher.resolve("UN Water").match.body_id == "un-water"  # type: ignore[union-attr]
    resolution = matcher.resolve("UNHRC")
    assert resolution.match is not None and resolution.match.method == "alias"


def test_normalized_match_with_un_spelling(matcher: Matcher) -> None:
    resolution = matcher.resolve("the U.N. Framework Convention on Climate Change")
    assert resolution.match is not None
    assert (resolution.match.body_id, resolution.match.method) == ("unfccc", "normalized")


def test_parent_qualified_commission(matcher: Matcher, bundled: Registry) -> None:
    resolution = matcher.resolve("ECOSOC — Economic Commission for Africa")
    assert resolution.match is not None and not resolution.ambiguous
    assert resolution.match.body_id == "eca"
    assert bundled.body(resolution.match.body_id).parent == "ecosoc"
    other = matcher.resolve("Economic and Social Council – Economic Commission for Europe")
    assert other.match is not None and other.match.body_id == "ece"


def test_qualifier_that_is_not_an_ancestor_does_not_match(matcher: Matcher) -> None:
    resolution = matcher.resolve("UNESCO — Economic Commission for Africa")
    assert resolution.match is None or resolution.match.method == "fuzzy"


def test_every_memorandum_wording_resolves_to_its_body(bundled: Registry) -> None:
    for body in bundled.memo_bodies():
        assert body.memo is not None
        resolution = bundled.resolve(body.memo.name)
        assert resolution.match is not None and resolution.match.body_id == body.id


def test_ambiguous_alias_returns_every_candidate(matcher: Matcher) -> None:
    resolution = matcher.resolve("ITC")
    assert resolution.ambiguous and resolution.match is None
    assert {m.body_id for m in resolution.candidates} == {"itc", "itc-3180"}
    assert {m.body_id for m in matcher.search("ITC")[:2]} == {"itc", "itc-3180"}


def test_misspelt_name_gives_a_fuzzy_match_below_100(matcher: Matcher) -> None:
    resolution = matcher.resolve("Internatonal Renewable Energy Agncy")
    assert resolution.match is not None
    assert (resolution.match.body_id, resolution.match.method) == ("irena", "fuzzy")
    assert 90 <= resolution.match.score < 100


def test_close_fuzzy_candidates_are_ambiguous() -> None:
    from ioreview.registry.model import Alias, Body

    def body(body_id: str, name: str) -> Body:
        return Body(
            id=body_id, name=name, kind="igo", aliases=(Alias(name, name.lower(), "t", True),)
        )

    small = Matcher([body("a", "Nordic Council"), body("b", "Nordic Counsel")])
    resolution = small.resolve("Nordic Councel")
    assert resolution.ambiguous and resolution.match is None
    assert {m.body_id for m in resolution.candidates} == {"a", "b"}


def test_unknown_and_empty_queries(matcher: Matcher) -> None:
    assert matcher.search("zzzz qqqq xxxx") == []
    assert matcher.resolve("   ").match is None
    assert not matcher.resolve("zzzz qqqq xxxx").ambiguous


def test_matching_a_hundred_names(bundled: Registry, matcher: Matcher) -> None:
    names = [b.name + "s" for b in bundled.bodies[:100]]
    results = [matcher.resolve(name) for name in names]
    assert len(results) == 100


def test_module_level_lookup() -> None:
    from ioreview.registry import resolve, search

    assert search("UN Water")[0].body_id == "un-water"
    match = resolve("UN Educational, Scientific, and Cultural Organization (UNESCO)").match
    assert match is not None and match.body_id == "unesco"
