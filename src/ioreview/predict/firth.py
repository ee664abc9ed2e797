"""Firth-penalized logistic regression (Firth 1993; Heinze & Schemper 2002), numpy/scipy only.

The estimate maximizes the log-likelihood plus half the log-determinant of the Fisher
information (Jeffreys prior), which removes the first-order small-sample bias of the ML
estimate and stays finite under separation, the usual remedy for rare events besides King &
Zeng's correction. Newton-Raphson on the modified score

    U*(b) = X' (y - p + h (1/2 - p)),   h = diag(W^1/2 X (X'WX)^-1 X' W^1/2),

with step halving on the penalized log-likelihood. Standard errors: the inverse information
at the estimate (model-based) and, with ``clusters``, the cluster-robust sandwich built from
the modified score contributions, scaled by G / (G - 1). Columns are standardised internally
(the penalty is invariant to linear reparametrisation) and the results transformed back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.linalg import cho_factor, cho_solve, solve_triangular
from scipy.special import expit
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from ioreview.exc import InvalidData

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Fit:
    names: tuple[str, ...]
    coef: FloatArray
    cov: FloatArray
    se_cluster: FloatArray | None
    loglik: float
    penalized_loglik: float
    iterations: int
    converged: bool
    n: int
    events: int
    penalized: bool

    @property
    def se(self) -> FloatArray:
        return np.sqrt(np.diag(self.cov))

    def predict(self, x: FloatArray) -> FloatArray:
        """Probabilities for the rows of ``x`` (same columns as the fit)."""
        result: FloatArray = expit(x @ self.coef)
        return result

    def to_json(self) -> dict[str, Any]:
        cluster = self.se_cluster
        return {
            name: {
                "coef": float(self.coef[j]), "se": float(self.se[j]),
                "se_cluster": None if cluster is None else float(cluster[j]),
            }
            for j, name in enumerate(self.names)
        }  # fmt: skip


def firth_logit(
    x: FloatArray,
    y: FloatArray,
    names: tuple[str, ...],
    *,
    clusters: npt.NDArray[np.int64] | None = None,
    penalized: bool = True,
    max_iter: int = 100,
    tol: float = 1e-8,
) -> Fit:
    """Fit ``y ~ x`` (``x`` holds the intercept column, if any); ``penalized=False`` gives ML."""
    _check(x, y, names)
    with threadpool_limits(1):
        return _fit(x, y, names, clusters, penalized, max_iter, tol)


def _fit(
    x: FloatArray,
    y: FloatArray,
    names: tuple[str, ...],
    clusters: npt.NDArray[np.int64] | None,
    penalized: bool,
    max_iter: int,
    tol: float,
) -> Fit:
    scaled, transform = _standardise(x)
    beta = np.zeros(x.shape[1])
    current = _objective(scaled, y, beta, penalized)
    converged, iterations = False, 0
    while iterations < max_iter:
        iterations += 1
        step = _newton_step(scaled, y, beta, penalized)
        size = 1.0
        candidate = beta + step
        value = _objective(scaled, y, candidate, penalized)
        while value < current - 1e-12 and size > 1e-6:
            size /= 2
            candidate = beta + size * step
            value = _objective(scaled, y, candidate, penalized)
        beta, current = candidate, value
        if np.max(np.abs(size * step)) < tol:
            converged = True
            break
    info = _information(scaled, expit(scaled @ beta))
    inverse = cho_solve(cho_factor(info), np.eye(len(beta)))
    cov = transform @ inverse @ transform.T
    se_cluster = None
    if clusters is not None:
        robust = _sandwich(scaled, y, beta, inverse, clusters, penalized)
        se_cluster = np.sqrt(np.diag(transform @ robust @ transform.T))
    p = expit(scaled @ beta)
    # I* = A' I A on the standardised scale, so log|I| = log|I*| - 2 log|det A|.
    penalty_shift = float(np.log(abs(np.linalg.det(transform)))) if penalized else 0.0
    return Fit(
        names=names, coef=transform @ beta, cov=cov, se_cluster=se_cluster,
        loglik=_loglik(y, p), penalized_loglik=current - penalty_shift, iterations=iterations,
        converged=converged, n=len(y), events=int(y.sum()), penalized=penalized,
    )  # fmt: skip


def _check(x: FloatArray, y: FloatArray, names: tuple[str, ...]) -> None:
    if x.ndim != 2 or x.shape[0] != y.shape[0] or x.shape[1] != len(names):
        raise InvalidData(
            f"design of shape {x.shape!r} with {len(y)} outcomes and {len(names)} names: "
            "expected one row per outcome and one name per column"
        )
    if not np.all(np.isfinite(x)) or not np.all((y == 0) | (y == 1)):
        raise InvalidData("design or outcome holds missing or non-binary values: expected 0/1")
    if x.shape[0] <= x.shape[1]:
        raise InvalidData(f"{x.shape[0]} rows for {x.shape[1]} columns: expected more rows")


def _standardise(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``x @ A`` with non-constant columns centred and scaled, and ``A`` (so b = A b*)."""
    mean, spread = x.mean(axis=0), x.std(axis=0)
    constant = spread == 0
    has_intercept = bool(np.any(constant & (mean != 0)))
    transform = np.eye(x.shape[1])
    intercept = int(np.argmax(constant & (mean != 0))) if has_intercept else None
    for j in range(x.shape[1]):
        if constant[j]:
            continue
        transform[j, j] = 1.0 / spread[j]
        if intercept is not None:
            transform[intercept, j] = -mean[j] / spread[j] / mean[intercept]
    return x @ transform, transform


def _information(x: FloatArray, p: FloatArray) -> FloatArray:
    weighted = x * (p * (1.0 - p))[:, None]
    info: FloatArray = x.T @ weighted
    return info


def _hat(x: FloatArray, p: FloatArray, info: FloatArray) -> FloatArray:
    """Diagonal of the weighted hat matrix W^1/2 X (X'WX)^-1 X' W^1/2."""
    lower = np.linalg.cholesky(info)
    root = x * np.sqrt(p * (1.0 - p))[:, None]
    solved = solve_triangular(lower, root.T, lower=True)
    hat: FloatArray = np.einsum("ij,ij->j", solved, solved)
    return hat


def _newton_step(x: FloatArray, y: FloatArray, beta: FloatArray, penalized: bool) -> FloatArray:
    p = expit(x @ beta)
    info = _information(x, p)
    residual = y - p
    if penalized:
        residual = residual + _hat(x, p, info) * (0.5 - p)
    step: FloatArray = cho_solve(cho_factor(info), x.T @ residual)
    return step


def _objective(x: FloatArray, y: FloatArray, beta: FloatArray, penalized: bool) -> float:
    p = expit(x @ beta)
    value = _loglik(y, p)
    if penalized:
        sign, logdet = np.linalg.slogdet(_information(x, p))
        value += 0.5 * logdet if sign > 0 else -np.inf
    return value


def _loglik(y: FloatArray, p: FloatArray) -> float:
    tiny = np.finfo(float).tiny
    return float(
        np.sum(y * np.log(np.maximum(p, tiny)) + (1 - y) * np.log(np.maximum(1 - p, tiny)))
    )


def _sandwich(
    x: FloatArray,
    y: FloatArray,
    beta: FloatArray,
    inverse: FloatArray,
    clusters: npt.NDArray[np.int64],
    penalized: bool,
) -> FloatArray:
    p = expit(x @ beta)
    residual = y - p
    if penalized:
        residual = residual + _hat(x, p, _information(x, p)) * (0.5 - p)
    groups, index = np.unique(clusters, return_inverse=True)
    sums = np.zeros((len(groups), x.shape[1]))
    np.add.at(sums, index, x * residual[:, None])
    count = len(groups)
    scale = count / (count - 1) if count > 1 else 1.0
    robust: FloatArray = scale * inverse @ (sums.T @ sums) @ inverse
    return robust
