"""Dataset tables of the UN CEB financial statistics (importer ``ceb``).

Each load replaces their rows. Amounts are decimal strings in USD exactly as the source gives
them (``Text``: no float on either backend); cast in SQL or parse with ``decimal.Decimal``.
``line`` is the source file's line number, so every row can be found in the file.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, Table, Text

from ioreview.storage.tables import metadata

#: Revenue by entity (raw CEB "Revenue by Entity"): one row per source line.
ceb_revenue = Table(
    "ceb_revenue",
    metadata,
    Column("line", Integer, primary_key=True, autoincrement=False),
    Column("entity", Text, nullable=False),  # canonical CEB code, e.g. "UN Women"
    Column("entity_source", Text, nullable=False),  # as written, e.g. "UNWOMEN"
    Column("sub_entity", Text, nullable=False),
    Column("body", Text, nullable=True),  # registry body id; null when the code has none
    Column("year", Integer, nullable=False),
    Column("revenue_type", Text, nullable=False),  # assessed, voluntary_unearmarked, ...
    Column("revenue_type_source", Text, nullable=False),
    Column("sub_type", Text, nullable=False),  # CEB financing-instrument code, e.g. R03E
    Column("sub_type_name", Text, nullable=False),
    Column("amount", Text, nullable=True),  # null where the source cell is "-" or empty
)
Index("ix_ceb_revenue_entity_year", ceb_revenue.c.entity, ceb_revenue.c.year)

#: Expenses by entity (raw CEB "Expenses"): one row per source line.
ceb_expenses = Table(
    "ceb_expenses",
    metadata,
    Column("line", Integer, primary_key=True, autoincrement=False),
    Column("entity", Text, nullable=False),
    Column("entity_source", Text, nullable=False),
    Column("sub_entity", Text, nullable=False),
    Column("body", Text, nullable=True),
    Column("year", Integer, nullable=False),
    Column("transaction_type", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("amount", Text, nullable=True),
)
Index("ix_ceb_expenses_entity_year", ceb_expenses.c.entity, ceb_expenses.c.year)

#: Contribution rows that are not ledger events: non-government contributors, government
#: donors without a registry actor, entities without a registry body.
ceb_other_contribution = Table(
    "ceb_other_contribution",
    metadata,
    Column("line", Integer, primary_key=True, autoincrement=False),
    Column("year", Integer, nullable=False),
    Column("contributor", Text, nullable=False),
    Column("contributor_category", Text, nullable=False),
    Column("contributor_code", Text, nullable=True),  # C-code of contrib_types_mapping.csv
    Column("is_other", Boolean, nullable=False),  # a residual bucket such as "Unattributed"
    Column("actor", Text, nullable=True),
    Column("entity", Text, nullable=False),
    Column("body", Text, nullable=True),
    Column("revenue_type", Text, nullable=False),
    Column("amount", Text, nullable=False),
    Column("reason", Text, nullable=False),  # non-government | no registry actor | no registry body
)

#: What could not be mapped, with totals: one row per (what, code, reason).
ceb_unmapped = Table(
    "ceb_unmapped",
    metadata,
    Column("what", Text, primary_key=True),  # entity | donor | non-government
    Column("code", Text, primary_key=True),  # entity code or contributor name
    Column("reason", Text, nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("first_year", Integer, nullable=False),
    Column("last_year", Integer, nullable=False),
    Column("total", Text, nullable=False),  # exact sum of the rows' amounts, USD
)

#: Per government donor and year: the contributions file's total against the raw government-
#: donor file's (both USD), a check of the derived table against the CEB download.
ceb_crosscheck = Table(
    "ceb_crosscheck",
    metadata,
    Column("actor", Text, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("raw_total", Text, nullable=True),  # null: no row for the donor in the raw file
    Column("input_total", Text, nullable=True),
    Column("difference", Text, nullable=True),  # input_total - raw_total
)

TABLES = (ceb_revenue, ceb_expenses, ceb_other_contribution, ceb_unmapped, ceb_crosscheck)
