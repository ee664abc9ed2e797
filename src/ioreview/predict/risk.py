"""Withdrawal-risk model: a Firth-penalized logit on IGO-member-year data, checked out of time.

The outcome is the **observed** COW exit (``exits``: corrected for IGO deaths, successions,
missing data, coding churn and imputed timing), not a curated withdrawal: the curated data of
von Borzyskowski & Vabulas (2019) are not bundled, and observed exits outnumber theirs. The
predictors (``design``) follow their Table 1 where the bundled data allow; the report says
whether each coefficient's sign agrees with the published one, and how the model does out of
time (train 1945-1989, test 1990-2014 by default) against a baseline of IGO size and
membership duration only: ROC-AUC, PR-AUC (average precision) and Brier score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sqlalchemy import Connection

from ioreview.exc import InvalidData
from ioreview.predict import published
from ioreview.predict.design import BASELINE, FULL, RiskData, build_risk_data
from ioreview.predict.exits import CHURN_YEARS
from ioreview.predict.firth import Fit, firth_logit

DEFAULT_TRAIN = (1945, 1989)
DEFAULT_TEST = (1990, 2014)
OUTCOME = (
    "observed COW exits (full member coded 0 the next year in the same IGO, after the "
    "corrections of predict.exits), not curated withdrawals"
)
_PERIOD = re.compile(r"(\d{4})-(\d{4})")


@dataclass
class RiskReport:
    train: tuple[int, int]
    test: tuple[int, int]
    fit: Fit
    baseline: Fit
    metrics: dict[str, float | int | None]
    data: RiskData

    def signs(self) -> dict[str, bool]:
        """Whether each coefficient has the sign of Table 1, model 3."""
        out = {}
        for name, models in published.BV_COEFFICIENTS.items():
            ours = float(self.fit.coef[self.fit.names.index(name)])
            out[name] = bool(np.sign(ours) == np.sign(models["M3"].value))
        return out

    def comparison(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, models in published.BV_COEFFICIENTS.items():
            ours = float(self.fit.coef[self.fit.names.index(name)])
            out[name] = {
                "ours": ours,
                "published": {
                    key: {"coef": c.value, "se": c.se, "source": c.where,
                          "sign_agrees": bool(np.sign(ours) == np.sign(c.value))}
                    for key, c in models.items()
                },
            }  # fmt: skip
        return out

    def to_json(self) -> dict[str, Any]:
        exits = self.data.exits
        observed = {
            label: exits.per_period(low, high)
            for label, (low, high) in {
                "1945-2014": (1945, 2014), "1945-1989": (1945, 1989), "1990-2014": (1990, 2014),
            }.items()
        }  # fmt: skip
        return {
            "coefficients": self.fit.to_json(),
            "signs_match_published": self.signs(),
            "auc": self.metrics["auc"], "baseline_auc": self.metrics["baseline_auc"],
            "pr_auc": self.metrics["pr_auc"], "brier": self.metrics["brier"],
            "baseline_pr_auc": self.metrics["baseline_pr_auc"],
            "baseline_brier": self.metrics["baseline_brier"],
            "beats_baseline": self.metrics["beats_baseline"],
            "test_rows": self.metrics["test_rows"], "test_events": self.metrics["test_events"],
            "train": list(self.train), "test": list(self.test),
            "train_rows": self.fit.n, "train_events": self.fit.events,
            "converged": self.fit.converged,
            "baseline_coefficients": self.baseline.to_json(),
            "published_comparison": self.comparison(),
            "outcome": OUTCOME,
            "exit_corrections": {"churn_years": exits.churn_years, **exits.reasons},
            "observed_exits": observed,
            "bv_curated_withdrawals": {"counts": published.BV_WITHDRAWALS,
                                       "source": published.BV_FIGURE},
            "method": (
                "Firth-penalized logit (predict.firth); predictors lagged one year; SEs "
                "model-based and clustered on the IGO; preference divergence from a yearly "
                "first-principal-component position of UNGA votes (predict.ideal), not "
                "Bailey-Strezhnev-Voeten ideal points"
            ),
        }  # fmt: skip


def parse_period(text: str, option: str) -> tuple[int, int]:
    found = _PERIOD.fullmatch(text.strip())
    if found is None or int(found.group(1)) > int(found.group(2)):
        raise InvalidData(f"{option} {text!r}: expected a year range such as 1945-1989")
    return int(found.group(1)), int(found.group(2))


def evaluate_risk(
    connection: Connection,
    train: tuple[int, int] = DEFAULT_TRAIN,
    test: tuple[int, int] = DEFAULT_TEST,
    *,
    churn_years: int = CHURN_YEARS,
    data: RiskData | None = None,
) -> RiskReport:
    """Fit on ``train`` outcome years, score ``test`` outcome years, against the baseline."""
    data = data or build_risk_data(connection, churn_years)
    usable = data.complete() & np.isfinite(data.outcome)
    in_train = usable & (data.year >= train[0]) & (data.year <= train[1])
    in_test = usable & (data.year >= test[0]) & (data.year <= test[1])
    y = data.outcome[in_train]
    if not in_train.any() or y.sum() == 0 or y.sum() == len(y):
        raise InvalidData(
            f"training years {train[0]}-{train[1]}: {int(in_train.sum())} rows with "
            f"{int(y.sum())} exits; expected rows with both exits and stays"
        )
    clusters = data.body[in_train]
    fit = firth_logit(data.design(FULL, in_train), y, FULL, clusters=clusters)
    baseline = firth_logit(data.design(BASELINE, in_train), y, BASELINE, clusters=clusters)
    metrics = _metrics(data, in_test, fit, baseline)
    return RiskReport(train, test, fit, baseline, metrics, data)


def _metrics(
    data: RiskData, rows: npt.NDArray[np.bool_], fit: Fit, baseline: Fit
) -> dict[str, float | int | None]:
    y = data.outcome[rows]
    out: dict[str, float | int | None] = {"test_rows": int(rows.sum()), "test_events": int(y.sum())}
    scored = {
        "": fit.predict(data.design(FULL, rows)) if rows.any() else None,
        "baseline_": baseline.predict(data.design(BASELINE, rows)) if rows.any() else None,
    }
    both = 0 < y.sum() < len(y)
    for prefix, p in scored.items():
        out[f"{prefix}auc"] = float(roc_auc_score(y, p)) if both and p is not None else None
        out[f"{prefix}pr_auc"] = (
            float(average_precision_score(y, p)) if both and p is not None else None
        )
        out[f"{prefix}brier"] = float(brier_score_loss(y, p)) if p is not None and len(y) else None
    auc, base = out["auc"], out["baseline_auc"]
    out["beats_baseline"] = None if auc is None or base is None else auc > base
    return out


__all__ = ["CHURN_YEARS", "DEFAULT_TEST", "DEFAULT_TRAIN", "RiskReport", "evaluate_risk"]
