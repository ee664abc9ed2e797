"""A stored review on a seeded SQLite project, shared by the report tests of a module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ioreview.project import Project
from ioreview.review import Options, Review, run_review, store_review
from support.review import AS_OF, make_template


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Review]]:
    from ioreview.project import open_project
    from ioreview.settings import Settings

    folder = tmp_path_factory.mktemp("report")
    database, data = make_template(folder, seed=True)
    project = open_project(Settings(db_url=f"sqlite:///{database}", data_dir=data))
    review = store_review(
        project, run_review(project, "effectiveness", "USA", AS_OF, Options(samples=200))
    )
    yield project, review
    project.close()
