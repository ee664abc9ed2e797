"""``/api/v1/reviews``: stored reviews of a portfolio under a lens, and new runs (analyst).

A run scores the actor's portfolio, stores the review and appends one ``determination`` event
per body to the ledger (``review.store``); reading never changes anything.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ioreview.project import Project
from ioreview.review.model import Review
from ioreview.review.robustness import DEFAULT_CONCENTRATION, DEFAULT_SAMPLES
from ioreview.review.run import Options, run_review
from ioreview.review.scoring import METHODS
from ioreview.review.store import list_reviews, load_review, store_review
from ioreview.tokens import TokenInfo
from ioreview.web.api.lenses import builtin
from ioreview.web.api.status import DATE_PATTERN, parse_date
from ioreview.web.auth import read_access, require_role
from ioreview.web.deps import ACTOR_KEY, PagingDep, ProjectDep
from ioreview.web.errors import Envelope, Page, errors, ok, page

router = APIRouter(prefix="/reviews", tags=["reviews"])

#: Most weight vectors a run over the API may sample (the CLI has no bound).
MAX_SAMPLES = 20_000


class ReviewSummary(BaseModel):
    id: int
    lens: str
    lens_version: str
    actor: str
    as_of: str
    method: str
    ledger_size: int
    inputs_hash: str
    created_at: str | None


class BodyResultOut(BaseModel):
    body_id: str
    name: str
    score: float | None
    rank: int | None
    determination: str
    coverage: float = Field(description="Share of criterion weight with evidence.")
    fragile: bool
    acceptability: dict[str, float] = Field(
        description="Share of sampled weight vectors giving each determination."
    )
    contributions: dict[str, float | None]
    admitted_by: list[str]
    rank_interval: list[int] | None
    gates: list[dict[str, Any]]
    cells: dict[str, dict[str, Any]] = Field(description="Per criterion: raw, score, evidence.")
    admission_evidence: list[int]


class ReviewOut(BaseModel):
    id: int | None
    lens: str
    lens_version: str
    lens_title: str
    lens_sha256: str
    actor: str
    as_of: str
    method: str
    samples: int
    seed: int
    concentration: float
    ledger_size: int
    inputs_hash: str
    created_at: str | None
    counts: dict[str, int]
    criteria: list[dict[str, Any]]
    thresholds: dict[str, float]
    results: list[BodyResultOut]


class RunIn(BaseModel):
    """A review to run and store."""

    model_config = ConfigDict(extra="forbid")

    lens: str = Field(max_length=64, description="Built-in lens id (GET /api/v1/lenses).")
    actor: str | None = Field(None, pattern=ACTOR_KEY, description="Default: the project's actor.")
    as_of: str | None = Field(None, pattern=DATE_PATTERN, description="Default: latest data.")
    method: str = Field("wsm", description=f"One of {', '.join(METHODS)}.")
    samples: int = Field(DEFAULT_SAMPLES, ge=1, le=MAX_SAMPLES)
    seed: int = Field(0, ge=0, le=2**31 - 1)
    concentration: float = Field(DEFAULT_CONCENTRATION, gt=0, le=1e6)


@router.get(
    "",
    response_model=Page[ReviewSummary],
    summary="Stored reviews",
    responses=errors(422),
    dependencies=[Depends(read_access)],
)
def list_all(
    project: ProjectDep,
    paging: PagingDep,
    actor: Annotated[str | None, Query(pattern=ACTOR_KEY, description="Only this actor.")] = None,
) -> dict[str, Any]:
    found = list_reviews(project, actor)
    chosen = found[paging.offset : paging.offset + paging.limit]
    return page(chosen, limit=paging.limit, offset=paging.offset, total=len(found))


@router.get(
    "/{review_id}",
    response_model=Envelope[ReviewOut],
    summary="One review",
    responses=errors(404, 422),
    dependencies=[Depends(read_access)],
)
def get_review(
    project: ProjectDep, review_id: Annotated[int, Path(ge=1, le=2**62)]
) -> dict[str, Any]:
    return ok(load_review(project, review_id).to_json())


def _run(project: Project, request: RunIn) -> Review:
    options = Options(request.method, request.samples, request.seed, request.concentration)
    review = run_review(
        project, builtin(request.lens), request.actor, parse_date(request.as_of, "as_of"), options
    )
    return store_review(project, review)


@router.post(
    "",
    response_model=Envelope[ReviewOut],
    summary="Run and store a review (analyst)",
    responses=errors(403, 404, 422),
)
async def run(
    project: ProjectDep,
    request: RunIn,
    token: Annotated[TokenInfo, Depends(require_role("analyst"))],
) -> dict[str, Any]:
    """Score the portfolio, store the review and its determination events, return it."""
    review = await run_in_threadpool(_run, project, request)
    return ok(review.to_json())
