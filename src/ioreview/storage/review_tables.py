"""Stored reviews (``ioreview.review``): one row per run, with its inputs' hash and lens version.

``result`` is the review's canonical JSON document (``Review.to_json``); the per-body
determinations are also recorded in the ledger as ``determination`` events naming the review id.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, Integer, Table, Text

from ioreview.storage.tables import metadata

review = Table(
    "review",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lens_id", Text, nullable=False),
    Column("lens_version", Text, nullable=False),
    Column("lens_sha256", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("as_of", Date, nullable=False),
    Column("method", Text, nullable=False),
    Column("ledger_size", BigInteger, nullable=False),
    # SHA-256 of the canonical inputs: lens, parameters and every evaluated cell with its evidence.
    Column("inputs_hash", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("result", Text, nullable=False),
)
Index("ix_review_actor_as_of", review.c.actor, review.c.as_of)

TABLES = (review,)
