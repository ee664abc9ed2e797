"""``ioreview predict``: the JSON contract of each command, text output, charts, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ioreview.project import Project
from support.cli import run
from support.ingest import bare_project
from support.predict import DIRECTIVE, cli_env

Capture = pytest.CaptureFixture[str]


def test_series_json_contract(small: Project, monkeypatch: pytest.MonkeyPatch,
                              capsys: Capture) -> None:  # fmt: skip
    with cli_env(monkeypatch, small):
        found = run(capsys, "predict", "series", "--json").json()
    assert found["igos_per_year"]["2002"] == 3
    assert found["memberships"]["USA"]["2002"] == 3
    assert isinstance(found["dead_share_2014"], float)
    assert {c["what"] for c in found["checks"]} >= {"IGOs in COW IGO v3"}


def test_series_text_and_chart(small: Project, monkeypatch: pytest.MonkeyPatch,
                               capsys: Capture, tmp_path: Path) -> None:  # fmt: skip
    chart = tmp_path / "series.svg"
    with cli_env(monkeypatch, small):
        outcome = run(capsys, "predict", "series", "--actor", "USA", "--svg", str(chart))
    assert outcome.code == 0, outcome.err
    assert "USA: 2 memberships in 2010" in outcome.out
    assert chart.read_text(encoding="utf-8").startswith("<svg")


def test_gap_json_contract(small: Project, monkeypatch: pytest.MonkeyPatch,
                           capsys: Capture) -> None:  # fmt: skip
    with cli_env(monkeypatch, small):
        found = run(capsys, "predict", "gap", "--directive", DIRECTIVE, "--json").json()
    who = next(item for item in found["items"] if item["body_id"] == "who")
    for key in ("actor_contribution_usd", "share", "gap_usd", "scenarios",
                "top_contributors_after"):  # fmt: skip
        assert key in who
    assert (who["gap_usd"], who["share"]) == (50.0, 0.25)
    assert who["top_contributors_after"][0]["actor"] == "CHN"


def test_gap_parameters(small: Project, monkeypatch: pytest.MonkeyPatch,
                        capsys: Capture) -> None:  # fmt: skip
    args = ("predict", "gap", "--directive", DIRECTIVE, "--body", "who")
    with cli_env(monkeypatch, small):
        found = run(capsys, *args, "--philanthropy", "0.2", "--budget-cut", "0.05", "--json")
        text = run(capsys, *args)
        bad = run(capsys, *args, "--philanthropy", "lots")
        high = run(capsys, *args, "--budget-cut", "2")
    scenarios = found.json()["items"][0]["scenarios"]
    assert scenarios["philanthropy"]["covered_usd"] == 10.0
    # 50 - 10 pledged - 10 philanthropy - 0.05 * 200 cut = 20
    assert scenarios["combined"]["residual_usd"] == 20.0
    assert text.code == 0 and "largest payer after: CHN" in text.out
    assert bad.code == 2 and "'lots'" in bad.err
    assert high.code == 2 and "'2'" in high.err


def test_network_json_contract(small: Project, monkeypatch: pytest.MonkeyPatch,
                               capsys: Capture) -> None:  # fmt: skip
    args = ("predict", "network", "--actor", "USA", "--year", "2004",
            "--without-directive", DIRECTIVE)  # fmt: skip
    with cli_env(monkeypatch, small):
        found = run(capsys, *args, "--json").json()
        text = run(capsys, *args)
        unknown = run(capsys, "predict", "network", "--actor", "XXX")
    assert set(found["measures"]) == {"memberships", "degree", "strength", "eigenvector",
                                      "betweenness"}  # fmt: skip
    assert found["measures"]["memberships"] == {
        "rank_before": 1, "rank_after": 3, "value_before": 3.0, "value_after": 1.0,
    }  # fmt: skip
    assert {g["actor"] for g in found["gainers"]} == {"CHN"}
    assert text.code == 0 and "memberships  rank    1 ->    3" in text.out
    assert unknown.code == 2 and "'XXX'" in unknown.err


def test_risk_json_contract(simulated: Project, monkeypatch: pytest.MonkeyPatch,
                            capsys: Capture) -> None:  # fmt: skip
    with cli_env(monkeypatch, simulated):
        found = run(capsys, "predict", "risk", "--train", "1946-1989", "--json").json()
        text = run(capsys, "predict", "risk", "--train", "1946-1989")
        bad = run(capsys, "predict", "risk", "--train", "1990")
    for key in ("coefficients", "signs_match_published", "auc", "baseline_auc", "pr_auc",
                "brier"):  # fmt: skip
        assert key in found
    assert found["coefficients"]["contagion"].keys() == {"coef", "se", "se_cluster"}
    assert text.code == 0 and "not curated withdrawals" in text.out
    assert bad.code == 2 and "'1990'" in bad.err


def test_commands_without_cow_data_say_what_to_run(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    project = bare_project(db_url, tmp_path)
    try:
        with cli_env(monkeypatch, project):
            outcomes = [
                run(capsys, "predict", "series", "--json"),
                run(capsys, "predict", "network", "--actor", "USA"),
                run(capsys, "predict", "risk"),
            ]
            empty = run(capsys, "predict", "gap", "--directive", "earlier-exits", "--json")
    finally:
        project.close()
    for outcome in outcomes:
        assert outcome.code == 2 and "ioreview ingest cow" in outcome.err
    assert empty.code == 0 and empty.json()["items"] == []
