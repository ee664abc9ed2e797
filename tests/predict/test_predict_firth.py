"""Firth logit: agrees with ML where it should, with known closed forms, and with a direct
numerical maximisation of the penalized likelihood."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

from ioreview.exc import InvalidData
from ioreview.predict.firth import firth_logit


def _data(seed: int, rows: int = 1500) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.column_stack([np.ones(rows), rng.normal(size=rows), rng.normal(5, 3, size=rows)])
    p = 1 / (1 + np.exp(-(x @ np.array([-2.5, 0.8, -0.1]))))
    return x, (rng.random(rows) < p).astype(float)


def test_unpenalized_fit_equals_scikit_learn_maximum_likelihood() -> None:
    x, y = _data(1)
    ours = firth_logit(x, y, ("c", "a", "b"), penalized=False)
    reference = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(x[:, 1:], y)
    expected = np.concatenate([reference.intercept_, reference.coef_[0]])
    assert ours.converged
    np.testing.assert_allclose(ours.coef, expected, rtol=1e-5, atol=1e-6)


def test_firth_on_a_two_by_two_table_adds_one_half_to_each_cell() -> None:
    # Firth (1993); Heinze & Schemper (2002), Stat. Med. 21: 2409-2419: for a single binary
    # covariate the penalized estimate is the log odds ratio of the table with 1/2 added to
    # every cell.
    cells = {(0, 0): 30, (0, 1): 2, (1, 0): 20, (1, 1): 8}
    group = np.repeat([g for g, _ in cells], list(cells.values()))
    outcome = np.repeat([o for _, o in cells], list(cells.values())).astype(float)
    fit = firth_logit(np.column_stack([np.ones(len(group)), group]), outcome, ("c", "x"))
    intercept = np.log((cells[(0, 1)] + 0.5) / (cells[(0, 0)] + 0.5))
    slope = np.log((cells[(1, 1)] + 0.5) / (cells[(1, 0)] + 0.5)) - intercept
    np.testing.assert_allclose(fit.coef, [intercept, slope], rtol=1e-8)


def test_firth_stays_finite_under_complete_separation() -> None:
    group = np.array([0, 0, 0, 0, 1, 1, 1, 1], dtype=float)
    x = np.column_stack([np.ones(8), group])
    fit = firth_logit(x, group.copy(), ("c", "x"))
    # All four cells 0 or 4: the 1/2 rule gives log(4.5 / 0.5) twice over.
    np.testing.assert_allclose(fit.coef, [np.log(0.5 / 4.5), 2 * np.log(4.5 / 0.5)], rtol=1e-8)
    ml = firth_logit(x, group.copy(), ("c", "x"), penalized=False, max_iter=25)
    assert abs(ml.coef[1]) > 5 * abs(fit.coef[1])


def test_firth_maximises_the_penalized_likelihood() -> None:
    x, y = _data(2, rows=400)

    def negative(beta: np.ndarray) -> float:
        p = 1 / (1 + np.exp(-(x @ beta)))
        info = x.T @ (x * (p * (1 - p))[:, None])
        loglik = np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
        return float(-(loglik + 0.5 * np.linalg.slogdet(info)[1]))

    direct = minimize(negative, np.zeros(3), method="BFGS", options={"gtol": 1e-9}).x
    fit = firth_logit(x, y, ("c", "a", "b"))
    np.testing.assert_allclose(fit.coef, direct, rtol=1e-4, atol=1e-5)
    assert fit.penalized_loglik == pytest.approx(-negative(fit.coef), rel=1e-9)


def test_cluster_robust_errors_match_the_sandwich_formula() -> None:
    x, y = _data(3, rows=600)
    clusters = np.arange(600) % 30
    fit = firth_logit(x, y, ("c", "a", "b"), clusters=clusters, penalized=False)
    p = 1 / (1 + np.exp(-(x @ fit.coef)))
    bread = np.linalg.inv(x.T @ (x * (p * (1 - p))[:, None]))
    scores = np.zeros((30, 3))
    for g in range(30):
        rows = clusters == g
        scores[g] = x[rows].T @ (y[rows] - p[rows])
    sandwich = 30 / 29 * bread @ scores.T @ scores @ bread
    assert fit.se_cluster is not None
    np.testing.assert_allclose(fit.se_cluster, np.sqrt(np.diag(sandwich)), rtol=1e-5)
    np.testing.assert_allclose(fit.se, np.sqrt(np.diag(bread)), rtol=1e-5)


@pytest.mark.parametrize(
    "x, y",
    [
        (np.ones((5, 2)), np.zeros(4)),
        (np.ones((5, 2)), np.array([0, 1, 2, 0, 1], dtype=float)),
        (np.array([[1.0, np.nan]] * 5), np.array([0, 1, 0, 0, 1], dtype=float)),
        (np.ones((2, 2)), np.array([0, 1], dtype=float)),
    ],
    ids=["shape", "non-binary", "missing", "too-few-rows"],
)
def test_bad_designs_are_refused(x: np.ndarray, y: np.ndarray) -> None:
    with pytest.raises(InvalidData):
        firth_logit(x, y, ("c", "x"))
