"""Predict on the bundled data, checked against published figures and the raw COW files.

Published figures are those of ``shared/docs/reference/predict.md`` (with its sources); the
counting rules are those of Pevehouse et al. (2020), JPR 57(3): 492-503, as their do-file
(``analysis-jpr.do``, igoR repository) applies them. Fixture: ``conftest.bundled``.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from ioreview.predict import (
    compute_series,
    directive_gaps,
    evaluate_risk,
    network_position,
    withdrawal_risk,
)
from ioreview.project import Project
from ioreview.registry import data_root
from ioreview.storage.cow_tables import cow_igo_year
from ioreview.storage.tables import actor as actor_table

COW_DIR = data_root() / "sources" / "cow-igo-v3"
MEMORANDUM = "usa-pm-2026-01-07"
#: The states of Pevehouse et al. (2020) Figs. 4 (China, India, Pakistan, Indonesia,
#: Bangladesh) and 5 (South Africa, Tanzania, Nigeria, Ethiopia, DR Congo), by COW code, plus
#: the United States.
FIGURE_STATES = (710, 750, 770, 850, 771, 560, 510, 475, 530, 490, 2)


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


@pytest.fixture(scope="module")
def igo_file() -> tuple[list[str], list[list[str]]]:
    return _rows(COW_DIR / "igo_year_formatv3.csv.gz")


@pytest.fixture(scope="module")
def series(bundled: Project) -> dict[str, Any]:
    with bundled.engine.connect() as connection:
        pairs = connection.execute(select(actor_table.c.cow_code, actor_table.c.id)).all()
        ccodes = {int(code): str(ident) for code, ident in pairs if code in FIGURE_STATES}
        states = [ccodes[code] for code in FIGURE_STATES]
        return compute_series(connection, states).to_json() | {"ids": ccodes}


def test_stated_figures(series: dict[str, Any]) -> None:
    # 534 IGOs: COW IGO v3 codebook (July 2019), p. 3 (predict.md §1.3).
    assert series["igos"] == 534
    # Share dead by 2014: "more than one-third" (Eilstrup-Sangiovanni 2020, RIO 15(2)); "no less
    # than 39%" of 150 IOs (Debre & Dijkstra 2021, EJIR), within one binomial standard error
    # at n = 150 because their sample is not COW's.
    share = series["dead_share_2014"]
    assert share > 1 / 3
    assert abs(share - 0.39) <= (0.39 * 0.61 / 150) ** 0.5
    # US memberships in 2014: 88 in the IGO-year file, 89 in the state-year file
    # (shared/data/README.md, pitfalls; predict.md §1.3: the files differ by one).
    assert series["memberships"]["USA"]["2014"] == 88
    assert series["file_disagreements"]["USA"]["2014"]["state_year_file"] == 89
    assert all(check["agrees"] for check in series["checks"]), series["checks"]


def test_igos_in_existence_from_1946(igo_file: tuple[list[str], list[list[str]]]) -> None:
    # "COW has 493 IGOs in 1946-2018" (von Borzyskowski & Vabulas 2019, Online Appendix
    # pp. 13-14); COW v3 ends in 2014. Read straight from the IGO-year file.
    header, rows = igo_file
    year, ionum = header.index("year"), header.index("ionum")
    assert len({row[ionum] for row in rows if int(row[year]) >= 1946}) == 493


def test_figures_1_and_2_rules_on_the_igo_year_file(
    series: dict[str, Any], igo_file: tuple[list[str], list[list[str]]]
) -> None:
    # Do-file: totIGOs = rows per year; births = an IGO's first row; deaths = sum of dead.
    header, rows = igo_file
    year, name, dead = header.index("year"), header.index("ioname"), header.index("dead")
    per_year = Counter(int(row[year]) for row in rows)
    first: dict[str, int] = {}
    for row in rows:
        first[row[name]] = min(first.get(row[name], 9999), int(row[year]))
    deaths = Counter(int(row[year]) for row in rows if row[dead] == "1")
    assert series["igos_per_year"] == {str(y): n for y, n in sorted(per_year.items())}
    assert {y: n for y, n in series["births_per_year"].items() if n} == {
        str(y): n for y, n in sorted(Counter(first.values()).items())
    }
    assert {y: n for y, n in series["deaths_per_year"].items() if n} == {
        str(y): n for y, n in sorted(deaths.items())
    }


def test_figures_4_and_5_rules_on_the_state_year_file(series: dict[str, Any]) -> None:
    # Do-file: mvdecode -1; nigos = anycount(all IGO columns), v(1 2), per state-year.
    header, rows = _rows(COW_DIR / "state_year_formatv3.csv.gz")
    code, year = header.index("ccode"), header.index("year")
    igo_columns = [n for n, h in enumerate(header) if h not in ("ccode", "year", "state")]
    expected: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        if int(row[code]) in FIGURE_STATES:
            state = series["ids"][int(row[code])]
            expected[state][row[year]] = sum(1 for n in igo_columns if row[n] in ("1", "2"))
    for state, counts in expected.items():
        ledger = series["memberships"][state]
        differs = series["file_disagreements"].get(state, {})
        computed = {
            y: differs[y]["state_year_file"] if y in differs else ledger.get(y, 0) for y in counts
        }
        assert computed == counts, state


def test_who_gap_and_china_as_largest_assessed_payer(bundled: Project) -> None:
    with bundled.engine.connect() as connection:
        (who,) = directive_gaps(connection, "earlier-exits", body="who", year=2024)
    found = who.to_json()
    assert found["gap_usd"] == found["actor_contribution_usd"] > 0
    assert found["revenue_basis"] and 0 < found["share"] < 1
    # China's share of WHO assessed contributions rises from "just over 15%" to about 20%
    # (https://business-gurus.com/2025/05/18/who-recalibrates-operations-as-u-s-funding-dries-up,
    # predict.md §1.7; F3: "China becoming the largest state payer of assessed dues (~20%)").
    china = found["top_assessed_after"][0]
    assert china["actor"] == "CHN" and china["rank_before"] == 2
    assert 0.15 < china["share_before"] < 0.16
    assert 0.195 <= china["share_after"] < 0.205


def test_network_ranks_agree_with_the_series(bundled: Project, series: dict[str, Any]) -> None:
    with bundled.engine.connect() as connection:
        result = network_position(
            connection, "USA", year=2014, without_directive=MEMORANDUM
        ).to_json()
        ionums = dict(connection.execute(
            select(cow_igo_year.c.body, cow_igo_year.c.ionum)
            .where(cow_igo_year.c.body.in_(result["removed_bodies"]), cow_igo_year.c.year == 2014)
        ).all())  # fmt: skip
    memberships = result["measures"]["memberships"]
    assert memberships["rank_before"] == series["ranks"]["USA"]["2014"]
    assert set(result["measures"]) == {
        "memberships", "degree", "strength", "eigenvector", "betweenness",
    }  # fmt: skip
    # The US loses the memorandum's COW bodies it belongs to in 2014 (IGO-year file, usa column).
    header, rows = _rows(COW_DIR / "igo_year_formatv3.csv.gz")
    year, ionum, usa = header.index("year"), header.index("ionum"), header.index("usa")
    member = {int(row[ionum]) for row in rows if row[year] == "2014" and row[usa] in ("1", "2")}
    lost = sum(1 for number in ionums.values() if number in member)
    assert lost > 0
    assert memberships["value_before"] - memberships["value_after"] == lost
    assert result["outside_network_data"]  # most memorandum bodies are not COW IGOs


def test_risk_model_reports_signs_and_out_of_time_scores(bundled: Project) -> None:
    with bundled.engine.connect() as connection:
        report = evaluate_risk(connection).to_json()
        value = withdrawal_risk(connection, "USA", "who", 2014)
        outside = withdrawal_risk(connection, "USA", "unfccc", 2014)
    assert set(report["signs_match_published"]) == {
        "preference_divergence", "contagion", "log_igo_size",
    }  # fmt: skip
    for key in ("auc", "baseline_auc", "pr_auc", "brier", "baseline_brier"):
        assert 0.0 <= report[key] <= 1.0
    # Observed exits outnumber the curated withdrawals (188 in 1945-2014, von Borzyskowski &
    # Vabulas 2019 replication Figure 1A, predict.md §1.1): the outcome is flagged as such.
    assert report["observed_exits"]["1945-2014"] > 188
    assert "not curated withdrawals" in report["outcome"]
    assert report["converged"]
    assert value is not None and 0 < value < 1
    assert outside is None  # UNFCCC is not a COW IGO


# A test fixture only (its author's redistribution terms were not seen; see its SOURCE.md).
DIGO = Path(__file__).resolve().parents[1] / "fixtures" / "predict" / "io-death-digo"


def test_digo_dead_share_is_more_than_one_third() -> None:
    # Eilstrup-Sangiovanni's own data (tests/fixtures, validation use only): "More
    # than one-third of IGOs created since 1815 have since died" (RIO 15(2), 2020).
    with (DIGO / "io_dataDID-1.0-RIO.utf8.csv").open(encoding="utf-8", newline="") as handle:
        living = [row["Living"] for row in csv.DictReader(handle) if row["Living"] in ("0", "1")]
    assert np.mean([value == "0" for value in living]) > 1 / 3
