"""Canonical UTF-8 JSON: the one encoding of ledger entries.

A leaf hash covers the stored bytes, so every writer must produce the same bytes for the same
value and every reader must refuse bytes that another encoder could have produced differently
(reference/ledger.md, pitfall 11). The rules:

- Values are ``dict`` (string keys), ``list``, ``str``, ``int``, ``bool`` and ``None`` only.
  Floats, NaN and infinities are rejected with the path of the value (``payload.amount``):
  amounts travel as decimal strings. Integers stay within ±(2**53 − 1), the range every JSON
  parser reads exactly (I-JSON, RFC 7493).
- Object keys are sorted by UTF-16 code units, as in RFC 8785 (JCS) §3.2.3; for this subset of
  JSON (no floats) the output is therefore the JCS output. For keys without characters above
  U+FFFF the order equals code-point order (Python's ``sort_keys``).
- No whitespace (``separators=(",", ":")``) and ``ensure_ascii=False``: non-ASCII text is raw
  UTF-8; only ``"``, ``\\`` and control characters are escaped.
- Strings are kept exactly as given: no Unicode normalization (NFC and NFD spellings of the
  same text encode differently, and both are accepted). Lone surrogates are rejected because
  they have no UTF-8 encoding.
- An entry holds at most ``MAX_ENTRY_BYTES`` (65,535) bytes: tlog-tiles entry bundles prefix
  each entry with a uint16 length, so entries stay below 64 KiB; large documents enter by hash.
- Nesting is limited to ``MAX_DEPTH`` levels.

``decode`` accepts only bytes that ``encode`` would produce for the decoded value.
"""

from __future__ import annotations

import json
from typing import Any

from ioreview.exc import InvalidData

MAX_ENTRY_BYTES = 65_535
MAX_DEPTH = 64
MAX_SAFE_INTEGER = 2**53 - 1
_DUMPS: dict[str, Any] = {
    "ensure_ascii": False, "separators": (",", ":"), "allow_nan": False, "check_circular": False
}  # fmt: skip


def encode(obj: object) -> bytes:
    """Return the canonical bytes of ``obj``; raise ``InvalidData`` naming what cannot be encoded."""
    if _plain(obj, 0):
        # Common case, checked fast: code-point order (sort_keys) equals UTF-16 order here.
        text = json.dumps(obj, sort_keys=True, **_DUMPS)
    else:
        text = json.dumps(_prepare(obj, "", 0), **_DUMPS)
    data = text.encode("utf-8")
    if len(data) > MAX_ENTRY_BYTES:
        raise InvalidData(
            f"entry of {len(data):,} bytes is too large: expected at most "
            f"{MAX_ENTRY_BYTES:,} bytes (store large documents by hash)"
        )
    return data


def check(value: object, path: str = "") -> None:
    """Raise ``InvalidData`` if ``value`` (found at ``path``) cannot be canonically encoded."""
    if not _plain(value, 0):
        _prepare(value, path, 0)


def decode(data: bytes) -> dict[str, Any]:
    """Parse canonical bytes of a JSON object; raise ``InvalidData`` for anything else."""
    if len(data) > MAX_ENTRY_BYTES:
        raise InvalidData(
            f"entry of {len(data):,} bytes is too large: expected at most {MAX_ENTRY_BYTES:,} bytes"
        )
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidData(
            f"entry byte {error.start} {data[error.start : error.start + 1]!r} is not UTF-8: "
            "expected UTF-8 text"
        ) from error
    try:
        obj = json.loads(
            text,
            parse_float=_reject_float,
            parse_constant=_reject_constant,
            object_pairs_hook=unique_keys,
        )
    except RecursionError as error:
        raise InvalidData(
            f"entry is nested too deeply: expected at most {MAX_DEPTH} levels"
        ) from error
    except ValueError as error:
        raise InvalidData(f"entry is not JSON ({error}): expected one JSON object") from error
    if not isinstance(obj, dict):
        raise InvalidData(f"entry holds {type(obj).__name__} {obj!r:.80}: expected a JSON object")
    again = encode(obj)
    if again != data:
        at = next((i for i, (a, b) in enumerate(zip(again, data, strict=False)) if a != b), None)
        at = min(len(again), len(data)) if at is None else at
        raise InvalidData(
            f"entry bytes are not canonical: byte {at} starts {bytes(data[at : at + 16])!r}, "
            f"expected {again[at : at + 16]!r} (sorted keys, no whitespace, raw UTF-8)"
        )
    return obj


def _plain(value: object, depth: int) -> bool:
    """Whether ``value`` is valid with BMP keys only; exact types, no paths, so it runs fast."""
    if type(value) is str:
        return value.isascii() or _utf8(value)
    if type(value) is int:
        return -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER
    if value is None or type(value) is bool:
        return True
    if depth >= MAX_DEPTH:
        return False
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is not str or not (key.isascii() or _bmp_text(key)):
                return False
            if not _plain(item, depth + 1):
                return False
        return True
    if type(value) is list:
        return all(_plain(item, depth + 1) for item in value)
    return False


def _bmp_text(text: str) -> bool:
    return _utf8(text) and max(text) < "\U00010000"


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _prepare(value: object, path: str, depth: int) -> object:
    # The slow path: names the offending value by path, or builds a copy whose dicts are in
    # UTF-16 key order (needed only for keys above U+FFFF).
    if value is None or value is True or value is False:
        return value
    if isinstance(value, str):
        _check_text(value, path)
        return value
    if isinstance(value, int):
        if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            return value
        raise InvalidData(
            f"integer at {_where(path)} {value!r} is out of range: expected at most "
            f"{MAX_SAFE_INTEGER} in magnitude (use a decimal string)"
        )
    if isinstance(value, float):
        raise InvalidData(
            f"float at {_where(path)} {value!r} is not allowed: expected an integer or a "
            "decimal string such as '12.50'"
        )
    if isinstance(value, dict | list) and depth >= MAX_DEPTH:
        raise InvalidData(f"value at {_where(path)} is nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        items: list[tuple[str, object]] = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidData(
                    f"key {key!r} in {_where(path)} is not a string: expected a string"
                )
            _check_text(key, path)
            items.append((key, _prepare(item, _join(path, key), depth + 1)))
        items.sort(key=_utf16_key)
        return dict(items)
    if isinstance(value, list):
        return [_prepare(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)]
    raise InvalidData(
        f"value at {_where(path)} {value!r:.80} has type {type(value).__name__}: expected dict, "
        "list, str, int, bool or None"
    )


def _utf16_key(item: tuple[str, object]) -> bytes:
    return item[0].encode("utf-16-be")


def _check_text(text: str, path: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidData(
            f"string at {_where(path)} {text!r:.80} holds a lone surrogate at index {error.start}: "
            "expected valid Unicode text"
        ) from error


def _join(path: str, key: str) -> str:
    if key.isidentifier():
        return f"{path}.{key}" if path else key
    return f"{path}[{key!r}]"


def _where(path: str) -> str:
    return path or "the top level"


def _reject_float(literal: str) -> object:
    raise InvalidData(f"number {literal!r} is a float: expected an integer or a decimal string")


def _reject_constant(literal: str) -> object:
    raise InvalidData(f"constant {literal!r} is not JSON: expected an integer or a decimal string")


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for ``json.loads`` that rejects duplicate keys."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidData(f"duplicate key {key!r}: expected each key once per object")
        result[key] = value
    return result
