"""The risk pipeline on simulated spells whose exits depend on distance from the IGO centre."""

from __future__ import annotations

import numpy as np
import pytest

from ioreview.exc import InvalidData
from ioreview.predict import evaluate_risk, latest_withdrawal_risk, withdrawal_risk
from ioreview.predict.design import build_risk_data
from ioreview.predict.risk import parse_period
from ioreview.project import Project

#: Signs of von Borzyskowski & Vabulas (2019), Table 1 model 3 (predict.md §1.1):
#: preference divergence 0.950, contagion 3.348, IO size (log) -0.606.
TABLE1_SIGNS = {"preference_divergence": 1, "contagion": 1, "log_igo_size": -1}


def test_recovers_the_simulated_divergence_effect(simulated: Project) -> None:
    with simulated.engine.connect() as connection:
        report = evaluate_risk(connection, (1946, 1989), (1990, 2014)).to_json()
    divergence = report["coefficients"]["preference_divergence"]
    assert divergence["coef"] > 2 * divergence["se"]
    assert report["auc"] > 0.5
    for key in ("auc", "baseline_auc", "pr_auc", "brier"):
        assert 0.0 <= report[key] <= 1.0
    for name, sign in TABLE1_SIGNS.items():
        ours = np.sign(report["coefficients"][name]["coef"])
        assert report["signs_match_published"][name] == (ours == sign)
    assert report["train_events"] > 0 and report["test_events"] > 0
    assert "not curated withdrawals" in report["outcome"]
    assert report["exit_corrections"]["counted"] >= report["train_events"]


def test_rows_carry_lagged_predictors(simulated: Project) -> None:
    with simulated.engine.connect() as connection:
        data = build_risk_data(connection)
    complete = data.complete()
    assert complete.mean() > 0.9  # votes every year for every simulated state
    assert np.all(data.features["log_duration"] >= 0)
    assert set(np.unique(data.features["contagion"]).tolist()) <= {0.0, 1.0}
    assert np.all(data.year >= data.history.first_year + 1)


def test_training_years_without_exits_are_refused(simulated: Project) -> None:
    with simulated.engine.connect() as connection, pytest.raises(InvalidData, match="1800"):
        evaluate_risk(connection, (1800, 1801), (1990, 2014))


@pytest.mark.parametrize("text", ["1990", "1990-1980", "x-y"])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(InvalidData, match=repr(text)):
        parse_period(text, "--train")


def test_withdrawal_risk_indicator(simulated: Project) -> None:
    with simulated.engine.connect() as connection:
        data = build_risk_data(connection)
        names = data.history
        row = int(np.nonzero(data.complete() & (data.year == 2000))[0][0])
        actor, body = names.actors[data.actor[row]], names.bodies[data.body[row]]
        value = withdrawal_risk(connection, actor, body, 2000)
        assert value is not None and 0.0 < value < 1.0
        assert withdrawal_risk(connection, actor, body, 2000) == value  # cached, same answer
        assert withdrawal_risk(connection, actor, "no-such-body", 2000) is None
        assert withdrawal_risk(connection, "XXX", body, 2000) is None
        assert withdrawal_risk(connection, actor, body, 2030) is None
        open_rows = data.complete() & (data.year == names.last_year + 1)
        row = int(np.nonzero(open_rows)[0][0])
        latest = latest_withdrawal_risk(
            connection, names.actors[data.actor[row]], names.bodies[data.body[row]]
        )
        assert latest is not None and latest[0] == names.last_year + 1
