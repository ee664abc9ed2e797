"""Helpers for the indicator, lens, review and report tests: small projects and events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ioreview.ledger.events import Event, Source
from ioreview.project import Project, init_project, open_project
from ioreview.settings import Settings

AS_OF = date(2026, 1, 6)
URI = "https://example.org/evidence"


def new_project(db_url: str, tmp_path: Path) -> Project:
    """A project with the bundled registry and seed history, without the bundled datasets."""
    settings = Settings(db_url=db_url, data_dir=tmp_path / "data")
    init_project(settings, importers=[])
    return open_project(settings)


def event(
    kind: str,
    body: str | None,
    on: date | None,
    actor: str | None = "USA",
    until: date | None = None,
    supersedes: tuple[int, ...] = (),
    **payload: Any,
) -> Event:
    return Event(
        kind=kind, actor=actor, body=body, valid_from=on, valid_to=until, payload=payload,
        supersedes=supersedes, source=Source(uri=URI, locator=f"{kind} {body}"),
    )  # fmt: skip


def contribution(body: str, year: int, amount: str, **payload: Any) -> Event:
    return event(
        "contribution", body, date(year, 1, 1), amount=amount, currency="USD", year=year, **payload
    )


def cow_join(body: str, actor: str, year: int) -> Event:
    return event("joined", body, date(year, 1, 1), actor=actor, role="member", observed="cow")


def assessment(body: str, criterion: str, score: str, on: date = date(2025, 6, 1)) -> Event:
    return event(
        "assessment", body, on, actor=None, criterion=criterion, score=score, lens=None,
        analyst="test", quote=None,
    )  # fmt: skip


def append(project: Project, events: Iterable[Event]) -> list[Event]:
    return project.ledger.append(list(events))
