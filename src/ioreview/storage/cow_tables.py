"""Dataset tables of the COW IGO v3 importer (``ingest.sources.cow``).

These hold what the ledger does not: per-IGO-year facts for counting IGOs in existence and
members per year (Pevehouse et al. 2020: full plus associate memberships), and the cells on
which the two COW files disagree. Each load replaces the rows of both tables.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, PrimaryKeyConstraint, Table, Text

from ioreview.storage.tables import metadata

#: One row per row of the IGO-year file (v3.0a); counts are of the state columns.
cow_igo_year = Table(
    "cow_igo_year",
    metadata,
    Column("ionum", Integer, nullable=False),
    Column("year", Integer, nullable=False),
    Column("body", Text, nullable=False),  # registry body id (external id ``cow`` = ionum)
    Column("ioname", Text, nullable=False),
    Column("sdate", Integer, nullable=True),  # start year as COW codes it
    Column("deaddate", Integer, nullable=True),  # year of death; null while alive
    Column("dead", Boolean, nullable=False),  # COW: 1 in (and, for some IGOs, after) death
    Column("integrated", Boolean, nullable=False),
    Column("replaced", Boolean, nullable=False),
    Column("imputed", Boolean, nullable=True),  # pre-1965 value imputed; null = empty cell
    Column("political", Boolean, nullable=True),  # issue-area dummies; null = empty cell
    Column("social", Boolean, nullable=True),
    Column("economic", Boolean, nullable=True),
    Column("full", Integer, nullable=False),  # states coded 1
    Column("associate", Integer, nullable=False),  # coded 2
    Column("observer", Integer, nullable=False),  # coded 3
    Column("missing", Integer, nullable=False),  # coded -9
    PrimaryKeyConstraint("ionum", "year"),
)
Index("ix_cow_igo_year_year", cow_igo_year.c.year)

#: Cells where the IGO-year file (which the ledger follows) and the state-year file differ.
#: A null value is a cell without a status code; ``kind`` says which: ``code`` (both files
#: code a status), ``existence`` (one file has no IGO-year row, or the state-year file codes
#: -1 "IGO not in existence"), ``system membership`` (one file treats the state as outside
#: the state system: an empty IGO-year cell, or no state-year row).
cow_disagreement = Table(
    "cow_disagreement",
    metadata,
    Column("ccode", Integer, nullable=False),
    Column("actor", Text, nullable=False),
    Column("ionum", Integer, nullable=False),
    Column("body", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("igo_year_value", Integer, nullable=True),
    Column("state_year_value", Integer, nullable=True),
    Column("kind", Text, nullable=False),
    PrimaryKeyConstraint("ccode", "ionum", "year"),
)
Index("ix_cow_disagreement_actor", cow_disagreement.c.actor, cow_disagreement.c.year)

TABLES = (cow_igo_year, cow_disagreement)
