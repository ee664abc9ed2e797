"""``/api/v1/actors``: who engages (states of the COW state system, by id)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from ioreview.registry import list_actors, load_actor
from ioreview.web.auth import read_access
from ioreview.web.deps import ACTOR_KEY, PagingDep, ProjectDep
from ioreview.web.errors import Envelope, Page, errors, ok, page

router = APIRouter(prefix="/actors", tags=["actors"], dependencies=[Depends(read_access)])


class SpellOut(BaseModel):
    start: str
    end: str


class ActorOut(BaseModel):
    id: str = Field(description="ISO 3166 alpha-3 when known, else the COW abbreviation.")
    name: str
    kind: str
    iso3: str | None
    iso2: str | None
    cow_code: int | None
    cow_abb: str | None
    spells: list[SpellOut] = Field(description="Spells of state-system membership.")
    sources: dict[str, str]
    source_urls: dict[str, list[str]]
    id_rule: str


@router.get("", response_model=Page[ActorOut], summary="List actors", responses=errors(422))
def list_all(project: ProjectDep, paging: PagingDep) -> dict[str, Any]:
    with project.engine.connect() as connection:
        actors = list_actors(connection)
    chosen = actors[paging.offset : paging.offset + paging.limit]
    return page(
        [a.to_json() for a in chosen], limit=paging.limit, offset=paging.offset, total=len(actors)
    )


@router.get(
    "/{actor}",
    response_model=Envelope[ActorOut],
    summary="One actor",
    responses=errors(404, 422),
)
def get_actor(
    project: ProjectDep,
    actor: Annotated[
        str, Path(pattern=ACTOR_KEY, description="Id, ISO alpha-3, COW abbreviation or COW code.")
    ],
) -> dict[str, Any]:
    with project.engine.connect() as connection:
        return ok(load_actor(connection, actor).to_json())
