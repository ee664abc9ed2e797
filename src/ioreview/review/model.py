"""A review's result: per body the aggregate, rank, determination, coverage and robustness.

``Review.to_json`` is the stored document and the ``review run --json`` contract: ``id``,
``lens``, ``lens_version``, ``actor``, ``as_of`` and ``results`` (one object per body with
``body_id``, ``score``, ``rank``, ``determination``, ``coverage``, ``fragile``,
``acceptability`` {withdraw, review, remain}, ``contributions`` {criterion: number | null},
``admitted_by``), plus the evidence behind every cell and the run's parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ioreview.lenses import INSUFFICIENT, ORDER


@dataclass
class BodyResult:
    body_id: str
    name: str
    score: float | None
    rank: int | None
    determination: str
    coverage: float
    fragile: bool
    acceptability: dict[str, float]
    contributions: dict[str, float | None]
    admitted_by: list[str]
    rank_interval: list[int] | None = None
    gates: list[dict[str, Any]] = field(default_factory=list)
    #: criterion → {raw, score, detail, reason, evidence: [...]}
    cells: dict[str, dict[str, Any]] = field(default_factory=dict)
    admission_evidence: list[int] = field(default_factory=list)

    @property
    def decided(self) -> bool:
        return self.determination != INSUFFICIENT

    def to_json(self) -> dict[str, Any]:
        return {
            "body_id": self.body_id, "name": self.name, "score": self.score, "rank": self.rank,
            "determination": self.determination, "coverage": self.coverage,
            "fragile": self.fragile, "acceptability": self.acceptability,
            "contributions": self.contributions, "admitted_by": self.admitted_by,
            "rank_interval": self.rank_interval, "gates": self.gates, "cells": self.cells,
            "admission_evidence": self.admission_evidence,
        }  # fmt: skip

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> BodyResult:
        return cls(**document)


@dataclass
class Review:
    lens: str
    lens_version: str
    lens_title: str
    lens_sha256: str
    actor: str
    as_of: date
    method: str
    samples: int
    seed: int
    concentration: float
    ledger_size: int
    criteria: list[dict[str, Any]]
    thresholds: dict[str, float]
    results: list[BodyResult]
    inputs_hash: str = ""
    id: int | None = None
    created_at: str | None = None

    def counts(self) -> dict[str, int]:
        found = {name: 0 for name in (*ORDER, INSUFFICIENT)}
        for result in self.results:
            found[result.determination] += 1
        return found

    def result(self, body_id: str) -> BodyResult | None:
        return next((r for r in self.results if r.body_id == body_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "lens": self.lens, "lens_version": self.lens_version,
            "lens_title": self.lens_title, "lens_sha256": self.lens_sha256,
            "actor": self.actor, "as_of": self.as_of.isoformat(), "method": self.method,
            "samples": self.samples, "seed": self.seed, "concentration": self.concentration,
            "ledger_size": self.ledger_size, "inputs_hash": self.inputs_hash,
            "created_at": self.created_at, "counts": self.counts(),
            "criteria": self.criteria, "thresholds": self.thresholds,
            "results": [r.to_json() for r in self.results],
        }  # fmt: skip

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Review:
        return cls(
            lens=document["lens"], lens_version=document["lens_version"],
            lens_title=document["lens_title"], lens_sha256=document["lens_sha256"],
            actor=document["actor"], as_of=date.fromisoformat(document["as_of"]),
            method=document["method"], samples=document["samples"], seed=document["seed"],
            concentration=document["concentration"], ledger_size=document["ledger_size"],
            criteria=document["criteria"], thresholds=document["thresholds"],
            results=[BodyResult.from_json(r) for r in document["results"]],
            inputs_hash=document["inputs_hash"], id=document["id"],
            created_at=document["created_at"],
        )  # fmt: skip
