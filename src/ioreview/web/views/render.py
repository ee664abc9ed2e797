"""HTML rendering: one Jinja2 environment with autoescaping, and the error page.

Every value reaches the page through autoescaping; links to sources are made only for
``http``/``https`` URIs (a ``javascript:`` or ``data:`` URI is shown as text).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from ioreview.project import Project


def is_web_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def path_part(value: object) -> str:
    """``value`` quoted for one path segment (ids may hold ``:`` or ``.``)."""
    return quote(str(value), safe="")


def query(params: dict[str, object]) -> str:
    """A query string from the non-empty values of ``params``."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return urlencode(kept)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ioreview.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package and do not change while it runs: no stat per render.
        auto_reload=False,
    )
    env.tests["web_url"] = is_web_url
    env.filters["path"] = path_part
    env.globals["query"] = query
    return env


def render(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    project: Project | None = getattr(request.app.state, "project", None)
    page = environment().get_template(template)
    html = page.render(
        request_path=request.url.path,
        origin=None if project is None else project.origin,
        **context,
    )
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message}, status)
