"""Run a lens over an actor's portfolio as of a date: ``run_review``.

The run evaluates every criterion and gate for every admitted body, aggregates at the lens
weights (weighted sum, or TOPSIS), determines (thresholds, coverage, gates), ranks, and samples
weights around the lens's for robustness. ``store_review`` records it (see ``review.store``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import numpy as np

from ioreview.exc import InvalidData
from ioreview.indicators import EvidenceBase
from ioreview.lenses import INSUFFICIENT, ORDER, Lens, load_lens
from ioreview.project import Project
from ioreview.registry import load_actor
from ioreview.review.evaluate import Evaluation, evaluate
from ioreview.review.model import BodyResult, Review
from ioreview.review.portfolio import Admission, portfolio
from ioreview.review.robustness import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    determine_codes,
    robustness,
)
from ioreview.review.scoring import METHODS, aggregate, contributions, coverage


@dataclass(frozen=True)
class Options:
    """Parameters of a run (all part of the inputs hash)."""

    method: str = "wsm"
    samples: int = DEFAULT_SAMPLES
    seed: int = 0
    concentration: float = DEFAULT_CONCENTRATION

    def check(self) -> None:
        if self.method not in METHODS:
            raise InvalidData(f"method {self.method!r}: expected one of {', '.join(METHODS)}")
        if self.samples < 1:
            raise InvalidData(f"samples {self.samples!r}: expected at least 1")
        if not self.concentration > 0:
            raise InvalidData(f"concentration {self.concentration!r}: expected a positive number")


def latest_data_date(project: Project, actor: str) -> date:
    """The as-of date of "the latest data": the latest valid date of the actor's events up to
    today (events dated in the future, such as a withdrawal taking effect later, are skipped)."""
    from sqlalchemy import func, select

    from ioreview.storage.projection_tables import event_index

    today = date.today()
    with project.engine.connect() as connection:
        found = connection.execute(
            select(func.max(event_index.c.valid_from)).where(
                event_index.c.actor == actor, event_index.c.valid_from <= today
            )
        ).scalar()
    return today if found is None else found


def run_review(
    project: Project,
    lens: Lens | str,
    actor: str | None = None,
    as_of: date | None = None,
    options: Options | None = None,
    bodies: list[str] | None = None,
) -> Review:
    """Score the actor's portfolio on ``as_of`` (default: the latest data) under ``lens``."""
    options = options or Options()
    options.check()
    lens = load_lens(lens) if isinstance(lens, str) else lens
    with project.engine.connect() as connection:
        actor_id = load_actor(connection, actor or project.settings.actor).id
    when = as_of or latest_data_date(project, actor_id)
    with project.engine.connect() as connection:
        base = EvidenceBase(connection, actor_id, when)
        admitted = portfolio(base)
        if bodies is not None:
            ids = [base.body(b).id for b in bodies]
            admitted = {
                b: admitted.get(b, Admission(b, ("requested",), ())) for b in sorted(set(ids))
            }
        return review_of(lens, base, admitted, options)


def review_of(
    lens: Lens, base: EvidenceBase, admitted: dict[str, Admission], options: Options
) -> Review:
    """The review of the ``admitted`` bodies on an evidence base (no storage)."""
    base.portfolio = tuple(admitted)
    evaluation = evaluate(lens, base, tuple(admitted))
    results = _results(lens, base, evaluation, admitted, options)
    review = Review(
        lens=lens.id, lens_version=lens.version, lens_title=lens.title, lens_sha256=lens.sha256,
        actor=base.actor, as_of=base.as_of, method=options.method, samples=options.samples,
        seed=options.seed, concentration=options.concentration, ledger_size=base.size,
        criteria=[
            {"id": c.id, "title": c.title, "group": c.group, "evidence": c.evidence,
             "indicator": c.indicator, "direction": c.direction, "weight": w,
             "scale": c.scale.description}
            for c, w in zip(lens.criteria, lens.weights, strict=True)
        ],
        thresholds=lens.thresholds.to_json(), results=results,
    )  # fmt: skip
    review.inputs_hash = inputs_hash(lens, review, evaluation)
    return review


def _results(
    lens: Lens,
    base: EvidenceBase,
    evaluation: Evaluation,
    admitted: dict[str, Admission],
    options: Options,
) -> list[BodyResult]:
    bodies = evaluation.bodies
    scores = evaluation.scores()
    weights = np.array(lens.weights)
    values = aggregate(scores, weights, options.method) if bodies else np.zeros(0)
    covered = coverage(scores, weights) if bodies else np.zeros(0)
    parts = contributions(scores, weights) if bodies else np.zeros((0, len(weights)))
    forced = np.full(len(bodies), -1)
    floor = np.full(len(bodies), -1)
    for i, body in enumerate(bodies):
        for hit in evaluation.gates[body]:
            code = ORDER.index(hit.determination)
            if hit.effect == "force":
                forced[i] = code if forced[i] < 0 else min(forced[i], code)
            else:
                floor[i] = max(floor[i], code)
    enough = covered >= lens.thresholds.min_coverage
    decided = (enough & ~np.isnan(values)) | (forced >= 0)
    filled = np.where(np.isnan(values), 0.0, values)
    codes = determine_codes(filled, lens.thresholds, (forced, floor))
    robust = robustness(
        scores, weights, lens.thresholds, (forced, floor), decided, options.method,
        options.samples, options.concentration, options.seed,
    )  # fmt: skip
    ranks = _ranks(values, decided)
    results = []
    for i, body in enumerate(bodies):
        determination = ORDER[int(codes[i])] if decided[i] else INSUFFICIENT
        accept = {name: float(robust.acceptability[i, k]) for k, name in enumerate(ORDER)}
        has_value = not np.isnan(values[i])
        results.append(
            BodyResult(
                body_id=body,
                name=base.body(body).name,
                score=float(values[i]) if has_value else None,
                rank=ranks[i],
                determination=determination,
                coverage=float(covered[i]),
                fragile=bool(decided[i]) and accept[determination] < lens.thresholds.fragile_below,
                acceptability=accept,
                contributions={
                    c.id: None if np.isnan(parts[i, j]) else float(parts[i, j])
                    for j, c in enumerate(lens.criteria)
                },
                admitted_by=list(admitted[body].rules),
                rank_interval=[int(robust.rank_low[i]), int(robust.rank_high[i])]
                if decided[i] and has_value
                else None,
                gates=[hit.to_json() for hit in evaluation.gates[body]],
                cells={cid: cell.to_json() for cid, cell in evaluation.cells[body].items()},
                admission_evidence=list(admitted[body].evidence),
            )  # fmt: skip
        )
    results.sort(key=lambda r: (r.rank is None, r.rank or 0, r.body_id))
    return results


def _ranks(values: np.ndarray, decided: np.ndarray) -> list[int | None]:
    """Rank 1 = highest aggregate among decided bodies with an aggregate; ties share a rank."""
    ranked = [i for i in range(len(values)) if decided[i] and not np.isnan(values[i])]
    found: list[int | None] = [None] * len(values)
    for i in ranked:
        found[i] = 1 + sum(1 for j in ranked if values[j] > values[i])
    return found


def inputs_hash(lens: Lens, review: Review, evaluation: Evaluation) -> str:
    """SHA-256 of the canonical inputs: lens, parameters, admissions and every evaluated cell."""
    lens_document = {k: v for k, v in lens.to_json().items() if k != "origin"}
    document = {
        "lens": lens_document,
        "actor": review.actor, "as_of": review.as_of.isoformat(), "method": review.method,
        "samples": review.samples, "seed": review.seed,
        "concentration": repr(review.concentration),
        "bodies": {
            r.body_id: {"admitted_by": r.admitted_by, "cells": r.cells, "gates": r.gates}
            for r in review.results
        },
    }  # fmt: skip
    text = json.dumps(_no_floats(document), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _no_floats(value: object) -> object:
    # Floats print with repr, which round-trips exactly: the hash is stable across runs.
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): _no_floats(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_no_floats(v) for v in value]
    return value
