"""Network position of an actor in the state-IGO membership network, and after an exit.

The bipartite graph links states to the COW IGOs that code them full or associate members in
a year (the ledger's COW history); its one-mode state projection weighs each pair of states
by the IGOs they share (Hafner-Burton, Kahler & Montgomery 2009). Measures, each ranked
(1 = most central; ties share the better rank):

- ``memberships``: IGOs the state belongs to (bipartite degree);
- ``degree``: states it shares at least one IGO with;
- ``strength``: shared memberships summed over those states;
- ``eigenvector``: eigenvector centrality of the weighted projection;
- ``betweenness``: betweenness of the weighted projection, with distance 1 / shared IGOs
  (``brokerage.betweenness``, equal to networkx's ``betweenness_centrality``).

The choice of measure dominates results on this projection (eigenvector centrality rewards the
dense European cluster, predict.md §1.8), so every measure is always reported.

Counterfactual (``--without-directive``): ``exit`` drops the actor's ties to the directive's
bodies (the actor leaves, the bodies stay); ``remove`` drops those bodies for every state.
Bodies of the directive outside COW are listed as outside the network data.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from ioreview.directives.records import load_directive
from ioreview.exc import InvalidData
from ioreview.predict.brokerage import betweenness
from ioreview.predict.history import History, load_history

MEASURES = ("memberships", "degree", "strength", "eigenvector", "betweenness")
MODES = ("exit", "remove")
COUNTED = (1, 2)
FloatArray = npt.NDArray[np.float64]


@dataclass
class NetworkResult:
    actor: str
    year: int
    directive: str | None
    mode: str
    states: int
    bodies: int
    removed: list[str]
    outside: list[str]
    before: dict[str, dict[str, float]]  # measure -> state -> value
    after: dict[str, dict[str, float]]
    gainers: list[dict[str, Any]] = field(default_factory=list)

    def rank(self, values: dict[str, float], state: str) -> int:
        return _rank(values, state)

    def to_json(self) -> dict[str, Any]:
        measures = {}
        for name in MEASURES:
            before, after = self.before[name], self.after[name]
            measures[name] = {
                "rank_before": _rank(before, self.actor), "rank_after": _rank(after, self.actor),
                "value_before": before.get(self.actor), "value_after": after.get(self.actor),
            }  # fmt: skip
        return {
            "actor": self.actor, "year": self.year, "directive": self.directive,
            "mode": self.mode, "states": self.states, "igos": self.bodies,
            "measures": measures, "gainers": self.gainers, "removed_bodies": self.removed,
            "outside_network_data": self.outside,
            "network": "COW IGO v3 full + associate memberships (ledger, corrected view)",
        }  # fmt: skip


def network_position(
    connection: Connection,
    actor: str,
    *,
    year: int | None = None,
    without_directive: str | None = None,
    mode: str = "exit",
    top: int = 10,
) -> NetworkResult:
    """The actor's rank under every measure in ``year``, before and after the counterfactual."""
    if mode not in MODES:
        raise InvalidData(f"mode {mode!r}: expected one of {', '.join(MODES)}")
    history = load_history(connection, "corrected")
    a = history.actor_index(actor)
    chosen = history.last_year if year is None else year
    if not history.first_year <= chosen <= history.last_year:
        raise InvalidData(
            f"year {chosen!r}: expected a COW year {history.first_year}-{history.last_year}"
        )
    incidence = incidence_matrix(history, chosen)
    removed: list[str] = []
    outside: list[str] = []
    if without_directive is not None:
        bodies = {item.body_id for item in load_directive(connection, without_directive).items}
        removed = sorted(b for b in bodies if b in history.bodies)
        outside = sorted(b for b in bodies if b not in history.bodies)
    columns = [history.bodies.index(b) for b in removed]
    changed = incidence.copy()
    if mode == "exit":
        changed[a, columns] = 0
    else:
        changed[:, columns] = 0
    keep = incidence.sum(axis=1) > 0
    keep[a] = True
    names = [s for s, k in zip(history.actors, keep.tolist(), strict=True) if k]
    before = measures(incidence[keep], names)
    after = measures(changed[keep], names)
    result = NetworkResult(
        actor=actor, year=chosen, directive=without_directive, mode=mode, states=len(names),
        bodies=int((incidence.sum(axis=0) > 0).sum()), removed=removed, outside=outside,
        before=before, after=after,
    )  # fmt: skip
    result.gainers = gainers(before, after, actor, top)
    return result


def bipartite_graph(history: History, year: int) -> nx.Graph:
    """The state-IGO membership graph of ``year`` (node attribute ``bipartite``: 0 state, 1 IGO)."""
    incidence = incidence_matrix(history, year)
    graph = nx.Graph()
    states, bodies = np.nonzero(incidence)
    graph.add_nodes_from(sorted({history.actors[a] for a in states.tolist()}), bipartite=0)
    graph.add_nodes_from(sorted({history.bodies[b] for b in bodies.tolist()}), bipartite=1)
    graph.add_edges_from(
        (history.actors[a], history.bodies[b])
        for a, b in zip(states.tolist(), bodies.tolist(), strict=True)
    )
    return graph


def incidence_matrix(history: History, year: int) -> npt.NDArray[np.int64]:
    """``[state, body]``: 1 where the IGO codes the state full or associate member in ``year``."""
    matrix = np.zeros((len(history.actors), len(history.bodies)), dtype=np.int64)
    live = (
        np.isin(history.seg_code, COUNTED)
        & (history.seg_start <= year) & (history.seg_stop > year)
    )  # fmt: skip
    matrix[history.seg_actor[live], history.seg_body[live]] = 1
    return matrix


def measures(
    incidence: npt.NDArray[np.int64], names: Collection[str]
) -> dict[str, dict[str, float]]:
    """Every measure of ``MEASURES`` for each state (row) of the incidence matrix."""
    states = list(names)
    weights = incidence @ incidence.T
    np.fill_diagonal(weights, 0)
    graph = nx.relabel_nodes(nx.from_numpy_array(weights), dict(enumerate(states)))
    eigen = _eigenvector(graph)
    between = betweenness(weights)
    return {
        "memberships": _by_state(states, incidence.sum(axis=1)),
        "degree": _by_state(states, (weights > 0).sum(axis=1)),
        "strength": _by_state(states, weights.sum(axis=1)),
        "eigenvector": {s: float(eigen.get(s, 0.0)) for s in states},
        "betweenness": _by_state(states, between),
    }


def gainers(
    before: dict[str, dict[str, float]],
    after: dict[str, dict[str, float]],
    actor: str,
    top: int,
) -> list[dict[str, Any]]:
    """States other than ``actor`` whose rank improves, per measure (at most ``top`` each)."""
    out: list[dict[str, Any]] = []
    for name in MEASURES:
        found: list[dict[str, Any]] = []
        for state in before[name]:
            if state == actor:
                continue
            old, new = _rank(before[name], state), _rank(after[name], state)
            if new < old:
                found.append({"actor": state, "measure": name, "rank_before": old,
                              "rank_after": new, "change": old - new})  # fmt: skip
        found.sort(key=lambda g: (-g["change"], g["rank_after"], g["actor"]))
        out.extend(found[:top])
    return out


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    if graph.number_of_edges() == 0:
        return {}
    # The largest connected component carries the leading eigenvector; isolated states get 0.
    core = graph.subgraph(max(nx.connected_components(graph), key=len))
    if core.number_of_nodes() < 3:
        return {node: 1.0 / core.number_of_nodes() ** 0.5 for node in core}
    values: dict[str, float] = nx.eigenvector_centrality_numpy(core, weight="weight")
    return {node: abs(value) for node, value in values.items()}


def _by_state(
    states: list[str], values: npt.NDArray[np.int64] | npt.NDArray[np.float64]
) -> dict[str, float]:
    return {s: float(v) for s, v in zip(states, values.tolist(), strict=True)}


def _rank(values: dict[str, float], state: str) -> int:
    """1 + the number of states with a clearly larger value (a relative tolerance of 1e-9)."""
    own = values.get(state, 0.0)
    scale = max((abs(v) for v in values.values()), default=0.0)
    return 1 + sum(1 for v in values.values() if v > own + 1e-9 * scale)
