"""Rankings of contributors (1 = largest payer), with the rank each held before a change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def order(totals: dict[str, Decimal]) -> list[str]:
    """Actors by amount, largest first; ties by actor id, so the order is stable."""
    return sorted(totals, key=lambda actor: (-totals[actor], actor))


def ranked(
    totals: dict[str, Decimal], top: int, *, before: dict[str, Decimal] | None = None
) -> list[dict[str, Any]]:
    """The ``top`` actors of ``totals``; with ``before``, each actor's earlier rank too."""
    earlier = {actor: n for n, actor in enumerate(order(before), 1)} if before else {}
    out = []
    for rank, actor in enumerate(order(totals)[:top], 1):
        entry: dict[str, Any] = {"actor": actor, "rank": rank, "amount_usd": float(totals[actor])}
        if before is not None:
            entry["rank_before"] = earlier.get(actor)
        out.append(entry)
    return out


def ranked_assessed(assessed: dict[str, Decimal], leaving: str, top: int) -> list[dict[str, Any]]:
    """Assessed payers without ``leaving``: shares of assessed money before and after its exit.

    ``share_after`` is each payer's share once the leaving actor's part is spread over the
    others in proportion to their assessments (the scale rescaled to 100%).
    """
    total = sum(assessed.values(), Decimal(0))
    remaining = total - assessed.get(leaving, Decimal(0))
    before = {actor: n for n, actor in enumerate(order(assessed), 1)}
    others = {a: v for a, v in assessed.items() if a != leaving}
    out = []
    for rank, actor in enumerate(order(others)[:top], 1):
        amount = others[actor]
        out.append({
            "actor": actor, "rank": rank, "rank_before": before[actor],
            "assessed_usd": float(amount),
            "share_before": float(amount / total) if total > 0 else None,
            "share_after": float(amount / remaining) if remaining > 0 else None,
        })  # fmt: skip
    return out
