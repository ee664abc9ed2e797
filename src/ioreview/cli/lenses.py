"""``ioreview lens``: list, show and fit value lenses."""

from __future__ import annotations

from typing import Annotated

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from
from ioreview.cli.review import parse_date
from ioreview.indicators import CATALOGUE
from ioreview.lenses import builtin_lenses, load_lens

lens_app = typer.Typer(help="Value lenses: list, show, fit to a directive.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(lens_app, name="lens")


@lens_app.command("list")
def list_command(json_output: JsonOption = False) -> None:
    """List the built-in lenses with their criteria counts and sources.

    Example: ioreview lens list --json
    """
    lenses = builtin_lenses()
    if json_output:
        print_json([
            {"id": x.id, "title": x.title, "version": x.version, "origin": x.origin,
             "criteria": len(x.criteria), "gates": len(x.gates),
             "sources": [s.id for s in x.sources]}
            for x in lenses
        ])  # fmt: skip
        return
    for lens in lenses:
        typer.echo(
            f"{lens.id:<20} {lens.version:<8} {len(lens.criteria):>2} criteria  {lens.title}"
        )


@lens_app.command("show")
def show_command(
    lens: Annotated[str, typer.Argument(metavar="ID", help="Built-in lens id or a .toml path.")],
    json_output: JsonOption = False,
) -> None:
    """Show a lens: criteria with evidence, direction, scale and weight; gates; thresholds.

    Example: ioreview lens show transactional --json
    """
    found = load_lens(lens)
    if json_output:
        print_json(found.to_json())
        return
    typer.echo(f"{found.id} {found.version}: {found.title}\n{found.summary}\n")
    typer.echo(f"weights: {found.weights_note}")
    for criterion, weight in zip(found.criteria, found.weights, strict=True):
        evidence = criterion.indicator if criterion.evidence == "indicator" else "assessment"
        typer.echo(
            f"  {criterion.id:<6} {weight:>6.3f} {criterion.direction:<8} {evidence:<26} "
            f"{criterion.title}\n         scale: {criterion.scale.description}"
        )
    for gate in found.gates:
        typer.echo(f"  gate {gate.id}: {gate.effect} {gate.determination}: {gate.title}")
    t = found.thresholds
    typer.echo(
        f"thresholds: withdraw < {t.withdraw_below} <= review < {t.review_below} <= remain; "
        f"coverage < {t.min_coverage} → insufficient-evidence; fragile below {t.fragile_below}"
    )
    for source in found.sources:
        typer.echo(f"  [{source.id}] {source.title} {source.url}")


@lens_app.command("indicators")
def indicators_command(json_output: JsonOption = False) -> None:
    """List the indicator catalogue: definition, unit, data source and coverage.

    Example: ioreview lens indicators --json
    """
    if json_output:
        print_json([spec.to_json() for spec in CATALOGUE])
        return
    for spec in CATALOGUE:
        typer.echo(f"{spec.id:<26} {spec.unit:<22} {spec.title}\n    {spec.definition}")


@lens_app.command("fit")
def fit_command(
    ctx: typer.Context,
    lens: Annotated[str, typer.Option("--lens", help="Lens id or .toml path to fit.")],
    directive: Annotated[
        str, typer.Option("--directive", help="Directive id whose items are the positives.")
    ],
    actor: Annotated[str | None, typer.Option("--actor", help="Actor (default: settings).")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Portfolio date YYYY-MM-DD (default today).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of folds and bootstrap.")] = 0,
    regularization: Annotated[
        float, typer.Option("--c", help="Inverse L2 regularization strength C.")
    ] = 1.0,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Fit the lens's criterion weights to a directive's items (logistic regression, CV AUC).

    Example: ioreview lens fit --lens transactional --directive usa-pm-2026-01-07 --actor USA --as-of 2026-01-06
    """
    from ioreview.reports.text import fit_text
    from ioreview.review.calibrate import fit_lens

    project = project_from(ctx, db)
    try:
        found = fit_lens(
            project, lens, directive, actor, parse_date(as_of, "--as-of"), seed, regularization
        )
    finally:
        project.close()
    if json_output:
        print_json(found)
        return
    typer.echo(fit_text(found))
