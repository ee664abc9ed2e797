"""``/api/v1/events``: ledger events, and appends (all or nothing) for analyst tokens."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Connection, select
from starlette.concurrency import run_in_threadpool

from ioreview.exc import InvalidData, NotFound
from ioreview.ledger import canonical
from ioreview.ledger.events import KINDS, Event, validate_event
from ioreview.storage.tables import actor, body
from ioreview.tokens import TokenInfo
from ioreview.web import queries
from ioreview.web.auth import read_access, require_role
from ioreview.web.deps import ACTOR_KEY, BODY_KEY, PagingDep, ProjectDep
from ioreview.web.errors import Envelope, Page, errors, ok, page
from ioreview.web.limits import read_body
from ioreview.web.schemas import EventOut, event_out

router = APIRouter(prefix="/events", tags=["events"])
log = logging.getLogger("ioreview.web")
_LISTS = {"actor": "/api/v1/actors", "body": "/api/v1/bodies"}

#: Most events one append may carry.
MAX_EVENTS = 10_000

_SOURCE_SCHEMA = {
    "type": "object",
    "required": ["uri"],
    "additionalProperties": False,
    "properties": {
        "uri": {"type": "string", "minLength": 1, "description": "Where the fact is stated."},
        "sha256": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
        "locator": {"type": ["string", "null"], "minLength": 1},
    },
}
_EVENT_SCHEMA = {
    "type": "object",
    "required": ["kind", "source"],
    "additionalProperties": False,
    "properties": {
        "v": {"type": "integer", "enum": [1]},
        "kind": {"type": "string", "enum": sorted(KINDS)},
        "actor": {"type": ["string", "null"], "description": "Actor id in the registry."},
        "body": {"type": ["string", "null"], "description": "Body id in the registry."},
        "valid_from": {"type": ["string", "null"], "format": "date"},
        "valid_to": {"type": ["string", "null"], "format": "date"},
        "payload": {"type": "object", "description": "Per-kind fields; no floats."},
        "supersedes": {"type": "array", "items": {"type": "integer", "minimum": 0}},
        "source": _SOURCE_SCHEMA,
    },
}
_APPEND_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_EVENTS,
                "items": _EVENT_SCHEMA,
            }
        }
    },
}


class AppendOut(BaseModel):
    appended: list[int] = Field(description="Seqs given to the events, in order.")
    size: int = Field(description="Ledger size after the append.")
    checkpoint: str = Field(description="The signed checkpoint that covers them.")


@router.get(
    "",
    response_model=Page[EventOut],
    summary="List ledger events",
    responses=errors(422),
    dependencies=[Depends(read_access)],
)
def list_events(
    project: ProjectDep,
    paging: PagingDep,
    actor_id: Annotated[str | None, Query(alias="actor", pattern=ACTOR_KEY)] = None,
    body_id: Annotated[str | None, Query(alias="body", pattern=BODY_KEY)] = None,
    kind: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """Events by seq, optionally of one actor, body or kind (ids as stored)."""
    with project.engine.connect() as connection:
        rows, total = queries.event_page(
            connection,
            actor=actor_id,
            body_id=body_id,
            kind=kind,
            limit=paging.limit,
            offset=paging.offset,
        )
    return page(
        [event_out(r.event, r.superseded_by) for r in rows],
        limit=paging.limit,
        offset=paging.offset,
        total=total,
    )


@router.get(
    "/{seq}",
    response_model=Envelope[EventOut],
    summary="One ledger event",
    responses=errors(404, 422),
    dependencies=[Depends(read_access)],
)
def get_event(
    project: ProjectDep, seq: Annotated[int, Path(ge=0, le=2**62, description="Seq.")]
) -> dict[str, Any]:
    with project.engine.connect() as connection:
        row = queries.event_at(connection, seq)
    if row is None:
        raise NotFound(f"no ledger event with seq {seq!r} (log size {project.ledger.size()})")
    return ok(event_out(row.event, row.superseded_by))


@router.post(
    "",
    response_model=Envelope[AppendOut],
    summary="Append events (analyst)",
    responses=errors(403, 413, 422),
    openapi_extra={"requestBody": _APPEND_BODY},
)
async def append_events(
    request: Request,
    project: ProjectDep,
    token: Annotated[TokenInfo, Depends(require_role("analyst"))],
) -> dict[str, Any]:
    """Append a JSON list of events in one transaction and sign a new checkpoint.

    Every event is checked first (schema, per-kind payload, actor and body in the registry);
    one bad event rejects the whole list and the ledger stays as it was.
    """
    raw = await read_body(request)
    events = parse_events(raw)
    with project.engine.connect() as connection:
        check_registry(connection, events)
    appended = await run_in_threadpool(project.ledger.append, events)
    log.info("token %s (%s) appended %d events", token.id, token.role, len(appended))
    latest = project.ledger.latest_checkpoint()
    return ok(
        {
            "appended": [event.seq for event in appended],
            "size": project.ledger.size(),
            "checkpoint": "" if latest is None else latest.note,
        }
    )


def parse_events(raw: bytes) -> list[Event]:
    """Events from a JSON array; each problem names the event's index."""
    try:
        document = json.loads(raw.decode("utf-8"), object_pairs_hook=canonical.unique_keys)
    except UnicodeDecodeError as error:
        raise InvalidData(f"request body byte {error.start} is not UTF-8") from error
    except RecursionError as error:
        raise InvalidData("request body is nested too deeply") from error
    except ValueError as error:
        reason = getattr(error, "msg", None) or str(error)
        raise InvalidData(f"request body is not JSON ({reason}): expected a list") from error
    if not isinstance(document, list) or not document:
        raise InvalidData(f"request body {_short(document)}: expected a non-empty JSON list")
    if len(document) > MAX_EVENTS:
        raise InvalidData(f"{len(document)} events in one append: expected at most {MAX_EVENTS}")
    events = []
    for index, item in enumerate(document):
        try:
            if isinstance(item, dict):
                for key in ("seq", "recorded_at"):
                    if item.get(key) is not None:
                        raise InvalidData(f"{key} {item[key]!r}: the ledger assigns it; omit it")
            events.append(validate_event(item))
        except InvalidData as error:
            raise InvalidData(f"event {index}: {error.message}") from error
        except (TypeError, RecursionError) as error:
            raise InvalidData(f"event {index}: malformed ({type(error).__name__})") from error
    return events


def check_registry(connection: Connection, events: Sequence[Event]) -> None:
    """Every actor and body id of ``events`` names a registry entry."""
    for name, table in (("actor", actor), ("body", body)):
        wanted = {getattr(e, name) for e in events} - {None}
        if not wanted:
            continue
        known = set(connection.execute(select(table.c.id).where(table.c.id.in_(wanted))).scalars())
        for index, event in enumerate(events):
            value = getattr(event, name)
            if value is not None and value not in known:
                raise InvalidData(
                    f"event {index}: {name} {value!r} is not in the registry: expected a "
                    f"{name} id (see {_LISTS[name]})"
                )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
