"""Two lenses on the same evidence: agreement matrix, disagreements, indicator reversals.

Both lenses read one evidence base (same actor, date and ledger size) and one portfolio, so
every difference comes from the lenses: their criteria, directions, scales and weights.
Reversals list the indicators both lenses read in opposite directions (legal bindingness is a
sovereignty cost under one and the rule of law under the other).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ioreview.exc import IoreviewError
from ioreview.indicators import EvidenceBase
from ioreview.lenses import INSUFFICIENT, ORDER, Lens, load_lens
from ioreview.project import Project
from ioreview.registry import load_actor
from ioreview.review.model import Review
from ioreview.review.portfolio import Admission, portfolio
from ioreview.review.run import Options, latest_data_date, review_of

DETERMINATIONS = (*ORDER, INSUFFICIENT)


def compare_lenses(
    project: Project,
    lens_a: Lens | str,
    lens_b: Lens | str,
    actor: str | None = None,
    as_of: date | None = None,
    options: Options | None = None,
) -> dict[str, Any]:
    options = options or Options()
    options.check()
    first = load_lens(lens_a) if isinstance(lens_a, str) else lens_a
    second = load_lens(lens_b) if isinstance(lens_b, str) else lens_b
    with project.engine.connect() as connection:
        actor_id = load_actor(connection, actor or project.settings.actor).id
    when = as_of or latest_data_date(project, actor_id)
    with project.engine.connect() as connection:
        base = EvidenceBase(connection, actor_id, when)
        admitted = portfolio(base)
        a = review_of(first, base, admitted, options)
        b = review_of(second, base, admitted, options)
    return comparison(a, b, first, second)


def comparison(a: Review, b: Review, first: Lens | None, second: Lens) -> dict[str, Any]:
    """The comparison document of two reviews of the same bodies."""
    matrix = {x: {y: 0 for y in DETERMINATIONS} for x in DETERMINATIONS}
    rows: list[dict[str, Any]] = []
    for result_a in a.results:
        result_b = b.result(result_a.body_id)
        if result_b is None:
            continue
        matrix[result_a.determination][result_b.determination] += 1
        gap = None
        if result_a.score is not None and result_b.score is not None:
            gap = result_b.score - result_a.score
        rows.append({
            "body_id": result_a.body_id, "name": result_a.name,
            "a": {"determination": result_a.determination, "score": result_a.score,
                  "coverage": result_a.coverage},
            "b": {"determination": result_b.determination, "score": result_b.score,
                  "coverage": result_b.coverage},
            "score_gap": gap,
            "step_gap": _steps(result_a.determination, result_b.determination),
        })  # fmt: skip
    rows.sort(key=lambda r: (-(r["step_gap"] or 0), -abs(r["score_gap"] or 0), r["body_id"]))
    agree = sum(matrix[x][x] for x in DETERMINATIONS)
    return {
        "actor": a.actor, "as_of": a.as_of.isoformat(), "ledger_size": a.ledger_size,
        "lens_a": {"id": a.lens, "version": a.lens_version, "counts": a.counts()},
        "lens_b": {"id": b.lens, "version": b.lens_version, "counts": b.counts()},
        "bodies": len(rows), "agreements": agree,
        "agreement_matrix": matrix,
        "disagreements": [r for r in rows if r["a"]["determination"] != r["b"]["determination"]
                          or (r["score_gap"] is not None and abs(r["score_gap"]) >= 1.0)],
        "reversals": [] if first is None else reversals(first, second, a),
    }  # fmt: skip


def _steps(x: str, y: str) -> int | None:
    """How many steps apart two determinations are on withdraw < review < remain."""
    if x in ORDER and y in ORDER:
        return abs(ORDER.index(x) - ORDER.index(y))
    return None


def reversals(first: Lens, second: Lens, review: Review) -> list[dict[str, Any]]:
    """Indicators read by both lenses in opposite directions, with how many bodies have them."""
    found = []
    for ca in first.criteria:
        for cb in second.criteria:
            if ca.indicator is None or ca.indicator != cb.indicator:
                continue
            if ca.direction == cb.direction:
                continue
            with_value = sum(
                1 for r in review.results if r.cells.get(ca.id, {}).get("raw") is not None
            )
            found.append({
                "indicator": ca.indicator,
                "a": {"criterion": ca.id, "direction": ca.direction, "title": ca.title},
                "b": {"criterion": cb.id, "direction": cb.direction, "title": cb.title},
                "bodies_with_value": with_value,
            })  # fmt: skip
    return found


def compare_with(project: Project, review: Review, other: Lens | str) -> dict[str, Any]:
    """Compare a stored review with another lens on the same evidence (same ledger size)."""
    second = load_lens(other) if isinstance(other, str) else other
    try:
        first: Lens | None = load_lens(review.lens)
    except IoreviewError:  # a user's lens file, known only by its id: no reversals then
        first = None
    options = Options(review.method, review.samples, review.seed, review.concentration)
    admitted = {
        r.body_id: Admission(r.body_id, tuple(r.admitted_by), tuple(r.admission_evidence))
        for r in review.results
    }
    with project.engine.connect() as connection:
        base = EvidenceBase(connection, review.actor, review.as_of, size=review.ledger_size)
        b = review_of(second, base, admitted, options)
    return comparison(review, b, first, second)
