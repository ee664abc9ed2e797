"""Predict on a world small enough to count by hand (``support.predict.small_world``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from sqlalchemy import select

from ioreview.exc import InvalidData, NotFound
from ioreview.ledger.events import Event, Source
from ioreview.predict import compute_series, directive_gaps, network_position
from ioreview.predict.design import build_risk_data
from ioreview.predict.exits import classify_exits, imputed_grid
from ioreview.predict.history import END, load_history
from ioreview.predict.network import bipartite_graph, incidence_matrix, measures
from ioreview.project import Project
from ioreview.storage.projection_tables import event_index
from support.predict import DIRECTIVE, small_world, world_project


def _years(first: int, counts: list[int]) -> dict[str, int]:
    return {str(first + n): count for n, count in enumerate(counts)}


def test_memberships_count_full_and_associate(small: Project) -> None:
    with small.engine.connect() as connection:
        series = compute_series(connection, ["USA", "CHN", "FRA"]).to_json()
    assert series["memberships"]["USA"] == _years(2000, [2, 2, 3, 3, 3, 2, 3, 2, 2, 2, 2])
    # CHN is an associate of unesco from 2000 and a full member from 2004: counted throughout.
    assert series["memberships"]["CHN"] == _years(2000, [1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2])
    assert series["memberships"]["FRA"] == _years(2000, [2, 2, 3, 3, 3, 3, 3, 2, 1, 1, 1])
    assert series["ranks"]["CHN"]["2002"] == 3
    assert series["file_disagreements"] == {
        "USA": {"2004": {"igo_year_file": 3, "state_year_file": 2}}
    }


def test_igos_births_deaths_and_dead_share(small: Project) -> None:
    with small.engine.connect() as connection:
        series = compute_series(connection).to_json()
    assert series["igos_per_year"] == _years(2000, [2, 2, 3, 3, 3, 3, 3, 2, 2, 2, 2])
    assert {y: n for y, n in series["births_per_year"].items() if n} == {"2000": 2, "2002": 1}
    assert {y: n for y, n in series["deaths_per_year"].items() if n} == {"2006": 1}
    assert series["dead_share_2014"] == pytest.approx(1 / 3)
    assert sorted(series["memberships"]) == ["CHN", "FRA", "USA"]


def test_unknown_actor_is_named(small: Project) -> None:
    with small.engine.connect() as connection, pytest.raises(NotFound, match="'XXX'"):
        compute_series(connection, ["XXX"])


def test_exits_set_aside_deaths_and_churn(small: Project) -> None:
    with small.engine.connect() as connection:
        history = load_history(connection, "corrected")
        grid = imputed_grid(connection, history)
    exits = classify_exits(history, grid)
    assert exits.reasons["counted"] == 1  # FRA leaves unesco in 2008
    assert exits.reasons["churn"] == 1  # USA leaves unesco in 2005 and is back in 2006
    assert exits.reasons["igo_dead"] == 2  # ilo dies in 2006
    assert exits.per_period(2008, 2008) == 1
    assert classify_exits(history, grid, churn_years=0).reasons["counted"] == 2


def test_risk_rows_and_outcomes(small: Project) -> None:
    with small.engine.connect() as connection:
        data = build_risk_data(connection)
    names = data.history.actors, data.history.bodies

    def rows(actor: str, body: str) -> dict[int, float]:
        mine = (data.actor == names[0].index(actor)) & (data.body == names[1].index(body))
        return dict(zip(data.year[mine].tolist(), data.outcome[mine].tolist(), strict=True))

    assert rows("FRA", "unesco") == {year: 0.0 for year in range(2001, 2008)} | {2008: 1.0}
    usa = rows("USA", "unesco")
    assert 2005 not in usa  # churn: outcome unknown, no row
    assert usa[2004] == 0.0 and np.isnan(usa[2011])  # after the last COW year: no outcome
    assert 2007 not in rows("USA", "ilo")  # the IGO died
    assert not data.complete().any()  # no UN votes here: divergence unknown


def test_gap_scenarios_and_new_largest_payer(small: Project) -> None:
    with small.engine.connect() as connection:
        items = {item.body_id: item.to_json() for item in directive_gaps(connection, DIRECTIVE)}
    who = items["who"]
    assert (who["year"], who["actor_contribution_usd"], who["share"]) == (2024, 50.0, 0.25)
    assert who["gap_usd"] == 50.0 and who["revenue_usd"] == 200.0
    assert who["gap_by_kind_usd"] == {"assessed": 30.0, "voluntary": 20.0}
    assert who["scenarios"]["pro_rata"]["increase_rate"] == 1.0  # others pay 50
    assert [p["actor"] for p in who["pledges"]] == ["GBR"]  # not USA's own, not pre-directive
    assert who["pledges"][0]["per_year_usd"] == 10.0 and who["pledges"][0]["years"] == 5
    assert who["scenarios"]["combined"]["residual_usd"] == who["residual_gap_usd"] == 40.0
    assert who["largest_payer_after"] == "CHN"
    assert [(r["actor"], r["rank_before"]) for r in who["top_contributors_after"]] == [
        ("CHN", 2), ("FRA", 3), ("GBR", None),
    ]  # fmt: skip
    assert who["top_assessed_after"][0]["share_after"] == pytest.approx(25 / 40)
    assert {s["source"] for s in who["contribution_sources"]} == {
        "urn:test:money/USA/assessed", "urn:test:money/USA/voluntary",
    }  # fmt: skip
    assert items["paris-agreement"]["gap_usd"] is None
    assert items["paris-agreement"]["missing"]


def test_gap_of_one_body_and_bad_requests(small: Project) -> None:
    with small.engine.connect() as connection:
        assert len(directive_gaps(connection, DIRECTIVE, body="who")) == 1
        with pytest.raises(NotFound, match="'ilo'"):
            directive_gaps(connection, DIRECTIVE, body="ilo")
        with pytest.raises(NotFound, match="'no-such-directive'"):
            directive_gaps(connection, "no-such-directive")


def test_network_ranks_before_and_after_the_exit(small: Project) -> None:
    with small.engine.connect() as connection:
        result = network_position(
            connection, "USA", year=2004, without_directive=DIRECTIVE
        ).to_json()
    ranks = {m: (v["rank_before"], v["rank_after"]) for m, v in result["measures"].items()}
    # Before: USA and FRA share who, unesco and ilo; CHN is in who and unesco only.
    assert ranks["memberships"] == (1, 3)
    assert ranks["strength"] == (1, 3)
    assert ranks["eigenvector"] == (1, 3)
    # After: USA keeps only ilo (with FRA), so FRA brokers between USA and CHN.
    assert ranks["betweenness"] == (1, 2)
    assert ranks["degree"] == (1, 2)
    assert {(g["actor"], g["measure"]) for g in result["gainers"]} == {
        ("CHN", "memberships"), ("CHN", "strength"), ("CHN", "eigenvector"),
    }  # fmt: skip
    assert result["removed_bodies"] == ["unesco", "who"]
    assert result["outside_network_data"] == ["paris-agreement"]


def test_network_removing_bodies_for_everyone(small: Project) -> None:
    with small.engine.connect() as connection:
        result = network_position(
            connection, "USA", year=2004, without_directive=DIRECTIVE, mode="remove"
        ).to_json()
    # Only ilo is left: USA and FRA tie, CHN has no IGO.
    assert result["measures"]["memberships"]["rank_after"] == 1


@pytest.mark.parametrize(
    "options, message",
    [({"mode": "leave"}, "'leave'"), ({"year": 1990}, "1990")],
)
def test_network_bad_requests(small: Project, options: dict[str, object], message: str) -> None:
    with small.engine.connect() as connection, pytest.raises(InvalidData, match=message):
        network_position(connection, "USA", **options)  # type: ignore[arg-type]


def test_curated_correction_changes_only_the_corrected_view(db_url: str, tmp_path: Path) -> None:
    project = world_project(db_url, tmp_path, small_world())
    try:
        with project.engine.connect() as connection:
            seq = connection.execute(
                select(event_index.c.seq).where(
                    event_index.c.kind == "left",
                    event_index.c.actor == "USA",
                    event_index.c.body == "unesco",
                )  # fmt: skip
            ).scalar_one()
        project.ledger.append([
            Event(kind="left", actor="USA", body="unesco", valid_from=date(2003, 7, 1),
                  payload={"curated": True, "correction": "test"}, supersedes=(seq,),
                  source=Source(uri="https://example.org/correction"))
        ])  # fmt: skip
        with project.engine.connect() as connection:
            published = compute_series(connection, ["USA"], view="published").to_json()
            corrected = compute_series(connection, ["USA"], view="corrected").to_json()
        assert published["memberships"]["USA"]["2004"] == 3
        # A member for part of 2003 counts in 2003; out from 2004 until the 2006 spell.
        assert corrected["memberships"]["USA"]["2003"] == 3
        assert corrected["memberships"]["USA"]["2004"] == 2
        with project.engine.connect() as connection:
            history = load_history(connection, "corrected")
        ends = history.spell_end[history.spell_body == history.bodies.index("unesco")]
        assert END["exit"] in ends.tolist()
    finally:
        project.close()


def test_projection_equals_networkx_weighted_projection(small: Project) -> None:
    with small.engine.connect() as connection:
        history = load_history(connection, "corrected")
    graph = bipartite_graph(history, 2004)
    states = sorted(n for n, side in graph.nodes(data="bipartite") if side == 0)
    projected = nx.bipartite.weighted_projected_graph(graph, states)
    incidence = incidence_matrix(history, 2004)
    rows = [history.actors.index(s) for s in states]
    weights = incidence[rows] @ incidence[rows].T
    for i, a in enumerate(states):
        for j, b in enumerate(states):
            if i < j:
                expected = projected[a][b]["weight"] if projected.has_edge(a, b) else 0
                assert weights[i, j] == expected
    found = measures(incidence[rows], states)
    assert found["strength"] == {s: float(d) for s, d in projected.degree(weight="weight")}
