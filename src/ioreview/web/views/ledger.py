"""The ledger page: the latest signed checkpoint, the verify button, receipts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ioreview.web import queries
from ioreview.web.auth import read_access
from ioreview.web.deps import DEFAULT_LIMIT, ProjectDep
from ioreview.web.views.render import render

router = APIRouter(dependencies=[Depends(read_access)], include_in_schema=False)


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    project: ProjectDep,
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> HTMLResponse:
    with project.engine.connect() as connection:
        rows, total = queries.event_page(
            connection, limit=DEFAULT_LIMIT, offset=offset, newest_first=True
        )
    context = {
        "checkpoint": project.ledger.latest_checkpoint(),
        "size": project.ledger.size(),
        "vkey": project.verifier.key_string(),
        "events": [{"event": r.event.to_json(), "superseded_by": r.superseded_by} for r in rows],
        "meta": {"limit": DEFAULT_LIMIT, "offset": offset, "total": total},
    }
    return render(request, "ledger.html", context)
