"""Sourced corrections of COW codings: each supersedes the COW events it corrects, by key.

For an entry of ``data/ledger/corrections.yaml`` the importer

1. finds each corrected COW event by its import key (``cow:<ccode>/<ionum>/<year>/<kind>``)
   and checks that it is about the entry's actor and body;
2. restates the part of that event before the correction's date as a bounded copy (same kind,
   payload and source, ``valid_to`` = the correction's date, ``restates`` = its seq), when the
   event is valid before that date;
3. emits the correction itself (``kind``, ``date``, ``source``) with ``supersedes`` = the
   corrected seqs, ``curated: true`` and the keys it corrects.

An entry marked ``pending`` is reported as a warning and not recorded.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from ioreview.exc import IoreviewError
from ioreview.ingest.context import Context
from ioreview.ingest.runner import KEY_FIELD
from ioreview.ingest.sources.cow.importer import rejecting
from ioreview.ingest.sources.cow.read import Problem
from ioreview.ingest.sources.cow_corrections.entries import Entry, read_entries
from ioreview.ledger.events import Event, Source, event_from_entry
from ioreview.registry import load_actor, load_body
from ioreview.storage.projection_tables import event_index
from ioreview.storage.tables import leaf


def load(context: Context) -> None:
    path = context.path("corrections")
    with rejecting(context, path.name):
        entries = read_entries(path)
        for entry in entries:
            context.count("entries")
            if entry.pending is not None:
                line, column = entry.where("pending")
                context.warn(
                    f"{entry.id}: not recorded, pending: {entry.pending}",
                    file=path.name, line=line, column=column,
                )  # fmt: skip
                context.count("pending")
                continue
            _record(context, entry)


def _record(context: Context, entry: Entry) -> None:
    actor, body = _ids(context, entry)
    corrected: list[int] = []
    for key in entry.corrects:
        seq, original = _find(context, entry, key)
        if (original.actor, original.body) != (actor, body):
            raise Problem(
                f"{key!r} is about {original.actor}/{original.body}, not {actor}/{body}: "
                "expected an event of the entry's actor and body",
                *entry.where("corrects"),
            )
        corrected.append(seq)
        start = original.valid_from
        if start is not None and start < entry.date:
            end = (
                original.valid_to if original.valid_to and original.valid_to < entry.date else None
            )
            kept = {k: v for k, v in original.payload.items() if k != KEY_FIELD}
            kept.update(restates=seq, correction=entry.id)
            restated = replace(
                original, seq=None, recorded_at=None, valid_to=end or entry.date,
                payload=kept, supersedes=(),
            )  # fmt: skip
            context.emit(restated, key=f"{entry.id}/restates/{key}")
            context.count("restated")
    payload: dict[str, Any] = {
        "curated": True, "correction": entry.id, "corrects": list(entry.corrects),
        "note": entry.note,
    }  # fmt: skip
    if entry.role is not None:
        payload["role"] = entry.role
    if entry.status is not None:
        payload["status"] = entry.status
    event = Event(
        kind=entry.kind, actor=actor, body=body, valid_from=entry.date, payload=payload,
        supersedes=tuple(sorted(set(corrected))), source=Source(uri=entry.source),
    )  # fmt: skip
    context.emit(event, key=entry.id)
    context.count("corrections")


def _ids(context: Context, entry: Entry) -> tuple[str, str]:
    try:
        actor = load_actor(context.connection, entry.actor).id
    except IoreviewError as error:
        raise Problem(error.message, *entry.where("actor")) from error
    try:
        body = load_body(context.connection, entry.body).id
    except IoreviewError as error:
        raise Problem(error.message, *entry.where("body")) from error
    return actor, body


def _find(context: Context, entry: Entry, key: str) -> tuple[int, Event]:
    """The latest ledger event with import key ``key``."""
    needle = json.dumps(key)
    rows = context.connection.execute(
        select(event_index.c.seq, event_index.c.payload)
        .where(event_index.c.payload.like(f'%"{KEY_FIELD}":{needle}%'))
        .order_by(event_index.c.seq.desc())
    ).all()
    for row in rows:
        if json.loads(row.payload).get(KEY_FIELD) == key:
            seq = int(row.seq)
            stored = context.connection.execute(select(leaf.c.entry).where(leaf.c.idx == seq))
            return seq, event_from_entry(bytes(stored.scalar_one()), seq=seq)
    raise Problem(
        f"no ledger event has the import key {key!r}: expected a key of a loaded COW event "
        "(run `ioreview ingest cow` first)",
        *entry.where("corrects"),
    )
