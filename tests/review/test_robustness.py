"""Robustness: Dirichlet weight samples, acceptabilities, rank intervals, seeds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioreview.lenses import Thresholds
from ioreview.review.robustness import robustness, sample_weights

RNG = np.random.default_rng(11)
SCORES = RNG.uniform(0, 4, (40, 8))
SCORES[RNG.uniform(size=SCORES.shape) < 0.2] = np.nan
WEIGHTS = RNG.uniform(0.2, 1.0, 8)
GATES = (np.full(40, -1), np.full(40, -1))
ALL = np.ones(40, dtype=bool)


def test_samples_centre_on_the_lens_weights() -> None:
    drawn = sample_weights(WEIGHTS, 20000, 100.0, 0)
    assert drawn.sum(axis=1) == pytest.approx(np.ones(20000))
    assert drawn.mean(axis=0) == pytest.approx(WEIGHTS / WEIGHTS.sum(), abs=2e-3)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["wsm", "topsis"]))
def test_a_seed_gives_identical_results(seed: int, method: str) -> None:
    first = robustness(SCORES, WEIGHTS, Thresholds(), GATES, ALL, method, 300, 50.0, seed)
    second = robustness(SCORES, WEIGHTS, Thresholds(), GATES, ALL, method, 300, 50.0, seed)
    assert np.array_equal(first.acceptability, second.acceptability)
    assert np.array_equal(first.rank_low, second.rank_low)
    assert np.array_equal(first.rank_high, second.rank_high)


def test_acceptabilities_sum_to_one_and_intervals_hold_ranks() -> None:
    found = robustness(SCORES, WEIGHTS, Thresholds(), GATES, ALL, "wsm", 3000, 100.0, 1)
    assert found.acceptability.sum(axis=1) == pytest.approx(np.ones(40))
    assert np.all(found.rank_low >= 1) and np.all(found.rank_high <= 40)
    assert np.all(found.rank_low <= found.rank_high)


def test_excluded_bodies_get_no_acceptability() -> None:
    included = ALL.copy()
    included[:5] = False
    found = robustness(SCORES, WEIGHTS, Thresholds(), GATES, included, "wsm", 200, 100.0, 1)
    assert np.all(found.acceptability[:5] == 0)
    assert found.acceptability[5:].sum(axis=1) == pytest.approx(np.ones(35))


def test_higher_concentration_narrows_the_spread() -> None:
    loose = robustness(SCORES, WEIGHTS, Thresholds(), GATES, ALL, "wsm", 3000, 5.0, 2)
    tight = robustness(SCORES, WEIGHTS, Thresholds(), GATES, ALL, "wsm", 3000, 5000.0, 2)
    assert np.mean(tight.acceptability.max(axis=1)) > np.mean(loose.acceptability.max(axis=1))
    width = lambda r: np.mean(r.rank_high - r.rank_low)  # noqa: E731
    assert width(tight) < width(loose)


def test_a_forced_gate_holds_in_every_sample() -> None:
    forced = np.full(40, -1)
    forced[3] = 0
    found = robustness(SCORES, WEIGHTS, Thresholds(), (forced, GATES[1]), ALL, "wsm", 500)
    assert found.acceptability[3].tolist() == [1.0, 0.0, 0.0]
