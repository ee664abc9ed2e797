"""One JSON envelope for every API result and error, and the exception → response table.

Success: ``{"ok": true, "data": ..., "meta": {...}}``; lists put ``limit``, ``offset`` and
``total`` in ``meta``. Error: ``{"ok": false, "error": {"status": 404, "message": "..."}}``.
Pages (paths outside ``/api/``) get the same status with an HTML error page instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from http import HTTPStatus
from typing import Any, Generic, Literal, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from ioreview.exc import IoreviewError

T = TypeVar("T")
API_PREFIX = "/api/"
log = logging.getLogger("ioreview.web")


class Meta(BaseModel):
    """Facts about a response other than its data (empty for single resources)."""

    model_config = ConfigDict(extra="forbid")


class PageMeta(BaseModel):
    """Where a page of a list starts and how long the whole list is."""

    limit: int = Field(description="Most items this page holds.")
    offset: int = Field(description="Items skipped before this page.")
    total: int = Field(description="Items in the whole list.")


class Envelope(BaseModel, Generic[T]):
    """A successful result."""

    ok: Literal[True] = True
    data: T
    meta: Meta = Field(default_factory=Meta)


class Page(BaseModel, Generic[T]):
    """A successful result holding one page of a list."""

    ok: Literal[True] = True
    data: list[T]
    meta: PageMeta


class ErrorBody(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    message: str = Field(description="What went wrong, naming the offending value.")


class ErrorEnvelope(BaseModel):
    """An error."""

    ok: Literal[False] = False
    error: ErrorBody


_DESCRIPTIONS = {
    401: "No valid bearer token (writes, and reads from a non-loopback client).",
    403: "The token's role does not allow this action.",
    404: "No such resource.",
    409: "The current state forbids the action.",
    413: "The request body is too large.",
    422: "The request does not meet its schema; the message names the offending value.",
}


def errors(*statuses: int, json_only: bool = False) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status documented with the error envelope.

    ``json_only``: for routes whose success is not JSON (a text receipt), so that the error
    schema is declared under ``application/json`` rather than the route's own media type.
    """
    if json_only:
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}
        return {
            status: {"content": content, "description": _DESCRIPTIONS[status]}
            for status in sorted({401, *statuses})
        }
    return {
        status: {"model": ErrorEnvelope, "description": _DESCRIPTIONS[status]}
        for status in sorted({401, *statuses})
    }


def ok(data: Any) -> dict[str, Any]:
    return {"ok": True, "data": data, "meta": {}}


def page(data: list[Any], *, limit: int, offset: int, total: int) -> dict[str, Any]:
    return {"ok": True, "data": data, "meta": {"limit": limit, "offset": offset, "total": total}}


def error_document(status: int, message: str) -> dict[str, Any]:
    return {"ok": False, "error": {"status": status, "message": message}}


#: Renders an error for a page request; ``create_app`` keeps one on ``app.state.render_error``.
PageErrorRenderer = Callable[[Request, int, str], Response]


def _respond(request: Request, status: int, message: str) -> Response:
    render: PageErrorRenderer | None = getattr(request.app.state, "render_error", None)
    if request.url.path.startswith(API_PREFIX) or render is None:
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(error_document(status, message), status_code=status, headers=headers)
    return render(request, status, message)


async def _ioreview_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, IoreviewError)
    if error.status >= 500:
        log.error("%s on %s: %s", type(error).__name__, request.url.path, error.message)
    return _respond(request, error.status, error.message)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    status = error.status_code
    message = str(error.detail) if error.detail else HTTPStatus(status).phrase
    if status == 404 and error.detail == "Not Found":
        message = f"no route {request.url.path!r}"
    elif status == 405:
        message = f"method {request.method} is not allowed on {request.url.path!r}"
    elif status == 400 and error.detail == _UNPARSABLE:
        # A body that is not UTF-8 JSON fails its schema like any other bad input: 422.
        status, message = 422, "request body is not UTF-8 JSON: expected a JSON document"
    return _respond(request, status, message)


#: FastAPI's detail for a JSON body it cannot decode.
_UNPARSABLE = "There was an error parsing the body"


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    return _respond(request, 422, describe_validation(error.errors()))


async def _unexpected_error(request: Request, error: Exception) -> Response:
    # Details go to the log only: a message to the client could leak internals.
    log.exception("unexpected error on %s", request.url.path, exc_info=error)
    return _respond(request, 500, "internal error: see the server log")


def describe_validation(problems: Any) -> str:
    """One line per problem: where (``query.limit``), the value given and what was expected."""
    lines = []
    for problem in list(problems)[:5]:
        where = ".".join(str(part) for part in problem.get("loc", ()))
        given = problem.get("input")
        shown = "" if given is None else f" {_short(given)}"
        lines.append(f"{where}{shown}: {problem.get('msg', 'invalid')}")
    return "; ".join(lines) or "invalid request"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


Handler = Callable[[Request, Exception], Coroutine[Any, Any, Response]]

#: Exception class → handler; ``create_app`` passes it to ``FastAPI(exception_handlers=...)``.
HANDLERS: dict[int | type[Exception], Handler] = {
    IoreviewError: _ioreview_error,
    HTTPException: _http_error,
    RequestValidationError: _validation_error,
    Exception: _unexpected_error,
}
