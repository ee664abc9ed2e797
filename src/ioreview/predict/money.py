"""Money of one body as the ledger and the CEB tables hold it, in exact decimals.

- contributions: unretracted ``contribution`` events dated in a year (their ``valid_from``),
  in USD, of an annual kind (``funding_kind`` assessed, voluntary or other: CEB's revenue
  types). Cumulative totals, requests, appropriations or one-off payments (kinds of the
  ``us_funding`` importer) are not annual contributions and are listed apart, never summed.
- revenue: the body's CEB revenue by entity for the year (table ``ceb_revenue``).
- pledges: unretracted ``pledge`` events for the body, with their sources.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from ioreview.storage.ceb_tables import ceb_revenue
from ioreview.storage.projection_tables import event_index
from ioreview.storage.tables import leaf

ANNUAL_KINDS = frozenset({"assessed", "voluntary", "other"})
USD = "USD"


@dataclass(frozen=True)
class Money:
    """One money event of a body: who, how much, of which kind, when, from where."""

    seq: int
    actor: str
    amount: Decimal
    currency: str
    kind: str  # payload funding_kind (or "pledge")
    start: date | None
    end: date | None
    dataset: str | None
    source: str
    payload: dict[str, Any]

    @property
    def year(self) -> int | None:
        return None if self.start is None else self.start.year


def money_events(connection: Connection, body: str, kind: str) -> list[Money]:
    """Unretracted events of ``kind`` (contribution or pledge) for ``body``, oldest first."""
    query = (
        select(
            event_index.c.seq,
            event_index.c.actor,
            event_index.c.valid_from,
            event_index.c.valid_to,
            event_index.c.payload,
            leaf.c.entry,
        )  # fmt: skip
        .join(leaf, leaf.c.idx == event_index.c.seq)
        .where(
            event_index.c.kind == kind,
            event_index.c.body == body,
            event_index.c.superseded_by.is_(None),
        )
        .order_by(event_index.c.seq)
    )
    out = []
    for row in connection.execute(query):
        payload = json.loads(row.payload)
        source = json.loads(bytes(row.entry))["source"]["uri"]
        out.append(
            Money(
                seq=int(row.seq), actor=str(row.actor), amount=Decimal(payload["amount"]),
                currency=str(payload["currency"]),
                kind="pledge" if kind == "pledge" else str(payload.get("funding_kind", "other")),
                start=_day(row.valid_from), end=_day(row.valid_to),
                dataset=payload.get("dataset"), source=str(source), payload=payload,
            )
        )  # fmt: skip
    return out


def annual(contributions: Iterable[Money], year: int) -> list[Money]:
    """The USD contributions of an annual kind dated in ``year``."""
    return [
        m for m in contributions
        if m.year == year and m.currency == USD and m.kind in ANNUAL_KINDS
    ]  # fmt: skip


def by_actor(items: Iterable[Money]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for item in items:
        totals[item.actor] = totals.get(item.actor, Decimal(0)) + item.amount
    return totals


def by_kind(items: Iterable[Money]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for item in items:
        totals[item.kind] = totals.get(item.kind, Decimal(0)) + item.amount
    return totals


def ceb_revenue_of(connection: Connection, body: str, year: int) -> Decimal | None:
    """The body's CEB revenue by entity in ``year`` (exact sum), None without rows."""
    amounts = connection.execute(
        select(ceb_revenue.c.amount).where(
            ceb_revenue.c.body == body,
            ceb_revenue.c.year == year,
            ceb_revenue.c.amount.is_not(None),
        )  # fmt: skip
    ).scalars()
    values = [Decimal(str(a)) for a in amounts]
    return sum(values, Decimal(0)) if values else None


def years_with_money(contributions: Iterable[Money], actor: str) -> list[int]:
    """Years in which ``actor`` has an annual USD contribution, ascending."""
    return sorted({
        m.year for m in contributions
        if m.actor == actor and m.year is not None and m.currency == USD
        and m.kind in ANNUAL_KINDS
    })  # fmt: skip


def _day(value: object) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))
