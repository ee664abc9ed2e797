"""Canonical entry bytes: key order, rejected values, the size limit, strict decoding."""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioreview.exc import InvalidData
from ioreview.ledger.canonical import (
    MAX_DEPTH,
    MAX_ENTRY_BYTES,
    MAX_SAFE_INTEGER,
    check,
    decode,
    encode,
)


def test_keys_are_sorted_at_every_level_without_whitespace() -> None:
    data = encode({"b": 1, "a": {"d": [True, None], "c": "x"}})
    assert data == b'{"a":{"c":"x","d":[true,null]},"b":1}'


def test_non_ascii_text_is_raw_utf8() -> None:
    assert encode({"name": "Organisation météorologique"}) == (
        '{"name":"Organisation météorologique"}'.encode()
    )


def test_control_characters_are_escaped_as_json_requires() -> None:
    assert encode({"s": 'a"\\\n\x01'}) == b'{"s":"a\\"\\\\\\n\\u0001"}'


def test_key_order_is_utf16_as_in_rfc8785() -> None:
    # The sorting example of RFC 8785 section 3.2.3: U+1F600 sorts before U+FB33 in UTF-16.
    obj = {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet",
           "1": "One", "\U0001f600": "Emoji", "\u0080": "Control", "\u00f6": "o Diaeresis"}  # fmt: skip
    values = list(json.loads(encode(obj)).values())
    assert values == [
        "Carriage Return", "One", "Control", "o Diaeresis", "Euro Sign", "Emoji",
        "Hebrew Letter Dalet",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ({"payload": {"amount": 1.5}}, "payload.amount"),
        ({"a": [1, 2.0]}, "a[1]"),
        ({"a": [{"b": float("nan")}]}, "a[0].b"),
        ({"x": float("inf")}, "x"),
        ({"odd key": 0.1}, "['odd key']"),
        (0.5, "the top level"),
    ],
)
def test_floats_are_rejected_with_their_path(value: object, path: str) -> None:
    with pytest.raises(InvalidData, match="float") as caught:
        encode(value)
    assert path in str(caught.value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ({1: "a"}, "key 1"),
        ({"t": (1, 2)}, "type tuple"),
        ({"d": Decimal("1.5")}, "type Decimal"),
        ({"b": b"x"}, "type bytes"),
        ({"n": MAX_SAFE_INTEGER + 1}, "out of range"),
        ({"s": "a\ud800b"}, "lone surrogate"),
        ({"\udfff": 1}, "lone surrogate"),
    ],
)
def test_values_outside_the_subset_are_rejected(value: object, fragment: str) -> None:
    with pytest.raises(InvalidData, match=fragment):
        encode(value)


def test_safe_integers_and_booleans_are_kept() -> None:
    value = {"max": MAX_SAFE_INTEGER, "min": -MAX_SAFE_INTEGER, "t": True, "f": False}
    assert decode(encode(value)) == value


def test_nesting_is_limited() -> None:
    deep: Any = "leaf"
    for _ in range(MAX_DEPTH):
        deep = [deep]
    encode({"ok": deep[0]})
    with pytest.raises(InvalidData, match="nested deeper"):
        encode({"deep": deep})


def test_check_names_the_given_path() -> None:
    with pytest.raises(InvalidData, match=r"payload\.items\[0\]\.price"):
        check({"items": [{"price": 9.99}]}, "payload")


def test_entry_size_limit_is_below_64_kib() -> None:
    overhead = len(encode({"s": ""}))
    largest = {"s": "x" * (MAX_ENTRY_BYTES - overhead)}
    assert len(encode(largest)) == MAX_ENTRY_BYTES == 65_535
    assert decode(encode(largest)) == largest
    with pytest.raises(InvalidData, match="65,536 bytes is too large"):
        encode({"s": "x" * (MAX_ENTRY_BYTES - overhead + 1)})
    with pytest.raises(InvalidData, match="too large"):
        decode(b'{"s":"' + b"x" * MAX_ENTRY_BYTES + b'"}')


def test_multibyte_text_counts_bytes_not_characters() -> None:
    overhead = len(encode({"s": ""}))
    with pytest.raises(InvalidData, match="too large"):
        encode({"s": "é" * ((MAX_ENTRY_BYTES - overhead) // 2 + 1)})


@pytest.mark.parametrize(
    "data",
    [
        b'{"b":1,"a":2}',  # unsorted
        b'{"a": 1}',  # whitespace
        b'{"a":1}\n',  # trailing newline
        b'{"a":"\\u00e9"}',  # escaped where raw UTF-8 is canonical
        b'{"a":"\\/"}',  # needless escape
        b'{"a":-0}',  # -0 re-encodes as 0
        b'{"a":1E2}',  # exponent
    ],
)
def test_non_canonical_bytes_are_rejected(data: bytes) -> None:
    with pytest.raises(InvalidData, match="not canonical|float"):
        decode(data)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b'{"a":1.0}', "float"),
        (b'{"a":NaN}', "NaN"),
        (b'{"a":Infinity}', "Infinity"),
        (b'{"a":1,"a":1}', "duplicate key 'a'"),
        (b"[1,2]", "expected a JSON object"),
        (b'"text"', "expected a JSON object"),
        (b'{"a":', "not JSON"),
        (b'{"a":"\xff"}', "not UTF-8"),
        (b'\xef\xbb\xbf{"a":1}', "not JSON"),
        (b'{"a":' + b"[" * 100_000, "too large|nested"),
        (b"[" * 5000 + b"]" * 5000, "nested|expected a JSON object"),
        (b'{"n":9007199254740992}', "out of range"),
    ],
)
def test_malformed_entries_are_rejected(data: bytes, fragment: str) -> None:
    with pytest.raises(InvalidData, match=fragment):
        decode(data)


def test_strings_are_not_normalized() -> None:
    composed = unicodedata.normalize("NFC", "é")
    decomposed = unicodedata.normalize("NFD", "é")
    assert composed != decomposed
    assert encode({"s": composed}) != encode({"s": decomposed})
    assert decode(encode({"s": decomposed}))["s"] == decomposed


_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-MAX_SAFE_INTEGER, max_value=MAX_SAFE_INTEGER)
    | st.text()
)
_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=200)
@given(st.dictionaries(st.text(), _values, max_size=6))
def test_round_trip_of_json_values_without_floats(value: dict[str, Any]) -> None:
    data = encode(value)
    assert decode(data) == value
    assert encode(decode(data)) == data
    # Same bytes as the standard library for keys inside the BMP below the surrogates.
    if all(ord(ch) < 0xD800 for key in _keys(value) for ch in key):
        expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert data == expected.encode()


def _keys(value: object) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(k for item in value.values() for k in _keys(item))]
    if isinstance(value, list):
        return [k for item in value for k in _keys(item)]
    return []
