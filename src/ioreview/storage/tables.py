"""SQLAlchemy Core tables; the same schema on SQLite and PostgreSQL.

JSON documents are stored as canonical text (``record`` columns) so that both backends hold
byte-identical values.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

metadata = MetaData()

schema_migration = Table(
    "schema_migration",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

# --- registry -------------------------------------------------------------------------------

body = Table(
    "body",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("parent", Text, nullable=True),
    # Position in the 2026 memorandum's Sec. 2 (1-based across 2(a) then 2(b)); null otherwise.
    Column("memo_order", Integer, nullable=True),
    Column("record", Text, nullable=False),
)

body_alias = Table(
    "body_alias",
    metadata,
    Column("norm", Text, nullable=False),
    Column("alias", Text, nullable=False),
    Column("body_id", Text, ForeignKey("body.id"), nullable=False),
    Column("origin", Text, nullable=False),
    PrimaryKeyConstraint("norm", "body_id"),
)
Index("ix_body_alias_body", body_alias.c.body_id)

actor = Table(
    "actor",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("cow_code", Integer, nullable=True),
    Column("cow_abb", Text, nullable=True),
    Column("iso3", Text, nullable=True),
    Column("record", Text, nullable=False),
)

# --- ledger (reference/ledger.md §3.1) -----------------------------------------------------------

log_state = Table(
    "log_state",
    metadata,
    Column("origin", Text, primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("root", LargeBinary, nullable=False),
)

leaf = Table(
    "leaf",
    metadata,
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("entry", LargeBinary, nullable=False),
    Column("leaf_hash", LargeBinary, nullable=False),
)

# Roots of perfect subtrees only: hash of leaves [idx * 2**level, (idx + 1) * 2**level).
node = Table(
    "node",
    metadata,
    Column("level", Integer, nullable=False),
    Column("idx", BigInteger, nullable=False),
    Column("hash", LargeBinary, nullable=False),
    PrimaryKeyConstraint("level", "idx"),
)

checkpoint = Table(
    "checkpoint",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("root", LargeBinary, nullable=False),
    Column("note", Text, nullable=False),
    Column("signed_at", Text, nullable=False),
)

REGISTRY_TABLES = (body, body_alias, actor)
LEDGER_TABLES = (log_state, leaf, node, checkpoint)
