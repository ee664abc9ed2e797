"""A project per backend for the indicator tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ioreview.project import Project
from support.review import new_project


@pytest.fixture
def project(db_url: str, tmp_path: Path) -> Iterator[Project]:
    found = new_project(db_url, tmp_path)
    yield found
    found.close()
