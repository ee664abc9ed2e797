"""HTML pages, one module per page family; each module defines ``router``.

As with the API (``web.api``), a module listed in ``PAGE_MODULES`` that does not exist yet is
left out: review, lens and prediction pages arrive with their libraries.
"""

from __future__ import annotations

import importlib
import importlib.util

from fastapi import APIRouter

PAGE_MODULES = ("portfolio", "body", "directives", "ledger", "reviews", "lenses", "predictions")


def routers() -> list[APIRouter]:
    found = []
    for name in PAGE_MODULES:
        qualified = f"{__name__}.{name}"
        if importlib.util.find_spec(qualified) is None:
            continue
        router = importlib.import_module(qualified).router
        if not isinstance(router, APIRouter):
            raise TypeError(f"{qualified}.router is {type(router).__name__}, not an APIRouter")
        found.append(router)
    return found
