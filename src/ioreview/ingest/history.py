"""Sourced history that ``ioreview init`` records besides the bundled datasets.

The earlier decisions come from ``data/ledger/history.yaml``, where every event names the URL
that gives its date. Each carries a ``seed`` key in its payload, so a second ``init`` appends
only what the ledger does not hold yet. The 2026 memorandum itself is recorded by parsing its
bundled text (``MEMORANDUM``) with the directive parser, like any other directive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ioreview.exc import InvalidData
from ioreview.ledger.events import Event, Source
from ioreview.registry import Registry

MEMORANDUM_URL = (
    "https://www.whitehouse.gov/presidential-actions/2026/01/withdrawing-the-united-states-from-"
    "international-organizations-conventions-and-treaties-that-are-contrary-to-the-interests-of-"
    "the-united-states/"
)
#: The bundled White House text of the 7 January 2026 memorandum, relative to the data folder.
MEMORANDUM = (
    "sources/us-withdrawal-directives-2025-2026/texts/2026-01-07-withdrawing-the-united-states-"
    "from-international-organizations-conventions-and-treaties-that-are-contrary-to-the-"
    "interests-of-the-united-states.md"
)


@dataclass(frozen=True)
class History:
    events: list[Event]
    missing: list[dict[str, str]]


def seed_history(registry: Registry, data_dir: Path, actor: str = "USA") -> History:
    """Every seed event, in a stable order, plus the decisions left out for want of a date."""
    curated = _read_yaml(data_dir / "ledger" / "history.yaml")
    events = _curated_events(curated, registry, actor)
    missing = [dict(item) for item in curated.get("missing", [])]
    return History(events=events, missing=missing)


def _curated_events(curated: dict[str, Any], registry: Registry, actor: str) -> list[Event]:
    events: list[Event] = []
    for directive in curated.get("directives", []):
        events.append(
            Event(
                kind="directive_issued",
                actor=actor,
                valid_from=_date(directive["date"], directive["id"]),
                payload={
                    "seed": directive["id"],
                    "directive": directive["id"],
                    "title": " ".join(str(directive["title"]).split()),
                },
                source=Source(uri=directive["source"]),
            )
        )
    for entry in curated.get("events", []):
        body = entry["body"]
        if body not in registry:
            raise InvalidData(f"data/ledger/history.yaml names body {body!r}, not in the registry")
        payload: dict[str, Any] = {
            "seed": f"{entry['kind']}/{body}/{entry['date']}",
            "note": " ".join(str(entry["note"]).split()),
        }
        for key in ("directive", "status"):
            if key in entry:
                payload[key] = entry[key]
        if "conditions" in entry:
            payload["conditions"] = list(entry["conditions"])
        events.append(
            Event(
                kind=entry["kind"],
                actor=actor,
                body=body,
                valid_from=_date(entry["date"], body),
                payload=payload,
                source=Source(uri=entry["source"]),
            )
        )
    return events


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidData(f"cannot read {str(path)!r}: {error}") from error
    if not isinstance(loaded, dict):
        raise InvalidData(f"{str(path)!r}: expected a mapping at the top level")
    return loaded


def _date(value: object, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise InvalidData(f"{what}: date {value!r} is not YYYY-MM-DD") from error
