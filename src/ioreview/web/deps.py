"""FastAPI dependencies: the app's project and settings, pagination parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from ioreview.exc import ConfigurationError
from ioreview.project import Project
from ioreview.settings import Settings

#: Actor keys (id, ISO3, ``cow:`` code) and body ids as the registry spells them: ASCII only.
ACTOR_KEY = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
BODY_KEY = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"

#: Items per page when a request names no ``limit``, and the most it may ask for.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def get_project(request: Request) -> Project:
    """The project the app serves (opened by the app's lifespan)."""
    project: Project | None = getattr(request.app.state, "project", None)
    if project is None:
        raise ConfigurationError("the app has no open project: it was not started")
    return project


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1..{MAX_LIMIT}).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=2**62, description="Items to skip.")] = 0,
) -> Paging:
    return Paging(limit, offset)


ProjectDep = Annotated[Project, Depends(get_project)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PagingDep = Annotated[Paging, Depends(paging)]
