"""Directive pages: the directives in the ledger, and one directive's item timeline.

The timeline (``directives.timeline``) gives, per item, the notice rule, the recorded steps,
the earliest effective date and the flags; the page shows it as of a chosen date.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from ioreview.directives.records import list_directives, load_directive
from ioreview.web import queries
from ioreview.web.api.directives import ID_PATH, timeline_of
from ioreview.web.api.status import DATE_PATTERN, parse_date
from ioreview.web.auth import read_access
from ioreview.web.deps import ProjectDep
from ioreview.web.views.render import render

router = APIRouter(dependencies=[Depends(read_access)], include_in_schema=False)


@router.get("/directives", response_class=HTMLResponse)
def directives_page(request: Request, project: ProjectDep) -> HTMLResponse:
    with project.engine.connect() as connection:
        found = list_directives(connection)
    context = {"directives": [d.summary_json() for d in reversed(found)]}
    return render(request, "directives.html", context)


@router.get("/directives/{directive}", response_class=HTMLResponse)
def directive_page(
    request: Request,
    project: ProjectDep,
    directive: Annotated[str, Path(pattern=ID_PATH)],
    on: Annotated[str | None, Query(pattern=f"{DATE_PATTERN}|^$")] = None,
) -> HTMLResponse:
    as_of = parse_date(on or None, "on") or date.today()
    with project.engine.connect() as connection:
        found = load_directive(connection, directive)
        items = {item.body_id: item for item in found.items}
        names = {b.id: b.name for b in queries.bodies_by_id(connection, sorted(items))}
    timeline = timeline_of(project, found.id, as_of, 90)
    rows = [
        {**entry, "name": names.get(entry["body_id"], entry["body_id"]),
         "wording": items[entry["body_id"]].wording if entry["body_id"] in items else None}
        for entry in timeline["items"]
    ]  # fmt: skip
    skipped = [
        {**entry, "name": names.get(entry["body_id"], entry["body_id"])}
        for entry in timeline["skipped"]
    ]
    context = {
        "directive": found.summary_json(),
        "timeline": timeline,
        "rows": rows,
        "skipped": skipped,
        "form": {"on": on or ""},
    }
    return render(request, "directive.html", context)
