"""Tables of the rebuildable ledger projections (``ledger.projection``).

Both are caches derived from the ledger: ``ledger.projection.rebuild`` recreates their rows
from the events, so they are safe to drop. Dates are ``Date`` columns (ISO text on SQLite);
JSON lists are canonical text.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, Integer, MetaData, Table, Text

projection_metadata = MetaData()

#: One row per ledger event, for history queries without decoding leaves.
event_index = Table(
    "event_index",
    projection_metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", Text, nullable=False),
    Column("actor", Text, nullable=True),
    Column("body", Text, nullable=True),
    Column("valid_from", Date, nullable=True),
    Column("valid_to", Date, nullable=True),
    Column("recorded_at", Text, nullable=True),
    Column("supersedes", Text, nullable=False),  # JSON list of seqs
    # Lowest seq of an event that supersedes this one; the event is retracted from then on.
    Column("superseded_by", BigInteger, nullable=True),
    Column("payload", Text, nullable=False),  # canonical JSON object
)
Index("ix_event_index_pair", event_index.c.actor, event_index.c.body, event_index.c.seq)
Index("ix_event_index_body", event_index.c.body, event_index.c.seq)

#: Bitemporal status rows: ``status`` holds on ``[valid_from, valid_to)`` (null = open) for
#: ledger sizes ``N`` with ``sys_from_seq < N <= coalesce(sys_to_seq, infinity)``.
engagement_status = Table(
    "engagement_status",
    projection_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("valid_from", Date, nullable=True),
    Column("valid_to", Date, nullable=True),
    Column("sys_from_seq", BigInteger, nullable=False),  # the event whose arrival added the row
    Column("sys_to_seq", BigInteger, nullable=True),  # the event whose arrival replaced it
    Column("event_seq", BigInteger, nullable=True),  # the event that set the status
    Column("since", Date, nullable=True),
    Column("markers", Text, nullable=False),  # JSON list, e.g. ["withdrawal_directed"]
    Column("events", Text, nullable=False),  # JSON list of the seqs applied
)
Index(
    "ix_engagement_status_pair",
    engagement_status.c.actor,
    engagement_status.c.body,
    engagement_status.c.sys_from_seq,
)

PROJECTION_TABLES = (event_index, engagement_status)
