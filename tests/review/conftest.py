"""Projects per backend for the review tests (SQLite ones copied from a session template),
and the environment for CLI runs on them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ioreview.project import Project
from support.review import cloned_project, make_template


@pytest.fixture(scope="session")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_template(tmp_path_factory.mktemp("plain"), seed=False)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_template(tmp_path_factory.mktemp("seeded"), seed=True)


@pytest.fixture
def project(db_url: str, tmp_path: Path, plain_template: tuple[Path, Path]) -> Iterator[Project]:
    found = cloned_project(plain_template, db_url, tmp_path)
    yield found
    found.close()


@pytest.fixture
def seeded(db_url: str, tmp_path: Path, seeded_template: tuple[Path, Path]) -> Iterator[Project]:
    found = cloned_project(seeded_template, db_url, tmp_path, seed=True)
    yield found
    found.close()


@pytest.fixture
def cli(seeded: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The seeded project, with IOREVIEW_DB and IOREVIEW_DATA_DIR pointing at it."""
    monkeypatch.setenv("IOREVIEW_DB", seeded.settings.db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(seeded.settings.data_dir))
    for name in ("IOREVIEW_ORIGIN", "IOREVIEW_KEY", "IOREVIEW_ACTOR"):
        monkeypatch.delenv(name, raising=False)
    return seeded
