"""What an indicator returns: a value with its evidence, or the reason there is none.

A missing input gives a ``Reading`` whose ``value`` is None and whose ``reason`` says what is
missing ("dataset un-ceb-revenue not loaded"). Nothing downstream turns that into zero: the lens
engine counts it as missing evidence and lowers the coverage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ioreview.indicators.base import EvidenceBase

#: Where a piece of evidence lives.
EVIDENCE_KINDS = ("ledger", "dataset", "registry", "file")


@dataclass(frozen=True)
class EvidenceRef:
    """One item of evidence: a ledger seq, a dataset row, a registry field or a file line."""

    kind: str
    #: ``"12"`` (ledger seq), ``"un_ceb_revenue:year=2024,entity=UNFPA"``, ``"unesco#founded"``,
    #: ``"data/sources/memorandum-2026/withdrawal-rules.csv:5"``.
    ref: str
    #: The source URL the evidence cites, when it has one.
    uri: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "ref": self.ref, "uri": self.uri, "note": self.note}

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> EvidenceRef:
        return cls(document["kind"], document["ref"], document.get("uri"), document.get("note"))


@dataclass(frozen=True)
class Reading:
    """An indicator's value for one body, or why it has none."""

    value: float | None
    evidence: tuple[EvidenceRef, ...] = ()
    #: Why the value is missing (None when there is a value).
    reason: str | None = None
    #: A short human summary of how the value was obtained.
    detail: str | None = None

    @property
    def missing(self) -> bool:
        return self.value is None

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "reason": self.reason,
            "detail": self.detail,
            "evidence": [item.to_json() for item in self.evidence],
        }


def missing(reason: str, evidence: tuple[EvidenceRef, ...] = ()) -> Reading:
    """A reading without a value: insufficient evidence, with the reason."""
    return Reading(value=None, evidence=evidence, reason=reason)


#: ``compute(base, body_id, params)``; ``params`` come from the lens criterion (e.g. tags).
Compute = Callable[["EvidenceBase", str, Mapping[str, Any]], Reading]


@dataclass(frozen=True)
class IndicatorSpec:
    """A named, documented indicator: what it measures, from which data, for which bodies."""

    id: str
    title: str
    definition: str
    unit: str
    source: str
    coverage: str
    compute: Compute = field(compare=False, repr=False)
    #: Parameters a lens criterion may pass (e.g. ``tags``); others are rejected on load.
    params: tuple[str, ...] = ()

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "definition": self.definition,
            "unit": self.unit,
            "source": self.source,
            "coverage": self.coverage,
            "params": ", ".join(self.params),
        }
