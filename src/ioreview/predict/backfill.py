"""Backfill scenarios for a funding gap: who or what could cover the money an actor withdraws.

Each scenario returns what it covers and the residual gap, in exact decimals:

- ``pro_rata``: the remaining state contributors raise their contributions by one common
  rate (the rate that closes the gap);
- ``pledges``: named pledges of other actors (ledger ``pledge`` events), per year;
- ``philanthropy``: a share of the gap covered by philanthropic substitution, a parameter
  that defaults to 0 (no philanthropic money is assumed unless the analyst sets it);
- ``budget_cut``: the body cuts its budget by a share of its revenue (default: the share that
  closes the gap);
- ``combined``: pledges, then philanthropy, then the given budget cut (none by default), and
  the pro-rata rate that would close what remains.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ioreview.exc import InvalidData

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ScenarioParams:
    """Analyst parameters of the scenarios (shares between 0 and 1)."""

    philanthropy_share: Decimal = ZERO
    budget_cut_share: Decimal | None = None

    def __post_init__(self) -> None:
        _share(self.philanthropy_share, "philanthropy share")
        if self.budget_cut_share is not None:
            _share(self.budget_cut_share, "budget cut share")


def annual_gap(share: Decimal, budget: Decimal, years: int = 1) -> Decimal:
    """The yearly money an actor withdraws: its ``share`` of a ``budget`` covering ``years``,
    rounded to the cent."""
    if years < 1:
        raise InvalidData(f"budget period {years!r} years: expected a whole number of at least 1")
    return (share * budget / years).quantize(CENT)


def scenarios(
    gap: Decimal,
    revenue: Decimal | None,
    others: Decimal,
    pledged: Decimal,
    params: ScenarioParams,
) -> dict[str, dict[str, Any]]:
    """The five scenarios for ``gap``; ``others`` is the remaining state contributors' total."""
    rate = _ratio(gap, others)
    covered_pledges = min(max(pledged, ZERO), gap)
    philanthropy = params.philanthropy_share * gap
    required_cut = _ratio(gap, revenue)
    cut_share = params.budget_cut_share if params.budget_cut_share is not None else required_cut
    cut = ZERO if cut_share is None or revenue is None else min(cut_share * revenue, gap)
    given_cut = ZERO
    if params.budget_cut_share is not None and revenue is not None:
        given_cut = params.budget_cut_share * revenue
    remaining = max(gap - covered_pledges - philanthropy - given_cut, ZERO)
    return {
        "pro_rata": {
            "increase_rate": rate, "covered_usd": gap if rate is not None else ZERO,
            "residual_usd": ZERO if rate is not None else gap,
        },
        "pledges": {"pledged_usd": pledged, "covered_usd": covered_pledges,
                    "residual_usd": gap - covered_pledges},
        "philanthropy": {
            "share": params.philanthropy_share, "covered_usd": philanthropy,
            "residual_usd": gap - philanthropy,
            "note": "analyst parameter; default 0: no philanthropic money is assumed",
        },
        "budget_cut": {
            "required_cut_share": required_cut, "cut_share": cut_share, "covered_usd": cut,
            "residual_usd": gap - cut,
        },
        "combined": {
            "covered_usd": gap - remaining, "residual_usd": remaining,
            "pro_rata_rate_for_residual": _ratio(remaining, others),
            "steps": ["pledges", "philanthropy", "budget_cut (given share only)"],
        },
    }  # fmt: skip


def _ratio(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if whole is None or whole <= 0:
        return None
    return part / whole


def _share(value: Decimal, what: str) -> None:
    if not (ZERO <= value <= 1):
        raise InvalidData(f"{what} {str(value)!r}: expected a share between 0 and 1")
