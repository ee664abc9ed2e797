"""Record a directive document in the ledger: read, parse, match, append (once).

A directive already in the ledger, recognised by its issue date and title, is not appended a
second time: the outcome names the directive id that holds it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ioreview.directives.events import directive_events, directive_id
from ioreview.directives.match import MatchedDirective, match_directive
from ioreview.directives.parse import parse_directive
from ioreview.directives.sources import source_uri_for
from ioreview.exc import InvalidData, NotFound
from ioreview.project import Project
from ioreview.registry import Matcher, list_bodies, normalize_name
from ioreview.storage.projection_tables import event_index


@dataclass(frozen=True)
class DirectiveOutcome:
    matched: MatchedDirective
    directive_id: str
    source_uri: str
    sha256: str
    dry_run: bool
    appended: list[int]
    existing: str | None

    def to_json(self) -> dict[str, Any]:
        document = self.matched.to_json()
        document.update(
            {
                "id": self.existing or self.directive_id,
                "source": {"uri": self.source_uri, "sha256": self.sha256},
                "dry_run": self.dry_run,
                "appended": self.appended,
                "already_recorded_as": self.existing,
            }
        )
        return document

    def summary(self) -> str:
        if self.existing is not None:
            return f"already in the ledger as {self.existing!r}: nothing appended"
        if self.dry_run:
            return "dry run: nothing appended"
        return f"recorded as {self.directive_id!r}: {len(self.appended)} events appended"


def read_text(path: Path) -> tuple[str, str]:
    """(text, sha256 of the bytes); a file that is not UTF-8 text is refused by name."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise NotFound(f"no file {str(path)!r}") from error
    if b"\x00" in data:
        raise InvalidData(f"{path.name}: binary data (NUL bytes): expected a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidData(
            f"{path.name}: byte {error.start} is not UTF-8: expected a UTF-8 text document"
        ) from error
    return text, hashlib.sha256(data).hexdigest()


def record_directive(
    project: Project,
    path: Path,
    *,
    issued: date | None = None,
    source_url: str | None = None,
    dry_run: bool = False,
) -> DirectiveOutcome:
    text, digest = read_text(path)
    parsed = parse_directive(text, date=issued, filename=path.name)
    actor = project.settings.actor
    with project.engine.connect() as connection:
        matched = match_directive(parsed, Matcher(list_bodies(connection)))
        existing = _recorded_as(connection, parsed.date, parsed.title)
        ident = _free_id(connection, directive_id(matched, actor))
    uri = source_uri_for(parsed, source_url)
    appended: list[int] = []
    if existing is None and not dry_run:
        events = directive_events(matched, actor, uri, digest, ident)
        appended = [e.seq for e in project.ledger.append(events) if e.seq is not None]
    return DirectiveOutcome(
        matched=matched, directive_id=ident, source_uri=uri, sha256=digest, dry_run=dry_run,
        appended=appended, existing=existing,
    )  # fmt: skip


def _free_id(connection: Any, base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … when another document already holds it."""
    rows = connection.execute(
        select(event_index.c.payload).where(event_index.c.kind == "directive_issued")
    ).scalars()
    taken = {json.loads(payload).get("directive") for payload in rows}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _recorded_as(connection: Any, issued: date, title: str | None) -> str | None:
    if title is None:
        return None
    wanted = normalize_name(title)
    rows = connection.execute(
        select(event_index.c.payload).where(
            event_index.c.kind == "directive_issued", event_index.c.valid_from == issued
        )
    ).scalars()
    for payload in rows:
        document = json.loads(payload)
        if normalize_name(str(document.get("title", ""))) == wanted:
            return str(document.get("directive"))
    return None
