"""Funding gap and backfill per body of a directive.

For each body: the actor's annual contribution (ledger ``contribution`` events), its share of
the body's revenue (CEB revenue by entity; without it the share is unknown), the gap its exit leaves (``backfill.annual_gap``), the backfill
scenarios, and the state contributors ranked before and after the exit (pledges included):
who becomes the largest payer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from ioreview.directives.records import load_directive
from ioreview.exc import NotFound
from ioreview.predict import money
from ioreview.predict.backfill import ZERO, ScenarioParams, annual_gap, scenarios
from ioreview.predict.money import Money
from ioreview.predict.ranking import ranked, ranked_assessed

ACTIONS = frozenset({"withdraw", "cease-funding"})


@dataclass
class BodyGap:
    body_id: str
    actor: str
    year: int | None
    contribution: Decimal | None
    revenue: Decimal | None
    revenue_basis: str | None
    gap: Decimal | None
    gap_by_kind: dict[str, Decimal] = field(default_factory=dict)
    scenarios: dict[str, dict[str, Any]] = field(default_factory=dict)
    pledges: list[dict[str, Any]] = field(default_factory=list)
    top_before: list[dict[str, Any]] = field(default_factory=list)
    top_after: list[dict[str, Any]] = field(default_factory=list)
    top_assessed_after: list[dict[str, Any]] = field(default_factory=list)
    not_annual: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    assessed_share: Decimal | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> Decimal | None:
        if self.contribution is None or not self.revenue:
            return None
        return self.contribution / self.revenue

    def to_json(self) -> dict[str, Any]:
        residual = self.scenarios.get("combined", {}).get("residual_usd")
        return {
            "body_id": self.body_id, "actor": self.actor, "year": self.year,
            "actor_contribution_usd": _number(self.contribution), "share": _number(self.share),
            "gap_usd": _number(self.gap), "revenue_usd": _number(self.revenue),
            "revenue_basis": self.revenue_basis,
            "actor_assessed_share": _number(self.assessed_share),
            "gap_by_kind_usd": {k: _number(v) for k, v in sorted(self.gap_by_kind.items())},
            "scenarios": {name: _plain(values) for name, values in self.scenarios.items()},
            "residual_gap_usd": _number(residual),
            "pledges": self.pledges, "top_contributors_before": self.top_before,
            "top_contributors_after": self.top_after,
            "largest_payer_after": self.top_after[0]["actor"] if self.top_after else None,
            "top_assessed_after": self.top_assessed_after,
            "exact_usd": {
                "actor_contribution": _text(self.contribution), "revenue": _text(self.revenue),
                "gap": _text(self.gap),
            },
            "contribution_sources": self.sources, "not_annual_figures": self.not_annual, "missing": self.missing,
        }  # fmt: skip


def body_gap(
    connection: Connection,
    actor: str,
    body: str,
    *,
    year: int | None = None,
    params: ScenarioParams | None = None,
    pledges_since: date | None = None,
    top: int = 5,
) -> BodyGap:
    """The gap ``actor``'s exit leaves in ``body`` in ``year`` (default: its latest money year)."""
    params = params or ScenarioParams()
    contributions = money.money_events(connection, body, "contribution")
    years = money.years_with_money(contributions, actor)
    chosen = year if year is not None else (years[-1] if years else None)
    result = BodyGap(body, actor, chosen, None, None, None, None)
    result.not_annual = [_figure(m) for m in contributions if m.actor == actor and
                         (m.kind not in money.ANNUAL_KINDS or m.currency != money.USD)]  # fmt: skip
    if chosen is None:
        result.missing.append(f"no annual USD contribution of {actor} to {body} in the ledger")
        return result
    flows = money.annual(contributions, chosen)
    mine = [m for m in flows if m.actor == actor]
    if not mine:
        result.missing.append(f"no annual USD contribution of {actor} to {body} in {chosen}")
        return result
    totals = money.by_actor(flows)
    result.contribution = totals[actor]
    result.gap_by_kind = money.by_kind(mine)
    result.sources = [_figure(m) for m in mine]
    result.revenue = money.ceb_revenue_of(connection, body, chosen)
    if result.revenue is None:
        result.missing.append(f"no CEB revenue for {body} in {chosen}: its share is unknown")
    else:
        result.revenue_basis = "CEB revenue by entity (table ceb_revenue)"
    share = result.share
    if share is None or result.revenue is None:
        result.gap = result.contribution
    else:
        result.gap = annual_gap(share, result.revenue)
    named = _pledges(connection, body, actor, chosen, pledges_since)
    result.pledges = [item for item, _ in named]
    pledged = sum((amount for _, amount in named), ZERO)
    others = sum((v for a, v in totals.items() if a != actor), ZERO)
    result.scenarios = scenarios(result.gap, result.revenue, others, pledged, params)
    added: dict[str, Decimal] = {}
    for item, amount in named:
        added[item["actor"]] = added.get(item["actor"], ZERO) + amount
    result.top_before = ranked(totals, top)
    after = {a: v for a, v in totals.items() if a != actor}
    for who, amount in added.items():
        after[who] = after.get(who, ZERO) + amount
    result.top_after = ranked(after, top, before=totals)
    assessed = money.by_actor(m for m in flows if m.kind == "assessed")
    result.top_assessed_after = ranked_assessed(assessed, actor, top)
    total_assessed = sum(assessed.values(), ZERO)
    if actor in assessed and total_assessed > 0:
        result.assessed_share = assessed[actor] / total_assessed
    return result


def directive_gaps(
    connection: Connection,
    directive_id: str,
    *,
    year: int | None = None,
    body: str | None = None,
    params: ScenarioParams | None = None,
    top: int = 5,
) -> list[BodyGap]:
    """``body_gap`` for every body the directive orders a withdrawal or funding stop for."""
    directive = load_directive(connection, directive_id)
    items = [item for item in directive.items if item.action in ACTIONS]
    if body is not None:
        items = [item for item in items if item.body_id == body]
        if not items:
            raise NotFound(
                f"body {body!r} is not a withdrawal or funding item of directive "
                f"{directive_id!r}: see `ioreview directive show {directive_id}`"
            )
    seen: set[tuple[str, str]] = set()
    out = []
    for item in items:
        if (item.actor, item.body_id) in seen:
            continue
        seen.add((item.actor, item.body_id))
        since = item.directed or directive.date
        out.append(
            body_gap(connection, item.actor, item.body_id, year=year, params=params,
                     pledges_since=since, top=top)
        )  # fmt: skip
    return out


def _pledges(
    connection: Connection, body: str, actor: str, year: int, since: date | None
) -> list[tuple[dict[str, Any], Decimal]]:
    """Other actors' dated USD pledges for ``body`` made on or after ``since``, per year."""
    out = []
    for pledge in money.money_events(connection, body, "pledge"):
        if pledge.actor == actor or pledge.start is None or pledge.currency != money.USD:
            continue
        if since is not None and pledge.start < since:
            continue
        years = _pledge_years(pledge)
        per_year = pledge.amount / years
        item = {
            "actor": pledge.actor, "amount_usd": float(pledge.amount),
            "per_year_usd": float(per_year), "years": years,
            "from": pledge.start.isoformat(), "source": pledge.source, "seq": pledge.seq,
            "counted_for_year": year,
        }  # fmt: skip
        out.append((item, per_year))
    return out


def _pledge_years(pledge: Money) -> int:
    """Years a pledge is spread over: payload ``years``, else its valid interval, else 1."""
    stated = pledge.payload.get("years")
    if isinstance(stated, int) and stated > 0:
        return stated
    if pledge.start is not None and pledge.end is not None:
        return max(1, math.ceil((pledge.end - pledge.start).days / 365.25 - 1e-9))
    return 1


def _figure(item: Money) -> dict[str, Any]:
    return {
        "seq": item.seq, "kind": item.kind, "amount": str(item.amount),
        "currency": item.currency, "from": item.start.isoformat() if item.start else None,
        "source": item.source,
    }  # fmt: skip


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in values.items()}
