"""``/api/v1/lenses``: the built-in value lenses, each with its criteria, weights and sources.

Only built-in lenses are served: a lens reference from a request is never read as a file path.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from ioreview.exc import NotFound
from ioreview.lenses import Lens, builtin_ids, builtin_lenses, load_lens
from ioreview.web.auth import read_access
from ioreview.web.deps import PagingDep
from ioreview.web.errors import Envelope, Page, errors, ok, page

router = APIRouter(prefix="/lenses", tags=["lenses"], dependencies=[Depends(read_access)])


class LensSummary(BaseModel):
    id: str
    title: str
    version: str
    summary: str
    criteria: int
    gates: int
    sources: list[str] = Field(description="Ids of the sources the lens restates.")


class LensSourceOut(BaseModel):
    id: str
    title: str
    url: str
    date: str | None
    note: str | None


class LensOut(BaseModel):
    id: str
    title: str
    version: str
    summary: str
    origin: str
    sha256: str
    weights_note: str
    sources: list[LensSourceOut]
    criteria: list[dict[str, Any]] = Field(description="Criteria with their normalized weight.")
    gates: list[dict[str, Any]]
    thresholds: dict[str, float]
    ratings: dict[str, dict[str, float]]


def lens_summary(lens: Lens) -> dict[str, Any]:
    return {
        "id": lens.id,
        "title": lens.title,
        "version": lens.version,
        "summary": lens.summary,
        "criteria": len(lens.criteria),
        "gates": len(lens.gates),
        "sources": [s.id for s in lens.sources],
    }


def builtin(lens_id: str) -> Lens:
    """The built-in lens ``lens_id``; ``NotFound`` lists the ids."""
    ids = builtin_ids()
    if lens_id not in ids:
        raise NotFound(f"no built-in lens {lens_id!r}: expected one of {', '.join(ids)}")
    return load_lens(lens_id)


LensId = Annotated[str, Path(max_length=64, description="Built-in lens id.")]


@router.get("", response_model=Page[LensSummary], summary="Built-in lenses", responses=errors(422))
def list_lenses(paging: PagingDep) -> dict[str, Any]:
    lenses = builtin_lenses()
    chosen = lenses[paging.offset : paging.offset + paging.limit]
    return page(
        [lens_summary(x) for x in chosen],
        limit=paging.limit,
        offset=paging.offset,
        total=len(lenses),
    )


@router.get(
    "/{lens_id}", response_model=Envelope[LensOut], summary="One lens", responses=errors(404, 422)
)
def get_lens(lens_id: LensId) -> dict[str, Any]:
    return ok(builtin(lens_id).to_json())
