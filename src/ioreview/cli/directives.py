"""``ioreview directive``: list, show, timeline, track, draft, factsheet, rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from
from ioreview.directives.draft import actor_phrase, draft_memorandum
from ioreview.directives.draft_inputs import from_directive, from_review, read_review
from ioreview.directives.factsheet import build_factsheet
from ioreview.directives.records import list_directives, load_directive
from ioreview.directives.render import directive_text, factsheet_markdown, timeline_text
from ioreview.directives.rule_table import load_rules
from ioreview.directives.timeline import DEFAULT_OVERDUE_DAYS, directive_timeline
from ioreview.directives.tracking import STAGES, track
from ioreview.exc import InvalidData
from ioreview.registry import load_actor

directive_app = typer.Typer(
    help="Directives in the ledger: items, notice rules, effective dates, tracking, drafting.",
    no_args_is_help=True,
)

DirectiveArg = Annotated[
    str,
    typer.Argument(metavar="ID", help="Directive id from `directive list` (or earlier-exits)."),
]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="Write the text to this file instead of stdout.")
]


def register(app: typer.Typer) -> None:
    app.add_typer(directive_app, name="directive")


def _date(value: str | None, option: str) -> date | None:
    return None if value is None else _day(value, option)


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidData(f"{option} {value!r}: expected a date YYYY-MM-DD") from error


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidData(f"--out {str(out)!r}: cannot write ({error.strerror})") from error
    typer.echo(f"wrote {out}")


@directive_app.command("list")
def list_command(ctx: typer.Context, db: DbOption = None, json_output: JsonOption = False) -> None:
    """List the directives in the ledger (and the earlier-exits pseudo-directive).

    Example: ioreview directive list --json
    """
    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            directives = list_directives(connection)
    finally:
        project.close()
    if json_output:
        print_json([d.summary_json() for d in directives])
        return
    for d in directives:
        typer.echo(f"{d.id:<36} {str(d.date or '-'):<10} {len(d.items):>4} items  {d.title or ''}")


@directive_app.command("show")
def show_command(
    ctx: typer.Context, directive_id: DirectiveArg, db: DbOption = None,
    json_output: JsonOption = False,
) -> None:  # fmt: skip
    """Show a directive's items: section, item, body and action.

    Example: ioreview directive show usa-pm-2026-01-07 --json
    """
    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            directive = load_directive(connection, directive_id)
    finally:
        project.close()
    if json_output:
        print_json(directive.to_json())
    else:
        typer.echo(directive_text(directive), nl=False)


@directive_app.command("timeline")
def timeline_command(
    ctx: typer.Context,
    directive_id: DirectiveArg,
    on: Annotated[
        str | None, typer.Option("--on", help="As-of date YYYY-MM-DD (default: today).")
    ] = None,
    overdue_days: Annotated[
        int,
        typer.Option("--overdue-days", min=0, help="Days after which a directed item is overdue."),
    ] = DEFAULT_OVERDUE_DAYS,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Notice rule, notification, earliest effective date, status and flags of every item.

    Before a notification, the earliest effective date is the one if notice were given on the
    as-of date (basis if-notified-on-as-of). Use the id earlier-exits for the withdrawals that
    were notified without a directive (Paris Agreement, WHO, UNESCO).

    Example: ioreview directive timeline earlier-exits --on 2026-02-01 --json
    """
    as_of = _date(on, "--on") or date.today()
    project = project_from(ctx, db)
    try:
        registry = project.registry()
        with project.engine.connect() as connection:
            directive = load_directive(connection, directive_id)
            result = directive_timeline(
                connection, directive, load_rules(registry), as_of, overdue_days
            )
    finally:
        project.close()
    if json_output:
        print_json(result.to_json())
    else:
        typer.echo(timeline_text(result), nl=False)


@directive_app.command("track")
def track_command(
    ctx: typer.Context,
    directive_id: DirectiveArg,
    body: Annotated[str, typer.Argument(metavar="BODY", help="Body id of an item, e.g. unfccc.")],
    status: Annotated[str, typer.Option("--status", help=f"One of {', '.join(STAGES)}.")],
    on: Annotated[str, typer.Option("--date", help="Date of the step, YYYY-MM-DD.")],
    source: Annotated[str, typer.Option("--source", help="URL of the document recording it.")],
    agency: Annotated[
        str | None, typer.Option("--agency", help="Responsible agency, e.g. Department of State.")
    ] = None,
    condition_met: Annotated[
        list[str] | None,
        typer.Option("--condition-met", help="A condition now met, e.g. dues (repeatable)."),
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record that an item was notified, its funding ceased, or its withdrawal took effect.

    An effective date earlier than the one computed from the item's notice rule is refused.

    Example: ioreview directive track usa-pm-2026-01-07 unfccc --status notified --date 2026-03-02 --source https://example.org/notification --agency "Department of State"
    """
    when = _day(on, "--date")
    project = project_from(ctx, db)
    try:
        result = track(
            project, directive_id, body, status, when, source, agency=agency,
            conditions_met=condition_met or (),
        )  # fmt: skip
    finally:
        project.close()
    if json_output:
        print_json(result.to_json())
        return
    item = result.after
    earliest = item.earliest_effective.isoformat() if item.earliest_effective else "-"
    typer.echo(
        f"appended seq {result.event.seq}: {result.event.kind} {body} {when.isoformat()}; "
        f"status on that date {result.before.status} -> {item.status}; earliest effective {earliest}"
    )


@directive_app.command("draft")
def draft_command(
    ctx: typer.Context,
    from_review_file: Annotated[
        Path | None,
        typer.Option("--from-review", help="Review JSON; its 'withdraw' results are drafted."),
    ] = None,
    from_directive_id: Annotated[
        str | None, typer.Option("--from-directive", help="Re-draft a directive of the ledger.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the draft.")] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Date of the draft (default: today).")
    ] = None,
    out: OutOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Draft a memorandum in the 2026 format from a review or from a recorded directive.

    Example: ioreview directive draft --from-directive usa-pm-2026-01-07 --out memo.txt
    """
    if (from_review_file is None) == (from_directive_id is None):
        raise InvalidData("give exactly one of --from-review FILE and --from-directive ID")
    project = project_from(ctx, db)
    try:
        registry = project.registry()
        with project.engine.connect() as connection:
            if from_review_file is not None:
                source = from_review(read_review(from_review_file), from_review_file.name)
                issued = None
            else:
                directive = load_directive(connection, str(from_directive_id))
                source, issued = from_directive(directive), directive.date
            actor = load_actor(connection, source.actor or project.settings.actor)
    finally:
        project.close()
    phrase = actor_phrase(actor.name)
    drafted = draft_memorandum(
        source.items, registry,
        title or source.title or f"Withdrawing {phrase} from International Organizations",
        _date(on, "--date") or issued or date.today(), actor=phrase, basis=source.basis,
        wordings=source.wordings, keep_order=source.keep_order,
    )  # fmt: skip
    if json_output:
        print_json(drafted.to_json())
    else:
        _emit(drafted.text, out)
    for warning in drafted.warnings:
        typer.echo(f"warning: {warning}", err=True)


@directive_app.command("factsheet")
def factsheet_command(
    ctx: typer.Context,
    directive_id: DirectiveArg,
    review: Annotated[
        Path | None, typer.Option("--review", help="Review JSON whose lens criteria are cited.")
    ] = None,
    out: OutOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Write the fact sheet: counts per section, money and earlier withdrawals from the ledger.

    Example: ioreview directive factsheet usa-pm-2026-01-07 --out fact-sheet.md
    """
    document = None if review is None else read_review(review)
    project = project_from(ctx, db)
    try:
        registry = project.registry()
        with project.engine.connect() as connection:
            sheet = build_factsheet(
                connection, load_directive(connection, directive_id), registry, document
            )
    finally:
        project.close()
    if json_output:
        print_json(sheet.to_json())
    else:
        _emit(factsheet_markdown(sheet), out)


@directive_app.command("rules")
def rules_command(
    ctx: typer.Context,
    body: Annotated[
        str | None, typer.Argument(metavar="[BODY]", help="Only this body's rule.")
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show the bundled notice rules (withdrawal-rules.csv with its overrides) and sources.

    Example: ioreview directive rules unesco --json
    """
    project = project_from(ctx, db)
    try:
        registry = project.registry()
    finally:
        project.close()
    book = load_rules(registry)
    rules = [book.rule(registry.body(body).id)] if body is not None else list(book)
    if json_output:
        document: Any = rules[0].to_json() if body is not None else [r.to_json() for r in rules]
        print_json(document)
        return
    for rule in rules:
        where = f"{rule.article or ''} {rule.url or ''}".strip()
        typer.echo(f"{rule.body_id:<34} {rule.kind:<24} {rule.describe()}  [{where or '-'}]")
