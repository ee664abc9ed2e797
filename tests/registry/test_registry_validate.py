"""Strict validation on small hand-made inputs."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ioreview.exc import InvalidData
from ioreview.registry import Alias, Body, ExternalIds, MemoRef, Registry, validate_bodies
from ioreview.registry.normalize import normalize_name

URL = "https://example.org/source"
KINDS = {"igo", "un-entity"}


def alias(text: str, explicit: bool = True) -> Alias:
    return Alias(text, normalize_name(text), "test", explicit)


def body(body_id: str, name: str, *aliases: Alias, parent: str | None = None) -> Body:
    sources = {"name": (URL,), "kind": (URL,)}
    if parent is not None:
        sources["parent"] = (URL,)
    return Body(id=body_id, name=name, kind="igo", aliases=aliases, sources=sources, parent=parent)


def test_valid_bodies_pass() -> None:
    bodies = [body("a", "Alpha", alias("Alpha")), body("b", "Beta", parent="a")]
    assert validate_bodies(bodies, KINDS) == ()


def test_duplicate_explicit_alias_names_alias_and_both_ids() -> None:
    bodies = [body("a", "Alpha", alias("Shared Name")), body("b", "Beta", alias("SHARED NAME"))]
    with pytest.raises(InvalidData, match="alias 'SHARED NAME' is declared for both 'a' and 'b'"):
        validate_bodies(bodies, KINDS)


def test_derived_alias_shared_by_two_bodies_is_ambiguous_not_an_error() -> None:
    bodies = [body("a", "Alpha", alias("AB")), body("b", "Beta", alias("AB", explicit=False))]
    (found,) = validate_bodies(bodies, KINDS)
    assert (found.norm, found.body_ids) == ("ab", ("a", "b"))
    registry = Registry(bodies, kinds=KINDS)
    assert registry.body("b").ambiguous_aliases == ("AB",)


def test_missing_parent_names_the_parent() -> None:
    with pytest.raises(InvalidData, match="body 'b': parent 'nowhere' is not a body"):
        validate_bodies([body("a", "Alpha"), body("b", "Beta", parent="nowhere")], KINDS)


def test_parent_loop_is_an_error() -> None:
    bodies = [body("a", "Alpha", parent="b"), body("b", "Beta", parent="a")]
    with pytest.raises(InvalidData, match="parent chain loops"):
        validate_bodies(bodies, KINDS)


def test_filled_field_without_source_names_field_and_value() -> None:
    unsourced = replace(body("a", "Alpha"), hq_city="Geneva")
    with pytest.raises(InvalidData, match="body 'a': field 'hq_city' = 'Geneva' has no source"):
        validate_bodies([unsourced], KINDS)


def test_external_id_and_details_need_sources_too() -> None:
    with pytest.raises(InvalidData, match="field 'external_ids.cow' = 3075 has no source"):
        validate_bodies([replace(body("a", "Alpha"), external_ids=ExternalIds(cow=3075))], KINDS)
    with pytest.raises(InvalidData, match="field 'us_role' = 'member' has no source"):
        validate_bodies([replace(body("a", "Alpha"), details={"us_role": "member"})], KINDS)


def test_source_must_be_a_url() -> None:
    with pytest.raises(InvalidData, match="source 'bodies.csv' of field 'name' is not a URL"):
        validate_bodies(
            [replace(body("a", "Alpha"), sources={"name": ("bodies.csv",), "kind": (URL,)})]
        )


def test_unknown_kind_names_the_kind() -> None:
    with pytest.raises(InvalidData, match="body 'a': unknown kind 'club'"):
        validate_bodies([replace(body("a", "Alpha"), kind="club")], KINDS)


def test_duplicate_and_malformed_ids() -> None:
    with pytest.raises(InvalidData, match="duplicate body id 'a'"):
        validate_bodies([body("a", "Alpha"), body("a", "Again")], KINDS)
    with pytest.raises(InvalidData, match="'Not A Slug' is not a lower-case slug"):
        validate_bodies([body("Not A Slug", "Alpha")], KINDS)


def test_one_cow_ionum_and_one_memo_item_per_body() -> None:
    first = replace(
        body("a", "Alpha"),
        sources={"name": (URL,), "kind": (URL,), "external_ids.cow": (URL,)},
        external_ids=ExternalIds(cow=10),
    )
    second = replace(first, id="b", name="Beta")
    with pytest.raises(InvalidData, match="COW ionum 10 belongs to both 'a' and 'b'"):
        validate_bodies([first, second], KINDS)
    memo = MemoRef("2(a)", "i", "Alpha")
    with pytest.raises(InvalidData, match="memorandum body without memo_order"):
        validate_bodies(
            [replace(first, memo=memo, sources={**first.sources, "memo": (URL,)})], KINDS
        )


def test_memo_section_is_checked() -> None:
    with pytest.raises(InvalidData, match="memo section '2\\(c\\)'"):
        MemoRef("2(c)", "i", "Alpha")


def test_alias_key_must_match_its_text() -> None:
    wrong = Alias("Alpha", "beta", "test", True)
    with pytest.raises(InvalidData, match="alias 'Alpha' has key 'beta'"):
        validate_bodies([body("a", "Alpha", wrong)], KINDS)
