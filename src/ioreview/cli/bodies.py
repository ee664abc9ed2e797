"""``ioreview bodies``: the registry."""

from __future__ import annotations

from typing import Annotated

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from
from ioreview.registry import Matcher, list_bodies, load_body

bodies_app = typer.Typer(help="The registry of bodies: list, show, search.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(bodies_app, name="bodies")


@bodies_app.command("list")
def list_command(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help="Only bodies of this kind.")] = None,
    memo: Annotated[
        bool, typer.Option("--memo", help="Only the 2026 memorandum's bodies, in its order.")
    ] = False,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """List bodies, optionally by kind or only those named in the 2026 memorandum.

    Example: ioreview bodies list --memo --json
    """
    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            bodies = list_bodies(connection, kind=kind, memo=memo)
    finally:
        project.close()
    if json_output:
        print_json([body.to_json() for body in bodies])
        return
    for body in bodies:
        where = f"{body.memo.section}({body.memo.item})" if body.memo else ""
        typer.echo(f"{body.id:<28} {body.kind:<24} {where:<12} {body.name}")


@bodies_app.command("show")
def show_command(
    ctx: typer.Context,
    body_id: Annotated[str, typer.Argument(metavar="ID", help="Body id, e.g. unesco.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show one body with its aliases, external ids and per-field sources.

    Example: ioreview bodies show unfccc --json
    """
    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            body = load_body(connection, body_id)
    finally:
        project.close()
    document = body.to_json()
    if json_output:
        print_json(document)
        return
    for key, value in document.items():
        if value not in (None, [], {}):
            typer.echo(f"{key:<13} {value}")


@bodies_app.command("search")
def search_command(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A name, acronym or wording to match.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Rank bodies by exact id or alias, normalized alias, then fuzzy score.

    An ambiguous query lists every close candidate; nothing is chosen silently.

    Example: ioreview bodies search "UN Framework Convention on Climate Change"
    """
    project = project_from(ctx, db)
    try:
        with project.engine.connect() as connection:
            matcher = Matcher(list_bodies(connection))
    finally:
        project.close()
    resolution = matcher.resolve(text)
    matches = matcher.search(text)
    if json_output:
        print_json(
            {
                "query": text,
                "resolved": resolution.match.body_id if resolution.match else None,
                "ambiguous": resolution.ambiguous,
                "matches": [
                    {
                        "body_id": m.body_id,
                        "name": m.name,
                        "method": m.method,
                        "score": m.score,
                        "alias": m.alias,
                    }
                    for m in matches
                ],
            }
        )
        return
    if not matches:
        typer.echo(f"no body matches {text!r}")
    for m in matches:
        typer.echo(f"{m.score:6.1f}  {m.method:<10} {m.body_id:<28} {m.name}")
