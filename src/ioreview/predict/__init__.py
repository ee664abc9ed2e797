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

from ioreview.predict.backfill import ScenarioParams, annual_gap
from ioreview.predict.gap import BodyGap, body_gap, directive_gaps
from ioreview.predict.indicator import latest_withdrawal_risk, withdrawal_risk
from ioreview.predict.network import NetworkResult, network_position
from ioreview.predict.risk import RiskReport, evaluate_risk
from ioreview.predict.series import Series, compute_series

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
