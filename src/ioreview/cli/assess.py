"""``ioreview assess``: record analyst assessments (one, or a CSV file of them)."""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from
from ioreview.exc import InvalidData
from ioreview.review.assessments import AssessmentInput, read_assessment_csv, record_assessments


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)


def assess(
    ctx: typer.Context,
    body: Annotated[str | None, typer.Argument(help="Body id, e.g. unesco.")] = None,
    criterion: Annotated[
        str | None, typer.Argument(help="Criterion or assessment name, e.g. T7 or mopan/results.")
    ] = None,
    score: Annotated[
        str | None, typer.Argument(help="Score on the lens scale, a decimal from 0 to 4.")
    ] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="URL of the evidence behind the score.")
    ] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", help="Words of the evidence that carry the score.")
    ] = None,
    lens: Annotated[
        str | None,
        typer.Option("--lens", help="Lens id or file whose criterion this is (checked)."),
    ] = None,
    supersedes: Annotated[
        list[int] | None,
        typer.Option("--supersedes", help="Seq of an earlier assessment this one replaces."),
    ] = None,
    analyst: Annotated[
        str | None, typer.Option("--analyst", help="Who assesses (default: the login name).")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Actor the assessment is about, for actor-specific ones."),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Date of the assessment, YYYY-MM-DD (today).")
    ] = None,
    csv_file: Annotated[
        Path | None,
        typer.Option("--csv", help="CSV of assessments: body,criterion,score,evidence[,...]."),
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record assessments as ledger events; a score is never edited, only superseded.

    Example: ioreview assess unesco T7 1.5 --lens transactional --evidence https://example.org/audit --quote "cost overruns"
    """
    who = analyst or getpass.getuser()
    if csv_file is not None:
        if body is not None:
            raise InvalidData("give either BODY CRITERION SCORE or --csv FILE, not both")
        items = read_assessment_csv(csv_file, who)
    else:
        if body is None or criterion is None or score is None or evidence is None:
            raise InvalidData("expected BODY CRITERION SCORE --evidence URL (or --csv FILE)")
        items = [
            AssessmentInput(
                body=body,
                criterion=criterion,
                score=score,
                evidence=evidence,
                analyst=who,
                quote=quote,
                lens=lens,
                on=None if on is None else _date(on),
                supersedes=tuple(supersedes or ()),
                actor=actor,
            )  # fmt: skip
        ]
    project = project_from(ctx, db)
    try:
        events = record_assessments(project, items)
    finally:
        project.close()
    if json_output:
        print_json([event.to_json() for event in events])
        return
    for event in events:
        typer.echo(
            f"{event.seq:>6} assessment {event.body} {event.payload['criterion']} "
            f"{event.payload['score']} by {event.payload['analyst']}"
        )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise InvalidData(f"--date {text!r}: expected YYYY-MM-DD") from error
