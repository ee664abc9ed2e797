"""``/api/v1/bodies``: the registry of bodies, paged and searchable."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from ioreview.registry import Body, load_body
from ioreview.web import queries
from ioreview.web.auth import read_access
from ioreview.web.deps import BODY_KEY, PagingDep, ProjectDep
from ioreview.web.errors import Envelope, Page, errors, ok, page

router = APIRouter(prefix="/bodies", tags=["bodies"], dependencies=[Depends(read_access)])


class MemoOut(BaseModel):
    section: str = Field(description="Section of the 7 Jan 2026 memorandum: 2(a) or 2(b).")
    item: str = Field(description="Item numeral within the section, e.g. xiv.")
    name: str = Field(description="The body's name as the memorandum writes it.")


class ExternalIdsOut(BaseModel):
    cow: int | None = Field(description="Correlates of War IGO ionum.")
    un_entity: str | None = Field(description="UN system entity code.")
    ceb: str | None = Field(description="UN CEB financial statistics code.")


class BodySummary(BaseModel):
    id: str
    name: str
    acronym: str | None
    kind: str
    parent: str | None
    memo: MemoOut | None
    external_ids: ExternalIdsOut


class AliasOut(BaseModel):
    alias: str
    norm: str
    origin: str
    explicit: bool


class YearsOut(BaseModel):
    start: int | None
    end: int | None


class SourcedValueOut(BaseModel):
    value: str
    source: str
    origin: str


class ConflictOut(BaseModel):
    field: str
    shown: str
    values: list[SourcedValueOut]


class BodyDetail(BodySummary):
    """The stored registry document of one body, every field with its sources."""

    founded: str | None
    founded_year: int | None
    hq_city: str | None
    hq_country: str | None
    members: str | None
    website: str | None
    instrument: str | None
    aliases: list[str]
    alias_details: list[AliasOut]
    ambiguous_aliases: list[str]
    memo_order: int | None
    sources: dict[str, str] = Field(description="Field → the first source URL.")
    source_urls: dict[str, list[str]] = Field(description="Field → every source URL.")
    source_notes: dict[str, str]
    domains: list[str]
    years: YearsOut | None
    conflicts: list[ConflictOut]
    details: dict[str, Any]


def summary(item: Body) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "acronym": item.acronym,
        "kind": item.kind,
        "parent": item.parent,
        "memo": None if item.memo is None else item.memo.to_json(),
        "external_ids": item.external_ids.to_json(),
    }


@router.get(
    "",
    response_model=Page[BodySummary],
    summary="List bodies",
    responses=errors(422),
)
def list_bodies(
    project: ProjectDep,
    paging: PagingDep,
    kind: Annotated[str | None, Query(max_length=64, description="Only this kind.")] = None,
    memo: Annotated[
        bool, Query(description="Only bodies of the 2026 memorandum, in its order.")
    ] = False,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="Search: matcher candidates first, then names containing the text.",
        ),
    ] = None,
) -> dict[str, Any]:
    """Bodies by id (by memorandum order with ``memo``), or the matches of ``q`` best first."""
    with project.engine.connect() as connection:
        if q is None:
            items, total = queries.body_page(
                connection, kind=kind, memo=memo, limit=paging.limit, offset=paging.offset
            )
        else:
            ids = queries.search_body_ids(connection, q, kind=kind, memo=memo)
            total = len(ids)
            items = queries.bodies_by_id(
                connection, ids[paging.offset : paging.offset + paging.limit]
            )
    return page(
        [summary(item) for item in items], limit=paging.limit, offset=paging.offset, total=total
    )


@router.get(
    "/{body_id}",
    response_model=Envelope[BodyDetail],
    summary="One body with its sources",
    responses=errors(404, 422),
)
def get_body(
    project: ProjectDep,
    body_id: Annotated[str, Path(pattern=BODY_KEY, description="Body id, e.g. unesco.")],
) -> dict[str, Any]:
    with project.engine.connect() as connection:
        return ok(load_body(connection, body_id).to_json())
