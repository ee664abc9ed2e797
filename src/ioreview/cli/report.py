"""``ioreview report``: a stored review as Markdown, HTML or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ioreview.cli.common import DbOption, project_from
from ioreview.review.store import load_review

#: The formats of ``reports.render`` (kept here so that the CLI starts without Jinja2 or Altair).
FORMATS = ("md", "html", "pdf")


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    ctx: typer.Context,
    review_id: Annotated[int, typer.Argument(metavar="REVIEW", help="Stored review id.")],
    fmt: Annotated[str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")] = "html",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output file (default: <data dir>/reports/review-ID.FORMAT)."),
    ] = None,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare",
            help="Lens to compare with on the same evidence; 'none' leaves the section out "
            "(default: global-governance for transactional, else transactional).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a review report: summary, ranked table, robustness, explanations, lens comparison.

    Example: ioreview report 1 --format pdf --out review-1.pdf
    """
    from ioreview.review.main import default_comparison, report_path, write_review_report

    project = project_from(ctx, db)
    try:
        review = load_review(project, review_id)
        other = default_comparison(review.lens) if compare is None else compare
        target = out or report_path(project, review, fmt)
        written = write_review_report(
            project, review, fmt, target, None if other == "none" else other
        )
    finally:
        project.close()
    typer.echo(str(written))
