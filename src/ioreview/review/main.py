"""The main job: the transactional review of the actor's portfolio as of the latest data.

``run_main_review(project)`` runs and stores the review, prints its determinations table and
writes the HTML report (with the comparison to the global-governance lens) to
``<data_dir>/reports/``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ioreview.project import Project
from ioreview.reports.render import write_report
from ioreview.reports.text import determinations_table
from ioreview.review.compare import compare_with
from ioreview.review.model import Review
from ioreview.review.run import run_review
from ioreview.review.store import store_review

MAIN_LENS = "transactional"


def default_comparison(lens_id: str) -> str:
    return "global-governance" if lens_id == MAIN_LENS else MAIN_LENS


def report_path(project: Project, review: Review, fmt: str) -> Path:
    return project.settings.data_dir / "reports" / f"review-{review.id}.{fmt}"


def write_review_report(
    project: Project, review: Review, fmt: str, out: Path, compare: str | None
) -> Path:
    """Render ``review`` (with a comparison to the ``compare`` lens, if any) to ``out``."""
    comparison = None if compare is None else compare_with(project, review, compare)
    return write_report(review, fmt, out, comparison)


def run_main_review(project: Project, stream: TextIO | None = None) -> tuple[Review, Path]:
    """Run and store the transactional review, print the table, write the HTML report."""
    review = store_review(project, run_review(project, MAIN_LENS))
    out = stream or sys.stdout
    out.write(determinations_table(review) + "\n")
    path = write_review_report(
        project, review, "html", report_path(project, review, "html"), default_comparison(MAIN_LENS)
    )
    out.write(f"report: {path}\n")
    return review, path
