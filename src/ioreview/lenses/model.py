"""A lens: criteria, scales, weights, gates and thresholds, with the sources they restate.

Every criterion maps its evidence to the common 0–4 scale, where 4 is most favourable to
continued engagement under the lens. An indicator criterion reads a raw value, turns it into a
magnitude on 0–4 with its scale, and keeps it (``benefit``) or reverses it (``cost``:
``4 - magnitude``). An assessment criterion reads analyst or published assessments, already on
the 0–4 scale (published rating words through the lens's ``ratings`` table).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

SCALE_TOP = 4.0
DIRECTIONS = ("benefit", "cost")
EVIDENCE = ("indicator", "assessment")
SCALE_METHODS = ("linear", "log10", "bands", "assessment")
GATE_EFFECTS = ("force", "at-least")
#: Determinations from least to most favourable to continued engagement.
ORDER = ("withdraw", "review", "remain")
INSUFFICIENT = "insufficient-evidence"


@dataclass(frozen=True)
class Scale:
    """How a raw value becomes a magnitude on 0–4; ``description`` documents the method."""

    method: str
    description: str
    lo: float | None = None
    hi: float | None = None
    #: ``bands``: ascending edges; a value below ``edges[0]`` gets ``scores[0]``, …
    edges: tuple[float, ...] = ()
    scores: tuple[float, ...] = ()

    def magnitude(self, raw: float) -> float:
        if self.method == "assessment":
            return _clip(raw)
        if self.method == "bands":
            index = sum(1 for edge in self.edges if raw >= edge)
            return self.scores[index]
        lo, hi = float(self.lo or 0.0), float(self.hi or 0.0)
        if self.method == "log10":
            if raw <= lo:
                return 0.0
            raw, lo, hi = math.log10(raw), math.log10(lo), math.log10(hi)
        return _clip(SCALE_TOP * (raw - lo) / (hi - lo))

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {"method": self.method, "description": self.description}
        if self.lo is not None:
            document["lo"], document["hi"] = self.lo, self.hi
        if self.edges:
            document["edges"], document["scores"] = list(self.edges), list(self.scores)
        return document


def _clip(value: float) -> float:
    return min(SCALE_TOP, max(0.0, value))


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    group: str
    evidence: str
    direction: str
    weight: float
    scale: Scale
    source: str
    indicator: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    #: Assessment criterion names this criterion reads (analyst and published).
    assessments: tuple[str, ...] = ()
    quote: str | None = None
    locator: str | None = None
    note: str | None = None

    def score(self, raw: float) -> float:
        """The 0–4 score of a raw value under this criterion."""
        magnitude = self.scale.magnitude(raw)
        return magnitude if self.direction == "benefit" else SCALE_TOP - magnitude

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "group": self.group, "evidence": self.evidence,
            "indicator": self.indicator, "params": self.params,
            "assessments": list(self.assessments), "direction": self.direction,
            "weight": self.weight, "scale": self.scale.to_json(), "source": self.source,
            "quote": self.quote, "locator": self.locator, "note": self.note,
        }  # fmt: skip


@dataclass(frozen=True)
class Gate:
    """A veto: named bodies or an assessment force (or floor) a determination."""

    id: str
    title: str
    source: str
    effect: str
    determination: str
    #: Body id → the source's words about it.
    bodies: dict[str, str] = field(default_factory=dict)
    locator: str | None = None
    #: An assessment criterion name; the gate fires on the latest score within the bounds.
    assessment: str | None = None
    at_most: float | None = None
    at_least: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "source": self.source, "effect": self.effect,
            "determination": self.determination, "bodies": self.bodies,
            "locator": self.locator, "assessment": self.assessment, "at_most": self.at_most,
            "at_least": self.at_least,
        }  # fmt: skip


@dataclass(frozen=True)
class Thresholds:
    withdraw_below: float = 1.5
    review_below: float = 2.5
    min_coverage: float = 0.5
    #: A determination whose modal acceptability is below this is flagged fragile.
    fragile_below: float = 0.8

    def determine(self, aggregate: float) -> str:
        if aggregate < self.withdraw_below:
            return "withdraw"
        if aggregate < self.review_below:
            return "review"
        return "remain"

    def to_json(self) -> dict[str, float]:
        return {
            "withdraw_below": self.withdraw_below, "review_below": self.review_below,
            "min_coverage": self.min_coverage, "fragile_below": self.fragile_below,
        }  # fmt: skip


@dataclass(frozen=True)
class LensSource:
    id: str
    title: str
    url: str
    date: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "url": self.url, "date": self.date,
                "note": self.note}  # fmt: skip


@dataclass(frozen=True)
class Lens:
    id: str
    title: str
    version: str
    summary: str
    sources: tuple[LensSource, ...]
    criteria: tuple[Criterion, ...]
    thresholds: Thresholds
    gates: tuple[Gate, ...] = ()
    #: Regime → rating word (lower case) → score on 0–4.
    ratings: dict[str, dict[str, float]] = field(default_factory=dict)
    weights_note: str = ""
    #: Where the lens came from (``builtin:transactional`` or a file path) and its SHA-256.
    origin: str = ""
    sha256: str = ""

    @property
    def weights(self) -> tuple[float, ...]:
        """Criterion weights normalized to sum to 1."""
        total = sum(c.weight for c in self.criteria)
        return tuple(c.weight / total for c in self.criteria)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def source(self, source_id: str) -> LensSource | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "version": self.version,
            "summary": self.summary, "origin": self.origin, "sha256": self.sha256,
            "weights_note": self.weights_note,
            "sources": [s.to_json() for s in self.sources],
            "criteria": [
                {**c.to_json(), "normalized_weight": w}
                for c, w in zip(self.criteria, self.weights, strict=True)
            ],
            "gates": [g.to_json() for g in self.gates],
            "thresholds": self.thresholds.to_json(),
            "ratings": self.ratings,
        }  # fmt: skip
