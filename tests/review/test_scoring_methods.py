"""Aggregation methods against published worked examples, and their invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioreview.lenses import Thresholds
from ioreview.review.robustness import determine_codes
from ioreview.review.scoring import (
    coverage,
    normalize_weights,
    topsis,
    topsis_pymcdm,
    topsis_samples,
    wsm,
)

SCORE = st.floats(0, 4, allow_nan=False)
WEIGHT = st.floats(0.01, 10, allow_nan=False)
NO_GATES = (np.array([-1]), np.array([-1]))


def test_topsis_tzeng_huang_2011() -> None:
    """Tzeng, G.-H., & Huang, J.-J. (2011). *Multiple Attribute Decision Making: Methods and
    Applications*. CRC Press: four alternatives, three benefit criteria, weights 0.3/0.4/0.3,
    vector normalization; relative closeness 0.5037, 0.6581, 0.7482, 0.3340. The numbers as
    used by scikit-criteria's ``tests/agg/test_topsis.py::test_TOPSIS_tzeng2011multiple``."""
    matrix = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]])
    found = topsis(matrix, np.array([0.3, 0.4, 0.3]), np.array([1, 1, 1]), "vector")
    assert found == pytest.approx([0.5037, 0.6581, 0.7482, 0.3340], abs=1e-4)


def test_wsm_triantaphyllou_example() -> None:
    """Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A Comparative
    Study*. Kluwer, as in the worked example of Wikipedia's "Weighted sum model" article: weights
    0.20/0.15/0.40/0.25; A1 = (25, 20, 15, 30), A2 = (10, 30, 20, 30), A3 = (30, 10, 30, 10);
    WSM scores 21.50, 22.00, 22.00."""
    matrix = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
    assert wsm(matrix, np.array([0.20, 0.15, 0.40, 0.25])) == pytest.approx([21.5, 22.0, 22.0])


def test_pymcdm_topsis_and_the_vectorized_topsis_agree() -> None:
    rng = np.random.default_rng(3)
    scores = rng.uniform(0, 4, (30, 6))
    scores[rng.uniform(size=scores.shape) < 0.3] = np.nan
    scores[0] = np.nan
    weights = normalize_weights(rng.uniform(0.1, 1, 6))
    expected = topsis_pymcdm(scores, weights)
    found = topsis_samples(scores, weights[None, :])[0]
    assert np.isnan(found[0]) and np.isnan(expected[0])
    assert found[1:] == pytest.approx(expected[1:])


@given(st.lists(WEIGHT, min_size=1, max_size=12))
def test_weights_normalize(weights: list[float]) -> None:
    found = normalize_weights(np.array(weights))
    assert found.sum() == pytest.approx(1.0)
    assert np.all(found > 0)


@settings(max_examples=200)
@given(
    st.lists(st.tuples(SCORE, WEIGHT, st.booleans()), min_size=2, max_size=10),
    st.integers(0, 9),
    st.floats(0, 4),
    st.sampled_from(["wsm", "topsis"]),
)
def test_raising_a_score_never_moves_toward_withdraw(
    rows: list[tuple[float, float, bool]], index: int, raised: float, method: str
) -> None:
    index %= len(rows)
    scores = np.array([[s if present or i == index else np.nan for i, (s, _, present) in
                        enumerate(rows)]])  # fmt: skip
    weights = np.array([w for _, w, _ in rows])
    higher = scores.copy()
    higher[0, index] = max(scores[0, index], raised)
    run = wsm if method == "wsm" else topsis_pymcdm
    before, after = run(scores, weights)[0], run(higher, weights)[0]
    assert after >= before - 1e-9
    thresholds = Thresholds()
    first = determine_codes(np.array([before]), thresholds, NO_GATES)[0]
    second = determine_codes(np.array([after]), thresholds, NO_GATES)[0]
    assert second >= first  # codes: 0 withdraw, 1 review, 2 remain


@given(st.lists(st.tuples(SCORE, WEIGHT), min_size=2, max_size=10), st.integers(0, 9))
def test_missing_evidence_is_never_zero(rows: list[tuple[float, float]], index: int) -> None:
    index %= len(rows)
    scores = np.array([[s for s, _ in rows]])
    weights = np.array([w for _, w in rows])
    gap = scores.copy()
    gap[0, index] = np.nan
    kept = [i for i in range(len(rows)) if i != index]
    expected = np.average(scores[0, kept], weights=weights[kept])
    assert wsm(gap, weights)[0] == pytest.approx(expected)
    zero = scores.copy()
    zero[0, index] = 0.0
    assert coverage(gap, weights)[0] == pytest.approx(1 - weights[index] / weights.sum())
    if scores[0, kept].max() > 0 and weights[index] > 0:
        assert wsm(gap, weights)[0] > wsm(zero, weights)[0] - 1e-12


def test_a_body_without_evidence_has_no_aggregate() -> None:
    scores = np.array([[np.nan, np.nan]])
    assert np.isnan(wsm(scores, np.array([1.0, 1.0]))[0])
    assert np.isnan(topsis_pymcdm(scores, np.array([1.0, 1.0]))[0])
    assert coverage(scores, np.array([1.0, 1.0]))[0] == 0


@given(st.floats(0, 4), st.sampled_from([0, 1, 2]))
def test_a_gate_overrides_the_aggregate(value: float, forced: int) -> None:
    thresholds = Thresholds()
    gated = determine_codes(np.array([value]), thresholds, (np.array([forced]), np.array([-1])))
    assert gated[0] == forced
    floor = determine_codes(np.array([value]), thresholds, (np.array([-1]), np.array([forced])))
    assert floor[0] >= forced
