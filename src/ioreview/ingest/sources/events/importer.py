"""An analyst's own sourced facts (CSV or JSON Lines) → one ledger event per row.

Fields (``docs/ingest.md``): ``kind`` and ``source_uri`` are required; ``actor`` (registry
actor id) and ``body`` (registry body id) are required for engagement kinds; ``valid_from`` /
``valid_to`` are ISO dates; ``amount`` + ``currency`` go into the payload (money kinds need
both); ``payload_json`` adds payload fields; ``key`` names the record for re-imports, else the
key is ``sha256:`` and the first 16 hex digits of the SHA-256 of the row's canonical event.
``dataset_loaded`` and ``correction`` are the framework's own kinds and are refused: a
correction is made by loading the file again with the row changed or removed.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Any

from ioreview.exc import InvalidData
from ioreview.ingest.context import Context
from ioreview.ingest.sources.events.rows import read_rows
from ioreview.ledger import canonical
from ioreview.ledger.events import KINDS, Event, Source

ALLOWED = sorted(KINDS - {"dataset_loaded", "correction"})
AMOUNT = re.compile(r"-?\d+(\.\d+)?")
#: Where an ``Event`` validation message points, by its first word.
COLUMN_OF = {
    "payload.amount": "amount", "payload.currency": "currency", "valid": "valid_to",
    "source.uri": "source_uri", "source.sha256": "source_sha256", "source.locator": "locator",
    "actor": "actor", "body": "body", "payload": "payload_json",
}  # fmt: skip


def load(context: Context) -> None:
    path = context.path()
    actors = {actor.id for actor in context.registry.actors}
    lines: dict[str, int] = {}
    for line, row in context.progress(read_rows(path), what="events"):

        def reject(message: str, column: str, line: int = line) -> InvalidData:
            return context.reject(message, file=path.name, line=line, column=column)

        event = _event(context, row, actors, reject)
        key = _text(row, "key", reject) or _content_key(event)
        if key in lines:
            raise reject(
                f"key {key!r} is also on line {lines[key]}: expected one row per key "
                "(identical rows without a key have the same content key)",
                "key",
            )
        lines[key] = line
        context.count("records")
        context.emit(event, key=key)


def _event(context: Context, row: dict[str, Any], actors: set[str], reject: Any) -> Event:
    kind = _text(row, "kind", reject)
    if kind not in ALLOWED:
        raise reject(f"kind {kind!r}, expected one of {', '.join(ALLOWED)}", "kind")
    actor = _text(row, "actor", reject)
    if actor is not None and actor not in actors:
        raise reject(f"actor {actor!r} is not a registry actor id: expected an id such as USA",
                     "actor")  # fmt: skip
    body = _text(row, "body", reject)
    if body is not None and body not in context.registry:
        closest = ", ".join(m.body_id for m in context.registry.search(body, limit=3))
        hint = f" (closest: {closest})" if closest else ""
        raise reject(f"body {body!r} is not a registry body id{hint}: expected an id such as "
                     "unesco (`ioreview bodies search`)", "body")  # fmt: skip
    payload = _payload(row, reject)
    for field in ("amount", "currency"):
        value = _text(row, field, reject)
        if value is None:
            continue
        if field in payload:
            raise reject(f"{field} is given both as a column and in the payload", field)
        if field == "amount" and not AMOUNT.fullmatch(value):
            raise reject(f"amount {value!r}, expected a decimal number such as 1250000.00 "
                         "(no thousands separators)", "amount")  # fmt: skip
        payload[field] = value
    payload.setdefault("dataset", "events")
    try:
        return Event(
            kind=kind,
            actor=actor,
            body=body,
            valid_from=_date(row, "valid_from", reject),
            valid_to=_date(row, "valid_to", reject),
            payload=payload,
            source=Source(
                uri=_text(row, "source_uri", reject) or "",
                sha256=_text(row, "source_sha256", reject),
                locator=_text(row, "locator", reject),
            ),
        )
    except InvalidData as error:
        first = error.message.split(" ", 1)[0]
        raise reject(error.message, COLUMN_OF.get(first, "kind")) from error


def _text(row: dict[str, Any], field: str, reject: Any) -> str | None:
    value = row.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise reject(f"{field} {value!r}, expected text", field)
    if value != value.strip():
        raise reject(f"{field} {value!r} has leading or trailing spaces", field)
    return value


def _date(row: dict[str, Any], field: str, reject: Any) -> date | None:
    value = _text(row, field, reject)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise reject(f"{field} {value!r}, expected a date YYYY-MM-DD", field) from None


def _payload(row: dict[str, Any], reject: Any) -> dict[str, Any]:
    text, document = _text(row, "payload_json", reject), row.get("payload")
    if text is not None and document is not None:
        raise reject("both payload and payload_json are given: expected one", "payload_json")
    if text is not None:
        try:
            document = json.loads(text, object_pairs_hook=canonical.unique_keys)
        except ValueError as error:
            raise reject(f"payload_json is not JSON ({error}): expected a JSON object such "
                         'as {"note": "..."}', "payload_json") from error  # fmt: skip
        except InvalidData as error:
            raise reject(f"payload_json: {error.message}", "payload_json") from error
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise reject(f"payload {document!r}, expected a JSON object", "payload_json")
    return dict(document)


def _content_key(event: Event) -> str:
    return "sha256:" + hashlib.sha256(event.to_entry()).hexdigest()[:16]
