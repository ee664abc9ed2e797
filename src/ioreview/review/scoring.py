"""Aggregation of 0–4 criterion scores: weighted sum (default) and TOPSIS (through pymcdm).

Missing scores are NaN and never count as zero:

- **Weighted sum (WSM).** ``aggregate_i = Σ_j w_j s_ij / Σ_j w_j`` over the criteria with
  evidence for body i (the weights of missing criteria are left out and the rest renormalized).
- **TOPSIS.** On the fixed 0–4 scale the ideal is 4 and the anti-ideal 0 on every criterion
  (two reference rows are added before pymcdm's min-max normalization, so the ideal does not
  depend on which bodies are under review). The closeness ``d⁻ / (d⁺ + d⁻)`` times 4 gives an
  aggregate on 0–4. Missing criteria drop out of both distances; rescaling the weights of the
  remaining criteria scales both distances alike, so no renormalization is needed.
- **Coverage** is the share of the (normalized) weight that has evidence.

``wsm_samples`` and ``topsis_samples`` compute the same aggregates for many weight vectors at
once (numpy, samples × bodies), for the robustness analysis.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ioreview.exc import InvalidData
from ioreview.lenses import SCALE_TOP

METHODS = ("wsm", "topsis")
NORMALIZATIONS = ("minmax", "vector")


def _pymcdm_topsis(normalization: str) -> Any:
    # Imported on use: pymcdm loads matplotlib, half a second that most runs never need.
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS

    return TOPSIS(normalization_function=getattr(normalizations, f"{normalization}_normalization"))


def normalize_weights(weights: np.ndarray) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 1 or weights.size == 0 or np.any(weights < 0) or weights.sum() <= 0:
        raise InvalidData(f"weights {weights.tolist()!r}: expected non-negative, not all zero")
    return np.asarray(weights / weights.sum(), dtype=float)


def coverage(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Share of the weight with evidence, per body."""
    weights = normalize_weights(weights)
    return np.asarray((~np.isnan(scores)) @ weights, dtype=float)


def wsm(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted sum over available criteria; NaN for a body without any evidence."""
    return np.asarray(wsm_samples(scores, normalize_weights(weights)[None, :])[0])


def wsm_samples(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Samples × bodies weighted sums for a samples × criteria weight matrix."""
    present = ~np.isnan(scores)
    if present.all():  # every criterion has evidence: the denominator is the weight sum
        return np.asarray((weights @ scores.T) / weights.sum(axis=1)[:, None])
    filled = np.where(present, scores, 0.0)
    numerator = weights @ filled.T
    denominator = weights @ present.T.astype(weights.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(denominator > 0, numerator / denominator, np.nan))


def topsis_samples(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Samples × bodies TOPSIS aggregates (fixed ideal 4, anti-ideal 0) on 0–4."""
    present = ~np.isnan(scores)
    normalized = np.where(present, scores, 0.0) / SCALE_TOP
    squared = weights * weights
    to_ideal = np.sqrt(squared @ (present * (1.0 - normalized) ** 2).T)
    to_anti = np.sqrt(squared @ (present * normalized**2).T)
    total = to_ideal + to_anti
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, SCALE_TOP * to_anti / total, np.nan)


def topsis_pymcdm(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """TOPSIS aggregates on 0–4 computed by pymcdm, one call per pattern of missing criteria."""
    weights = normalize_weights(weights)
    result = np.full(scores.shape[0], np.nan)
    present = ~np.isnan(scores)
    method = _pymcdm_topsis("minmax")
    for pattern in {tuple(row) for row in present}:
        columns = np.array(pattern, dtype=bool)
        rows = np.all(present == columns, axis=1)
        if not columns.any():
            continue
        block = scores[np.ix_(rows, columns)]
        reference = np.vstack([np.full(columns.sum(), SCALE_TOP), np.zeros(columns.sum())])
        matrix = np.vstack([block, reference])
        used = weights[columns] / weights[columns].sum()
        closeness = method(matrix, used, np.ones(columns.sum(), dtype=int), validation=False)
        result[rows] = SCALE_TOP * closeness[: block.shape[0]]
    return result


def topsis(
    matrix: np.ndarray, weights: np.ndarray, types: np.ndarray, normalization: str = "vector"
) -> np.ndarray:
    """Classic TOPSIS closeness (ideal and anti-ideal from the data) through pymcdm."""
    if normalization not in NORMALIZATIONS:
        raise InvalidData(
            f"normalization {normalization!r}: expected one of {list(NORMALIZATIONS)}"
        )
    method = _pymcdm_topsis(normalization)
    return np.asarray(method(np.asarray(matrix, dtype=float), normalize_weights(weights), types))


def aggregate(scores: np.ndarray, weights: np.ndarray, method: str) -> np.ndarray:
    """Aggregates at one weight vector by ``method`` (``wsm`` or ``topsis``)."""
    if method == "wsm":
        return wsm(scores, weights)
    if method == "topsis":
        return topsis_pymcdm(scores, weights)
    raise InvalidData(f"method {method!r}: expected one of {', '.join(METHODS)}")


def aggregate_samples(scores: np.ndarray, weights: np.ndarray, method: str) -> np.ndarray:
    if method == "wsm":
        return wsm_samples(scores, weights)
    if method == "topsis":
        return topsis_samples(scores, weights)
    raise InvalidData(f"method {method!r}: expected one of {', '.join(METHODS)}")


def contributions(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per body and criterion ``w_j s_ij / Σ_available w``: the WSM decomposition (NaN = missing)."""
    weights = normalize_weights(weights)
    present = ~np.isnan(scores)
    available = present @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(available[:, None] > 0, weights[None, :] / available[:, None], np.nan)
    return np.where(present, share * np.where(present, scores, 0.0), np.nan)
