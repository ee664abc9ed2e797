"""Tables of the web layer: API tokens.

Only the SHA-256 hash of a token is stored; the token itself is shown once, when created.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text

from ioreview.storage.tables import metadata

api_token = Table(
    "api_token",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=True),
    Column("role", Text, nullable=False),  # reader | analyst | admin
    Column("token_sha256", Text, nullable=False),  # lowercase hex of SHA-256(token text)
    Column("created_at", Text, nullable=False),
    Column("revoked_at", Text, nullable=True),
)
Index("ux_api_token_hash", api_token.c.token_sha256, unique=True)

TABLES = (api_token,)
