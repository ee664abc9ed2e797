"""Ledger performance targets T1–T12 (shared/docs/reference/ledger.md §5) as measured ratios.

Every limit (hash floor, fsync rate, Ed25519 sign rate, SQLite point lookup, canonical encoding)
is measured in the same run as the operation it bounds, on the same machine and file system, and
each row prints ``measured / limit`` (or ``limit / measured`` for costs) against its target. A
MISS is a finding, not an error: the script exits 0 whenever it completes its measurements and
non-zero only when something fails (including a proof or audit that does not verify).

Usage::

    .venv/bin/python benchmarks/ledger.py              # 1,000,000-entry log
    .venv/bin/python benchmarks/ledger.py --quick      # 20,000 entries, a few seconds
    .venv/bin/python benchmarks/ledger.py --size 200000 --json results.json

See benchmarks/README.md for what each row measures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from _timing import (
    Row,
    at_least,
    at_most,
    duration,
    fsync_rate,
    load_average,
    paired,
    percentile,
    rate,
    result_table,
    seconds_per_op,
    table,
    time_each,
)
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ioreview.ledger import merkle
from ioreview.ledger.audit import audit
from ioreview.ledger.checkpoint import Checkpoint, signed_checkpoint, verify_checkpoint
from ioreview.ledger.events import Event, Source
from ioreview.ledger.log import Ledger
from ioreview.ledger.note import Signer
from ioreview.storage import migrate, open_engine

#: 29 characters, so that a checkpoint body at n = 1 M is 83 bytes, as in reference §4.1.
ORIGIN = "benchmark.ioreview.org/ledger"
STAMP = "2026-01-01T00:00:00.000000Z"
FULL_SIZE = 1_000_000
QUICK_SIZE = 20_000
_DUMPS: dict[str, Any] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}


@dataclass(frozen=True)
class Settings:
    """How much work each section does; ``--quick`` shrinks the counts, not the method."""

    size: int
    batch: int
    quick: bool
    micro_ops: int  # operations per repetition of a hash / sign micro-benchmark
    repeats: int  # repetitions of each micro-benchmark (the median is kept)
    tree_repeats: int  # repetitions of the in-memory tree appends
    probes: int  # proofs timed per proof worker and verifications per T9 repetition
    workers: int  # new processes that read proofs (T7, T8)
    lookups: int  # SQLite point lookups per repetition (t_lookup)
    rounds: int  # interleaved rounds of fsync / T4 / T5 measurements
    per_round: int  # one-event transactions per round and ledger

    @classmethod
    def build(cls, size: int | None, quick: bool, batch: int | None) -> Settings:
        n = size if size is not None else (QUICK_SIZE if quick else FULL_SIZE)
        if n < 1000:
            raise SystemExit(f"--size {n}: expected at least 1000 entries")
        chosen = batch if batch is not None else min(10_000, max(1000, n // 10))
        if chosen < 1000:
            raise SystemExit(f"--batch {chosen}: T6 needs at least 1,000 events per transaction")
        if quick:
            return cls(n, chosen, True, 50_000, 5, 5, 300, 3, 20_000, 3, 50)
        return cls(n, chosen, False, 200_000, 11, 3, 1000, 3, 50_000, 5, 100)


def bench_event(i: int) -> Event:
    """A contribution event whose canonical entry is about 0.5 KiB once positioned."""
    return Event(
        kind="contribution",
        actor="USA",
        body=f"body-{i % 300:03d}",
        valid_from=date(2000 + i % 25, 1, 1),
        valid_to=date(2000 + i % 25, 12, 31),
        payload={
            "amount": f"{1000 + i}.00",
            "currency": "USD",
            "fund": "regular budget",
            "invoice": f"INV-{i:08d}",
            "note": "assessed contribution for the period",
        },
        source=Source(
            uri=f"https://example.org/reports/annual-{i % 1000:04d}.pdf",
            sha256=hashlib.sha256(str(i).encode()).hexdigest(),
            locator=f"Table 3, row {i}",
        ),
    )


class StubSigner(Signer):
    """A signer whose Ed25519 call is replaced by 64 zero bytes: everything else runs as usual."""

    def sign(self, message: bytes) -> bytes:
        return bytes(64)


class CountingSource:
    """A ``HashSource`` that counts lookups and returns a constant hash."""

    def __init__(self) -> None:
        self.count = 0

    def node(self, level: int, index: int) -> bytes:
        self.count += 1
        return bytes(32)


class BareLog:
    """The least a durable append can do in SQLite: one WAL + ``synchronous=FULL`` transaction
    inserting the leaf row, the node rows it completes and the new log state. The frontier stays
    in memory, so there are no reads, no ORM and no signature."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(
            "CREATE TABLE leaf(idx INTEGER PRIMARY KEY, entry BLOB NOT NULL,"
            " leaf_hash BLOB NOT NULL);"
            "CREATE TABLE node(level INTEGER, idx INTEGER, hash BLOB NOT NULL,"
            " PRIMARY KEY(level, idx)) WITHOUT ROWID;"
            "CREATE TABLE log_state(origin TEXT PRIMARY KEY, size INTEGER NOT NULL,"
            " root BLOB NOT NULL);"
        )
        self.db.execute("INSERT INTO log_state VALUES (?, 0, ?)", (ORIGIN, merkle.EMPTY_ROOT))
        self.tree = merkle.InMemoryTree()

    def append(self, event: Event) -> None:
        seq = self.tree.size
        entry = event.with_position(seq, STAMP).to_entry()
        hashed = merkle.leaf_hash(entry)
        self.tree.append_hash(hashed)
        completed = (seq ^ (seq + 1)).bit_length() - 1  # trailing 1-bits close subtrees
        nodes = [(lv, seq >> lv, self.tree.node(lv, seq >> lv)) for lv in range(1, completed + 1)]
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO leaf VALUES (?, ?, ?)", (seq, entry, hashed))
        if nodes:
            db.executemany("INSERT INTO node VALUES (?, ?, ?)", nodes)
        db.execute(
            "UPDATE log_state SET size = ?, root = ? WHERE origin = ?",
            (seq + 1, self.tree.root(), ORIGIN),
        )
        db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()


@dataclass(frozen=True)
class Limits:
    """Seconds per call of each physical operation, measured in this run."""

    leaf64: float
    leaf1k: float
    leaf_entry: float
    node: float
    sign: float
    encode_hash: float
    entry_bytes: float

    def floor(self, leaf: float) -> float:
        """Appends per second when each costs one leaf hash and one node hash."""
        return 1 / (leaf + self.node)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- limits ---------------------------------------------------------------------------------------


def _leaf_loop(data: Sequence[bytes]) -> Callable[[], int]:
    def run() -> int:
        h = hashlib.sha256
        for d in data:
            h(b"\x00" + d).digest()
        return len(data)

    return run


def _node_loop(pairs: Sequence[tuple[bytes, bytes]]) -> Callable[[], int]:
    def run() -> int:
        h = hashlib.sha256
        for left, right in pairs:
            h(b"\x01" + left + right).digest()
        return len(pairs)

    return run


def _cycle(pool: Sequence[bytes], count: int) -> list[bytes]:
    return [pool[i % len(pool)] for i in range(count)]


@dataclass(frozen=True)
class LimitLoops:
    """Timed loops of the physical operations; each returns how many operations it ran."""

    leaf64: Callable[[], int]
    leaf1k: Callable[[], int]
    leaf_entry: Callable[[], int]
    node: Callable[[], int]
    sign: Callable[[], int]
    encode_hash: Callable[[], int]


def limit_loops(s: Settings, entries: Sequence[bytes], dicts: Sequence[object]) -> LimitLoops:
    rng = random.Random(1)
    pool64 = [rng.randbytes(64) for _ in range(4096)]
    pool1k = [rng.randbytes(1024) for _ in range(4096)]
    hashes = [rng.randbytes(32) for _ in range(4097)]
    pairs = [(hashes[i % 4096], hashes[i % 4096 + 1]) for i in range(s.micro_ops)]
    key = Ed25519PrivateKey.generate()
    message = Checkpoint(ORIGIN, FULL_SIZE, bytes(32)).body().encode()
    signs = max(1000, s.micro_ops // 50)

    def sign_loop() -> int:
        for _ in range(signs):
            key.sign(message)
        return signs

    def encode_loop() -> int:
        dumps, h = json.dumps, hashlib.sha256
        for d in dicts:
            h(b"\x00" + dumps(d, **_DUMPS).encode()).digest()
        return len(dicts)

    return LimitLoops(
        _leaf_loop(_cycle(pool64, s.micro_ops)),
        _leaf_loop(_cycle(pool1k, s.micro_ops)),
        _leaf_loop(_cycle(entries, s.micro_ops)),
        _node_loop(pairs),
        sign_loop,
        encode_loop,
    )


def measure_limits(loops: LimitLoops, repeats: int, entries: Sequence[bytes]) -> Limits:
    leaf64, leaf1k, leaf_entry, node, sign, encode_hash = paired(
        [loops.leaf64, loops.leaf1k, loops.leaf_entry, loops.node, loops.sign, loops.encode_hash],
        repeats,
    )
    mean_entry = statistics.fmean(len(e) for e in entries)
    return Limits(leaf64, leaf1k, leaf_entry, node, sign, encode_hash, mean_entry)


# --- in-memory rows -------------------------------------------------------------------------------


def tree_append(data: Sequence[bytes], built: list[merkle.InMemoryTree]) -> Callable[[], int]:
    """A run appending ``data`` to a fresh ``InMemoryTree``; the tree is left in ``built``."""

    def run() -> int:
        built.clear()
        tree = merkle.InMemoryTree()
        append = tree.append
        for d in data:
            append(d)
        built.append(tree)
        return len(data)

    return run


def event_append(pool: Sequence[Event], count: int) -> Callable[[], int]:
    """A run placing, canonically encoding and appending ``count`` events to an in-memory tree."""

    def run() -> int:
        tree = merkle.InMemoryTree()
        append, k = tree.append, len(pool)
        for i in range(count):
            append(pool[i % k].with_position(i, STAMP).to_entry())
        return count

    return run


def inclusion_verify(tree: merkle.InMemoryTree, probes: int) -> tuple[Callable[[], int], float]:
    """A run verifying random inclusion proofs at the tree's size, and the mean proof length."""
    rng = random.Random(9)
    n = tree.size
    root = tree.root()
    cases = [(tree.node(0, i), i, tree.inclusion_proof(i)) for i in rng.sample(range(n), probes)]

    def run() -> int:
        verify = merkle.verify_inclusion
        for leaf, index, proof in cases:
            verify(leaf, index, n, proof, root)
        return len(cases)

    return run, statistics.fmean(len(p) for _, _, p in cases)


def counted_lookups(n: int, probes: int) -> tuple[float, float]:
    """Mean perfect-subtree lookups of an inclusion and of a consistency proof at size ``n``."""
    rng = random.Random(7)
    inclusion, consistency = CountingSource(), CountingSource()
    for _ in range(probes):
        merkle.inclusion_proof(inclusion, rng.randrange(n), n)
        old = rng.randrange(1, n)
        merkle.consistency_proof(consistency, old, rng.randrange(old, n + 1))
    return inclusion.count / probes, consistency.count / probes


# --- proof worker (runs in a new process: T7, T8, t_lookup) ---------------------------------------


def proof_worker(config: dict[str, Any]) -> dict[str, Any]:
    """Open the log cold, time the first proof, then steady-state proofs and raw lookups."""
    db, n, probes = str(config["db"]), int(config["size"]), int(config["probes"])
    rng = random.Random(int(config["seed"]))
    start = time.perf_counter()
    engine = open_engine(f"sqlite:///{db}")
    ledger = Ledger(engine, str(config["origin"]))
    opened = time.perf_counter() - start
    first_seq = rng.randrange(n)
    start = time.perf_counter()
    size, first_proof = ledger.inclusion_proof(first_seq, n)
    first = time.perf_counter() - start
    root = ledger.root(n)
    merkle.verify_inclusion(
        merkle.leaf_hash(ledger.entry(first_seq)), first_seq, size, first_proof, root
    )
    seqs = [rng.randrange(n) for _ in range(probes)]
    inclusion = [0.0] * probes
    for i, seq in enumerate(seqs):
        t0 = time.perf_counter()
        ledger.inclusion_proof(seq, n)
        inclusion[i] = time.perf_counter() - t0
    pairs = []
    for _ in range(probes):
        old = rng.randrange(1, n)
        pairs.append((old, rng.randrange(old, n + 1)))
    consistency = [0.0] * probes
    for i, (old, new) in enumerate(pairs):
        t0 = time.perf_counter()
        ledger.consistency_proof(old, new)
        consistency[i] = time.perf_counter() - t0
    for old, new in pairs[:5]:  # the timed proofs are real: a few are checked
        proof = ledger.consistency_proof(old, new)
        merkle.verify_consistency(old, new, ledger.root(old), ledger.root(new), proof)
    engine.dispose()
    return {
        "open": opened,
        "first": first,
        "inclusion": inclusion,
        "consistency": consistency,
        "lookup": node_lookup(Path(db), n, int(config["lookups"]), rng),
    }


def node_lookup(db: Path, n: int, count: int, rng: random.Random) -> float:
    """Median seconds per ``SELECT hash FROM node WHERE level=? AND idx=?`` on random rows."""
    levels = [(level, n >> level) for level in range(1, n.bit_length()) if n >> level]
    weights = [rows for _, rows in levels]
    keys = []
    for level, rows in rng.choices(levels, weights=weights, k=count):
        keys.append((level, rng.randrange(rows)))
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        query = "SELECT hash FROM node WHERE level = ? AND idx = ?"

        def run() -> int:
            execute = connection.execute
            for key in keys:
                if execute(query, key).fetchone() is None:
                    raise RuntimeError(f"node {key} is missing")
            return len(keys)

        return seconds_per_op(run, 5)
    finally:
        connection.close()


def run_workers(s: Settings, db: Path) -> list[dict[str, Any]]:
    results = []
    for worker in range(s.workers):
        config = {
            "db": str(db), "origin": ORIGIN, "size": s.size, "probes": s.probes,
            "lookups": s.lookups, "seed": 100 + worker,
        }  # fmt: skip
        done = subprocess.run(
            [sys.executable, __file__, "--proof-worker", json.dumps(config)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"proof worker {worker} failed:\n{done.stderr}")
        results.append(json.loads(done.stdout))
    return results


# --- the run ------------------------------------------------------------------------------------


def sqlite_bytes(db: Path) -> int:
    """Bytes of the database once the WAL is folded into the main file."""
    connection = sqlite3.connect(db)
    try:
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise RuntimeError("WAL checkpoint was blocked by another connection")
    finally:
        connection.close()
    wal = db.with_name(db.name + "-wal")
    return db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def run(s: Settings, workdir: Path) -> tuple[list[Row], list[tuple[str, str]], list[str]]:
    """Measure every limit and row; the notes end with a warning when the machine was shared."""
    rows: list[Row] = []
    notes: list[str] = []
    n = s.size
    pool = [bench_event(i) for i in range(s.batch)]
    placed = [e.with_position(i, STAMP) for i, e in enumerate(pool)]
    entries = [e.to_entry() for e in placed]
    dicts = [e.to_json() for e in placed]

    log("limits: hash floors, Ed25519, canonical encoding")
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    loops = limit_loops(s, entries, dicts)
    lim = measure_limits(loops, s.repeats, entries)
    floor64, floor1k = lim.floor(lim.leaf64), lim.floor(lim.leaf1k)
    floor_entry = lim.floor(lim.leaf_entry)

    # In-memory rows time their limit in alternation with the operation (see paired()).
    log(f"T1/T2: in-memory tree appends, n = {n:,}")
    rng = random.Random(2)
    built: list[merkle.InMemoryTree] = []
    data = _cycle([rng.randbytes(64) for _ in range(4096)], n)
    leaf, node, op = paired([loops.leaf64, loops.node, tree_append(data, built)], s.tree_repeats)
    got, floor = 1 / op, 1 / (leaf + node)
    rows.append(Row("T1", f"in-memory append, 64-B entries, n={n:,}", rate(got),
                    f"hash floor {rate(floor)}", got / floor, at_least(0.5)))  # fmt: skip

    log("T9: inclusion verification")
    verify_run, proof_len = inclusion_verify(built[0], s.probes)
    built.clear()
    node, verify_time = paired([loops.node, verify_run], s.repeats)
    limit9 = proof_len * node
    rows.append(Row("T9", f"inclusion verification, n={n:,}", duration(verify_time),
                    f"{proof_len:.1f} node hashes {duration(limit9)}", verify_time / limit9,
                    at_most(2)))  # fmt: skip

    data = _cycle([rng.randbytes(1024) for _ in range(4096)], n)
    leaf, node, op = paired([loops.leaf1k, loops.node, tree_append(data, built)], s.tree_repeats)
    del data
    built.clear()
    got, floor = 1 / op, 1 / (leaf + node)
    rows.append(Row("T2", f"in-memory append, 1 KiB entries, n={n:,}", rate(got),
                    f"hash floor {rate(floor)}", got / floor, at_least(0.4)))  # fmt: skip

    log("T3: event append in memory")
    count3 = min(n, 100_000)
    encode, op = paired([loops.encode_hash, event_append(pool, count3)], s.tree_repeats)
    got, limit3 = 1 / op, 1 / encode
    rows.append(Row("T3", f"event append in memory, {lim.entry_bytes:.0f}-B events, {count3:,}",
                    rate(got), f"encode+leaf hash {rate(limit3)}", got / limit3,
                    at_least(0.5)))  # fmt: skip

    log("T11: checkpoint production")
    key = Ed25519PrivateKey.generate()
    signer = Signer(ORIGIN, key)
    root = merkle.InMemoryTree(entries[:8]).root()
    checkpoint_ops = max(1000, s.micro_ops // 50)

    def produce() -> int:
        for i in range(checkpoint_ops):
            signed_checkpoint(Checkpoint(ORIGIN, FULL_SIZE + i, root), signer)
        return checkpoint_ops

    sign, op = paired([loops.sign, produce], s.repeats)
    verify_checkpoint(signed_checkpoint(Checkpoint(ORIGIN, n, root), signer), signer.verifier(),
                      ORIGIN)  # fmt: skip
    rows.append(Row("T11", "checkpoint production (C2SP note + Ed25519)", rate(1 / op),
                    f"Ed25519 sign {rate(1 / sign)}", sign / op, at_least(0.8)))  # fmt: skip

    cpu_share = (time.process_time() - cpu_start) / (time.perf_counter() - wall_start)
    notes.append(
        f"CPU share of this process during the CPU-bound rows (limits, T1–T3, T9, T11): "
        f"{cpu_share:.0%}."
    )
    shares = [cpu_share]

    log(f"T6: building a {n:,}-entry SQLite log in batches of {s.batch:,}")
    db = workdir / "ledger.db"
    url = f"sqlite:///{db}"
    engine = open_engine(url)
    migrate(engine)
    ledger = Ledger(engine, ORIGIN, signer)
    ledger.create()
    entry_floor = _entry_floor(loops)  # timed around the long rows too: see _entry_floor()
    spent, done, calls = 0.0, 0, 0
    while done < n:
        chunk = pool[: min(s.batch, n - done)]
        start = time.perf_counter()
        ledger.append(chunk)
        spent += time.perf_counter() - start
        done += len(chunk)
        calls += 1
        if calls % max(1, (n // s.batch) // 10) == 0:
            log(f"  {done:,} entries, {rate(done / spent)}")
    engine.dispose()
    got, floor_t6 = n / spent, statistics.fmean([entry_floor, _entry_floor(loops)])
    rows.append(Row("T6", f"batched durable ingest, {s.batch:,}/txn ({calls} txns)", rate(got),
                    f"hash floor @{lim.entry_bytes:.0f} B {rate(floor_t6)}",
                    got / floor_t6, at_least(0.1)))  # fmt: skip
    notes.append(
        f"T6 against the 64-B hash floor of reference §5 ({rate(floor64)}): "
        f"{got / floor64:.3g}×; "
        f"the log of {n:,} entries took {spent:.1f} s to build."
    )

    log("T12: storage per event")
    stored = sqlite_bytes(db)
    per_event = stored / n
    limit12 = lim.entry_bytes + 64
    rows.append(Row("T12", "storage per event (SQLite file / n)", f"{per_event:.1f} B",
                    f"entry+64 B = {limit12:.1f} B", per_event / limit12,
                    at_most(1.5)))  # fmt: skip

    log(f"T7/T8: proofs from SQLite in {s.workers} new processes")
    workers = run_workers(s, db)
    lookup = statistics.median(w["lookup"] for w in workers)
    incl_lookups, cons_lookups = counted_lookups(n, 2000)
    inclusion = [t for w in workers for t in w["inclusion"]]
    consistency = [t for w in workers for t in w["consistency"]]
    for name, samples, lookups in (
        ("inclusion", inclusion, incl_lookups), ("consistency", consistency, cons_lookups)
    ):  # fmt: skip
        limit7 = lookups * lookup
        for q, bound in ((50, 1.5), (99, 4.0)):
            got_q = percentile(samples, q)
            rows.append(Row("T7", f"{name} proof from SQLite p{q}, new process",
                            duration(got_q), f"{lookups:.1f} lookups {duration(limit7)}",
                            got_q / limit7, at_most(bound)))  # fmt: skip
    first = statistics.median(w["first"] for w in workers)
    steady = statistics.median(inclusion)
    rows.append(Row("T8", "first proof after restart vs steady state", duration(first),
                    f"steady p50 {duration(steady)}", first / steady, at_most(10)))  # fmt: skip
    notes.append(
        f"Opening the log in a new process (open_engine + Ledger) took "
        f"{duration(statistics.median(w['open'] for w in workers))} (median of {s.workers})."
    )

    log(f"T10: full audit of {n:,} entries")
    engine = open_engine(url)
    ledger = Ledger(engine, ORIGIN, signer)
    entry_floor = _entry_floor(loops)
    cpu_start, start = time.process_time(), time.perf_counter()
    report = audit(ledger, signer.verifier())
    spent = time.perf_counter() - start
    cpu_share = (time.process_time() - cpu_start) / spent
    shares.append(cpu_share)
    engine.dispose()
    if report.size != n or report.checkpoints != calls:
        raise RuntimeError(f"audit saw size {report.size}, {report.checkpoints} checkpoints")
    got, limit10 = n / spent, statistics.fmean([entry_floor, _entry_floor(loops)])
    notes.append(f"T10: the audit took {spent:.2f} s with a CPU share of {cpu_share:.0%}.")
    rows.append(Row("T10", f"full audit, n={n:,} ({spent:.2f} s)", rate(got),
                    f"hash floor @{lim.entry_bytes:.0f} B {rate(limit10)}", got / limit10,
                    at_least(0.3)))  # fmt: skip

    log(f"T4/T5: one transaction per event, {s.rounds} interleaved rounds")
    stub_db = workdir / "ledger-stub.db"
    shutil.copyfile(db, stub_db)  # sqlite_bytes folded the WAL in; no connection is open
    stub_engine, real_engine = open_engine(f"sqlite:///{stub_db}"), open_engine(url)
    stub = Ledger(stub_engine, ORIGIN, StubSigner(ORIGIN, Ed25519PrivateKey.generate()))
    real = Ledger(real_engine, ORIGIN, signer)
    bare = BareLog(workdir / "bare.db")
    fsyncs: list[float] = []
    t4: list[float] = []
    t5: list[float] = []
    t4_bare: list[float] = []
    k = s.per_round
    for r in range(s.rounds):
        fsyncs.append(fsync_rate(workdir, 4 * k))
        events = pool[r * k : (r + 1) * k]
        t4.append(k / sum(time_each(_appender(stub, events), k)))
        t5.append(k / sum(time_each(_appender(real, events), k)))
        t4_bare.append(k / sum(time_each(_bare_appender(bare, events), k)))
    bare.close()
    stub_engine.dispose()
    final = real.latest_checkpoint()
    if final is None or final.size != n + s.rounds * k:
        raise RuntimeError("the signed one-event appends did not reach the expected size")
    verify_checkpoint(final.note, signer.verifier(), ORIGIN)
    real_engine.dispose()
    limit4 = statistics.median(fsyncs)
    for ident, label, samples, bound in (
        ("T4", "durable append, 1 txn/event, Ed25519 stubbed", t4, 0.5),
        ("T5", "durable append, 1 txn/event, signed checkpoint", t5, 0.4),
    ):
        got = statistics.median(samples)
        rows.append(Row(ident, f"{label} (n≈{n:,})", rate(got), f"fsync {rate(limit4)}",
                        got / limit4, at_least(bound)))  # fmt: skip
    got = statistics.median(t4_bare)
    rows.append(Row("T4·bare", "raw sqlite3 leaf+node+state txn per event (reference path)",
                    rate(got), f"fsync {rate(limit4)}", got / limit4, None))  # fmt: skip
    notes.append(
        "T4 runs Ledger.append on a copy of the log with Signer.sign stubbed to return 64 zero "
        "bytes (the Ledger always signs); only the Ed25519 call is removed. T5 is the same path "
        "with the real key. T4·bare is a raw sqlite3 transaction (leaf row, node rows, "
        "log_state), no reads, no SQLAlchemy, no signature: what the durable step costs by itself."
    )
    notes.append(
        "fsync rates per round: "
        + ", ".join(rate(f) for f in fsyncs)
        + f"; T5 per round: {', '.join(rate(x) for x in t5)}"
    )
    if min(shares) < 0.9:
        notes.append(
            "Other processes took CPU time (CPU share below 90%): absolute figures, and ratios "
            "of rows timed apart, are noisier than usual; run again on a quiet machine."
        )
    if max(fsyncs) > 3 * min(fsyncs) or limit4 < 1000:
        notes.append(
            "The fsync rate swung or collapsed between rounds: another process was using the "
            "disk, and T4/T5 ratios from this run are unreliable (a slow disk hides CPU cost)."
        )

    rows.sort(key=_order)
    limits = [
        ("sha256 leaf, 64 B", duration(lim.leaf64)),
        ("sha256 leaf, 1 KiB", duration(lim.leaf1k)),
        (f"sha256 leaf, {lim.entry_bytes:.0f}-B event entry", duration(lim.leaf_entry)),
        ("sha256 node (0x01 || l || r)", duration(lim.node)),
        ("hash floor 64 B / 1 KiB / entry", f"{rate(floor64)} / {rate(floor1k)} / "
                                            f"{rate(floor_entry)}"),
        ("64-B append + fsync (median of rounds)", rate(limit4)),
        ("Ed25519 sign, 83-B message", f"{duration(lim.sign)} ({rate(1 / lim.sign)})"),
        (f"SQLite node point lookup, n={n:,}", f"{duration(lookup)} ({rate(1 / lookup)})"),
        ("json.dumps canonical + leaf hash", f"{duration(lim.encode_hash)} "
                                             f"({rate(1 / lim.encode_hash)})"),
    ]  # fmt: skip
    return rows, limits, notes


def _entry_floor(loops: LimitLoops) -> float:
    """The hash floor at the entry size, timed again next to a long row (T6, T10).

    Those rows run once, for seconds, so their limit is the mean of one measurement just before
    and one just after them, not the figure from the start of the run.
    """
    leaf, node = paired([loops.leaf_entry, loops.node], 3)
    return 1 / (leaf + node)


def _appender(ledger: Ledger, events: Sequence[Event]) -> Callable[[], None]:
    queue = list(events)

    def append() -> None:
        ledger.append([queue.pop()])

    return append


def _bare_appender(bare: BareLog, events: Sequence[Event]) -> Callable[[], None]:
    queue = list(events)

    def append() -> None:
        bare.append(queue.pop())

    return append


def _order(row: Row) -> tuple[int, str]:
    digits = "".join(c for c in row.id[1:] if c.isdigit())
    return int(digits), row.id


def _load(load: tuple[float, float, float] | None) -> str:
    return "unknown" if load is None else " ".join(f"{x:.2f}" for x in load)


def describe(s: Settings, workdir: Path) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"ioreview ledger benchmark: n = {s.size:,}, batch = {s.batch:,}"
        f"{' (quick)' if s.quick else ''}\n"
        f"{cpu}, {os.cpu_count()} CPUs; CPython {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, SQLAlchemy {version('sqlalchemy')}, cryptography "
        f"{version('cryptography')}; work directory {workdir}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", type=int, help=f"log size n (default {FULL_SIZE:,})")
    parser.add_argument("--quick", action="store_true", help=f"n = {QUICK_SIZE:,}, fewer repeats")
    parser.add_argument("--batch", type=int, help="events per append transaction for T6")
    parser.add_argument("--dir", type=Path, help="work directory (default: a new temp directory)")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    parser.add_argument("--proof-worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.proof_worker:
        print(json.dumps(proof_worker(json.loads(args.proof_worker))))
        return 0
    s = Settings.build(args.size, args.quick, args.batch)
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="ioreview-bench-", dir=args.dir))
    started = time.perf_counter()
    load_before = load_average()
    print(describe(s, workdir), flush=True)
    print(f"load average before: {_load(load_before)}", flush=True)
    try:
        rows, limits, notes = run(s, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.perf_counter() - started
    load_after = load_average()
    notes.append(f"Load average before / after: {_load(load_before)} / {_load(load_after)}.")
    print("\nLimits measured in this run")
    print(table(("limit", "value"), limits))
    print("\nTargets (reference/ledger.md §5)")
    print(result_table(rows))
    print()
    for note in notes:
        print(f"- {note}")
    misses = [row.id for row in rows if row.verdict == "MISS"]
    passes = sum(row.verdict == "PASS" for row in rows)
    print(f"- {passes} PASS, {len(misses)} MISS ({', '.join(misses) or 'none'}); "
          f"total run time {elapsed:.1f} s.")  # fmt: skip
    if args.json is not None:
        args.json.write_text(
            json.dumps({"size": s.size, "batch": s.batch, "seconds": elapsed,
                        "load_before": load_before, "load_after": load_after,
                        "rows": [row.as_dict() for row in rows], "limits": dict(limits),
                        "notes": notes}, indent=2, ensure_ascii=False) + "\n"
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
