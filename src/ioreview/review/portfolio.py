"""Which bodies a review covers: the actor's engagements active on the as-of date.

A body is admitted by any of these rules, and each result says which:

- ``status:<status>``: the status projection shows an engaged status on the date (a role, or
  ``suspended`` or ``withdrawing``);
- ``cow-carried``: a Correlates of War membership spell still open in 2014, the last COW year,
  and not ended by a later event (COW events carry ``observed: "cow"``);
- ``contribution:<years>``: a recorded contribution of the actor in the three calendar years
  before the as-of year (the money indicators' eligibility rules);
- ``directive:<id>``: a ``withdrawal_directed`` event dated on or before the as-of date, while
  the status is not yet ``none`` (status ``directed``, or the directive marker on a role).
"""

from __future__ import annotations

from dataclasses import dataclass

from ioreview.indicators import EventRecord, EvidenceBase, cow_carried
from ioreview.indicators.money import yearly_amounts
from ioreview.indicators.records import ENGAGED_STATUSES, is_cow


@dataclass(frozen=True)
class Admission:
    body: str
    rules: tuple[str, ...]
    #: Ledger seqs that show each rule holds.
    evidence: tuple[int, ...]

    def to_json(self) -> dict[str, object]:
        return {"rules": list(self.rules), "evidence": list(self.evidence)}


def portfolio(base: EvidenceBase) -> dict[str, Admission]:
    """Admissions by body id, sorted by id."""
    rules: dict[str, list[str]] = {}
    seqs: dict[str, list[int]] = {}

    def admit(body: str, rule: str, evidence: list[int]) -> None:
        if rule not in rules.setdefault(body, []):
            rules[body].append(rule)
        seqs.setdefault(body, []).extend(evidence)

    for body, row in base.status.items():
        if row.status not in ENGAGED_STATUSES:
            continue
        cause = None if row.event_seq is None else base.record(row.event_seq)
        directed = row.status == "directed" or "withdrawal_directed" in row.markers
        if cause is not None and is_cow(cause.payload):
            admit(body, "cow-carried", [cause.seq])
        elif row.status != "directed":
            admit(body, f"status:{row.status}", [] if row.event_seq is None else [row.event_seq])
        if directed:
            for record in _directives(base, body):
                admit(body, f"directive:{record.payload.get('directive')}", [record.seq])
    for body, records in base.events_by_body.items():
        if any(rule.startswith(("status:", "cow-")) for rule in rules.get(body, [])):
            continue
        carried = cow_carried(records, base.as_of)
        if carried is not None:
            admit(body, "cow-carried", [carried.seq])
    for body in base.events_by_body:
        amounts = yearly_amounts(base, body)
        if amounts:
            years = sorted(amounts)
            label = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
            admit(body, f"contribution:{label}", [r.seq for _, rs in amounts.values() for r in rs])
    return {
        body: Admission(body, tuple(rules[body]), tuple(sorted(set(seqs[body]))))
        for body in sorted(rules)
    }


def _directives(base: EvidenceBase, body: str) -> list[EventRecord]:
    return [
        record
        for record in base.body_events(body, "withdrawal_directed")
        if record.valid_from is None or record.valid_from <= base.as_of
    ]
