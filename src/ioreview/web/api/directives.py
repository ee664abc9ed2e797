"""``/api/v1/directives``: directives as the ledger records them.

A directive is its ``directive_issued`` event plus every event whose payload names it
(``payload.directive``), e.g. the 66 ``withdrawal_directed`` items of the 2026 memorandum.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from ioreview.exc import NotFound
from ioreview.web import queries
from ioreview.web.auth import read_access
from ioreview.web.deps import PagingDep, ProjectDep
from ioreview.web.errors import Envelope, Page, errors, ok, page
from ioreview.web.schemas import EventOut, event_out

router = APIRouter(prefix="/directives", tags=["directives"], dependencies=[Depends(read_access)])

ID_PATH = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"


class DirectiveOut(BaseModel):
    id: str
    issued: list[EventOut] = Field(description="Its directive_issued event(s).")
    items: list[EventOut] = Field(description="Other events naming it, by seq.")


@router.get(
    "",
    response_model=Page[EventOut],
    summary="Issued directives",
    responses=errors(422),
)
def list_directives(project: ProjectDep, paging: PagingDep) -> dict[str, Any]:
    """``directive_issued`` events, by seq."""
    with project.engine.connect() as connection:
        rows, total = queries.event_page(
            connection, kind="directive_issued", limit=paging.limit, offset=paging.offset
        )
    return page(
        [event_out(r.event, r.superseded_by) for r in rows],
        limit=paging.limit,
        offset=paging.offset,
        total=total,
    )


@router.get(
    "/{directive}",
    response_model=Envelope[DirectiveOut],
    summary="One directive and its items",
    responses=errors(404, 422),
)
def get_directive(
    project: ProjectDep,
    directive: Annotated[str, Path(pattern=ID_PATH, description="e.g. us-pm-2026-01-07.")],
) -> dict[str, Any]:
    with project.engine.connect() as connection:
        rows = queries.directive_rows(connection, directive)
    if not rows:
        raise NotFound(f"no ledger event names directive {directive!r}")
    issued = [r for r in rows if r.event.kind == "directive_issued"]
    items = [r for r in rows if r.event.kind != "directive_issued"]
    return ok(
        {
            "id": directive,
            "issued": [event_out(r.event, r.superseded_by) for r in issued],
            "items": [event_out(r.event, r.superseded_by) for r in items],
        }
    )
