"""Reads of dataset tables that importers fill (UN CEB revenue, UN General Assembly votes).

The tables belong to the importers (``storage/ceb_tables.py``, ``storage/votes_tables.py``);
this module only reads them. An empty table means the dataset is not loaded: the reading is
missing and names the dataset ("dataset UN CEB revenue by entity not loaded"), never zero.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import Table, select

from ioreview.indicators.base import EvidenceBase
from ioreview.indicators.model import EvidenceRef, Reading, missing
from ioreview.indicators.records import WINDOW_YEARS
from ioreview.storage.ceb_tables import ceb_revenue
from ioreview.storage.votes_tables import unga_roll_call, unga_vote

DATASETS = {
    ceb_revenue.name: "UN CEB revenue by entity",
    unga_vote.name: "UN General Assembly roll-call votes",
    unga_roll_call.name: "UN General Assembly roll calls",
}


def not_loaded(base: EvidenceBase, table: Table) -> str | None:
    """The reason ``table`` cannot be read, or None when it holds rows (checked once)."""
    key = f"loaded.{table.name}"
    if key not in base.cache:
        row = base.connection.execute(select(table).limit(1)).first()
        base.cache[key] = None if row is not None else f"dataset {DATASETS[table.name]} not loaded"
    reason: str | None = base.cache[key]
    return reason


def revenue_of(base: EvidenceBase, body_id: str, year: int) -> Reading:
    """Total revenue of ``body_id`` in ``year`` (USD) from the CEB revenue table."""
    reason = not_loaded(base, ceb_revenue)
    if reason is not None:
        return missing(reason)
    t = ceb_revenue
    rows = _revenue_rows(base).get((body_id, year), [])
    amounts = [amount for _, amount in rows if amount is not None]
    if not amounts:
        return missing(f"{DATASETS[t.name]}: no revenue row for {body_id!r} in {year}")
    try:
        total = sum((Decimal(amount) for amount in amounts), Decimal(0))
    except InvalidOperation:
        return missing(f"{DATASETS[t.name]}: an amount for {body_id!r} in {year} is not a number")
    lines = sorted(line for line, _ in rows)
    ref = EvidenceRef(
        "dataset", f"{t.name}:body={body_id},year={year}",
        note=f"{len(rows)} row(s), source lines {lines[0]}–{lines[-1]}",
    )  # fmt: skip
    return Reading(value=float(total), evidence=(ref,), detail=f"revenue {year}: {total:,.0f} USD")


def _revenue_rows(base: EvidenceBase) -> dict[tuple[str, int], list[tuple[int, str | None]]]:
    """Revenue rows of the bodies under review (or all), read once per evidence base."""
    key = "ceb.revenue"
    if key not in base.cache:
        t = ceb_revenue
        # Only the years the money indicators read: the three before the as-of year.
        years = list(range(base.as_of.year - WINDOW_YEARS, base.as_of.year))
        query = select(t.c.body, t.c.year, t.c.line, t.c.amount).where(
            t.c.body.is_not(None), t.c.year.in_(years)
        )
        if base.portfolio:
            query = query.where(t.c.body.in_(sorted(base.portfolio)))
        found: dict[tuple[str, int], list[tuple[int, str | None]]] = {}
        for row in base.connection.execute(query):
            found.setdefault((row.body, int(row.year)), []).append((int(row.line), row.amount))
        base.cache[key] = found
    rows: dict[tuple[str, int], list[tuple[int, str | None]]] = base.cache[key]
    return rows
