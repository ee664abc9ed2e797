"""The web app factory: one project per app, the API under ``/api/v1``, pages, static files.

``create_app(settings)`` builds the app; its lifespan opens the project (failing early on a
database that ``ioreview init`` has not prepared) and closes it at shutdown. Every route
answers through the envelope and handler table of ``web.errors``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ioreview.project import open_project
from ioreview.settings import Settings, load_settings
from ioreview.web import api, views
from ioreview.web.errors import HANDLERS
from ioreview.web.security import SecurityHeaders
from ioreview.web.views.render import render_error

DESCRIPTION = """\
The ioreview registry, engagement status, ledger events and proofs over HTTP.

Every response is one JSON envelope: `{"ok": true, "data": ..., "meta": {...}}` or
`{"ok": false, "error": {"status": ..., "message": ...}}`; lists carry `limit`, `offset`
and `total` in `meta`. Reads are open to loopback clients; other clients and every write
need `Authorization: Bearer <token>` (`ioreview token create --role reader|analyst|admin`).
"""


def _version() -> str:
    try:
        return version("ioreview")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The ASGI app serving ``settings``' project (default: settings from the environment)."""
    chosen = load_settings() if settings is None else settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        project = open_project(chosen)
        app.state.project = project
        try:
            yield
        finally:
            app.state.project = None
            project.close()

    app = FastAPI(
        title="ioreview",
        version=_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        exception_handlers=HANDLERS,
        # The interactive docs load scripts from a CDN, which the CSP (and the offline rule)
        # forbids; the schema itself stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = chosen
    app.state.project = None
    app.state.render_error = render_error
    for router in api.routers():
        app.include_router(router, prefix=api.PREFIX)
    for router in views.routers():
        app.include_router(router)
    app.mount("/static", StaticFiles(packages=[("ioreview.web", "static")]), name="static")
    app.add_middleware(SecurityHeaders)
    return app
