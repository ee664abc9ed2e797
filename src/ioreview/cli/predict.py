"""``ioreview predict``: funding gaps, history series, network position, withdrawal risk."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from, settings_from
from ioreview.exc import InvalidData
from ioreview.predict.exits import CHURN_YEARS
from ioreview.predict.history import VIEWS
from ioreview.predict.network import MODES

predict_app = typer.Typer(
    help="Predict: funding gaps and backfill, history series, network position, withdrawal risk.",
    no_args_is_help=True,
)
SvgOption = Annotated[
    Path | None, typer.Option("--svg", help="Also write the result's chart to this SVG file.")
]


def register(app: typer.Typer) -> None:
    app.add_typer(predict_app, name="predict")


def _share(value: str | None, option: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise InvalidData(f"{option} {value!r}: expected a share such as 0.25") from error


def _write_svg(path: Path | None, chart: Any) -> None:
    from ioreview.predict import charts

    if path is None:
        return
    try:
        path.write_text(charts.to_svg(chart), encoding="utf-8")
    except OSError as error:
        raise InvalidData(f"--svg {str(path)!r}: cannot write ({error.strerror})") from error


@predict_app.command("gap")
def gap_command(
    ctx: typer.Context,
    directive: Annotated[
        str, typer.Option("--directive", help="Directive id (see `directive list`).")
    ],
    year: Annotated[
        int | None,
        typer.Option("--year", help="Money year (default: each body's latest year with data)."),
    ] = None,
    body: Annotated[str | None, typer.Option("--body", help="Only this body id.")] = None,
    philanthropy: Annotated[
        str | None,
        typer.Option("--philanthropy", help="Share of the gap philanthropy covers (default 0)."),
    ] = None,
    budget_cut: Annotated[
        str | None,
        typer.Option("--budget-cut", help="Share of revenue the body cuts (default: none)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Contributors listed per body.")] = 5,
    svg: SvgOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Funding gap per body of a directive, backfill scenarios and the new largest payers.

    Money comes from the ledger's contribution events (CEB and cited US figures) and CEB
    revenue by entity; pledges are ledger pledge events with sources. Philanthropic
    substitution is 0 unless --philanthropy sets it.

    Example: ioreview predict gap --directive earlier-exits --body who --json
    """
    # Imported here: the CLI starts without loading the numerical libraries.
    from ioreview.predict import charts
    from ioreview.predict.backfill import ScenarioParams
    from ioreview.predict.gap import directive_gaps

    params = ScenarioParams(
        philanthropy_share=_share(philanthropy, "--philanthropy") or Decimal(0),
        budget_cut_share=_share(budget_cut, "--budget-cut"),
    )
    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            items = directive_gaps(
                connection, directive, year=year, body=body, params=params, top=top
            )
    finally:
        project.close()
    found = [item.to_json() for item in items]
    _write_svg(svg, charts.gap_chart(found[0]) if len(found) == 1 else charts.gaps_chart(found))
    if json_output:
        print_json({"directive": directive, "items": found})
        return
    if not found:
        typer.echo(f"directive {directive} orders no withdrawal or funding stop for any body")
    for item in found:
        if item["gap_usd"] is None:
            typer.echo(f"{item['body_id']:<28} no money data ({'; '.join(item['missing'])})")
            continue
        share = "-" if item["share"] is None else f"{item['share']:.1%}"
        after = item["largest_payer_after"] or "-"
        residual = item["residual_gap_usd"] or 0.0
        typer.echo(
            f"{item['body_id']:<28} {item['year']}  gap {item['gap_usd']:>16,.0f} USD  "
            f"share {share:>6}  residual {residual:>16,.0f}  largest payer after: {after}"
        )


@predict_app.command("series")
def series_command(
    ctx: typer.Context,
    actor: Annotated[
        list[str] | None,
        typer.Option("--actor", help="Only this state's memberships (repeatable)."),
    ] = None,
    view: Annotated[
        str,
        typer.Option("--view", help=f"History view: {' or '.join(VIEWS)} (with curated fixes)."),
    ] = "published",
    svg: SvgOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """IGOs per year, births, deaths and memberships per state (Pevehouse et al. 2020 rules).

    Memberships count full plus associate memberships from the ledger's COW history (IGO-year
    file); file_disagreements gives the state-year file's count where the two files differ.
    The output compares the computed figures with the published ones (checks).

    Example: ioreview predict series --actor USA --actor CHN --json
    """
    # Imported here: the CLI starts without loading the numerical libraries.
    from ioreview.predict import charts
    from ioreview.predict.series import compute_series

    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            series = compute_series(connection, actor, view=view)
    finally:
        project.close()
    result = series.to_json()
    if svg is not None:
        _write_svg(svg, charts.memberships_chart(result) if actor else charts.igos_chart(result))
    if json_output:
        print_json(result)
        return
    last = str(series.years[-1])
    typer.echo(f"IGOs in {last}: {result['igos_per_year'][last]}; dead by 2014: "
               f"{series.dead['dead']} of {series.igos} ({series.dead_share:.1%})")  # fmt: skip
    for state, counts in result["memberships"].items() if actor else []:
        typer.echo(f"{state}: {counts.get(last, 0)} memberships in {last}, "
                   f"rank {result['ranks'].get(state, {}).get(last, '-')}")  # fmt: skip
    for check in result["checks"]:
        verdict = "agrees" if check["agrees"] else "DIFFERS"
        typer.echo(f"{verdict:<8} {check['what']}: computed {check['computed']}, "
                   f"published {check['published']} ({check['source']})")  # fmt: skip


@predict_app.command("network")
def network_command(
    ctx: typer.Context,
    actor: Annotated[
        str | None, typer.Option("--actor", help="State id (default: the settings' actor).")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="COW year (default: the last, 2014).")
    ] = None,
    without_directive: Annotated[
        str | None,
        typer.Option("--without-directive", help="Directive whose bodies the actor leaves."),
    ] = None,
    mode: Annotated[
        str,
        typer.Option("--mode", help=f"Counterfactual: {' or '.join(MODES)} (remove the bodies)."),
    ] = "exit",
    top: Annotated[int, typer.Option("--top", min=1, help="Gainers listed per measure.")] = 10,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """The actor's rank under several centrality measures, before and after a directive.

    Measures: memberships, degree, strength, eigenvector and betweenness of the state
    co-membership projection of COW IGOs; gainers are states whose rank improves.

    Example: ioreview predict network --actor USA --year 2014 --without-directive usa-pm-2026-01-07 --json
    """
    # Imported here: the CLI starts without loading the numerical libraries.
    from ioreview.predict.network import MEASURES, network_position

    who = actor or settings_from(ctx, db).actor
    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            result = network_position(
                connection, who, year=year, without_directive=without_directive, mode=mode,
                top=top,
            )  # fmt: skip
    finally:
        project.close()
    found = result.to_json()
    if json_output:
        print_json(found)
        return
    typer.echo(f"{who} in {found['year']}: {found['states']} states, {found['igos']} IGOs; "
               f"{len(found['removed_bodies'])} directive bodies in COW "
               f"({len(found['outside_network_data'])} outside)")  # fmt: skip
    for name in MEASURES:
        m = found["measures"][name]
        typer.echo(f"  {name:<12} rank {m['rank_before']:>4} -> {m['rank_after']:>4}")


@predict_app.command("risk")
def risk_command(
    ctx: typer.Context,
    train: Annotated[
        str, typer.Option("--train", help="Outcome years to fit on, e.g. 1945-1989.")
    ] = "1945-1989",
    test: Annotated[
        str, typer.Option("--test", help="Outcome years to score, e.g. 1990-2014.")
    ] = "1990-2014",
    churn_years: Annotated[
        int,
        typer.Option("--churn-years", min=0, help="Re-entry within this many years is churn."),
    ] = CHURN_YEARS,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Firth logit of observed COW exits: coefficients, signs vs. the published Table 1,
    and out-of-time ROC-AUC, PR-AUC and Brier score against a size + duration baseline.

    The outcome is observed exits (corrected COW transitions), not curated withdrawals.

    Example: ioreview predict risk --train 1945-1989 --test 1990-2014 --json
    """
    # Imported here: the CLI starts without loading the numerical libraries.
    from ioreview.predict.risk import evaluate_risk, parse_period

    periods = parse_period(train, "--train"), parse_period(test, "--test")
    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            report = evaluate_risk(connection, *periods, churn_years=churn_years)
    finally:
        project.close()
    found = report.to_json()
    if json_output:
        print_json(found)
        return
    typer.echo(f"outcome: {found['outcome']}")
    for name, values in found["coefficients"].items():
        sign = found["signs_match_published"].get(name)
        note = "" if sign is None else ("  sign agrees" if sign else "  sign DIFFERS")
        typer.echo(f"  {name:<22} {values['coef']:>8.3f} ({_fmt(values['se_cluster'], 3)}){note}")
    typer.echo(
        f"test {test}: AUC {_fmt(found['auc'], 3)} (baseline {_fmt(found['baseline_auc'], 3)}), "
        f"PR-AUC {_fmt(found['pr_auc'], 4)} (baseline {_fmt(found['baseline_pr_auc'], 4)}), "
        f"Brier {_fmt(found['brier'], 5)} (baseline {_fmt(found['baseline_brier'], 5)})"
    )


def _fmt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"
