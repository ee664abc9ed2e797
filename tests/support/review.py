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


def assessment(
    body: str,
    criterion: str,
    score: str,
    on: date = date(2025, 6, 1),
    supersedes: tuple[int, ...] = (),
) -> Event:
    return event(
        "assessment", body, on, actor=None, supersedes=supersedes, criterion=criterion,
        score=score, lens=None, analyst="test", quote=None,
    )  # fmt: skip


def append(project: Project, events: Iterable[Event]) -> list[Event]:
    return project.ledger.append(list(events))


def seed_portfolio(project: Project) -> None:
    """A small portfolio of USA on ``AS_OF`` beside the seed history (unesco, who, unhrc, …):

    wto by a COW spell open in 2014 (CAN and MEX too), itto by a membership and a 2023
    voluntary contribution, unfpa and unicef by CEB contributions; the published ratings.
    """
    from ioreview.review import load_published_assessments

    append(project, [
        *(cow_join("wto", actor, 1995) for actor in ("USA", "CAN", "MEX")),
        event("joined", "itto", date(1990, 1, 1), role="member"),
        contribution("itto", 2023, "551000", funding_kind="voluntary"),
        contribution("unfpa", 2024, "100000000", dataset="ceb", revenue_type="voluntary_earmarked"),
        contribution("unicef", 2023, "800000000", dataset="ceb", revenue_type="voluntary_earmarked"),
    ])  # fmt: skip
    load_published_assessments(project)


def cloned_project(
    template: tuple[Path, Path], db_url: str, tmp_path: Path, seed: bool = False
) -> Project:
    """A new project: on SQLite a copy of the ``template`` files (fast), else a fresh init.

    ``template`` is (database file, data folder) of a project made by ``new_project`` (and
    ``seed_portfolio`` when ``seed``), closed.
    """
    import shutil

    if not db_url.startswith("sqlite:///"):
        project = new_project(db_url, tmp_path)
        if seed:
            seed_portfolio(project)
        return project
    database, data = template
    target = Path(db_url.removeprefix("sqlite:///"))
    shutil.copyfile(database, target)
    for suffix in ("-wal", "-shm"):
        if (side := Path(f"{database}{suffix}")).exists():
            shutil.copyfile(side, Path(f"{target}{suffix}"))
    shutil.copytree(data, tmp_path / "data")
    return open_project(Settings(db_url=db_url, data_dir=tmp_path / "data"))


def make_template(folder: Path, seed: bool) -> tuple[Path, Path]:
    project = new_project(f"sqlite:///{folder / 'template.db'}", folder)
    if seed:
        seed_portfolio(project)
    project.close()
    return folder / "template.db", folder / "data"
