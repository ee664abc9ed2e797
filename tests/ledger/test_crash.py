"""R8 crash consistency: a writer killed with SIGKILL at random moments leaves a consistent log.

A subprocess (``crash_writer.py``) appends random batches to a SQLite file log and prints each
checkpoint once its transaction has committed. The test kills it after a random delay, reopens
the database and checks: ``PRAGMA integrity_check`` is ok, the full audit passes, the latest
checkpoint covers the whole log, consecutive checkpoints are consistent, every checkpoint the
writer published is stored with the same root, and nothing stored before a kill disappears.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ioreview.ledger.audit import audit
from ioreview.ledger.checkpoint import Checkpoint, verify_extends
from ioreview.ledger.log import Ledger, StoredCheckpoint
from ioreview.ledger.note import Signer, generate_signer
from ioreview.storage import migrate, open_engine
from support.events import ORIGIN

WRITER = Path(__file__).with_name("crash_writer.py")
ITERATIONS = 12
SEED = 20_260_801
#: Seconds between the writer's "ready" line and SIGKILL.
KILL_AFTER = (0.02, 0.3)


def run_and_kill(db: Path, key: Path, seed: int, delay: float) -> list[tuple[int, bytes]]:
    """Start the writer, kill it ``delay`` seconds after it is ready; return what it published."""
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), str(key), ORIGIN, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        ready = process.stdout.readline()
        if ready != b"ready\n":
            process.wait(timeout=30)
            pytest.fail(f"writer did not start: {process.stderr.read().decode()}")
        time.sleep(delay)
        if process.poll() is not None:
            pytest.fail(f"writer stopped before the kill: {process.stderr.read().decode()}")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        output, errors = process.stdout.read(), process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert process.returncode == -signal.SIGKILL, errors.decode()
    published: list[tuple[int, bytes]] = []
    # A line cut by the kill has no newline: it is dropped (its commit happened regardless).
    for line in output.split(b"\n")[:-1]:
        word, size, root = line.decode().split(" ")
        assert word == "published"
        published.append((int(size), bytes.fromhex(root)))
    return published


def check_reopened_log(
    db: Path,
    engine: Engine,
    signer: Signer,
    published: list[tuple[int, bytes]],
    seen: list[StoredCheckpoint],
) -> list[StoredCheckpoint]:
    """Assert every R8 property on the reopened log; return its checkpoints."""
    with closing(sqlite3.connect(db)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    ledger = Ledger(engine, ORIGIN, signer)
    size = ledger.size()
    assert audit(ledger, signer.verifier()).size == size
    checkpoints = ledger.checkpoints()
    latest = ledger.latest_checkpoint()
    if size == 0:
        assert latest is None and not checkpoints
        return checkpoints
    assert latest is not None and latest.size == size
    # Checkpoints stored before this kill are still there, unchanged and at the front.
    assert checkpoints[: len(seen)] == seen
    stored = {c.size: c.root for c in checkpoints}
    for published_size, root in published:
        assert stored.get(published_size) == root, f"published size {published_size} not stored"
    # Pairs up to the last checkpoint already seen were verified after an earlier kill.
    start = max(0, len(seen) - 1)
    for old, new in pairwise(checkpoints[start:]):
        verify_extends(
            Checkpoint(ORIGIN, old.size, old.root),
            Checkpoint(ORIGIN, new.size, new.root),
            ledger.consistency_proof(old.size, new.size),
        )
    return checkpoints


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_appends_leaves_a_consistent_log(tmp_path: Path) -> None:
    db, key = tmp_path / "crash.db", tmp_path / "log.key"
    signer = generate_signer(ORIGIN)
    signer.save(key)
    engine = open_engine(f"sqlite:///{db}")
    migrate(engine)
    Ledger(engine, ORIGIN, signer).create()
    rng = random.Random(SEED)
    seen: list[StoredCheckpoint] = []
    published_total = 0
    try:
        for _ in range(ITERATIONS):
            published = run_and_kill(db, key, rng.randrange(2**32), rng.uniform(*KILL_AFTER))
            published_total += len(published)
            seen = check_reopened_log(db, engine, signer, published, seen)
    finally:
        engine.dispose()
    # The kills must have interrupted a writer that was making progress, or nothing was tested.
    assert published_total > 0
    assert seen and seen[-1].size > 0
