"""Strict reading of small YAML files: every key expected, every value of its type."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ioreview.exc import InvalidData

_URL_RE = re.compile(r"https?://\S+")


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidData(f"{path}: file not found") from None
    except yaml.YAMLError as error:
        raise InvalidData(f"{path.name}: {error}") from error


def mapping(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or not all(isinstance(key, str) for key in raw):
        raise InvalidData(f"{where}: expected a mapping with text keys, got {raw!r}")
    return raw


def fields(
    raw: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``raw`` as a mapping that has every ``required`` key and no key outside both lists."""
    found = mapping(raw, where)
    missing = [key for key in required if key not in found]
    unknown = [key for key in found if key not in required and key not in optional]
    if missing or unknown:
        raise InvalidData(f"{where}: missing keys {missing}, unknown keys {unknown}")
    return found


def entries(raw: Any, where: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
    """A list of mappings, each with exactly the ``required`` keys."""
    return [
        fields(item, f"{where} entry {n}", required)
        for n, item in enumerate(listing(raw, where), 1)
    ]


def listing(raw: Any, where: str) -> list[Any]:
    if not isinstance(raw, list):
        raise InvalidData(f"{where}: expected a list, got {raw!r}")
    return raw


def text(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or raw.strip() == "":
        raise InvalidData(f"{where}: expected non-empty text, got {raw!r}")
    return raw


def optional_text(raw: Any, where: str) -> str | None:
    return None if raw is None else text(raw, where)


def integer(raw: Any, where: str) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise InvalidData(f"{where}: expected an integer, got {raw!r}")
    return raw


def text_map(raw: Any, where: str, nullable: bool = False) -> dict[str, Any]:
    found = mapping(raw, where)
    for key, value in found.items():
        if not (isinstance(value, str) or (nullable and value is None)):
            raise InvalidData(f"{where}: {key!r} maps to {value!r}, expected text")
    return found


def url(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or _URL_RE.fullmatch(raw) is None:
        raise InvalidData(f"{where}: {raw!r} is not a URL")
    return raw


def urls(raw: Any, where: str) -> tuple[str, ...]:
    items = listing(raw, where)
    if not items:
        raise InvalidData(f"{where}: at least one source URL is required")
    return tuple(url(item, where) for item in items)
