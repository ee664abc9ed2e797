"""The ``ioreview`` command: a thin layer over the library.

Every library error becomes exit code 2 and one line on stderr naming the offending value.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ioreview.exc import IoreviewError
from ioreview.settings import load_settings

app = typer.Typer(
    name="ioreview",
    help="Review an actor's portfolio of international engagements on a verifiable ledger.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (default: $IOREVIEW_DB or sqlite:///ioreview.db)."),
    ] = None,
) -> None:
    ctx.obj = load_settings(db_url=db)


#: Command modules, one per area; each has ``register(app)``. A module listed here that does not
#: exist yet (an area still being built) is left out; any other import error propagates.
COMMAND_MODULES = (
    "project", "bodies", "ledger", "ingest", "assess", "lenses", "review", "report",
    "directives", "predict", "tokens", "serve",
)  # fmt: skip


def _register() -> None:
    # Imported here so that importing ioreview.cli has no side effects beyond building the app.
    import importlib
    import importlib.util

    for name in COMMAND_MODULES:
        qualified = f"ioreview.cli.{name}"
        if importlib.util.find_spec(qualified) is None:
            continue
        importlib.import_module(qualified).register(app)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    try:
        app(args=argv, standalone_mode=False)
    except IoreviewError as error:
        sys.stderr.write(f"error: {error.message}\n")
        sys.exit(2)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        sys.stderr.write("aborted\n")
        sys.exit(1)
    except Exception as error:  # usage errors of the vendored click carry their own exit code
        code = getattr(error, "exit_code", None)
        show = getattr(error, "show", None)
        if isinstance(code, int) and callable(show):
            show()
            sys.exit(code)
        raise
