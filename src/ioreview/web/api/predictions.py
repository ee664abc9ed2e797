"""``/api/v1/predictions``: a directive's funding gaps, and COW history series for a state.

``gap`` runs ``predict.gap.directive_gaps`` (money from the ledger's contribution events and
CEB revenue; a body without money data lists what is missing instead of amounts); ``series``
runs ``predict.series.compute_series`` for one state. Network position and withdrawal risk
fit models over the whole COW history (seconds to minutes per call), so they stay in the CLI
(``ioreview predict network`` / ``ioreview predict risk``) and are not served here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ioreview.predict.history import VIEWS
from ioreview.project import Project
from ioreview.web.api.directives import ID_PATH
from ioreview.web.auth import read_access
from ioreview.web.deps import ACTOR_KEY, BODY_KEY, ProjectDep
from ioreview.web.errors import Envelope, errors, ok

router = APIRouter(prefix="/predictions", tags=["predictions"], dependencies=[Depends(read_access)])

#: Contributors listed per body before and after the exit.
TOP = 5

DirectiveQuery = Annotated[
    str, Query(pattern=ID_PATH, description="Directive id, e.g. earlier-exits.")
]
BodyQuery = Annotated[
    str | None, Query(pattern=BODY_KEY, description="Only this body id of the directive.")
]
YearQuery = Annotated[
    int | None,
    Query(ge=1800, le=2200, description="Money year (default: each body's latest year)."),
]
ActorQuery = Annotated[str, Query(pattern=ACTOR_KEY, description="State id, e.g. USA.")]
ViewQuery = Annotated[
    str, Query(pattern=f"^({'|'.join(VIEWS)})$", description=f"One of {', '.join(VIEWS)}.")
]


class GapItemOut(BaseModel):
    """One body's gap; amounts are null and ``missing`` says why when the ledger lacks money."""

    body_id: str
    actor: str
    year: int | None = Field(description="Money year of the figures.")
    actor_contribution_usd: float | None
    share: float | None = Field(description="The actor's share of the body's revenue.")
    gap_usd: float | None
    revenue_usd: float | None
    revenue_basis: str | None
    actor_assessed_share: float | None
    gap_by_kind_usd: dict[str, float | None]
    scenarios: dict[str, dict[str, Any]] = Field(description="Backfill scenarios by name.")
    residual_gap_usd: float | None
    pledges: list[dict[str, Any]]
    top_contributors_before: list[dict[str, Any]]
    top_contributors_after: list[dict[str, Any]]
    largest_payer_after: str | None
    top_assessed_after: list[dict[str, Any]]
    exact_usd: dict[str, str | None] = Field(description="Amounts as exact decimal strings.")
    contribution_sources: list[dict[str, Any]]
    not_annual_figures: list[dict[str, Any]]
    missing: list[str] = Field(description="Data the figures lack, one line each.")


class GapOut(BaseModel):
    directive: str
    items: list[GapItemOut] = Field(description="One per body the directive withdraws from.")


class SeriesOut(BaseModel):
    igos_per_year: dict[str, int]
    births_per_year: dict[str, int]
    deaths_per_year: dict[str, int]
    memberships: dict[str, dict[str, int]] = Field(description="State → year → memberships.")
    ranks: dict[str, dict[str, int]] = Field(description="State → year → rank (1 = most).")
    file_disagreements: dict[str, dict[str, dict[str, int]]]
    dead_share_2014: float
    igos: int
    dead: dict[str, int]
    checks: list[dict[str, Any]] = Field(description="Computed figures against published ones.")
    counting_rule: str
    memberships_source: str
    years: list[int] = Field(description="First and last year.")
    view: str
    curated_corrections: dict[str, Any]


def gaps_of(
    project: Project, directive: str, body: str | None = None, year: int | None = None
) -> list[dict[str, Any]]:
    """The JSON form of ``directive_gaps`` with default scenario parameters."""
    # Imported here: the numerical libraries load on the first prediction, not at start-up.
    from ioreview.predict.backfill import ScenarioParams
    from ioreview.predict.gap import directive_gaps

    with project.engine.connect() as connection:
        found = directive_gaps(
            connection, directive, year=year, body=body, params=ScenarioParams(), top=TOP
        )
    return [item.to_json() for item in found]


def series_of(project: Project, actor: str, view: str = "published") -> dict[str, Any]:
    from ioreview.predict.series import compute_series

    with project.engine.connect() as connection:
        return compute_series(connection, [actor], view=view).to_json()


@router.get(
    "/gap",
    response_model=Envelope[GapOut],
    summary="Funding gap per body of a directive",
    responses=errors(404, 422),
)
async def get_gap(
    project: ProjectDep,
    directive: DirectiveQuery,
    body: BodyQuery = None,
    year: YearQuery = None,
) -> dict[str, Any]:
    """Gap, backfill scenarios (no philanthropy, no budget cut) and largest payers after."""
    items = await run_in_threadpool(gaps_of, project, directive, body, year)
    return ok({"directive": directive, "items": items})


@router.get(
    "/series",
    response_model=Envelope[SeriesOut],
    summary="COW IGOs per year and one state's memberships",
    responses=errors(404, 422),
)
async def get_series(
    project: ProjectDep, actor: ActorQuery, view: ViewQuery = "published"
) -> dict[str, Any]:
    """Pevehouse et al. (2020) counting rules; 404 when the ledger holds no COW history."""
    return ok(await run_in_threadpool(series_of, project, actor, view))
