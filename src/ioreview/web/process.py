"""``ioreview serve`` in a child process, for benchmarks and browser tests.

The child binds a free loopback port (``--port 0``) and prints its address; ``start_server``
waits for that line and for the API to answer, so callers get a server that is up.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from ioreview.exc import ConfigurationError
from ioreview.settings import Settings

ADDRESS_PREFIX = "ioreview serving "


@dataclass
class ServerProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def start_server(
    settings: Settings, log: Path, *, workers: int = 1, timeout: float = 30.0
) -> ServerProcess:
    """Start ``ioreview serve`` for ``settings``; output goes to ``log``."""
    env = {
        **os.environ,
        "IOREVIEW_DB": settings.db_url,
        "IOREVIEW_DATA_DIR": str(settings.data_dir),
    }
    command = [
        sys.executable, "-c", "from ioreview.cli import main; main()",
        "serve", "--port", "0", "--workers", str(workers),
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        url = _address(log)
        if url is not None and _answers(url):
            return ServerProcess(url, process, log)
        time.sleep(0.05)
    stop_server(process)
    raise ConfigurationError(
        f"`ioreview serve` did not start within {timeout:.0f} s:\n"
        + log.read_text(encoding="utf-8", errors="replace")
    )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _address(log: Path) -> str | None:
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(ADDRESS_PREFIX):
            return line.split()[2]
    return None


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "api/v1/ledger", timeout=2).status_code == 200
    except httpx.TransportError:
        return False
