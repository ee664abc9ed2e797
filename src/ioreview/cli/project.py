"""``ioreview init`` and ``ioreview main``."""

from __future__ import annotations

import io
from collections import Counter
from typing import Annotated

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from, settings_from
from ioreview.project import init_project
from ioreview.registry import list_bodies


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("main")(main_job)


def init(
    ctx: typer.Context,
    db: DbOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Also rebuild the projections from the ledger.")
    ] = False,
    no_data: Annotated[
        bool, typer.Option("--no-data", help="Create an empty database: no bundled data.")
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Load only this bundled dataset (repeatable), e.g. ceb."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Create the database, the signing key and the log, and load the bundled data.

    Idempotent: a second run changes nothing and says so.

    Example: ioreview init --db sqlite:///ioreview.db
    """
    settings = settings_from(ctx, db)
    report = init_project(settings, force=force, load_data=not no_data, importers=only)
    if json_output:
        print_json(report.to_json())
        return
    typer.echo(f"database  {report.db_url}")
    typer.echo(f"log       {report.origin} (key {settings.signing_key_path})")
    if report.migrations:
        typer.echo(f"migrated  {', '.join(report.migrations)}")
    typer.echo(f"registry  {report.bodies} bodies, {report.actors} actors")
    typer.echo(f"ledger    {report.ledger_size} events ({report.events_appended} appended now)")
    for name, appended in report.imports.items():
        typer.echo(f"dataset   {name}: {appended} events appended" if appended else
                   f"dataset   {name}: unchanged")
    for item in report.missing:
        typer.echo(f"missing   {item.get('body', '?')}: {item.get('what', '')}")
    typer.echo("changed" if report.changed else "nothing to change: already initialised")


def main_job(
    ctx: typer.Context,
    db: DbOption = None,
    summary_only: Annotated[
        bool, typer.Option("--summary", help="Only the registry and ledger summary.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Run the main job: the registry and ledger summary, then the transactional review of
    the actor's portfolio as of the latest data, with its HTML report.

    Example: ioreview main
    """
    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            bodies = list_bodies(connection)
            memo = list_bodies(connection, memo=True)
        kinds = Counter(body.kind for body in bodies)
        sections = Counter(body.memo.section for body in memo if body.memo is not None)
        size = project.ledger.size()
        latest = project.ledger.latest_checkpoint()
        summary: dict[str, object] = {
            "bodies": len(bodies),
            "by_kind": dict(sorted(kinds.items())),
            "memorandum": {"total": len(memo), "by_section": dict(sorted(sections.items()))},
            "ledger": {"size": size, "checkpoint": latest.note if latest else None},
        }
        if not json_output:
            _print_summary(summary, kinds, sections, latest.note if latest else None)
        if not summary_only:
            from ioreview.review import run_main_review

            # With --json the table is not printed: stdout carries only the JSON document.
            sink = io.StringIO() if json_output else None
            review, report = run_main_review(project, stream=sink)
            summary["review"] = {"id": review.id, "report": str(report)}
    finally:
        project.close()
    if json_output:
        print_json(summary)


def _print_summary(
    summary: dict[str, object], kinds: Counter[str], sections: Counter[str], note: str | None
) -> None:
    typer.echo(f"Registry: {summary['bodies']} bodies")
    for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0])):
        typer.echo(f"  {kind:<28} {count:>5}")
    typer.echo(f"2026 memorandum: {sum(sections.values())} bodies")
    for section, count in sorted(sections.items()):
        typer.echo(f"  Sec. {section:<23} {count:>5}")
    ledger = summary["ledger"]
    assert isinstance(ledger, dict)
    typer.echo(f"Ledger: {ledger['size']} events; latest signed checkpoint:")
    typer.echo(note if note else "  (none)")
