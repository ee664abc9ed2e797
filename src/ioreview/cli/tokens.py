"""``ioreview token``: API tokens for the web API (hashes stored, secrets shown once)."""

from __future__ import annotations

from typing import Annotated

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from
from ioreview.tokens import ROLES, create_token, list_tokens, revoke_token

token_app = typer.Typer(help="API tokens: create (shown once), list, revoke.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")


@token_app.command("create")
def create_command(
    ctx: typer.Context,
    role: Annotated[
        str, typer.Option("--role", help=f"One of {', '.join(ROLES)}; writes need analyst.")
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="A label saying who or what holds the token.")
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Create an API token; the token is printed once and only its SHA-256 hash is stored.

    Example: ioreview token create --role analyst --name "budget office"
    """
    project = project_from(ctx, db)
    try:
        created = create_token(project.engine, role, name)
    finally:
        project.close()
    if json_output:
        print_json({**created.info.to_json(), "token": created.secret})
        return
    typer.echo(created.secret)
    typer.echo(
        f"token {created.info.id} ({created.info.role}) created; it is shown only now: "
        "send it as 'Authorization: Bearer <token>'",
        err=True,
    )


@token_app.command("list")
def list_command(ctx: typer.Context, db: DbOption = None, json_output: JsonOption = False) -> None:
    """List API tokens (ids, roles, names, dates); secrets are never stored or shown.

    Example: ioreview token list --json
    """
    project = project_from(ctx, db)
    try:
        tokens = list_tokens(project.engine)
    finally:
        project.close()
    if json_output:
        print_json([token.to_json() for token in tokens])
        return
    if not tokens:
        typer.echo("no API tokens")
    for token in tokens:
        state = "active" if token.active else f"revoked {token.revoked_at}"
        typer.echo(
            f"{token.id:>4}  {token.role:<8} {token.created_at}  {state:<28} {token.name or ''}"
        )


@token_app.command("revoke")
def revoke_command(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's id (token list).")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Revoke an API token; requests with it fail with 401 from then on.

    Example: ioreview token revoke 3
    """
    project = project_from(ctx, db)
    try:
        token = revoke_token(project.engine, token_id)
    finally:
        project.close()
    if json_output:
        print_json(token.to_json())
        return
    typer.echo(f"token {token.id} ({token.role}) revoked at {token.revoked_at}")
