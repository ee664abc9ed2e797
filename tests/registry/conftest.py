"""Registry fixtures: the bundled registry (built once) and a writable copy of the mini data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ioreview.registry import Registry, load_bundled_registry

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "registry" / "mini"


@pytest.fixture(scope="session")
def bundled() -> Registry:
    """The registry built from the bundled ``data/`` folder."""
    return load_bundled_registry()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the miniature data folder that a test may edit."""
    root = tmp_path / "data"
    shutil.copytree(MINI, root)
    return root
