"""``ioreview ingest directive FILE``: parse a presidential document and record it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from
from ioreview.directives.record import record_directive
from ioreview.exc import InvalidData


def directive_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Plain text or White House Markdown.")],
    issued: Annotated[
        str | None, typer.Option("--date", help="Issue date when the text gives none.")
    ] = None,
    source_url: Annotated[
        str | None,
        typer.Option("--source-url", help="URL of the document (default: its front matter)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Parse and match only; append nothing.")
    ] = False,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Parse a directive, match every named body, and append its events.

    Items in numbered lists and bodies named in running prose are both read; every name is
    matched with the registry matcher, unmatched names are listed, and low-confidence matches
    are flagged. A directive already in the ledger (same title and date) is not appended again.

    Example: ioreview ingest directive memorandum.txt --dry-run --json
    """
    try:
        on = None if issued is None else date.fromisoformat(issued)
    except ValueError as error:
        raise InvalidData(f"--date {issued!r}: expected YYYY-MM-DD") from error
    project = project_from(ctx, db)
    try:
        outcome = record_directive(
            project, file, issued=on, source_url=source_url, dry_run=dry_run
        )
    finally:
        project.close()
    if json_output:
        print_json(outcome.to_json())
        return
    document = outcome.matched.to_json()
    typer.echo(f"{document['title']} ({document['date']}): {len(document['items'])} items")
    for item in document["items"]:
        typer.echo(
            f"  {item['section'] or '-':<6} {item['item'] or '-':<6} {item['action']:<14} "
            f"{item['body_id'] or '?':<24} {item['match']:<10} {item['text']}"
        )
    for name in document["unmatched"]:
        typer.echo(f"  unmatched: {name['text']}")
    typer.echo(outcome.summary())
