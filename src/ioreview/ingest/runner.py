"""Run one importer: one transaction, reconciliation with earlier loads, a ``dataset_loaded`` event.

- The same file (same SHA-256) loaded again is a no-op.
- A changed file appends only what changed: a record whose key is new is appended; a record
  whose content changed is appended with ``supersedes`` pointing at the earlier event; a record
  that disappeared gets a ``correction`` that supersedes it. Nothing is edited.
- Any rejected record, failed assertion or error rolls the whole load back.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from ioreview.exc import InvalidData, NotFound
from ioreview.ingest.context import Context
from ioreview.ingest.issues import Issue
from ioreview.ingest.meta import ImporterMeta, available, load_function, load_meta
from ioreview.ledger.events import Event, Source
from ioreview.project import Project
from ioreview.registry import data_root
from ioreview.storage import write_transaction
from ioreview.storage.projection_tables import event_index

KEY_FIELD = "import_key"


@dataclass
class ImportReport:
    importer: str
    files: dict[str, str]
    sha256: str
    unchanged: bool = False
    dry_run: bool = False
    appended: int = 0
    superseded: int = 0
    retracted: int = 0
    kept: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    ledger_size: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "importer": self.importer, "files": self.files, "sha256": self.sha256,
            "unchanged": self.unchanged, "dry_run": self.dry_run, "appended": self.appended,
            "superseded": self.superseded, "retracted": self.retracted, "kept": self.kept,
            "counts": self.counts, "issues": [issue.to_json() for issue in self.issues],
            "ledger_size": self.ledger_size,
        }  # fmt: skip


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def file_digest(files: dict[str, Path]) -> str:
    """SHA-256 of one file, or of the sorted "role sha256" lines when there are several."""
    digests = {}
    for role, path in files.items():
        try:
            digests[role] = hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError as error:
            raise NotFound(f"no file {str(path)!r} (importer input {role!r})") from error
    if len(digests) == 1:
        return next(iter(digests.values()))
    lines = "".join(f"{role} {digest}\n" for role, digest in sorted(digests.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def resolve_files(meta: ImporterMeta, path: Path | None) -> dict[str, Path]:
    root = data_root()
    files = {role: root / relative for role, relative in meta.files.items()}
    if path is not None:
        files[meta.main_file] = path
    return files


def run_import(
    project: Project,
    name: str,
    path: Path | None = None,
    *,
    dry_run: bool = False,
    show_progress: bool = False,
) -> ImportReport:
    """Load the source ``name`` (its bundled file, or ``path``) into the project."""
    meta = load_meta(name)
    files = resolve_files(meta, path)
    digest = file_digest(files)
    report = ImportReport(
        importer=name, files={role: p.name for role, p in files.items()}, sha256=digest,
        dry_run=dry_run,
    )  # fmt: skip
    if _already_loaded(project, name, digest):
        report.unchanged = True
        report.ledger_size = project.ledger.size()
        return report
    loader = load_function(name)
    stored = None
    try:
        with write_transaction(project.engine) as connection:
            context = Context(
                meta, connection, files, actor=project.settings.actor, show_progress=show_progress
            )
            loader(context)
            context.flush()
            report.counts = dict(context.counts)
            report.issues = context.issues
            for counter, bounds in meta.assertions.items():
                bounds.check(name, counter, context.counts.get(counter, 0))
            events = _reconcile(connection, name, context.events, report)
            events.append(_loaded_event(meta, files, digest, report))
            if dry_run:
                raise _DryRun
            _, stored = project.ledger.append_in(connection, events)
    except _DryRun:
        report.ledger_size = project.ledger.size()
        return report
    project.ledger.published(stored)
    report.ledger_size = stored.size
    return report


def _already_loaded(project: Project, name: str, digest: str) -> bool:
    with project.engine.connect() as connection:
        rows = connection.execute(
            select(event_index.c.payload)
            .where(event_index.c.kind == "dataset_loaded")
            .order_by(event_index.c.seq.desc())
        ).scalars()
        for payload in rows:
            document = json.loads(payload)
            if document.get("dataset") == name:
                return bool(document.get("sha256") == digest)
    return False


def _previous(connection: Connection, name: str) -> dict[str, tuple[int, dict[str, Any]]]:
    """Key → (seq, comparable content) of this importer's live events."""
    prefix = f"{name}:"
    rows = connection.execute(
        select(event_index).where(
            event_index.c.superseded_by.is_(None),
            event_index.c.payload.like(f'%"{KEY_FIELD}":"{prefix}%'),
        )
    ).all()
    previous: dict[str, tuple[int, dict[str, Any]]] = {}
    for row in rows:
        payload = json.loads(row.payload)
        key = payload.get(KEY_FIELD)
        if isinstance(key, str) and key.startswith(prefix):
            previous[key] = (int(row.seq), _comparable(row.kind, row.actor, row.body, row))
    return previous


def _comparable(kind: str, actor: object, body: object, row: Any) -> dict[str, Any]:
    return {
        "kind": kind, "actor": actor, "body": body,
        "valid_from": None if row.valid_from is None else str(row.valid_from),
        "valid_to": None if row.valid_to is None else str(row.valid_to),
        "payload": json.loads(row.payload),
    }  # fmt: skip


def _content(event: Event) -> dict[str, Any]:
    document = event.to_json()
    return {
        "kind": document["kind"], "actor": document["actor"], "body": document["body"],
        "valid_from": document["valid_from"], "valid_to": document["valid_to"],
        "payload": document["payload"],
    }  # fmt: skip


def _reconcile(
    connection: Connection, name: str, emitted: dict[str, Event], report: ImportReport
) -> list[Event]:
    previous = _previous(connection, name)
    events: list[Event] = []
    for key, event in emitted.items():
        full_key = f"{name}:{key}"
        keyed = replace(event, payload={**event.payload, KEY_FIELD: full_key})
        earlier = previous.pop(full_key, None)
        if earlier is None:
            events.append(keyed)
            report.appended += 1
        elif earlier[1] == _content(keyed):
            report.kept += 1
        else:
            events.append(replace(keyed, supersedes=(earlier[0],)))
            report.superseded += 1
    for full_key, (seq, content) in sorted(previous.items(), key=lambda item: item[1][0]):
        events.append(
            Event(
                kind="correction",
                actor=content["actor"],
                body=content["body"],
                supersedes=(seq,),
                payload={"reason": f"record {full_key!r} is no longer in the source file",
                         "importer": name},
                source=Source(uri=f"urn:ioreview:import:{name}"),
            )
        )
        report.retracted += 1
    return events


def _loaded_event(
    meta: ImporterMeta, files: dict[str, Path], digest: str, report: ImportReport
) -> Event:
    counts = {key: value for key, value in report.counts.items() if ":" not in key}
    return Event(
        kind="dataset_loaded",
        payload={
            "dataset": meta.name,
            "title": meta.title,
            "citation": meta.citation,
            "licence": meta.licence,
            "files": {role: path.name for role, path in files.items()},
            "sha256": digest,
            "counts": counts,
            "appended": report.appended,
            "superseded": report.superseded,
            "retracted": report.retracted,
        },
        source=Source(uri=meta.source_url, sha256=digest),
    )


def bundled_importers() -> list[str]:
    """Importers that ``ioreview init`` runs, in their declared order."""
    metas = [load_meta(name) for name in available()]
    return [m.name for m in sorted(metas, key=lambda m: (m.order, m.name)) if m.bundled]


def check_known(name: str) -> None:
    if name not in available():
        raise InvalidData(f"no importer {name!r}: expected one of {', '.join(available())}")
