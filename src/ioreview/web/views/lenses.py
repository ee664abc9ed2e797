"""Lens pages: the built-in lenses, and one lens's criteria, weights, gates and sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse

from ioreview.lenses import builtin_lenses
from ioreview.web.api.lenses import builtin
from ioreview.web.auth import read_access
from ioreview.web.views.render import render

router = APIRouter(dependencies=[Depends(read_access)], include_in_schema=False)


@router.get("/lenses", response_class=HTMLResponse)
def lenses_page(request: Request) -> HTMLResponse:
    return render(request, "lenses.html", {"lenses": builtin_lenses()})


@router.get("/lenses/{lens_id}", response_class=HTMLResponse)
def lens_page(request: Request, lens_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    lens = builtin(lens_id)
    rows = list(zip(lens.criteria, lens.weights, strict=True))
    return render(request, "lens.html", {"lens": lens, "rows": rows})
