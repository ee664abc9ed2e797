"""Importer throughput: the full COW IGO v3 import against the ledger's raw batched appends.

Both figures come from the same run on the same machine and file system, each on a fresh
SQLite project (``init`` with registry and seed history, no bundled import):

- ``import``: ``run_import(project, "cow")``: reading and checking both COW files, building
  the membership events, the dataset tables, reconciliation, and the ledger append (one
  transaction, with the status projection);
- ``raw``: the same number of small synthetic ``contribution`` events appended through
  ``Ledger.append`` in batches of 10,000 (one transaction each), the projection included;
- ``raw joined/left`` (informational): the same with small status events, for which the
  projection computes timelines as it does for the COW events.

The script prints seconds and events/s for both, the ratio import/raw (target ≥ 0.3), the
import's total seconds (target ≤ 30 s), the same ratio on CPU time (the machine may be shared)
and where the import's time goes. Each figure is the median of ``--repeats`` interleaved runs. A MISS is a finding,
not an error: the script exits 0 whenever it completes.

Usage::

    .venv/bin/python benchmarks/ingest.py
    .venv/bin/python benchmarks/ingest.py --repeats 5 --json ingest.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from _timing import Row, at_least, at_most, duration, rate, result_table

import ioreview.ingest.runner as runner
from ioreview.ingest.runner import run_import
from ioreview.ledger import projection
from ioreview.ledger.events import Event, Source
from ioreview.project import Project, init_project, open_project
from ioreview.settings import load_settings

BATCH = 10_000
IMPORTER = "cow"


def fresh_project(folder: Path) -> Project:
    """A new SQLite project: registry and seed history, no bundled import."""
    folder.mkdir(parents=True)
    settings = load_settings(
        {"IOREVIEW_DATA_DIR": str(folder / "data")}, db_url=f"sqlite:///{folder / 'bench.db'}"
    )
    init_project(settings, importers=[])
    return open_project(settings)


def small_event(i: int) -> Event:
    """A small event that the status projection only indexes."""
    return Event(
        kind="contribution",
        actor="USA",
        body=f"body-{i % 300:03d}",
        valid_from=date(2000 + i % 25, 1, 1),
        payload={"amount": f"{1000 + i}.00", "currency": "USD", "n": i},
        source=Source(uri=f"https://example.org/r/{i % 1000}", locator=f"row {i}"),
    )


def small_status_event(i: int) -> Event:
    """A small ``joined`` / ``left`` event: the projection computes a status timeline for it."""
    return Event(
        kind="joined" if i % 2 == 0 else "left",
        actor=f"A{i % 200}",
        body=f"body-{i // 400:04d}",
        valid_from=date(1900 + i % 100, 1, 1),
        payload={"n": i},
        source=Source(uri=f"https://example.org/r/{i % 1000}", locator=f"row {i}"),
    )


class Phases:
    """Seconds spent in the importer's own code, reconciliation and the projection hook."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

        return timed


def time_import(folder: Path) -> tuple[float, float, int, dict[str, float]]:
    """(wall seconds, CPU seconds, events appended, seconds per phase) of one full import."""
    project = fresh_project(folder)
    phases = Phases()
    loader, reconcile = runner.load_function, runner._reconcile
    runner.load_function = lambda name: phases.wrap("importer load()", loader(name))
    runner._reconcile = phases.wrap("reconciliation", reconcile)
    project.ledger.on_append = (phases.wrap("status projection", projection.apply),)
    append = project.ledger.append_in
    project.ledger.append_in = phases.wrap("ledger append (incl. projection)", append)  # type: ignore[method-assign]
    try:
        start, cpu = time.perf_counter(), time.process_time()
        report = run_import(project, IMPORTER)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        inner = ("importer load()", "reconciliation", "ledger append (incl. projection)")
        phases.seconds["rest (file digests, commit and fsync)"] = elapsed - sum(
            phases.seconds.get(name, 0.0) for name in inner
        )
    finally:
        runner.load_function, runner._reconcile = loader, reconcile
        project.close()
    return elapsed, cpu, report.appended + 1, phases.seconds  # + the dataset_loaded event


def time_raw(
    folder: Path, count: int, make: Callable[[int], Event] = small_event
) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of appending ``count`` events in batches of ``BATCH``."""
    project = fresh_project(folder)
    events = [make(i) for i in range(count)]
    try:
        start, cpu = time.perf_counter(), time.process_time()
        for offset in range(0, count, BATCH):
            project.ledger.append(events[offset : offset + BATCH])
        return time.perf_counter() - start, time.process_time() - cpu
    finally:
        project.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each (median kept)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    imports: list[tuple[float, float]] = []
    raws: list[tuple[float, float]] = []
    status_raws: list[tuple[float, float]] = []
    phases: dict[str, float] = {}
    events = 0
    with tempfile.TemporaryDirectory(prefix="ioreview-bench-ingest-") as scratch:
        # Interleaved, so that a busy spell of the machine hits all three alike.
        for repeat in range(args.repeats):
            wall, cpu, events, phases = time_import(Path(scratch) / f"import-{repeat}")
            imports.append((wall, cpu))
            raws.append(time_raw(Path(scratch) / f"raw-{repeat}", events))
            status_raws.append(
                time_raw(Path(scratch) / f"status-{repeat}", events, small_status_event)
            )

    def median(samples: list[tuple[float, float]], which: int) -> float:
        return statistics.median(sample[which] for sample in samples)

    import_s, raw_s, status_s = median(imports, 0), median(raws, 0), median(status_raws, 0)
    import_rate, raw_rate, status_rate = events / import_s, events / raw_s, events / status_s
    cpu_ratio = median(raws, 1) / median(imports, 1)
    rows = [
        Row("I1", f"full COW import, {events:,} events", f"{rate(import_rate)}",
            f"raw append {rate(raw_rate)}", import_rate / raw_rate, at_least(0.3)),
        Row("I2", "full COW import, total time", duration(import_s), "30 s budget",
            import_s / 30.0, at_most(1.0)),
        Row("I3", "I1 on CPU time (less sensitive to other load)",
            duration(median(imports, 1)), f"raw {duration(median(raws, 1))}", cpu_ratio, None),
        Row("I4", "full COW import vs raw status appends", f"{rate(import_rate)}",
            f"raw joined/left {rate(status_rate)}", import_rate / status_rate, None),
    ]  # fmt: skip
    print(f"python {sys.version.split()[0]}; {args.repeats} run(s) of each; batch {BATCH:,}")
    print(f"import: {duration(import_s)} for {events:,} events ({rate(import_rate)})")
    print(f"raw:    {duration(raw_s)} for {events:,} events ({rate(raw_rate)})")
    print(f"raw joined/left: {duration(status_s)} ({rate(status_rate)})")
    print("import phases (last run, wall time):")
    for name, seconds in phases.items():
        print(f"  {name:38s} {duration(seconds):>10s}")
    print(result_table(rows))
    if args.json is not None:
        document = {
            "events": events, "import_seconds": imports, "raw_seconds": raws,
            "raw_status_seconds": status_raws, "phases": phases,
            "rows": [row.as_dict() for row in rows],
        }  # fmt: skip
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
