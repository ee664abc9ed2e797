"""``/api/v1/history/{actor}``: an actor's ledger events with their sources."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from ioreview.engagements import history
from ioreview.web.auth import read_access
from ioreview.web.deps import ACTOR_KEY, BODY_KEY, PagingDep, ProjectDep
from ioreview.web.errors import Page, errors, page
from ioreview.web.schemas import EventOut, history_out

router = APIRouter(prefix="/history", tags=["history"], dependencies=[Depends(read_access)])


@router.get(
    "/{actor}",
    response_model=Page[EventOut],
    summary="Events of an actor",
    responses=errors(404, 422),
)
def get_history(
    project: ProjectDep,
    paging: PagingDep,
    actor: Annotated[str, Path(pattern=ACTOR_KEY, description="Actor id, ISO3 or COW code.")],
    body: Annotated[str | None, Query(pattern=BODY_KEY, description="Only this body.")] = None,
) -> dict[str, Any]:
    """Oldest first; a retracted event names the event that superseded it."""
    entries = history(project, actor, body)
    chosen = entries[paging.offset : paging.offset + paging.limit]
    return page(
        [history_out(e) for e in chosen],
        limit=paging.limit,
        offset=paging.offset,
        total=len(entries),
    )
