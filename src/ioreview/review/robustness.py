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
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # no stubs

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
    drawn = rng.dirichlet(concentration * normalize_weights(weights), size=samples)
    # A tiny concentration can underflow a weight to exactly 0, which would leave a body whose
    # only evidence sits on that criterion without an aggregate; keep every weight positive.
    drawn = np.maximum(drawn, 1e-12)
    return np.asarray(drawn / drawn.sum(axis=1, keepdims=True))


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
    count = chosen.size
    acceptability = np.zeros((bodies, len(ORDER)))
    low, high = np.zeros(bodies, dtype=int), np.zeros(bodies, dtype=int)
    if count == 0:
        return Robustness(acceptability, low, high, samples, concentration, seed)
    # The products here have one tiny dimension (the criteria): BLAS threads only contend
    # (measured: single-threaded is about twice as fast on a loaded 2-core machine).
    with threadpool_limits(limits=1, user_api="blas"):
        return _robustness(scores, weights, thresholds, gating, chosen, method, samples,
                           concentration, seed)  # fmt: skip


def _robustness(
    scores: np.ndarray,
    weights: np.ndarray,
    thresholds: Thresholds,
    gating: Gating,
    chosen: np.ndarray,
    method: str,
    samples: int,
    concentration: float,
    seed: int,
) -> Robustness:
    bodies, count = scores.shape[0], chosen.size
    acceptability = np.zeros((bodies, len(ORDER)))
    low, high = np.zeros(bodies, dtype=int), np.zeros(bodies, dtype=int)
    forced, floor = gating[0][chosen], gating[1][chosen]
    sub = scores[chosen]
    drawn = sample_weights(weights, samples, concentration, seed)
    counts = np.zeros((len(ORDER), count), dtype=np.int64)
    histogram = np.zeros(count * count, dtype=np.int64)
    # Ascending sort positions map to ranks from the top: the highest value gets rank 0.
    from_top = np.arange(count - 1, -1, -1, dtype=np.int32)
    offsets = np.arange(count, dtype=np.int32)[None, :] * count
    gated = bool((forced >= 0).any() or (floor >= 0).any())
    for start in range(0, samples, CHUNK):
        values = aggregate_samples(sub, drawn[start : start + CHUNK], method)
        if gated:
            codes = determine_codes(values, thresholds, (forced, floor))
            for code in range(len(ORDER)):
                counts[code] += np.count_nonzero(codes == code, axis=0)
        else:  # no gate: count the threshold bands directly
            withdraw = np.count_nonzero(values < thresholds.withdraw_below, axis=0)
            below_remain = np.count_nonzero(values < thresholds.review_below, axis=0)
            counts[0] += withdraw
            counts[1] += below_remain - withdraw
            counts[2] += values.shape[0] - below_remain
        # float32 keys sort about three times faster; NaN (no aggregate) ranks last.
        keys = values.astype(np.float32)
        if np.isnan(keys).any():
            keys = np.nan_to_num(keys, nan=-np.inf)
        order = np.argsort(keys, axis=1)
        ranks = np.empty(order.shape, dtype=np.int32)
        ranks[np.arange(order.shape[0])[:, None], order] = from_top
        histogram += np.bincount((ranks + offsets).ravel(), minlength=count * count)
    cumulative = np.cumsum(histogram.reshape(count, count), axis=1) / samples
    acceptability[chosen] = counts.T / samples
    low[chosen] = 1 + np.argmax(cumulative >= 0.05, axis=1)
    high[chosen] = 1 + np.argmax(cumulative >= 0.95, axis=1)
    return Robustness(acceptability, low, high, samples, concentration, seed)
