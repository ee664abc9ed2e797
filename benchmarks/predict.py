"""Predict performance: the risk model's data build and the betweenness of the COW projection.

On a fresh SQLite project with the bundled COW IGO v3 history and UN votes:

- ``P1`` (informational): seconds to build the IGO-member-year data
  (``predict.design.build_risk_data``: history, exits, vote positions, predictors), against
  reading the COW ledger events without building anything: the ratio is the cost of the
  build over that I/O floor (most of it is reading the ~10^6 UN votes, a fixed cost);
- ``P2``: networkx's weighted betweenness against ``predict.brokerage.betweenness`` on the
  2014 state projection (same result, checked): the ratio is the speed-up (target ≥ 3×).

Each figure is the median of ``--repeats`` interleaved runs. A MISS is a finding; the script
exits 0 whenever it completes.

Usage::

    .venv/bin/python benchmarks/predict.py
    .venv/bin/python benchmarks/predict.py --repeats 5
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import networkx as nx
import numpy as np
from _timing import Row, at_least, duration, load_average, paired, result_table
from sqlalchemy import select

from ioreview.ingest.runner import run_import
from ioreview.predict.brokerage import betweenness
from ioreview.predict.design import build_risk_data
from ioreview.predict.history import load_history
from ioreview.predict.network import incidence_matrix
from ioreview.project import init_project, open_project
from ioreview.settings import Settings
from ioreview.storage.projection_tables import event_index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=3, help="interleaved runs per figure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db_url=f"sqlite:///{Path(folder) / 'bench.db'}",
                            data_dir=Path(folder) / "data")  # fmt: skip
        init_project(settings, importers=[])
        project = open_project(settings)
        print("loading COW and votes ...", file=sys.stderr)
        run_import(project, "cow")
        run_import(project, "votes")
        with project.engine.connect() as connection:
            history = load_history(connection, "corrected")
            spells = len(history.spell_actor)

            def build() -> int:
                build_risk_data(connection)
                return 1

            def read() -> int:
                rows = connection.execute(
                    select(event_index.c.seq, event_index.c.payload).where(
                        event_index.c.kind.in_(("joined", "left", "status_changed"))
                    )
                ).all()
                return 1 if rows else 1

            built, floor = paired([build, read], args.repeats)
            incidence = incidence_matrix(history, history.last_year)
            incidence = incidence[incidence.sum(axis=1) > 0]
        project.close()
    weights = incidence @ incidence.T
    np.fill_diagonal(weights, 0)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(weights)))
    for i, j in zip(*np.nonzero(np.triu(weights, 1)), strict=True):
        graph.add_edge(int(i), int(j), distance=1.0 / weights[i, j])

    def ours() -> int:
        betweenness(weights)
        return 1

    def theirs() -> int:
        nx.betweenness_centrality(graph, weight="distance")
        return 1

    expected = nx.betweenness_centrality(graph, weight="distance")
    assert np.allclose(betweenness(weights), [expected[n] for n in range(len(weights))])
    fast, slow = paired([ours, theirs], args.repeats)
    rows = [
        Row("P1", f"risk data build ({spells:,} spells)", duration(built), duration(floor),
            built / floor, None),
        Row("P2", "betweenness, 2014 projection", duration(fast), duration(slow), slow / fast,
            at_least(3)),
    ]  # fmt: skip
    print(result_table(rows))
    print(f"load average: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
