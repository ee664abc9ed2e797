"""Evaluate a lens's criteria and gates for every body under review: the decision matrix.

Each cell holds the raw value, its 0–4 score under the criterion, a detail line and the evidence
behind it, or the reason it is missing. Assessment criteria read the latest usable assessment
(analyst score, or a published rating word mapped through the lens's ``ratings``) dated on or
before the as-of date; assessments of the same date are averaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import numpy as np

from ioreview.indicators import EventRecord, EvidenceBase, EvidenceRef, compute
from ioreview.lenses import Criterion, Gate, Lens


@dataclass(frozen=True)
class Cell:
    """One criterion for one body."""

    raw: float | None
    score: float | None
    detail: str | None
    reason: str | None
    evidence: tuple[EvidenceRef, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "raw": self.raw, "score": self.score, "detail": self.detail, "reason": self.reason,
            "evidence": [e.to_json() for e in self.evidence],
        }  # fmt: skip


@dataclass(frozen=True)
class GateHit:
    """A gate that fires for a body, with what made it fire."""

    gate: str
    effect: str
    determination: str
    why: str
    evidence: tuple[EvidenceRef, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "gate": self.gate, "effect": self.effect, "determination": self.determination,
            "why": self.why, "evidence": [e.to_json() for e in self.evidence],
        }  # fmt: skip


@dataclass(frozen=True)
class Evaluation:
    """The decision matrix of one lens over the bodies under review."""

    lens: Lens
    bodies: tuple[str, ...]
    cells: dict[str, dict[str, Cell]]
    gates: dict[str, tuple[GateHit, ...]]

    def scores(self) -> np.ndarray:
        """Bodies × criteria scores on 0–4, NaN where evidence is missing."""
        ids = [c.id for c in self.lens.criteria]
        matrix = np.full((len(self.bodies), len(ids)), np.nan)
        for i, body in enumerate(self.bodies):
            for j, cid in enumerate(ids):
                score = self.cells[body][cid].score
                if score is not None:
                    matrix[i, j] = score
        return matrix


def evaluate(lens: Lens, base: EvidenceBase, bodies: tuple[str, ...]) -> Evaluation:
    cells = {body: {c.id: _cell(lens, c, base, body) for c in lens.criteria} for body in bodies}
    gates = {
        body: tuple(h for g in lens.gates if (h := _gate(lens, g, base, body))) for body in bodies
    }
    return Evaluation(lens, bodies, cells, gates)


def _cell(lens: Lens, criterion: Criterion, base: EvidenceBase, body: str) -> Cell:
    if criterion.evidence == "indicator":
        reading = compute(base, str(criterion.indicator), body, criterion.params)
        if reading.value is None:
            return Cell(None, None, None, reading.reason, reading.evidence)
        score = criterion.score(reading.value)
        return Cell(reading.value, score, reading.detail, None, reading.evidence)
    used, reasons = latest_assessments(lens, base, body, criterion.assessments)
    if not used:
        reason = "; ".join(reasons) or f"no assessment of {criterion.id!r} for {body!r}"
        return Cell(None, None, None, reason, ())
    value = sum(score for score, _ in used) / len(used)
    words = ", ".join(_describe(record, score) for score, record in used)
    evidence = tuple(EvidenceRef("ledger", str(r.seq), r.uri, r.locator) for _, r in used)
    return Cell(value, criterion.score(value), words, None, evidence)


def _describe(record: EventRecord, score: float) -> str:
    payload = record.payload
    if "rating" in payload:
        return f"{payload.get('regime')} {payload.get('area')}: {payload['rating']!r} → {score:g}"
    return f"{payload.get('criterion')} {score:g} by {payload.get('analyst')} (seq {record.seq})"


def latest_assessments(
    lens: Lens, base: EvidenceBase, body: str, names: tuple[str, ...]
) -> tuple[list[tuple[float, EventRecord]], list[str]]:
    """The usable assessments of the latest date among ``names``, and why others were not used."""
    usable: list[tuple[date, float, EventRecord]] = []
    reasons: list[str] = []
    for record in base.body_events(body, "assessment"):
        payload = record.payload
        if payload.get("criterion") not in names or payload.get("lens") not in (None, lens.id):
            continue
        when = _dated(record)
        if when is None or when > base.as_of:
            continue
        score = _score(lens, record)
        if score is None:
            reasons.append(
                f"rating {payload.get('rating')!r} of {payload.get('regime')!r} has no score in "
                f"lens {lens.id!r} (seq {record.seq})"
            )
            continue
        usable.append((when, score, record))
    if not usable:
        return [], reasons
    latest = max(when for when, _, _ in usable)
    return [(score, record) for when, score, record in usable if when == latest], reasons


def _dated(record: EventRecord) -> date | None:
    if record.valid_from is not None:
        return record.valid_from
    year = record.payload.get("year")
    return date(year, 1, 1) if isinstance(year, int) and not isinstance(year, bool) else None


def _score(lens: Lens, record: EventRecord) -> float | None:
    payload = record.payload
    if isinstance(payload.get("score"), str):
        try:
            return float(Decimal(payload["score"]))
        except InvalidOperation:
            return None
    words = lens.ratings.get(str(payload.get("regime")), {})
    rating = payload.get("rating")
    return words.get(rating.lower()) if isinstance(rating, str) else None


def _gate(lens: Lens, gate: Gate, base: EvidenceBase, body: str) -> GateHit | None:
    source = lens.source(gate.source)
    uri = None if source is None else source.url
    if body in gate.bodies:
        ref = EvidenceRef("file", f"lens {lens.id} gate {gate.id}", uri, gate.locator)
        return GateHit(gate.id, gate.effect, gate.determination, gate.bodies[body], (ref,))
    if gate.assessment is None:
        return None
    used, _ = latest_assessments(lens, base, body, (gate.assessment,))
    if not used:
        return None
    value = sum(score for score, _ in used) / len(used)
    fires = (gate.at_most is None or value <= gate.at_most) and (
        gate.at_least is None or value >= gate.at_least
    )
    if not fires:
        return None
    evidence = tuple(EvidenceRef("ledger", str(r.seq), r.uri, r.locator) for _, r in used)
    quotes = "; ".join(str(r.payload.get("quote") or "") for _, r in used if r.payload.get("quote"))
    why = f"assessment {gate.assessment!r} = {value:g}" + (f": {quotes}" if quotes else "")
    return GateHit(gate.id, gate.effect, gate.determination, why, evidence)
