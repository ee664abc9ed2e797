"""Read ``corrections.yaml`` strictly, keeping the line of every entry and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ioreview.ingest.sources.cow.read import Problem

KINDS = ("joined", "rejoined", "left", "status_changed")
REQUIRED = ("id", "actor", "body", "kind", "date", "corrects", "source", "note")
OPTIONAL = ("role", "status", "pending")
ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
KEY = re.compile(r"cow:\d+/\d+/\d{4}/(joined|left|status_changed)")
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Entry:
    id: str
    actor: str
    body: str
    kind: str
    date: date
    corrects: tuple[str, ...]
    source: str
    note: str
    role: str | None
    status: str | None
    pending: str | None
    line: int
    lines: dict[str, int]  # field -> line

    def where(self, field: str) -> tuple[int, str]:
        return self.lines.get(field, self.line), field


def read_entries(path: Path) -> list[Entry]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes().count(b"\n", 0, error.start) + 1
        raise Problem("not UTF-8 text: expected a UTF-8 YAML file", line) from error
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = None if mark is None else int(mark.line) + 1
        raise Problem(f"not valid YAML ({error}): expected a 'corrections' list", where) from None
    if root is None:
        raise Problem("the file is empty: expected a mapping with a 'corrections' list", 1)
    document = yaml.safe_load(text)
    if not isinstance(document, dict) or set(document) != {"corrections"}:
        raise Problem("expected a mapping with exactly one key, 'corrections'", 1)
    items = document["corrections"]
    if items is None or items == []:
        return []
    nodes = _child(root, "corrections")
    if not isinstance(items, list) or not isinstance(nodes, yaml.SequenceNode):
        raise Problem("'corrections' must be a list of entries", _line(root), "corrections")
    entries = [_entry(item, node) for item, node in zip(items, nodes.value, strict=True)]
    seen: dict[str, int] = {}
    for entry in entries:
        if entry.id in seen:
            raise Problem(
                f"id {entry.id!r} repeats the entry at line {seen[entry.id]}: expected unique ids",
                *entry.where("id"),
            )
        seen[entry.id] = entry.line
    return entries


def _entry(item: Any, node: yaml.Node) -> Entry:
    line = _line(node)
    if not isinstance(item, dict) or not isinstance(node, yaml.MappingNode):
        raise Problem(f"entry {item!r}: expected a mapping", line)
    lines = {str(key.value): _line(key) for key, _ in node.value}
    missing = [key for key in REQUIRED if key not in item]
    if missing:
        raise Problem(f"missing field {missing[0]!r}: expected {', '.join(REQUIRED)}", line)
    unknown = sorted(str(key) for key in item if key not in REQUIRED + OPTIONAL)
    if unknown:
        raise Problem(
            f"unknown field {unknown[0]!r}: expected only {', '.join(REQUIRED + OPTIONAL)}",
            lines.get(unknown[0], line), unknown[0],
        )  # fmt: skip

    def text(field: str, pattern: re.Pattern[str] | None = None, example: str = "") -> str:
        value = item[field]
        if not isinstance(value, str) or not value.strip():
            raise Problem(f"{field} {value!r}: expected non-empty text", lines[field], field)
        if pattern is not None and not pattern.fullmatch(value):
            raise Problem(f"{field} {value!r}: expected {example}", lines[field], field)
        return " ".join(value.split())

    kind = text("kind")
    if kind not in KINDS:
        raise Problem(f"kind {kind!r}: expected one of {', '.join(KINDS)}", lines["kind"], "kind")
    when = item["date"]
    if not isinstance(when, date):
        raise Problem(f"date {when!r}: expected YYYY-MM-DD", lines["date"], "date")
    corrects = item["corrects"]
    if not isinstance(corrects, list) or not corrects:
        raise Problem(
            f"corrects {corrects!r}: expected a list of import keys such as "
            "'cow:2/4410/1985/left'",
            lines["corrects"], "corrects",
        )  # fmt: skip
    for key in corrects:
        if not isinstance(key, str) or not KEY.fullmatch(key):
            raise Problem(
                f"corrects entry {key!r}: expected 'cow:<ccode>/<ionum>/<year>/<kind>'",
                lines["corrects"], "corrects",
            )  # fmt: skip
    optional = {name: text(name) if name in item else None for name in OPTIONAL}
    return Entry(
        id=text("id", ID, "lower-case letters, digits and hyphens"),
        actor=text("actor"), body=text("body"), kind=kind, date=when,
        corrects=tuple(corrects), source=text("source", URL, "an http(s) URL"),
        note=text("note"), role=optional["role"], status=optional["status"],
        pending=optional["pending"], line=line, lines=lines,
    )  # fmt: skip


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if name.value == key:
                found: yaml.Node = value
                return found
    return None


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1
