"""A project per backend for the indicator tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ioreview.project import Project
from support.review import new_project


@pytest.fixture
def project(db_url: str, tmp_path: Path) -> Iterator[Project]:
    """A fresh project on each backend, for tests that append events or rows."""
    found = new_project(db_url, tmp_path)
    yield found
    found.close()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """One SQLite project per module for tests that only read the bundled registry and rules."""
    folder = tmp_path_factory.mktemp("bundled")
    found = new_project(f"sqlite:///{folder / 'test.db'}", folder)
    yield found
    found.close()
