"""``ioreview review``: run, show, list, diff and compare reviews."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from
from ioreview.exc import InvalidData
from ioreview.reports.text import comparison_text, determinations_table
from ioreview.review.compare import compare_lenses
from ioreview.review.diff import diff_reviews
from ioreview.review.robustness import DEFAULT_CONCENTRATION, DEFAULT_SAMPLES
from ioreview.review.run import Options, run_review
from ioreview.review.store import list_reviews, load_review, store_review

review_app = typer.Typer(
    help="Reviews of a portfolio under a lens: run, show, list, diff, compare.",
    no_args_is_help=True,
)

ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Actor id, e.g. USA (default: $IOREVIEW_ACTOR).")
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Date YYYY-MM-DD (default: the latest data of the actor)."),
]
SamplesOption = Annotated[
    int, typer.Option("--samples", help="Weight vectors sampled for robustness.")
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the weight samples.")]
MethodOption = Annotated[
    str, typer.Option("--method", help="Aggregation: wsm (weighted sum) or topsis.")
]
ConcentrationOption = Annotated[
    float,
    typer.Option("--concentration", help="Dirichlet concentration of the weight samples."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")


def parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise InvalidData(f"{option} {text!r}: expected a date YYYY-MM-DD") from error


@review_app.command("run")
def run_command(
    ctx: typer.Context,
    lens: Annotated[str, typer.Option("--lens", help="Built-in lens id or a .toml path.")],
    actor: ActorOption = None,
    as_of: AsOfOption = None,
    samples: SamplesOption = DEFAULT_SAMPLES,
    seed: SeedOption = 0,
    method: MethodOption = "wsm",
    concentration: ConcentrationOption = DEFAULT_CONCENTRATION,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Score the actor's engagements active on a date, store the review and its determinations.

    Example: ioreview review run --lens transactional --actor USA --as-of 2026-01-06 --samples 2000 --seed 1
    """
    options = Options(method=method, samples=samples, seed=seed, concentration=concentration)
    project = project_from(ctx, db)
    try:
        review = run_review(project, lens, actor, parse_date(as_of, "--as-of"), options)
        store_review(project, review)
    finally:
        project.close()
    if json_output:
        print_json(review.to_json())
        return
    typer.echo(determinations_table(review))


@review_app.command("show")
def show_command(
    ctx: typer.Context,
    review_id: Annotated[int, typer.Argument(metavar="ID", help="Review id.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show a stored review: determinations, scores, coverage and robustness per body.

    Example: ioreview review show 1 --json
    """
    project = project_from(ctx, db)
    try:
        review = load_review(project, review_id)
    finally:
        project.close()
    if json_output:
        print_json(review.to_json())
        return
    typer.echo(determinations_table(review))


@review_app.command("list")
def list_command(
    ctx: typer.Context,
    actor: ActorOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """List stored reviews with their lens version, date and inputs hash.

    Example: ioreview review list --json
    """
    project = project_from(ctx, db)
    try:
        found = list_reviews(project, actor)
    finally:
        project.close()
    if json_output:
        print_json(found)
        return
    for row in found:
        typer.echo(
            f"{row['id']:>4} {row['lens']:<20} {row['lens_version']:<8} {row['actor']:<5} "
            f"{row['as_of']} {row['method']:<6} ledger {row['ledger_size']:>7} "
            f"inputs {str(row['inputs_hash'])[:12]}"
        )


@review_app.command("diff")
def diff_command(
    ctx: typer.Context,
    first: Annotated[int, typer.Argument(metavar="A", help="Earlier review id.")],
    second: Annotated[int, typer.Argument(metavar="B", help="Later review id.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """What changed between two reviews and why: determinations, criteria, weights, bodies.

    Example: ioreview review diff 1 2
    """
    project = project_from(ctx, db)
    try:
        found = diff_reviews(load_review(project, first), load_review(project, second))
    finally:
        project.close()
    if json_output:
        print_json(found)
        return
    typer.echo(
        f"review {first} → {second}: inputs {'identical' if found['same_inputs'] else 'differ'}; "
        f"lens {found['lens']['a']} → {found['lens']['b']}; as of {found['as_of']['a']} → "
        f"{found['as_of']['b']}; {len(found['changed'])} bodies changed, "
        f"{found['unchanged']} unchanged, {len(found['added'])} added, "
        f"{len(found['removed'])} removed"
    )
    for weight in found["weights"]:
        typer.echo(f"  weight {weight['criterion']}: {weight['a']} → {weight['b']}")
    for item in found["added"]:
        typer.echo(f"  + {item['body_id']} ({', '.join(item['admitted_by'])})")
    for item in found["removed"]:
        typer.echo(f"  - {item['body_id']}")
    for item in found["changed"]:
        a, b = item["determination"]
        typer.echo(f"  {item['body_id']}: {a} → {b}")
        for c in item["criteria"][:5]:
            typer.echo(f"      {c['criterion']}: score {c['score'][0]} → {c['score'][1]}")


@review_app.command("compare")
def compare_command(
    ctx: typer.Context,
    lenses: Annotated[
        list[str], typer.Option("--lens", help="Two lenses to compare (give --lens twice).")
    ],
    actor: ActorOption = None,
    as_of: AsOfOption = None,
    samples: SamplesOption = 500,
    seed: SeedOption = 0,
    db: DbOption = None,
    json_output: JsonOption = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the comparison JSON to this file.")
    ] = None,
) -> None:
    """Run two lenses on the same evidence: agreement matrix and largest disagreements.

    Example: ioreview review compare --lens transactional --lens global-governance --as-of 2026-01-06
    """
    if len(lenses) != 2:
        raise InvalidData(f"--lens given {len(lenses)} time(s): expected exactly two lenses")
    project = project_from(ctx, db)
    try:
        found = compare_lenses(
            project, lenses[0], lenses[1], actor, parse_date(as_of, "--as-of"),
            Options(samples=samples, seed=seed),
        )  # fmt: skip
    finally:
        project.close()
    if out is not None:
        import json

        out.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if json_output:
        print_json(found)
        return
    typer.echo(comparison_text(found))
