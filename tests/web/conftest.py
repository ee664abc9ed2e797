"""Fixtures of the web tests: initialised projects per backend, API clients, a live server,
and Chromium through Playwright (Debian's binary; never `playwright install`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ioreview.settings import Settings
from ioreview.web.app import create_app
from support.web import (
    CHROMIUM_ARGS,
    ApiClient,
    ServerProcess,
    add_hostile_body,
    add_review,
    api_client,
    chromium_or_skip,
    database,
    init_small,
    project_settings,
    serve,
)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(scope="module", params=BACKENDS)
def shared_project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """An initialised project per backend, shared by a module's read-only tests."""
    folder = tmp_path_factory.mktemp("web")
    with database(request.param, folder) as url:
        settings = project_settings(url, folder)
        init_small(settings)
        yield settings


@pytest.fixture(scope="module")
def api(shared_project: Settings) -> Iterator[ApiClient]:
    with api_client(create_app(shared_project)) as client:
        yield client


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """`ioreview serve` on a free loopback port over an initialised SQLite project that also
    holds the hostile fixture body and one stored review."""
    folder = tmp_path_factory.mktemp("live")
    settings = project_settings(f"sqlite:///{folder / 'live.db'}", folder)
    init_small(settings)
    add_review(settings)
    add_hostile_body(settings)  # last: its events open the ledger page
    with serve(settings, folder) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, live_server: ServerProcess) -> Iterator[Any]:
    """A fresh browser page; ``page.dialogs`` records every alert/confirm that fires."""
    context = browser.new_context(base_url=live_server.url)
    opened = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", on_dialog)
    opened.dialogs = dialogs
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.page_errors = errors
    yield opened
    context.close()
