"""Timing helpers for the benchmarks: repeated runs, percentiles, units, result rows and tables.

Every figure is a median over repetitions of a timed loop, so one slow repetition (a page-cache
miss, another process on the machine) does not move it. Ratios compare two figures taken in the
same run, because absolute numbers move with the machine (reference/ledger.md §5).
"""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


def seconds_per_op(run: Callable[[], int], repeats: int) -> float:
    """Median seconds per operation; ``run`` performs some operations and returns how many."""
    samples: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        count = run()
        elapsed = time.perf_counter() - start
        if count <= 0:
            raise ValueError("a timed run must perform at least one operation")
        samples.append(elapsed / count)
    return statistics.median(samples)


def paired(runs: Sequence[Callable[[], int]], repeats: int) -> list[float]:
    """Median seconds per operation of each run, the runs timed in turn ``repeats`` times.

    Timing a limit and an operation in alternation exposes both to the same load on the machine,
    so their ratio stays stable while absolute figures drift.
    """
    samples: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for run, timed in zip(runs, samples, strict=True):
            start = time.perf_counter()
            count = run()
            elapsed = time.perf_counter() - start
            if count <= 0:
                raise ValueError("a timed run must perform at least one operation")
            timed.append(elapsed / count)
    return [statistics.median(timed) for timed in samples]


def time_each(run: Callable[[], object], count: int) -> list[float]:
    """Seconds taken by each of ``count`` calls of ``run``."""
    samples: list[float] = []
    for _ in range(count):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


def percentile(samples: Sequence[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0 < q <= 100) of ``samples``."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def fsync_rate(directory: Path, count: int) -> float:
    """64-byte appends, each followed by ``os.fsync``, per second, to a file in ``directory``."""
    path = directory / "fsync.probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        block = b"\x5a" * 64
        start = time.perf_counter()
        for _ in range(count):
            os.write(fd, block)
            os.fsync(fd)
        elapsed = time.perf_counter() - start
    finally:
        os.close(fd)
        path.unlink()
    return count / elapsed


def load_average() -> tuple[float, float, float] | None:
    """The 1-, 5- and 15-minute load averages, or None where the platform has none."""
    try:
        return os.getloadavg()
    except (AttributeError, OSError):
        return None


def busy(load: tuple[float, float, float] | None) -> bool:
    """Whether other work was competing for the CPUs (1-minute load above half the CPUs)."""
    return load is not None and load[0] > 0.5 * (os.cpu_count() or 1)


def rate(per_second: float) -> str:
    """A rate with an SI prefix: ``1.33 M/s``, ``43.5 k/s``, ``5,203/s``."""
    if per_second >= 1e6:
        return f"{per_second / 1e6:.2f} M/s"
    if per_second >= 1e4:
        return f"{per_second / 1e3:.1f} k/s"
    return f"{per_second:,.0f}/s"


def duration(seconds: float) -> str:
    """A duration in the unit that keeps three significant digits: ``4.81 µs``, ``1.49 s``."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.2f} µs"


@dataclass(frozen=True)
class Target:
    """A bound on a ratio: ``at_least`` for throughputs, otherwise an upper bound for costs."""

    bound: float
    at_least: bool

    def met(self, ratio: float) -> bool:
        return ratio >= self.bound if self.at_least else ratio <= self.bound

    def __str__(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.bound:g}×"


def at_least(bound: float) -> Target:
    return Target(bound, True)


def at_most(bound: float) -> Target:
    return Target(bound, False)


@dataclass(frozen=True)
class Row:
    """One line of the result table; ``target`` None marks an informational row."""

    id: str
    operation: str
    measured: str
    limit: str
    ratio: float | None
    target: Target | None

    @property
    def verdict(self) -> str:
        if self.target is None or self.ratio is None:
            return "info"
        return "PASS" if self.target.met(self.ratio) else "MISS"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "operation": self.operation,
            "measured": self.measured,
            "limit": self.limit,
            "ratio": self.ratio,
            "target": None if self.target is None else str(self.target),
            "verdict": self.verdict,
        }


def table(headers: Sequence[str], lines: Sequence[Sequence[str]]) -> str:
    """Left-aligned plain-text columns, two spaces apart, with a rule under the header."""
    widths = [len(h) for h in headers]
    for line in lines:
        widths = [max(w, len(cell)) for w, cell in zip(widths, line, strict=True)]

    def render(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([render(headers), rule, *(render(line) for line in lines)])


def result_table(rows: Sequence[Row]) -> str:
    headers = ("id", "operation", "measured", "limit", "ratio", "target", "result")
    lines = [
        (
            row.id,
            row.operation,
            row.measured,
            row.limit,
            "—" if row.ratio is None else f"{row.ratio:.3g}×",
            "—" if row.target is None else str(row.target),
            row.verdict,
        )
        for row in rows
    ]
    return table(headers, lines)
