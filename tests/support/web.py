"""Helpers for the web tests: an in-process API client, a served project, hostile fixtures.

``ApiClient`` drives the ASGI app through ``httpx.ASGITransport`` on an anyio portal (no
starlette ``TestClient``, which warns about its httpx backend), and runs the app's lifespan.
``serve`` starts ``ioreview serve --port 0`` as a subprocess and reads the address it prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import anyio.from_thread
import httpx
import pytest
from anyio.from_thread import BlockingPortal
from fastapi import FastAPI

from ioreview.ledger.events import Event, Source
from ioreview.project import open_project
from ioreview.registry import Body, Registry, load_registry, save_registry
from ioreview.settings import Settings
from ioreview.web.process import ServerProcess, start_server, stop_server
from support.databases import empty_database

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]

#: The hostile body: every text field tries to inject markup or a script URL.
HOSTILE_ID = "script-test"
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_ACRONYM = '"><img src=x onerror=alert(2)>'
HOSTILE_WEBSITE = "javascript:alert(3)"
HOSTILE_SOURCE = "javascript:alert(4)"
HOSTILE_NOTE = "<img src=x onerror=alert(5)>"
HOSTILE_DIRECTIVE = "test-directive"
FIXTURE_SOURCE = "https://example.org/ioreview-test-fixture"
LOOPBACK = ("127.0.0.1", 50000)


class ApiClient:
    """A synchronous client for an ASGI app whose lifespan runs on ``portal``."""

    def __init__(self, portal: BlockingPortal, app: FastAPI, address: tuple[str, int]) -> None:
        self.app = app
        self._portal = portal
        transport = httpx.ASGITransport(app=app, client=address)
        self._http = httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")

    @contextmanager
    def seen_from(self, address: tuple[str, int]) -> Iterator[ApiClient]:
        """The same running app, called from another client address."""
        other = ApiClient(self._portal, self.app, address)
        try:
            yield other
        finally:
            other.close()

    def close(self) -> None:
        self._portal.call(self._http.aclose)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def call() -> httpx.Response:
            return await self._http.request(method, url, **kwargs)

        return self._portal.call(call)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def data(self, url: str, **kwargs: Any) -> Any:
        """``data`` of a successful envelope (fails the test otherwise)."""
        response = self.get(url, **kwargs)
        assert response.status_code == 200, response.text
        document = response.json()
        assert document["ok"] is True, document
        return document["data"]


@contextmanager
def api_client(app: FastAPI, address: tuple[str, int] = LOOPBACK) -> Iterator[ApiClient]:
    """A client for ``app`` from ``address``, with the app's lifespan around it."""
    with (
        anyio.from_thread.start_blocking_portal() as portal,
        portal.wrap_async_context_manager(app.router.lifespan_context(app)),
    ):
        client = ApiClient(portal, app, address)
        try:
            yield client
        finally:
            client.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """An empty database on ``backend`` for as long as the block runs (as ``db_url`` does)."""
    with empty_database(backend, folder, "web.db") as url:
        yield url


def project_settings(db_url: str, folder: Path) -> Settings:
    return Settings(db_url=db_url, data_dir=folder / "data")


def add_hostile_body(settings: Settings) -> None:
    """Put a body whose texts are markup into the registry, and events about it: a membership
    with a script URL as its source, and a directive naming it."""
    project = open_project(settings)
    try:
        with project.engine.connect() as connection:
            registry = load_registry(connection)
        hostile = Body(
            id=HOSTILE_ID,
            name=HOSTILE_NAME,
            kind="igo",
            acronym=HOSTILE_ACRONYM,
            website=HOSTILE_WEBSITE,
            sources={key: (FIXTURE_SOURCE,) for key in ("name", "kind", "acronym", "website")},
        )
        save_registry(project.engine, Registry([*registry.bodies, hostile], registry.actors))
        project.ledger.append(
            [
                Event(
                    kind="joined",
                    actor="USA",
                    body=HOSTILE_ID,
                    valid_from=date(2001, 1, 1),
                    payload={"role": "member", "note": HOSTILE_NOTE},
                    source=Source(uri=HOSTILE_SOURCE, locator=HOSTILE_NOTE),
                ),
                Event(
                    kind="directive_issued",
                    actor="USA",
                    valid_from=date(2026, 1, 7),
                    payload={"directive": HOSTILE_DIRECTIVE, "title": HOSTILE_NAME, "items": 1},
                    source=Source(uri=FIXTURE_SOURCE),
                ),
                Event(
                    kind="withdrawal_directed",
                    actor="USA",
                    body=HOSTILE_ID,
                    valid_from=date(2026, 1, 7),
                    payload={"directive": HOSTILE_DIRECTIVE, "wording": HOSTILE_NAME},
                    source=Source(uri=FIXTURE_SOURCE),
                ),
            ]
        )
    finally:
        project.close()


@contextmanager
def serve(settings: Settings, folder: Path) -> Iterator[ServerProcess]:
    """``ioreview serve --port 0`` in a subprocess; yields once it answers; stops it after."""
    server = start_server(settings, folder / "serve.log")
    try:
        yield server
    finally:
        stop_server(server.process)


def chromium_or_skip() -> str:
    """The Chromium binary; missing under CI fails, locally it skips with a hint."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
    if os.environ.get("CI"):
        pytest.fail(message + " (required under CI)")
    pytest.skip(message)


def init_small(settings: Settings) -> None:
    """An initialised project with the bundled registry, the seed history and the 2026
    memorandum, without the bulk importers (COW, CEB, funding) that ``init`` also runs: the
    same schema and key, a ledger of about a hundred events instead of tens of thousands."""
    from ioreview.directives.record import record_directive
    from ioreview.ingest.history import MEMORANDUM, seed_history
    from ioreview.project import init_project
    from ioreview.registry import data_root, load_bundled_registry

    init_project(settings, load_data=False)
    registry = load_bundled_registry()
    project = open_project(settings)
    try:
        save_registry(project.engine, registry)
        project.ledger.append(seed_history(registry, data_root()).events)
        record_directive(project, data_root() / MEMORANDUM)
    finally:
        project.close()


def add_review(settings: Settings, samples: int = 50) -> int:
    """Run and store one review (the first built-in lens, few samples); return its id."""
    from ioreview.lenses import builtin_ids
    from ioreview.review.run import Options, run_review
    from ioreview.review.store import store_review

    project = open_project(settings)
    try:
        review = run_review(project, builtin_ids()[0], "USA", None, Options(samples=samples))
        stored = store_review(project, review)
    finally:
        project.close()
    assert stored.id is not None
    return stored.id
