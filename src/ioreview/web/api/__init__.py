"""REST API routers, one module per resource, mounted under ``/api/v1``.

Each module named in ``ROUTER_MODULES`` defines ``router`` (an ``APIRouter``). A module listed
here that does not exist yet (an area still being built: reviews, lenses, predictions) is left
out, as the CLI does with its command modules; any other import error propagates.
"""

from __future__ import annotations

import importlib
import importlib.util

from fastapi import APIRouter

PREFIX = "/api/v1"

ROUTER_MODULES = (
    "bodies", "actors", "status", "history", "events", "ledger", "directives",
    "reviews", "lenses", "predictions",
)  # fmt: skip


def routers() -> list[APIRouter]:
    found = []
    for name in ROUTER_MODULES:
        qualified = f"{__name__}.{name}"
        if importlib.util.find_spec(qualified) is None:
            continue
        router = importlib.import_module(qualified).router
        if not isinstance(router, APIRouter):
            raise TypeError(f"{qualified}.router is {type(router).__name__}, not an APIRouter")
        found.append(router)
    return found
