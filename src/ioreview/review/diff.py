"""What changed between two stored reviews, and why: ``diff_reviews(a, b)``.

For the bodies in both reviews: the determination, score and coverage before and after, and the
criteria behind the change (raw value, score, contribution and evidence seqs that differ, sorted
by the size of the change in contribution). Also: lens version and weight changes, bodies that
entered or left the portfolio, and gates that started or stopped firing.
"""

from __future__ import annotations

from typing import Any

from ioreview.review.model import BodyResult, Review

TOLERANCE = 1e-9


def diff_reviews(a: Review, b: Review) -> dict[str, Any]:
    weights_a = {c["id"]: c["weight"] for c in a.criteria}
    weights_b = {c["id"]: c["weight"] for c in b.criteria}
    weights = [
        {"criterion": cid, "a": weights_a.get(cid), "b": weights_b.get(cid)}
        for cid in sorted(set(weights_a) | set(weights_b))
        if not _same(weights_a.get(cid), weights_b.get(cid))
    ]
    bodies_a = {r.body_id: r for r in a.results}
    bodies_b = {r.body_id: r for r in b.results}
    changed = []
    for body in sorted(set(bodies_a) & set(bodies_b)):
        entry = _body_diff(bodies_a[body], bodies_b[body])
        if entry is not None:
            changed.append(entry)
    changed.sort(key=lambda e: (e["determination"][0] == e["determination"][1], e["body_id"]))
    return {
        "a": a.id, "b": b.id,
        "same_inputs": a.inputs_hash == b.inputs_hash,
        "lens": {"a": f"{a.lens} {a.lens_version}", "b": f"{b.lens} {b.lens_version}"},
        "as_of": {"a": a.as_of.isoformat(), "b": b.as_of.isoformat()},
        "ledger_size": {"a": a.ledger_size, "b": b.ledger_size},
        "method": {"a": a.method, "b": b.method},
        "weights": weights,
        "added": [{"body_id": r.body_id, "admitted_by": r.admitted_by,
                   "determination": r.determination}
                  for body, r in sorted(bodies_b.items()) if body not in bodies_a],
        "removed": [{"body_id": r.body_id, "determination": r.determination}
                    for body, r in sorted(bodies_a.items()) if body not in bodies_b],
        "changed": changed,
        "unchanged": len(set(bodies_a) & set(bodies_b)) - len(changed),
    }  # fmt: skip


def _body_diff(a: BodyResult, b: BodyResult) -> dict[str, Any] | None:
    criteria: list[dict[str, Any]] = []
    for cid in sorted(set(a.cells) | set(b.cells)):
        cell_a, cell_b = a.cells.get(cid, {}), b.cells.get(cid, {})
        seqs_a, seqs_b = _seqs(cell_a), _seqs(cell_b)
        contribution = (a.contributions.get(cid), b.contributions.get(cid))
        if (
            _same(cell_a.get("raw"), cell_b.get("raw"))
            and _same(cell_a.get("score"), cell_b.get("score"))
            and _same(*contribution)
            and seqs_a == seqs_b
        ):
            continue
        criteria.append({
            "criterion": cid,
            "raw": [cell_a.get("raw"), cell_b.get("raw")],
            "score": [cell_a.get("score"), cell_b.get("score")],
            "contribution": list(contribution),
            "reason": [cell_a.get("reason"), cell_b.get("reason")],
            "evidence": {"added": sorted(seqs_b - seqs_a), "removed": sorted(seqs_a - seqs_b)},
        })  # fmt: skip
    criteria.sort(key=lambda c: -abs((c["contribution"][1] or 0) - (c["contribution"][0] or 0)))
    gates_a = {g["gate"] for g in a.gates}
    gates_b = {g["gate"] for g in b.gates}
    same = (
        a.determination == b.determination
        and _same(a.score, b.score)
        and _same(a.coverage, b.coverage)
        and not criteria
        and gates_a == gates_b
    )
    if same:
        return None
    return {
        "body_id": a.body_id,
        "determination": [a.determination, b.determination],
        "score": [a.score, b.score],
        "coverage": [a.coverage, b.coverage],
        "criteria": criteria,
        "gates": {"added": sorted(gates_b - gates_a), "removed": sorted(gates_a - gates_b)},
    }


def _seqs(cell: dict[str, Any]) -> set[str]:
    return {e["ref"] for e in cell.get("evidence", []) if e.get("kind") == "ledger"}


def _same(x: object, y: object) -> bool:
    if isinstance(x, int | float) and isinstance(y, int | float):
        return abs(float(x) - float(y)) <= TOLERANCE
    return x == y
