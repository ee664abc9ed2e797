"""Options and output helpers shared by every command."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from ioreview.project import Project, open_project
from ioreview.settings import Settings, load_settings

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $IOREVIEW_DB or sqlite:///ioreview.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def settings_from(ctx: typer.Context, db: str | None = None) -> Settings:
    """Settings of this invocation: a command's ``--db`` wins over the global one."""
    root: Settings = ctx.find_root().obj or load_settings()
    return root.with_db(db)


def project_from(ctx: typer.Context, db: str | None = None) -> Project:
    return open_project(settings_from(ctx, db))


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
