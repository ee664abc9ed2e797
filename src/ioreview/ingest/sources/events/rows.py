"""Rows of an analyst's events file, CSV or JSON Lines, as uniform field → value mappings.

CSV: a header with ``kind`` and ``source_uri`` and any of the other ``COLUMNS`` (any order);
``payload_json`` holds a JSON object. JSON Lines: one JSON object a line with the same field
names, where ``payload`` is an object (``payload_json`` is accepted as a string too). The layout
is told by the first non-blank character: ``{`` for JSON Lines. Every value is checked later by
``importer.py``; here only the shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ioreview.exc import InvalidData
from ioreview.ingest.tabular import read_dicts, read_text
from ioreview.ledger import canonical

REQUIRED = ["kind", "source_uri"]
OPTIONAL = [
    "actor", "body", "valid_from", "valid_to", "amount", "currency", "source_sha256", "locator",
    "payload_json", "key",
]  # fmt: skip
#: The documented column order (any order is read).
COLUMNS = [
    "kind", "actor", "body", "valid_from", "valid_to", "amount", "currency", "source_uri",
    "source_sha256", "locator", "payload_json", "key",
]  # fmt: skip
JSON_FIELDS = {*REQUIRED, *OPTIONAL, "payload"}


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, fields); absent fields read as ``""`` (CSV) or are missing (JSON Lines)."""
    text = read_text(path, expected="a CSV or JSON Lines file")
    if text.lstrip().startswith("{"):
        yield from _json_lines(path, text)
    else:
        yield from read_dicts(path, REQUIRED, OPTIONAL)


def _json_lines(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line, object_pairs_hook=canonical.unique_keys)
        except ValueError as error:
            reason = getattr(error, "msg", None) or str(error)
            raise InvalidData(
                f"{path.name}:{number}: not JSON ({reason}): expected one JSON object a line"
            ) from error
        except InvalidData as error:
            raise InvalidData(f"{path.name}:{number}: {error.message}") from error
        if not isinstance(document, dict):
            raise InvalidData(f"{path.name}:{number}: {document!r} is not a JSON object")
        unknown = sorted(set(document) - JSON_FIELDS)
        if unknown:
            raise InvalidData(
                f"{path.name}:{number}:{unknown[0]}: unknown field {unknown[0]!r}: expected "
                f"fields among {', '.join(sorted(JSON_FIELDS))}"
            )
        yield number, document
