"""API tokens: bearer secrets with a role, stored as SHA-256 hashes in ``api_token``.

Roles are ordered: ``reader`` < ``analyst`` < ``admin``; a token satisfies every role up to its
own. A token is ``ior_`` followed by 43 URL-safe base64 characters (32 random bytes); it is
returned once by :func:`create_token` and never stored. Revoking keeps the row (with
``revoked_at``), so a list shows every token that was ever valid.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update

from ioreview.exc import Conflict, Forbidden, InvalidData, NotFound, Unauthorized
from ioreview.storage import write_transaction
from ioreview.storage.web_tables import api_token

ROLES = ("reader", "analyst", "admin")
PREFIX = "ior_"
_TOKEN = re.compile(r"ior_[A-Za-z0-9_-]{43}")
_MAX_NAME = 200


@dataclass(frozen=True)
class TokenInfo:
    """A stored token, without its secret."""

    id: int
    name: str | None
    role: str
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
            "active": self.active,
        }


@dataclass(frozen=True)
class CreatedToken:
    """A new token: its stored record and the secret, which is shown only this once."""

    info: TokenInfo
    secret: str


def hash_token(secret: str) -> str:
    """Lowercase hex SHA-256 of the token text."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidData(f"role {role!r}: expected one of {', '.join(ROLES)}")
    return role


def create_token(engine: Engine, role: str, name: str | None = None) -> CreatedToken:
    """Store a new token of ``role`` (hash only) and return it with its secret."""
    check_role(role)
    if name is not None and not (0 < len(name.strip()) <= _MAX_NAME):
        raise InvalidData(f"token name {name!r}: expected 1 to {_MAX_NAME} characters")
    secret = PREFIX + secrets.token_urlsafe(32)
    created_at = _now()
    with write_transaction(engine) as connection:
        result = connection.execute(
            insert(api_token).values(
                name=name,
                role=role,
                token_sha256=hash_token(secret),
                created_at=created_at,
                revoked_at=None,
            )
        )
        key = result.inserted_primary_key
        token_id = int(key[0]) if key is not None else 0
    return CreatedToken(TokenInfo(token_id, name, role, created_at, None), secret)


def list_tokens(engine: Engine) -> list[TokenInfo]:
    """Every stored token, oldest first, revoked ones included."""
    with engine.connect() as connection:
        rows = connection.execute(select(api_token).order_by(api_token.c.id)).all()
    return [_info(row) for row in rows]


def revoke_token(engine: Engine, token_id: int) -> TokenInfo:
    """Mark token ``token_id`` revoked; a revoked token authenticates nothing from then on."""
    with write_transaction(engine) as connection:
        row = connection.execute(select(api_token).where(api_token.c.id == token_id)).one_or_none()
        if row is None:
            raise NotFound(f"no API token with id {token_id!r}: see `ioreview token list`")
        if row.revoked_at is not None:
            raise Conflict(f"API token {token_id!r} is already revoked (at {row.revoked_at})")
        revoked_at = _now()
        connection.execute(
            update(api_token).where(api_token.c.id == token_id).values(revoked_at=revoked_at)
        )
    info = _info(row)
    return TokenInfo(info.id, info.name, info.role, info.created_at, revoked_at)


def authenticate(engine: Engine, secret: str) -> TokenInfo:
    """The active token whose secret is ``secret``; ``Unauthorized`` otherwise.

    The message never repeats the presented secret.
    """
    if not _TOKEN.fullmatch(secret):
        raise Unauthorized(f"malformed API token: expected {PREFIX} and 43 base64url characters")
    with engine.connect() as connection:
        row = connection.execute(
            select(api_token).where(api_token.c.token_sha256 == hash_token(secret))
        ).one_or_none()
    if row is None:
        raise Unauthorized("unknown API token: create one with `ioreview token create`")
    info = _info(row)
    if not info.active:
        raise Unauthorized(f"API token {info.id!r} was revoked at {info.revoked_at}")
    return info


def authorize(token: TokenInfo, needed: str) -> None:
    """Raise ``Forbidden`` unless ``token``'s role reaches ``needed``."""
    check_role(needed)
    if ROLES.index(token.role) < ROLES.index(needed):
        raise Forbidden(
            f"API token {token.id!r} has role {token.role!r}; this action needs {needed!r} "
            "or higher"
        )


def _info(row: object) -> TokenInfo:
    mapping = row._mapping  # type: ignore[attr-defined]
    return TokenInfo(
        id=int(mapping["id"]),
        name=mapping["name"],
        role=str(mapping["role"]),
        created_at=str(mapping["created_at"]),
        revoked_at=mapping["revoked_at"],
    )


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
