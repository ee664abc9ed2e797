"""Calibrate a lens's weights to a decision already taken: ``fit_lens``.

Positives are the bodies a directive names (``withdrawal_directed`` events with that
``directive``); negatives are the rest of the actor's portfolio on the as-of date. Features are
the lens's criterion scores (0–4). A criterion without any value is left out (coverage 0); one
with gaps is imputed explicitly, inside each cross-validation fold: the mean of the observed
values plus a missingness indicator column (scikit-learn ``SimpleImputer(add_indicator=True)``),
never zero. The model is an L2-regularized logistic regression on standardized features
(balanced class weights). Reported:

- ``auc``: the pooled out-of-fold ROC AUC of stratified k-fold cross-validation
  (k = min(5, smaller class size), shuffled with the seed);
- ``auc_interval``: the 2.5–97.5 percentile interval of that AUC over 1,000 bootstrap
  resamples of the bodies (with their out-of-fold predictions);
- ``auc_values_only``: the same cross-validated AUC without the missingness indicators, so a
  fit that rests on which bodies have data rather than on their values shows as a gap;
- ``weights``: minus the fitted coefficients on the 0–4 scale of each criterion, normalized so
  their absolute values sum to 1 (positive = a low score predicts being named, as the lens says;
  negative = the opposite), beside the lens's ``stated_weights``;
- ``next_candidates``: bodies of the portfolio not named, by fitted propensity.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from scipy.stats import rankdata
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from ioreview.exc import InvalidData, NotFound
from ioreview.indicators import EvidenceBase
from ioreview.lenses import Lens, load_lens
from ioreview.project import Project
from ioreview.registry import load_actor
from ioreview.review.portfolio import Admission, portfolio
from ioreview.review.run import Options, review_of

BOOTSTRAP = 1000
MAX_FOLDS = 5


def fit_lens(
    project: Project,
    lens: Lens | str,
    directive: str,
    actor: str | None = None,
    as_of: date | None = None,
    seed: int = 0,
    regularization: float = 1.0,
) -> dict[str, Any]:
    lens = load_lens(lens) if isinstance(lens, str) else lens
    with project.engine.connect() as connection:
        actor_id = load_actor(connection, actor or project.settings.actor).id
        when = as_of or date.today()
        base = EvidenceBase(connection, actor_id, when)
        named = sorted({
            r.body for r in base.events
            if r.kind == "withdrawal_directed" and r.body is not None
            and r.payload.get("directive") == directive
        })  # fmt: skip
        if not named:
            raise NotFound(f"directive {directive!r} names no body of {actor_id} in the ledger")
        admitted = portfolio(base)
        rest = [b for b in admitted if b not in named]
        for body in named:
            admitted.setdefault(body, Admission(body, (f"directive:{directive}",), ()))
        bodies = sorted(admitted)
        review = review_of(lens, base, {b: admitted[b] for b in bodies}, Options(samples=1))
    labels = np.array([1 if b in named else 0 for b in bodies])
    if len(rest) < 2:
        raise InvalidData(
            f"portfolio of {actor_id} on {when} has {len(rest)} body(ies) besides the "
            f"{len(named)} named by {directive!r}: at least 2 are needed to fit"
        )
    ids = [c.id for c in lens.criteria]
    by_body = {r.body_id: r for r in review.results}
    matrix = np.array([[_score(by_body[b].cells[c]) for c in ids] for b in bodies], dtype=float)
    coverage = {c: float(np.mean(~np.isnan(matrix[:, j]))) for j, c in enumerate(ids)}
    usable = [
        j for j in range(len(ids))
        if coverage[ids[j]] > 0 and _varies(matrix[:, j])
    ]  # fmt: skip
    if not usable:
        raise InvalidData(
            f"no criterion of lens {lens.id!r} varies across the {len(bodies)} bodies "
            f"(coverage: {', '.join(f'{c} {v:.0%}' for c, v in coverage.items())}): "
            "nothing to fit; record evidence first"
        )
    features = matrix[:, usable]
    oof = _out_of_fold(features, labels, seed, regularization)
    auc = float(roc_auc_score(labels, oof))
    values_only = float(
        roc_auc_score(labels, _out_of_fold(features, labels, seed, regularization, False))
    )
    model = _model(seed, regularization).fit(features, labels)
    raw = _raw_coefficients(model, len(usable))
    scale = float(np.sum(np.abs(raw))) or 1.0
    weights = {ids[j]: float(-raw[k] / scale) for k, j in enumerate(usable)}
    propensity = model.predict_proba(features)[:, 1]
    pairs = [(float(p), b) for b, p, y in zip(bodies, propensity, labels, strict=True) if y == 0]
    candidates = [
        {"body_id": b, "propensity": p} for p, b in sorted(pairs, key=lambda x: (-x[0], x[1]))
    ]
    return {
        "lens": lens.id, "lens_version": lens.version, "directive": directive,
        "actor": actor_id, "as_of": when.isoformat(), "ledger_size": base.size,
        "positives": len(named), "negatives": len(rest), "folds": _folds(labels),
        "auc": auc, "auc_interval": _bootstrap(labels, oof, seed),
        "auc_values_only": values_only,
        "weights": weights,
        "stated_weights": dict(zip(ids, lens.weights, strict=True)),
        "left_out": [c for j, c in enumerate(ids) if j not in usable],
        "coverage": coverage,
        "imputation": "column mean of the training fold plus a missingness indicator",
        "next_candidates": candidates,
    }  # fmt: skip


def _score(cell: dict[str, Any]) -> float:
    value = cell.get("score")
    return float("nan") if value is None else float(value)


def _varies(column: np.ndarray) -> bool:
    observed = column[~np.isnan(column)]
    has_gaps = observed.size < column.size
    return bool(observed.size and (np.ptp(observed) > 0 or (has_gaps and observed.size > 0)))


def _model(seed: int, regularization: float, indicators: bool = True) -> Pipeline:
    return Pipeline([
        ("impute", SimpleImputer(strategy="mean", add_indicator=indicators)),
        ("scale", StandardScaler()),
        ("fit", LogisticRegression(C=regularization, class_weight="balanced", max_iter=1000,
                                   random_state=seed)),
    ])  # fmt: skip


def _folds(labels: np.ndarray) -> int:
    return int(min(MAX_FOLDS, np.bincount(labels, minlength=2).min()))


def _out_of_fold(
    features: np.ndarray, labels: np.ndarray, seed: int, c: float, indicators: bool = True
) -> np.ndarray:
    folds = _folds(labels)
    if folds < 2:
        raise InvalidData(
            f"{int(labels.sum())} named and {int((1 - labels).sum())} other bodies: each class "
            "needs at least 2 bodies for cross-validation"
        )
    predictions = np.zeros(labels.size)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(features, labels):
        model = _model(seed, c, indicators).fit(features[train], labels[train])
        predictions[test] = model.predict_proba(features[test])[:, 1]
    return predictions


def _raw_coefficients(model: Pipeline, count: int) -> np.ndarray:
    """Coefficients of the criterion columns on their 0–4 scale (indicators left out)."""
    coef = model.named_steps["fit"].coef_[0]
    scale = model.named_steps["scale"].scale_
    return np.asarray(coef[:count] / scale[:count])


def _auc(labels: np.ndarray, predictions: np.ndarray) -> float:
    """ROC AUC by the Mann–Whitney rank formula (ties get average ranks)."""
    ranks = rankdata(predictions)
    positives = int(labels.sum())
    negatives = labels.size - positives
    return float(
        (ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives)
    )


def _bootstrap(labels: np.ndarray, predictions: np.ndarray, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(BOOTSTRAP):
        pick = rng.integers(0, labels.size, labels.size)
        if labels[pick].min() == labels[pick].max():
            continue
        found.append(_auc(labels[pick], predictions[pick]))
    return [float(np.percentile(found, 2.5)), float(np.percentile(found, 97.5))]
