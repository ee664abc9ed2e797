"""Vectorized betweenness equals networkx's weighted betweenness centrality."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from ioreview.predict.brokerage import betweenness


@pytest.mark.parametrize("seed", range(4))
def test_equals_networkx_on_random_weighted_graphs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = 25
    weights = np.triu(rng.integers(0, 4, size=(size, size)), 1)
    weights = weights + weights.T
    graph = nx.Graph()
    graph.add_nodes_from(range(size))
    for i, j in zip(*np.nonzero(np.triu(weights, 1)), strict=True):
        graph.add_edge(int(i), int(j), distance=1.0 / weights[i, j])
    expected = nx.betweenness_centrality(graph, weight="distance")
    np.testing.assert_allclose(betweenness(weights), [expected[n] for n in range(size)], atol=1e-12)


def test_path_graph() -> None:
    # a - b - c - d: b and c each lie on 2 of the 3 pairs that do not include them.
    weights = np.zeros((4, 4), dtype=np.int64)
    for i in range(3):
        weights[i, i + 1] = weights[i + 1, i] = 1
    np.testing.assert_allclose(betweenness(weights), [0, 2 / 3, 2 / 3, 0])


def test_heavier_ties_are_shorter() -> None:
    # a-c directly with 1 shared IGO (distance 1) or via b with 3 each (1/3 + 1/3): b brokers.
    weights = np.array([[0, 3, 1], [3, 0, 3], [1, 3, 0]])
    np.testing.assert_allclose(betweenness(weights), [0, 1, 0])
