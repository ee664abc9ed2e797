"""Projects for the Predict tests: synthetic worlds on both backends, bundled data on SQLite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ioreview.ingest.runner import run_import
from ioreview.project import Project, init_project, open_project
from ioreview.registry import data_root
from ioreview.settings import Settings
from support.ingest import BACKENDS, database_url
from support.predict import random_world, small_world, subset_csv, world_project

#: Entities whose CEB rows the bundled fixture loads (the full file takes far longer).
CEB_ENTITIES = {"WHO", "UNESCO", "UNFCCC"}
#: Every fifth roll call of the bundled votes keeps each year's vote matrix and loads fast.
VOTE_SAMPLE = 5


@pytest.fixture(scope="module", params=BACKENDS)
def small(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Project]:
    """``small_world`` on each backend (read-only for the tests that use it)."""
    folder = tmp_path_factory.mktemp("small")
    with database_url(request.param, folder) as url:
        project = world_project(url, folder, small_world())
        yield project
        project.close()


@pytest.fixture(scope="module", params=BACKENDS)
def simulated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Project]:
    """``random_world`` on each backend."""
    folder = tmp_path_factory.mktemp("simulated")
    with database_url(request.param, folder) as url:
        project = world_project(url, folder, random_world())
        yield project
        project.close()


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """SQLite: registry, seed history and memorandum, COW, a sample of the votes, CEB subset."""
    folder = tmp_path_factory.mktemp("predict-bundled")
    settings = Settings(db_url=f"sqlite:///{folder / 'bundled.db'}", data_dir=folder / "data")
    init_project(settings, importers=[])
    project = open_project(settings)
    sources = data_root() / "sources"
    votes = subset_csv(
        sources / "unga-roll-call-votes" / "un_votes.csv.gz", folder / "votes.csv.gz",
        lambda row: int(row["rcid"]) % VOTE_SAMPLE == 0,
    )  # fmt: skip
    money = subset_csv(
        sources / "un-ceb-financial-statistics"
        / "contributions_by_contributor_entity_2013_2024.csv.gz",
        folder / "ceb.csv.gz", lambda row: row["entity"] in CEB_ENTITIES,
    )  # fmt: skip
    run_import(project, "cow")
    run_import(project, "votes", votes)
    run_import(project, "ceb", money)
    yield project
    project.close()
