"""``ioreview ingest``: one command per importer, plus ``ingest directive``.

The importer commands are built from metadata at import time, so their annotations are
evaluated eagerly (no ``from __future__ import annotations`` here).
"""


import sys
from pathlib import Path
from typing import Annotated

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from
from ioreview.ingest.meta import ImporterMeta, available, load_meta
from ioreview.ingest.runner import ImportReport, run_import

ingest_app = typer.Typer(
    help="Load sources into the ledger and dataset tables, strictly, one transaction each.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    for name in available():
        _add_importer_command(load_meta(name))
    _add_directive_command()
    app.add_typer(ingest_app, name="ingest")


def _command_name(meta: ImporterMeta) -> str:
    return meta.name.replace("_", "-")


def _add_importer_command(meta: ImporterMeta) -> None:
    name = _command_name(meta)
    required = not meta.bundled
    file_help = (
        "Input file (required)." if required
        else f"Input file (default: the bundled {meta.files[meta.main_file]})."
    )

    def command(
        ctx: typer.Context,
        file: Annotated[
            Path | None,
            typer.Argument(
                help=file_help,
                show_default=False,
            ),
        ] = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Check and count, then roll back.")
        ] = False,
        db: DbOption = None,
        json_output: JsonOption = False,
    ) -> None:
        if required and file is None:
            raise typer.BadParameter(f"ioreview ingest {name} needs a FILE")
        project = project_from(ctx, db)
        try:
            report = run_import(project, meta.name, file, dry_run=dry_run,
                                show_progress=sys.stderr.isatty())
        finally:
            project.close()
        _print(report, json_output)

    example = f"ioreview ingest {name}" + (" facts.csv" if required else "")
    command.__doc__ = (
        f"{meta.title}.\n\n"
        f"Source: {meta.citation}\n\n"
        "Re-importing the same file changes nothing; a changed file appends only what changed.\n\n"
        f"Example: {example}"
    )
    ingest_app.command(name)(command)


def _print(report: ImportReport, json_output: bool) -> None:
    if json_output:
        print_json(report.to_json())
        return
    if report.unchanged:
        typer.echo(f"{report.importer}: unchanged (sha256 {report.sha256[:16]}…); nothing to do")
        return
    verb = "would append" if report.dry_run else "appended"
    typer.echo(
        f"{report.importer}: {verb} {report.appended} events, superseded {report.superseded}, "
        f"retracted {report.retracted}, kept {report.kept}; ledger size {report.ledger_size}"
    )
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.counts.items()) if ":" not in k)
    typer.echo(f"  counts: {counts}")
    for issue in report.issues[:20]:
        typer.echo(f"  {issue.level}: {issue}")
    if len(report.issues) > 20:
        typer.echo(f"  … {len(report.issues) - 20} more issues (use --json)")


def _add_directive_command() -> None:
    from ioreview.cli.directive_ingest import directive_command

    ingest_app.command("directive")(directive_command)
