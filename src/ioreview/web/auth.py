"""Who may call what: open reads on loopback, bearer tokens for writes.

- Reads from a loopback client (127.0.0.0/8, ::1) need no token; reads from any other client
  need a token of any role (``reader`` or higher).
- Writes always need a token whose role reaches the route's role (``analyst`` for appends);
  none or an unknown one gives 401, a weaker role 403.
- Tokens travel only in ``Authorization: Bearer <token>``; no cookie is read or set.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ioreview.exc import Unauthorized
from ioreview.tokens import TokenInfo, authenticate, authorize, check_role
from ioreview.web.deps import get_project

#: Declares the scheme in OpenAPI; ``auto_error=False`` so that a missing token reaches the
#: handler below and gets the envelope rather than FastAPI's own 403.
bearer = HTTPBearer(auto_error=False, description="A token from `ioreview token create`.")


def client_is_loopback(request: Request) -> bool:
    host = request.client.host if request.client is not None else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _token(request: Request, credentials: HTTPAuthorizationCredentials | None) -> TokenInfo:
    if credentials is None:
        if request.headers.get("authorization"):
            raise Unauthorized("malformed Authorization header: expected 'Bearer <token>'")
        raise Unauthorized("this action needs a bearer token: `ioreview token create`")
    return authenticate(get_project(request).engine, credentials.credentials)


def require_role(role: str) -> Callable[..., TokenInfo]:
    """A dependency that returns the caller's token once it reaches ``role``."""
    check_role(role)

    def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> TokenInfo:
        token = _token(request, credentials)
        authorize(token, role)
        return token

    return dependency


def read_access(request: Request) -> None:
    """Reads are open on loopback; any other client needs a token of any role."""
    if client_is_loopback(request):
        return
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthorized(
            "reads from a non-loopback client need a bearer token: `ioreview token create`"
        )
    authenticate(get_project(request).engine, value.strip())
