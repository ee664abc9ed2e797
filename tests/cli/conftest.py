"""An initialised project per backend, with its data directory in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import Outcome, run


@pytest.fixture
def project_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("IOREVIEW_DB", db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("IOREVIEW_ORIGIN", raising=False)
    monkeypatch.delenv("IOREVIEW_KEY", raising=False)
    return db_url


@pytest.fixture
def initialised(project_env: str, capsys: pytest.CaptureFixture[str]) -> Outcome:
    # Only the small bundled dataset: the large ones have their own module-scoped tests.
    outcome = run(capsys, "init", "--only", "us_funding", "--json")
    assert outcome.code == 0, outcome.err
    return outcome
