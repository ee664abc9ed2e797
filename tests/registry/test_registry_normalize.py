"""Name normalization and slugs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ioreview.registry.normalize import (
    normalize_name,
    short_slug,
    slugify,
    strip_leading_un,
    strip_trailing_parenthetical,
)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (
            "UN Framework Convention on Climate Change",
            "United Nations Framework Convention on Climate Change",
        ),
        ("U.N. Energy", "UN-Energy"),
        ("ECOSOC — Economic Commission for Africa", "ECOSOC - Economic Commission for Africa"),
        (
            "Renewable Energy Policy Network for the 21st\xa0Century",
            "Renewable Energy Policy Network for 21st Century",
        ),
        ("Food & Agriculture", "food and agriculture"),
        ("International Labour Organization", "International Labor Organisation"),
        (
            "Regional Cooperation Agreement on Combatting Piracy",
            "Regional Cooperation Agreement on Combating Piracy",
        ),
        ("Children’s Fund", "Childrens Fund"),
        ("The World Bank", "world bank"),
    ],
)
def test_spellings_share_a_key(left: str, right: str) -> None:
    assert normalize_name(left) == normalize_name(right)


def test_different_names_keep_different_keys() -> None:
    assert normalize_name("International Trade Centre") != normalize_name(
        "International Tin Council"
    )
    assert normalize_name("UN Energy") == "un energy"


def test_helpers() -> None:
    assert strip_leading_un("un human rights council") == "human rights council"
    assert strip_trailing_parenthetical("Economic Commission (ECA)") == (
        "Economic Commission",
        "ECA",
    )
    assert strip_trailing_parenthetical("No parenthesis") == ("No parenthesis", None)
    assert slugify("UN-Habitat") == "un-habitat"
    assert slugify("24/7 CFE Compact") == "24-7-cfe-compact"
    assert (
        short_slug("Permanent Forum on People of African Descent")
        == "permanent-forum-people-african-descent"
    )


@given(st.text())
def test_normalization_is_idempotent_and_total(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_normalized_keys_hold_only_words(text: str) -> None:
    key = normalize_name(text)
    assert key == " ".join(key.split())
    assert all(char.isalnum() or char == " " for char in key)
