"""Reviews: score an actor's portfolio under a lens, with robustness, storage and calibration.

Typical use::

    from ioreview.review import run_review, store_review, compare_lenses, fit_lens

    review = store_review(project, run_review(project, "transactional", "USA", date(2026, 1, 6)))
    review.to_json()["results"][0]            # body_id, score, rank, determination, coverage …
    compare_lenses(project, "transactional", "global-governance")
    fit_lens(project, "transactional", "usa-pm-2026-01-07", "USA", date(2026, 1, 6))

``load_published_assessments(project)`` records the bundled effectiveness ratings (idempotent);
``run_main_review(project)`` is the main job.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name → submodule. Imported on first use: calibration pulls in scikit-learn and the
#: reports pull in Altair, which every CLI start-up would pay for otherwise.
_EXPORTS = {
    "Admission": "portfolio",
    "AssessmentInput": "assessments",
    "BodyResult": "model",
    "Options": "run",
    "Review": "model",
    "compare_lenses": "compare",
    "compare_with": "compare",
    "diff_reviews": "diff",
    "fit_lens": "calibrate",
    "latest_data_date": "run",
    "list_reviews": "store",
    "load_published_assessments": "published",
    "load_review": "store",
    "portfolio": "portfolio",
    "read_assessment_csv": "assessments",
    "record_assessments": "assessments",
    "run_main_review": "main",
    "run_review": "run",
    "store_review": "store",
}

__all__ = [
    "Admission",
    "AssessmentInput",
    "BodyResult",
    "Options",
    "Review",
    "compare_lenses",
    "compare_with",
    "diff_reviews",
    "fit_lens",
    "latest_data_date",
    "list_reviews",
    "load_published_assessments",
    "load_review",
    "portfolio",
    "read_assessment_csv",
    "record_assessments",
    "run_main_review",
    "run_review",
    "store_review",
]

if TYPE_CHECKING:
    from ioreview.review.assessments import AssessmentInput, read_assessment_csv, record_assessments
    from ioreview.review.calibrate import fit_lens
    from ioreview.review.compare import compare_lenses, compare_with
    from ioreview.review.diff import diff_reviews
    from ioreview.review.main import run_main_review
    from ioreview.review.model import BodyResult, Review
    from ioreview.review.portfolio import Admission, portfolio
    from ioreview.review.published import load_published_assessments
    from ioreview.review.run import Options, latest_data_date, run_review
    from ioreview.review.store import list_reviews, load_review, store_review


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ioreview.review' has no attribute {name!r}")
    return getattr(importlib.import_module(f"ioreview.review.{module}"), name)
