"""``/api/v1/directives``: directives in the ledger, their items, timelines and tracking.

A directive is its ``directive_issued`` event and the item events that name it
(``directives.records``); ``earlier-exits`` gathers withdrawals notified without a directive.
The timeline applies each item's notice rule (``directives.timeline``); tracking appends a
``withdrawal_notified`` / ``funding_ceased`` / ``withdrawal_effective`` event (analyst).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ioreview.directives.records import list_directives, load_directive
from ioreview.directives.rule_table import load_rules
from ioreview.directives.timeline import DEFAULT_OVERDUE_DAYS, directive_timeline
from ioreview.directives.tracking import STAGES, TrackResult, track
from ioreview.project import Project
from ioreview.tokens import TokenInfo
from ioreview.web import queries
from ioreview.web.api.status import DATE_PATTERN, DateQuery, parse_date
from ioreview.web.auth import read_access, require_role
from ioreview.web.deps import BODY_KEY, PagingDep, ProjectDep
from ioreview.web.errors import Envelope, Page, errors, ok, page
from ioreview.web.schemas import EventOut, event_out

router = APIRouter(prefix="/directives", tags=["directives"])

ID_PATH = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"
DirectiveId = Annotated[str, Path(pattern=ID_PATH, description="e.g. earlier-exits.")]


class DirectiveSummary(BaseModel):
    id: str
    title: str | None
    date: str | None = Field(description="Issue date.")
    actor: str | None
    items: int
    source: str | None
    pseudo: bool = Field(description="True for earlier-exits, which no document issued.")


class ItemOut(BaseModel):
    section: str | None
    item: str | None
    body_id: str
    action: str
    wording: str | None
    locator: str | None
    actor: str
    seq: int


class DirectiveOut(DirectiveSummary):
    item_list: list[ItemOut] = Field(description="Items in ledger order.")
    events: list[EventOut] = Field(description="Ledger events naming the directive, by seq.")


class TimelineOut(BaseModel):
    directive: str
    title: str | None
    date: str | None
    as_of: str
    overdue_days: int
    items: list[dict[str, Any]] = Field(
        description="Per item: rule, notified, earliest effective date, status, flags."
    )
    skipped: list[dict[str, Any]] = Field(description="Items without a timeline (reviews).")
    counts: dict[str, dict[str, int]]


class TrackIn(BaseModel):
    """One implementation step of an item."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(pattern=BODY_KEY, description="Body id of an item.")
    status: str = Field(description=f"One of {', '.join(STAGES)}.")
    date: str = Field(pattern=DATE_PATTERN, description="Date of the step.")
    source: str = Field(min_length=1, max_length=2000, description="URL recording the step.")
    agency: str | None = Field(None, max_length=200)
    conditions_met: list[str] = Field(default_factory=list, max_length=20)


class TrackOut(BaseModel):
    appended: int | None
    event: dict[str, Any]
    status_before: str
    status: str
    timeline: dict[str, Any]


@router.get(
    "",
    response_model=Page[DirectiveSummary],
    summary="Directives",
    responses=errors(422),
    dependencies=[Depends(read_access)],
)
def list_all(project: ProjectDep, paging: PagingDep) -> dict[str, Any]:
    """By issue date, then ``earlier-exits`` when it has items."""
    with project.engine.connect() as connection:
        found = list_directives(connection)
    chosen = found[paging.offset : paging.offset + paging.limit]
    return page(
        [d.summary_json() for d in chosen],
        limit=paging.limit,
        offset=paging.offset,
        total=len(found),
    )


@router.get(
    "/{directive}",
    response_model=Envelope[DirectiveOut],
    summary="One directive, its items and events",
    responses=errors(404, 422),
    dependencies=[Depends(read_access)],
)
def get_directive(project: ProjectDep, directive: DirectiveId) -> dict[str, Any]:
    with project.engine.connect() as connection:
        found = load_directive(connection, directive)
        rows = queries.directive_rows(connection, found.id)
    return ok(
        {
            **found.summary_json(),
            "item_list": [item.detail_json() for item in found.items],
            "events": [event_out(r.event, r.superseded_by) for r in rows],
        }
    )


def timeline_of(project: Project, directive: str, on: date, overdue_days: int) -> dict[str, Any]:
    rules = load_rules(project.registry())
    with project.engine.connect() as connection:
        found = load_directive(connection, directive)
        return directive_timeline(connection, found, rules, on, overdue_days).to_json()


@router.get(
    "/{directive}/timeline",
    response_model=Envelope[TimelineOut],
    summary="Notice rules, effective dates, status and flags of the items",
    responses=errors(404, 422),
    dependencies=[Depends(read_access)],
)
def get_timeline(
    project: ProjectDep,
    directive: DirectiveId,
    on: DateQuery = None,
    overdue_days: Annotated[int, Query(ge=0, le=36_500)] = DEFAULT_OVERDUE_DAYS,
) -> dict[str, Any]:
    """As of ``on`` (default today)."""
    as_of = parse_date(on, "on") or date.today()
    return ok(timeline_of(project, directive, as_of, overdue_days))


def _track(project: Project, directive: str, step: TrackIn) -> TrackResult:
    when = parse_date(step.date, "date")
    assert when is not None
    return track(
        project,
        directive,
        step.body,
        step.status,
        when,
        step.source,
        agency=step.agency,
        conditions_met=step.conditions_met,
    )


@router.post(
    "/{directive}/track",
    response_model=Envelope[TrackOut],
    summary="Record an item's step (analyst)",
    responses=errors(403, 404, 409, 422),
)
async def post_track(
    project: ProjectDep,
    directive: DirectiveId,
    step: TrackIn,
    token: Annotated[TokenInfo, Depends(require_role("analyst"))],
) -> dict[str, Any]:
    """Append ``withdrawal_notified``, ``funding_ceased`` or ``withdrawal_effective``."""
    result = await run_in_threadpool(_track, project, directive, step)
    return ok(result.to_json())
