"""The predictions page: a directive's funding gaps and one state's membership series.

Charts are SVG rendered server-side by vl-convert and served as ``image/svg+xml`` from their
own paths; the page shows them through ``<img>``, in which an SVG cannot run scripts or load
anything, so chart text never becomes part of the page's markup.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from ioreview.directives.records import list_directives
from ioreview.exc import NotFound
from ioreview.project import Project
from ioreview.web import queries
from ioreview.web.api.directives import ID_PATH
from ioreview.web.api.predictions import gaps_of, series_of
from ioreview.web.auth import read_access
from ioreview.web.deps import ACTOR_KEY, BODY_KEY, ProjectDep, SettingsDep
from ioreview.web.views.render import render

router = APIRouter(dependencies=[Depends(read_access)], include_in_schema=False)

DEFAULT_DIRECTIVE = "earlier-exits"
SVG = "image/svg+xml"

DirectiveParam = Annotated[str, Query(pattern=ID_PATH)]
BodyParam = Annotated[str | None, Query(pattern=f"{BODY_KEY}|^$")]
ActorParam = Annotated[str | None, Query(pattern=f"{ACTOR_KEY}|^$")]


def _gap_svg(project: Project, directive: str, body: str | None) -> str:
    from ioreview.predict import charts

    found = gaps_of(project, directive, body)
    chart = charts.gap_chart(found[0]) if len(found) == 1 else charts.gaps_chart(found)
    return charts.to_svg(chart)


def _series_svg(project: Project, actor: str) -> str:
    from ioreview.predict import charts

    return charts.to_svg(charts.memberships_chart(series_of(project, actor)))


@router.get("/predictions", response_class=HTMLResponse)
async def predictions_page(
    request: Request,
    project: ProjectDep,
    settings: SettingsDep,
    directive: DirectiveParam = DEFAULT_DIRECTIVE,
    body: BodyParam = None,
    actor: ActorParam = None,
) -> HTMLResponse:
    who = actor or settings.actor
    items = await run_in_threadpool(gaps_of, project, directive, body or None)
    with project.engine.connect() as connection:
        choices = [d.summary_json() for d in list_directives(connection)]
        ids = sorted({item["body_id"] for item in items})
        names = {b.id: b.name for b in queries.bodies_by_id(connection, ids)}
    series: dict[str, Any] | None = None
    series_missing: str | None = None
    try:
        series = await run_in_threadpool(series_of, project, who)
    except NotFound as error:  # no COW history ingested, or a state COW does not code
        series_missing = error.message
    last = None
    if series is not None:
        counts = series["memberships"].get(who, {})
        if counts:
            year = max(counts, key=int)
            last = {"year": year, "count": counts[year], "rank": series["ranks"][who].get(year)}
    context = {
        "directive": directive,
        "choices": choices,
        "rows": [{**item, "name": names.get(item["body_id"], item["body_id"])} for item in items],
        "charted": any(item["gap_usd"] for item in items),
        "form": {"directive": directive, "body": body or "", "actor": who},
        "series_missing": series_missing,
        "last": last,
    }
    return render(request, "predictions.html", context)


@router.get("/predictions/gap.svg")
async def gap_svg(
    project: ProjectDep, directive: DirectiveParam = DEFAULT_DIRECTIVE, body: BodyParam = None
) -> Response:
    svg = await run_in_threadpool(_gap_svg, project, directive, body or None)
    return Response(svg, media_type=SVG)


@router.get("/predictions/series.svg")
async def series_svg(
    project: ProjectDep, settings: SettingsDep, actor: ActorParam = None
) -> Response:
    svg = await run_in_threadpool(_series_svg, project, actor or settings.actor)
    return Response(svg, media_type=SVG)
