"""Money indicators: the actor's mean annual contribution and its share of a body's revenue.

Contributions are ledger ``contribution`` events. A year's amount counts when the event names a
single year (payload ``year``: 2024, "2024", "FY2024" or "CY2024") and is money given or owed:
CEB revenue (payload ``dataset`` "ceb", any revenue type) or a ``funding_kind`` of paid, voluntary or assessed.
Pledges, totals, appropriations and requests are left out: ``US-FUNDING.md`` warns never to sum
figures of different kinds. In a year with CEB rows only CEB rows count (no double counting
with hand-collected figures); in a year with a ``paid`` row, ``assessed`` rows of that year are
left out (a payment of dues is the same money as the dues).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ioreview.indicators.base import EvidenceBase
from ioreview.indicators.datasets import revenue_of
from ioreview.indicators.model import EvidenceRef, Reading, missing
from ioreview.indicators.records import WINDOW_YEARS, EventRecord

#: ``payload.dataset`` of CEB contribution events (``ingest/sources/ceb``).
CEB_DATASETS = frozenset({"ceb", "un-ceb"})
COUNTED_KINDS = frozenset({"paid", "voluntary", "assessed"})
_YEAR = re.compile(r"(?:FY|CY)?\s*(\d{4})")


def window(base: EvidenceBase) -> tuple[int, ...]:
    """The three calendar years before the as-of year (2023–2025 for an as-of date in 2026)."""
    year = base.as_of.year
    return tuple(range(year - WINDOW_YEARS, year))


def single_year(record: EventRecord) -> int | None:
    """The one year a contribution event is about, or None when it spans several or none."""
    value = record.payload.get("year")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        match = _YEAR.fullmatch(value.strip())
        return int(match.group(1)) if match else None
    if value is None and record.valid_from is not None and "year" not in record.payload:
        return record.valid_from.year
    return None


def is_ceb(record: EventRecord) -> bool:
    return record.payload.get("dataset") in CEB_DATASETS


def yearly_amounts(
    base: EvidenceBase, body_id: str, ceb_only: bool = False
) -> dict[int, tuple[Decimal, list[EventRecord]]]:
    """USD amounts per year in the window, with the events that make them up."""
    years = set(window(base))
    by_year: defaultdict[int, list[EventRecord]] = defaultdict(list)
    for record in base.body_events(body_id, "contribution"):
        year = single_year(record)
        if year not in years or record.payload.get("currency") != "USD":
            continue
        if is_ceb(record) or (not ceb_only and record.payload.get("funding_kind") in COUNTED_KINDS):
            by_year[year].append(record)
    result: dict[int, tuple[Decimal, list[EventRecord]]] = {}
    for year, records in sorted(by_year.items()):
        chosen = _choose(records)
        result[year] = (sum((Decimal(r.payload["amount"]) for r in chosen), Decimal(0)), chosen)
    return result


def _choose(records: list[EventRecord]) -> list[EventRecord]:
    ceb = [r for r in records if is_ceb(r)]
    if ceb:
        return ceb
    if any(r.payload.get("funding_kind") == "paid" for r in records):
        return [r for r in records if r.payload.get("funding_kind") != "assessed"]
    return records


def evidence_of(records: list[EventRecord]) -> tuple[EvidenceRef, ...]:
    return tuple(EvidenceRef("ledger", str(r.seq), r.uri, r.locator) for r in records)


def mean_annual_contribution(
    base: EvidenceBase, body_id: str, params: Mapping[str, Any]
) -> Reading:
    years = window(base)
    amounts = yearly_amounts(base, body_id)
    if not amounts:
        return missing(
            f"no single-year USD contribution of {base.actor} recorded for {years[0]}–{years[-1]}"
        )
    total = sum((amount for amount, _ in amounts.values()), Decimal(0))
    records = [r for _, rs in amounts.values() for r in rs]
    mean = total / len(amounts)
    listed = ", ".join(str(y) for y in amounts)
    return Reading(
        value=float(mean),
        evidence=evidence_of(records),
        detail=f"mean of {len(amounts)} year(s) with records ({listed}): {mean:,.0f} USD",
    )


def revenue_share(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    years = window(base)
    amounts = yearly_amounts(base, body_id, ceb_only=True)
    if not amounts:
        return missing(f"no CEB contribution of {base.actor} recorded for {years[0]}–{years[-1]}")
    shares: list[float] = []
    evidence: list[EvidenceRef] = []
    reasons: list[str] = []
    for year, (amount, records) in amounts.items():
        revenue = revenue_of(base, body_id, year)
        if revenue.value is None:
            reasons.append(revenue.reason or f"no revenue for {year}")
            continue
        if revenue.value <= 0:
            reasons.append(f"revenue {revenue.value!r} for {year} is not positive")
            continue
        shares.append(float(amount) / revenue.value)
        evidence.extend(evidence_of(records))
        evidence.extend(revenue.evidence)
    if not shares:
        return missing("; ".join(dict.fromkeys(reasons)))
    share = sum(shares) / len(shares)
    return Reading(
        value=share,
        evidence=tuple(evidence),
        detail=f"mean share over {len(shares)} year(s): {share:.1%} of the body's revenue",
    )
