"""A SIGKILL in the middle of the full COW import leaves no partial import (SQLite)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ioreview.ledger.audit import audit
from ioreview.project import open_project
from ioreview.settings import load_settings
from ioreview.storage.cow_tables import cow_disagreement, cow_igo_year
from support.ingest import row_count, seeded_project

CHILD = """
import sys
from ioreview.ingest.runner import run_import
from ioreview.project import open_project
from ioreview.settings import load_settings

project = open_project(load_settings({"IOREVIEW_DATA_DIR": sys.argv[2]}, db_url=sys.argv[1]))
append_in = project.ledger.append_in

def announced(connection, events):
    print("appending", flush=True)
    return append_in(connection, events)

project.ledger.append_in = announced
print("loading", flush=True)
run_import(project, "cow")
print("done", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["load", "append"])
def test_sigkill_mid_import_leaves_nothing(tmp_path: Path, phase: str) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    project = seeded_project(url, tmp_path)
    size = project.ledger.size()
    project.close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "loading"
        started = time.monotonic()
        if phase == "load":  # reading the files and building events (several seconds)
            time.sleep(random.uniform(0.5, 1.5))
        else:  # inside the ledger append: leaves, nodes, projection rows, checkpoint
            assert child.stdout.readline().strip() == "appending"
            time.sleep(random.uniform(0.0, 0.3))
        assert child.poll() is None, "the import finished before the kill: nothing was tested"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
        assert time.monotonic() - started >= 0.5
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    reopened = open_project(
        load_settings({"IOREVIEW_DATA_DIR": str(tmp_path / "data")}, db_url=url)
    )
    try:
        assert reopened.ledger.size() == size
        loaded = [e for e in reopened.ledger.events() if e.kind == "dataset_loaded"]
        assert all(e.payload["dataset"] != "cow" for e in loaded)
        assert row_count(reopened, cow_igo_year) == 0
        assert row_count(reopened, cow_disagreement) == 0
        audit(reopened.ledger, reopened.verifier)
    finally:
        reopened.close()
