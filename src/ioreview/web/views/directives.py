"""Directive pages: the list of issued directives and one directive with its items.

Both read the ledger (``directive_issued`` events and the events naming them), so they work
for every directive recorded, whichever importer recorded it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from ioreview.exc import NotFound
from ioreview.web import queries
from ioreview.web.api.directives import ID_PATH
from ioreview.web.auth import read_access
from ioreview.web.deps import MAX_LIMIT, ProjectDep
from ioreview.web.views.render import render

router = APIRouter(dependencies=[Depends(read_access)], include_in_schema=False)


@router.get("/directives", response_class=HTMLResponse)
def directives_page(
    request: Request, project: ProjectDep, offset: Annotated[int, Query(ge=0, le=2**62)] = 0
) -> HTMLResponse:
    with project.engine.connect() as connection:
        rows, total = queries.event_page(
            connection, kind="directive_issued", limit=MAX_LIMIT, offset=offset
        )
    rows.sort(key=lambda r: (r.event.valid_from or date.min, r.event.seq or 0), reverse=True)
    issued = [{"event": r.event.to_json(), "superseded_by": r.superseded_by} for r in rows]
    context = {"issued": issued, "meta": {"limit": MAX_LIMIT, "offset": offset, "total": total}}
    return render(request, "directives.html", context)


@router.get("/directives/{directive}", response_class=HTMLResponse)
def directive_page(
    request: Request,
    project: ProjectDep,
    directive: Annotated[str, Path(pattern=ID_PATH)],
) -> HTMLResponse:
    today = date.today()
    latest = project.ledger.latest_checkpoint()
    size = 0 if latest is None else latest.size
    with project.engine.connect() as connection:
        rows = queries.directive_rows(connection, directive)
        if not rows:
            raise NotFound(f"no ledger event names directive {directive!r}")
        issued = [r for r in rows if r.event.kind == "directive_issued"]
        actor = (issued or rows)[0].event.actor
        found = {} if actor is None else queries.statuses(connection, actor, today, size)
        names = {
            b.id: b.name
            for b in queries.bodies_by_id(
                connection, sorted({r.event.body for r in rows if r.event.body})
            )
        }
    items = [
        {
            "event": r.event.to_json(),
            "superseded_by": r.superseded_by,
            "name": names.get(r.event.body or "", r.event.body),
            "status": found.get(r.event.body or "", "none"),
        }
        for r in rows
        if r.event.kind != "directive_issued"
    ]
    context = {
        "id": directive,
        "actor": actor,
        "today": today.isoformat(),
        "issued": [{"event": r.event.to_json(), "superseded_by": r.superseded_by} for r in issued],
        "items": items,
    }
    return render(request, "directive.html", context)
