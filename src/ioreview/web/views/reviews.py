"""Review pages: stored reviews, and one review's ranked determinations with robustness."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Connection

from ioreview.lenses import INSUFFICIENT, ORDER, builtin_ids
from ioreview.review.compare import compare_with
from ioreview.review.model import BodyResult, Review
from ioreview.review.store import list_reviews, load_review
from ioreview.web import queries
from ioreview.web.api.lenses import builtin
from ioreview.web.auth import read_access
from ioreview.web.deps import ProjectDep
from ioreview.web.views.render import render

router = APIRouter(dependencies=[Depends(read_access)], include_in_schema=False)

DETERMINATIONS = (*ORDER, INSUFFICIENT)

#: The lens a review is compared with when the request names none.
DEFAULT_COMPARE = "transactional"
DEFAULT_COMPARE_FOR_TRANSACTIONAL = "global-governance"


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request, project: ProjectDep) -> HTMLResponse:
    return render(request, "reviews.html", {"reviews": list(reversed(list_reviews(project)))})


def default_compare(review: Review) -> str:
    """The built-in lens a review's page compares it with by default."""
    if review.lens == DEFAULT_COMPARE:
        return DEFAULT_COMPARE_FOR_TRANSACTIONAL
    return DEFAULT_COMPARE


def ranked(results: list[BodyResult]) -> list[BodyResult]:
    """Ranked bodies first (rank 1 = least favourable to continued engagement), then the rest."""
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, r.body_id))


def directives_of(connection: Connection, actor: str, bodies: set[str]) -> dict[str, str]:
    """Body → the latest directive naming it in a ``withdrawal_directed`` event."""
    rows, _ = queries.event_page(
        connection, actor=actor, kind="withdrawal_directed", limit=100_000, offset=0
    )
    found: dict[str, str] = {}
    for row in rows:
        directive = row.event.payload.get("directive")
        if row.event.body in bodies and isinstance(directive, str) and row.superseded_by is None:
            found[row.event.body] = directive
    return found


@router.get("/reviews/{review_id}", response_class=HTMLResponse)
def review_page(
    request: Request,
    project: ProjectDep,
    review_id: Annotated[int, Path(ge=1, le=2**62)],
    compare: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    review = load_review(project, review_id)
    other = builtin(compare or default_compare(review))
    with project.engine.connect() as connection:
        directives = directives_of(connection, review.actor, {r.body_id for r in review.results})
    rows: list[dict[str, Any]] = [
        {
            "result": r,
            "acceptability": [(d, r.acceptability.get(d)) for d in ORDER],
            "directive": directives.get(r.body_id),
        }
        for r in ranked(review.results)
    ]
    counts = review.counts()
    context = {
        "review": review,
        "counts": [(d, counts.get(d, 0)) for d in DETERMINATIONS],
        "rows": rows,
        "criteria": review.criteria,
        "comparison": compare_with(project, review, other),
        "compare_choices": builtin_ids(),
    }
    return render(request, "review.html", context)
