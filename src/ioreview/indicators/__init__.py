"""Indicators: named, documented functions of the evidence for (actor, body, date).

Typical use::

    from ioreview.indicators import EvidenceBase, compute, CATALOGUE

    with project.engine.connect() as connection:
        base = EvidenceBase(connection, "USA", date(2026, 1, 6))
        reading = compute(base, "notice_length", "unesco")
        reading.value, reading.reason, reading.evidence

A missing input gives a reading without a value and with a reason, never zero.
"""

from ioreview.indicators.base import EvidenceBase
from ioreview.indicators.catalogue import CATALOGUE, compute, indicator
from ioreview.indicators.model import EvidenceRef, IndicatorSpec, Reading, missing
from ioreview.indicators.records import COW_LAST_YEAR, EventRecord, cow_carried

__all__ = [
    "CATALOGUE",
    "COW_LAST_YEAR",
    "EventRecord",
    "EvidenceBase",
    "EvidenceRef",
    "IndicatorSpec",
    "Reading",
    "compute",
    "cow_carried",
    "indicator",
    "missing",
]
