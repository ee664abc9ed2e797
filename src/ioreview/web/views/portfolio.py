"""The portfolio page (``/``) and the bodies list (``/bodies``)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Connection

from ioreview.directives.records import load_directive
from ioreview.ledger.status import ENGAGED
from ioreview.project import Project
from ioreview.registry import Actor, list_actors, list_bodies, load_actor
from ioreview.web import queries
from ioreview.web.auth import read_access
from ioreview.web.deps import ACTOR_KEY, DEFAULT_LIMIT, ProjectDep, SettingsDep
from ioreview.web.views.render import render

router = APIRouter(dependencies=[Depends(read_access)], include_in_schema=False)

#: Order of statuses in counts and filters: engaged, then on the way out, then none.
STATUS_ORDER = (*sorted(ENGAGED), "withdrawing", "directed", "none")

ActorQuery = Annotated[str | None, Query(pattern=ACTOR_KEY)]


def current(project: Project, connection: Connection, actor: str) -> tuple[Actor, int]:
    """The actor and the ledger size a page reads (the latest signed checkpoint's)."""
    latest = project.ledger.latest_checkpoint()
    return load_actor(connection, actor), 0 if latest is None else latest.size


def ordered(counts: Counter[str]) -> list[tuple[str, int]]:
    rank = {value: i for i, value in enumerate(STATUS_ORDER)}
    return sorted(counts.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


@router.get("/", response_class=HTMLResponse)
def portfolio(
    request: Request, project: ProjectDep, settings: SettingsDep, actor: ActorQuery = None
) -> HTMLResponse:
    today = date.today()
    with project.engine.connect() as connection:
        who, size = current(project, connection, actor or settings.actor)
        found = queries.statuses(connection, who.id, today, size)
        ids = queries.body_ids(connection)
        memo = list_bodies(connection, memo=True)
        directive = queries.latest_directive(connection, who.id)
        items = 0
        if directive is not None and isinstance(directive.event.payload.get("directive"), str):
            items = len(load_directive(connection, directive.event.payload["directive"]).items)
        context: dict[str, Any] = {
            "actor": who,
            "actors": list_actors(connection),
            "today": today.isoformat(),
            "by_kind": queries.kind_counts(connection),
            "total": len(ids),
            "by_status": ordered(Counter(found.get(i, "none") for i in ids)),
            "directive": None if directive is None else directive.event.to_json(),
            "directive_items": items,
            "ledger_size": project.ledger.size(),
            "checkpoint": project.ledger.latest_checkpoint(),
            "memo": [
                {
                    "id": b.id,
                    "name": b.name,
                    "kind": b.kind,
                    "section": b.memo.section if b.memo else "",
                    "item": b.memo.item if b.memo else "",
                    "status": found.get(b.id, "none"),
                }
                for b in memo
            ],
        }
    return render(request, "portfolio.html", context)


@router.get("/bodies", response_class=HTMLResponse)
def bodies(
    request: Request,
    project: ProjectDep,
    settings: SettingsDep,
    actor: ActorQuery = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(max_length=64)] = None,
    memo: bool = False,
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> HTMLResponse:
    today = date.today()
    q, kind, status = q or None, kind or None, status or None
    with project.engine.connect() as connection:
        who, size = current(project, connection, actor or settings.actor)
        found = queries.statuses(connection, who.id, today, size)
        if q is None:
            ids = queries.body_ids(connection, kind=kind, memo=memo)
        else:
            ids = queries.search_body_ids(connection, q, kind=kind, memo=memo)
        if status is not None:
            ids = [i for i in ids if found.get(i, "none") == status]
        chosen = queries.bodies_by_id(connection, ids[offset : offset + DEFAULT_LIMIT])
        kinds = [k for k, _ in queries.kind_counts(connection)]
    rows = [
        {
            "id": b.id,
            "name": b.name,
            "kind": b.kind,
            "section": b.memo.section if b.memo else "",
            "item": b.memo.item if b.memo else "",
            "status": found.get(b.id, "none"),
        }
        for b in chosen
    ]
    context = {
        "actor": who,
        "today": today.isoformat(),
        "rows": rows,
        "kinds": sorted(kinds),
        "status_values": STATUS_ORDER,
        "params": {"q": q, "kind": kind, "status": status, "memo": memo, "actor": who.id},
        "meta": {"limit": DEFAULT_LIMIT, "offset": offset, "total": len(ids)},
    }
    return render(request, "bodies.html", context)
