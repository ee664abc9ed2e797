"""Bounded loopback load on the web app: latency percentiles and errors at a fixed rate.

The script starts ``ioreview serve`` on a free 127.0.0.1 port (SQLite), sends a fixed number of
requests at a fixed rate to each target (open loop: request ``i`` is due at ``i / rate``
seconds, whether or not earlier ones have answered), then stops the server. Latency runs from
the moment a request was due to the moment its body arrived, so a server that falls behind
shows its queueing delay instead of slowing the sender down (no coordinated omission).

Targets: ``GET /api/v1/bodies`` (first page of 50) and the body page ``GET /bodies/unesco``.
Goal: p99 <= 50 ms and no errors at 200 requests per second. Client and server share the
machine, so the figures include the client's own CPU use. Before each load, 200 requests sent
one at a time give the service time (p50) and the rate one server could sustain at that mean
("capacity"): a rate above capacity queues, whatever the code does.

Usage::

    .venv/bin/python benchmarks/web.py                    # new project: `ioreview init` data
    .venv/bin/python benchmarks/web.py --db sqlite:///ioreview.db --data-dir .ioreview
    .venv/bin/python benchmarks/web.py --rate 100 --requests 500
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
from _timing import busy, load_average, percentile, table

from ioreview.project import init_project, open_project
from ioreview.settings import Settings
from ioreview.web.process import start_server, stop_server

TARGETS = (("GET /api/v1/bodies", "api/v1/bodies"), ("GET /bodies/unesco (page)", "bodies/unesco"))
P99_GOAL = 0.050
WARMUP = 50
#: Requests sent one at a time before each load, to measure the service time alone.
SEQUENTIAL = 200


@dataclass
class Outcome:
    name: str
    latencies: list[float]
    errors: Counter[str]
    elapsed: float
    late_sends: float  # largest delay between a request's due time and its send, seconds
    service: list[float]  # one request at a time: the server's own time per request


async def sequential(base: str, path: str, count: int) -> list[float]:
    """Seconds per request when requests go one at a time (no queueing): the service time."""
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        for _ in range(WARMUP):
            (await client.get(path)).raise_for_status()
        samples = []
        for _ in range(count):
            began = time.perf_counter()
            (await client.get(path)).raise_for_status()
            samples.append(time.perf_counter() - began)
        return samples


async def load(
    base: str, path: str, rate: float, count: int
) -> tuple[list[float], int, float, float]:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
        for _ in range(WARMUP):
            (await client.get(path)).raise_for_status()
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        lag = 0.0
        start = time.perf_counter() + 0.05

        async def one(index: int) -> None:
            nonlocal lag
            due = start + index / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            lag = max(lag, time.perf_counter() - due)
            try:
                response = await client.get(path)
                await response.aread()
                if response.status_code != 200:
                    errors[f"HTTP {response.status_code}"] += 1
            except httpx.HTTPError as error:
                errors[type(error).__name__] += 1
            latencies.append(time.perf_counter() - due)

        await asyncio.gather(*(one(i) for i in range(count)))
        return latencies, errors, time.perf_counter() - start, lag


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def report(outcomes: list[Outcome], rate: float) -> str:
    lines = []
    for o in outcomes:
        p99 = percentile(o.latencies, 99)
        failed = sum(o.errors.values())
        verdict = "ok" if p99 <= P99_GOAL and failed == 0 else "MISS"
        service = statistics.mean(o.service)
        lines.append(
            [
                o.name,
                str(len(o.latencies)),
                f"{len(o.latencies) / o.elapsed:.0f}/s",
                ms(percentile(o.latencies, 50)),
                ms(percentile(o.latencies, 90)),
                ms(p99),
                ms(max(o.latencies)),
                str(failed),
                ms(o.late_sends),
                f"{ms(percentile(o.service, 50))} ({1 / service:.0f}/s)",
                verdict,
            ]
        )
    headers = ["target", "requests", "achieved", "p50", "p90", "p99", "max", "errors",
               "send lag", "service p50 (capacity)", f"p99<=50ms, 0 errors @{rate:.0f}/s"]  # fmt: skip
    notes = [f"{o.name}: errors {dict(o.errors)}" for o in outcomes if o.errors]
    return "\n".join([table(headers, lines), *notes])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="An initialised project's URL (default: a new one).")
    parser.add_argument("--data-dir", help="That project's data directory (with --db).")
    parser.add_argument("--rate", type=float, default=200.0, help="Requests per second.")
    parser.add_argument("--requests", type=int, default=2000, help="Requests per target.")
    parser.add_argument("--workers", type=int, default=1, help="Server processes.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ioreview-web-bench-") as temporary:
        folder = Path(temporary)
        if args.db:
            settings = Settings(db_url=args.db, data_dir=Path(args.data_dir or ".ioreview"))
        else:
            settings = Settings(db_url=f"sqlite:///{folder / 'bench.db'}", data_dir=folder / "data")
            began = time.perf_counter()
            print("initialising a project with the bundled data (ioreview init) ...", flush=True)
            init_project(settings)
            print(f"  done in {time.perf_counter() - began:.1f} s", flush=True)
        project = open_project(settings)
        size, bodies = project.ledger.size(), None
        with project.engine.connect() as connection:
            bodies = connection.exec_driver_sql("SELECT count(*) FROM body").scalar()
        project.close()
        print(f"project: {bodies} bodies, ledger of {size} events ({settings.db_url})")
        before = load_average()
        server = start_server(settings, folder / "serve.log", workers=args.workers)
        process, url = server.process, server.url
        outcomes = []
        try:
            for name, path in TARGETS:
                service = asyncio.run(sequential(url, path, SEQUENTIAL))
                latencies, errors, elapsed, lag = asyncio.run(
                    load(url, path, args.rate, args.requests)
                )
                outcomes.append(Outcome(name, latencies, errors, elapsed, lag, service))
        finally:
            stop_server(process)
        after = load_average()
    print(
        f"server {url} (uvicorn, {args.workers} process(es)); client asyncio + httpx on the "
        "same machine"
    )
    print(f"cpus {os.cpu_count()}; load average before {before}, after {after}")
    if busy(before):
        print("note: other work was running on the machine before the load started")
    print(report(outcomes, args.rate))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
