"""Robustness of determinations to the weights: Dirichlet samples around the lens weights.

Weight vectors are drawn from ``Dirichlet(concentration × w)`` where ``w`` are the lens's
normalized weights: the samples centre on ``w`` and spread less as the concentration grows (each
weight's standard deviation is ``sqrt(w (1 - w) / (concentration + 1))``). For every sample the
aggregates, determinations (with the lens's gates) and ranks are recomputed, vectorized over
samples × bodies. A body's **acceptability** of a determination is the share of samples that
give it; its **rank interval** is the 5th–95th percentile of its rank (1 = highest aggregate)
among the bodies with a determination. A determination is **fragile** when fewer than
``fragile_below`` (default 0.8) of the samples give the determination reached at the lens
weights. Coverage is judged at the lens weights only: sampling moves aggregates, not evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ioreview.lenses import ORDER, Thresholds
from ioreview.review.scoring import aggregate_samples, normalize_weights

DEFAULT_SAMPLES = 2000
DEFAULT_CONCENTRATION = 100.0
CHUNK = 2048
#: Gate rules per body: a forced code (or -1) and a floor code (or -1); codes index ``ORDER``.
Gating = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Robustness:
    """Per body (rows in input order): acceptability of each of ``ORDER`` and rank interval."""

    acceptability: np.ndarray  # bodies × 3, rows of zeros for bodies left out
    rank_low: np.ndarray  # best (smallest) rank of the interval; 0 when left out
    rank_high: np.ndarray
    samples: int
    concentration: float
    seed: int


def sample_weights(
    weights: np.ndarray, samples: int, concentration: float, seed: int
) -> np.ndarray:
    """``samples`` × criteria weight vectors from ``Dirichlet(concentration × w)``."""
    rng = np.random.default_rng(seed)
    return rng.dirichlet(concentration * normalize_weights(weights), size=samples)


def determine_codes(aggregates: np.ndarray, thresholds: Thresholds, gating: Gating) -> np.ndarray:
    """Determination codes (0 withdraw, 1 review, 2 remain) for aggregates of any shape."""
    codes = np.where(
        aggregates < thresholds.withdraw_below,
        0,
        np.where(aggregates < thresholds.review_below, 1, 2),
    )
    forced, floor = gating
    codes = np.maximum(codes, floor)
    return np.where(forced >= 0, forced, codes)


def robustness(
    scores: np.ndarray,
    weights: np.ndarray,
    thresholds: Thresholds,
    gating: Gating,
    included: np.ndarray,
    method: str = "wsm",
    samples: int = DEFAULT_SAMPLES,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> Robustness:
    """Acceptabilities and rank intervals of the ``included`` bodies (a boolean mask)."""
    bodies = scores.shape[0]
    chosen = np.flatnonzero(included)
    counts = np.zeros((chosen.size, len(ORDER)), dtype=np.int64)
    rank_counts = np.zeros((chosen.size, max(chosen.size, 1)), dtype=np.int64)
    forced, floor = gating[0][chosen], gating[1][chosen]
    sub = scores[chosen]
    drawn = sample_weights(weights, samples if chosen.size else 0, concentration, seed)
    for start in range(0, drawn.shape[0], CHUNK):
        block = drawn[start : start + CHUNK]
        values = aggregate_samples(sub, block, method)
        codes = determine_codes(values, thresholds, (forced, floor))
        for code in range(len(ORDER)):
            counts[:, code] += np.count_nonzero(codes == code, axis=0)
        ranks = _ranks(values)
        flat = ranks + np.arange(chosen.size)[None, :] * chosen.size
        rank_counts += np.bincount(flat.ravel(), minlength=chosen.size * chosen.size).reshape(
            chosen.size, chosen.size
        )
    acceptability = np.zeros((bodies, len(ORDER)))
    low, high = np.zeros(bodies, dtype=int), np.zeros(bodies, dtype=int)
    if chosen.size:
        acceptability[chosen] = counts / samples
        cumulative = np.cumsum(rank_counts, axis=1) / samples
        low[chosen] = 1 + np.argmax(cumulative >= 0.05, axis=1)
        high[chosen] = 1 + np.argmax(cumulative >= 0.95, axis=1)
    return Robustness(acceptability, low, high, samples, concentration, seed)


def _ranks(values: np.ndarray) -> np.ndarray:
    """0-based ranks per row, highest value first; NaN (no aggregate) ranks last."""
    keyed = np.where(np.isnan(values), -np.inf, values)
    order = np.argsort(-keyed, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(values.shape[1])[None, :], axis=1)
    return ranks
