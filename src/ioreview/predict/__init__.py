"""Predict: funding gaps and backfill, history series, network position, withdrawal risk.

- ``compute_series`` (``series``): IGOs per year, births, deaths, memberships per state per
  year with the counting rules of Pevehouse et al. (2020), checked against published figures;
- ``directive_gaps`` / ``body_gap`` (``gap``): the money an actor's exit withdraws from each
  body, backfill scenarios (``backfill``) and the new largest payers; ``annual_gap`` is the
  gap formula itself;
- ``network_position`` (``network``): ranks under several centrality measures, before and
  after a directive's exits, and who gains;
- ``evaluate_risk`` (``risk``): a Firth logit (``firth``) of observed COW exits, signs
  against the published Table 1, out-of-time AUC against a baseline;
  ``withdrawal_risk`` (``indicator``): the per (state, body, year) probability for reviews;
- ``charts``: Altair charts of these results and ``to_svg``.
"""

from __future__ import annotations

import importlib
from typing import Any

# Names resolve on first use (PEP 562), so importing a light submodule (as the CLI does at
# start-up) does not load scikit-learn, SciPy and networkx.
_EXPORTS = {
    "BodyGap": "gap", "NetworkResult": "network", "RiskReport": "risk",
    "ScenarioParams": "backfill", "Series": "series", "annual_gap": "backfill",
    "body_gap": "gap", "compute_series": "series", "directive_gaps": "gap",
    "evaluate_risk": "risk", "latest_withdrawal_risk": "indicator",
    "network_position": "network", "withdrawal_risk": "indicator",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ioreview.predict' has no attribute {name!r}")
    return getattr(importlib.import_module(f"ioreview.predict.{module}"), name)


__all__ = [
    "BodyGap",
    "NetworkResult",
    "RiskReport",
    "ScenarioParams",
    "Series",
    "annual_gap",
    "body_gap",
    "compute_series",
    "directive_gaps",
    "evaluate_risk",
    "latest_withdrawal_risk",
    "network_position",
    "withdrawal_risk",
]
