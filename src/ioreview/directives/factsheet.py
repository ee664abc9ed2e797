"""The fact sheet of a directive: counts, money and earlier withdrawals, each from the ledger.

- **Items**: counts per section as recorded (``2(a)``, ``2(b)``; none for an unsectioned
  directive), per UN-system group (``registry_ops.is_un_system``) and per action.
- **Money**: every unretracted ``contribution`` and ``pledge`` event of the directive's actor for
  its bodies, with year, amount, currency, funding kind, basis, source and seq. A total is stated
  only when every figure has the same currency, funding kind (payload ``funding_kind``, else the
  event kind) and year basis (payload ``year_basis``); otherwise the sheet says "not comparable"
  and why. No money in the ledger is said as such.
- **Criteria**: with a review, the lens it names and the criteria listed in it (id, name and
  source as the review file gives them).
- **Earlier withdrawals**: bodies outside the directive whose first withdrawal step
  (``withdrawal_directed``, ``withdrawal_notified``, ``funding_ceased``, ``withdrawal_effective``,
  ``status_changed`` to ``none``) is dated before the directive, with every such step.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from ioreview.directives.draft_inputs import lens_label
from ioreview.directives.records import Directive, ledger_events
from ioreview.directives.registry_ops import is_un_system
from ioreview.ledger.events import Event
from ioreview.registry import Registry

MONEY_KINDS = frozenset({"contribution", "pledge"})
EXIT_KINDS = frozenset(
    {"withdrawal_directed", "withdrawal_notified", "funding_ceased", "withdrawal_effective"}
)


@dataclass(frozen=True)
class MoneyRow:
    seq: int
    body_id: str
    event_kind: str
    funding_kind: str
    year: str | None
    year_basis: str | None
    amount: str
    currency: str
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "body_id": self.body_id, "event_kind": self.event_kind,
            "funding_kind": self.funding_kind, "year": self.year, "year_basis": self.year_basis,
            "amount": self.amount, "currency": self.currency, "source": self.source,
        }  # fmt: skip


@dataclass(frozen=True)
class ExitStep:
    body_id: str
    kind: str
    date: date | None
    seq: int
    directive: str | None
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "body_id": self.body_id, "kind": self.kind,
            "date": None if self.date is None else self.date.isoformat(), "seq": self.seq,
            "directive": self.directive, "source": self.source,
        }  # fmt: skip


@dataclass(frozen=True)
class FactSheet:
    directive: Directive
    sections: dict[str, int]
    un_system: dict[str, int]
    actions: dict[str, int]
    money: tuple[MoneyRow, ...]
    total: dict[str, str] | None
    money_note: str
    lens: dict[str, Any] | None
    earlier: tuple[ExitStep, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "directive": self.directive.id, "title": self.directive.title,
            "date": None if self.directive.date is None else self.directive.date.isoformat(),
            "source": self.directive.source, "items": len(self.directive.items),
            "sections": self.sections, "un_system": self.un_system, "actions": self.actions,
            "money": {"rows": [row.to_json() for row in self.money], "total": self.total,
                      "note": self.money_note},
            "lens": self.lens, "earlier_withdrawals": [step.to_json() for step in self.earlier],
        }  # fmt: skip


def build_factsheet(
    connection: Connection,
    directive: Directive,
    registry: Registry,
    review: dict[str, Any] | None = None,
) -> FactSheet:
    """The fact sheet of ``directive`` (see the module docstring)."""
    bodies = list(dict.fromkeys(item.body_id for item in directive.items))
    sections = Counter(f"Sec. {i.section}" if i.section else "unsectioned" for i in directive.items)
    un = sum(is_un_system(registry.body(b), registry) for b in bodies if b in registry)
    actors = {item.actor for item in directive.items}
    order = {body: index for index, body in enumerate(bodies)}
    money = [
        _money_row(event)
        for event in ledger_events(connection, MONEY_KINDS, bodies=bodies)
        if event.actor in actors
    ]
    money.sort(key=lambda row: (order[row.body_id], row.seq))
    total, note = _total(money)
    actions = Counter(item.action for item in directive.items)
    return FactSheet(
        directive=directive, sections=dict(sections), actions=dict(actions),
        un_system={"un": un, "non_un": len(bodies) - un}, money=tuple(money), total=total,
        money_note=note, lens=None if review is None else _lens(review),
        earlier=tuple(_earlier(connection, directive, set(bodies), actors)),
    )  # fmt: skip


def _money_row(event: Event) -> MoneyRow:
    payload = event.payload
    year = payload.get("year")
    if year is None and event.valid_from is not None:
        year = str(event.valid_from.year)
    return MoneyRow(
        seq=event.seq or 0, body_id=str(event.body), event_kind=event.kind,
        funding_kind=str(payload.get("funding_kind") or event.kind), year=year,
        year_basis=payload.get("year_basis"), amount=str(payload["amount"]),
        currency=str(payload["currency"]), source=event.source.uri,
    )  # fmt: skip


def _total(rows: list[MoneyRow]) -> tuple[dict[str, str] | None, str]:
    if not rows:
        return None, "The ledger holds no contribution or pledge figures for these bodies."
    differing = [
        f"{label} {', '.join(sorted(values))}"
        for label, values in (
            ("currencies", {row.currency for row in rows}),
            ("funding kinds", {row.funding_kind for row in rows}),
            ("year bases", {row.year_basis or "unstated" for row in rows}),
        )
        if len(values) > 1
    ]
    if differing:
        return None, f"No total: the figures are not comparable ({'; '.join(differing)})."
    first = rows[0]
    amount = sum((Decimal(row.amount) for row in rows), Decimal(0))
    total = {
        "amount": str(amount),
        "currency": first.currency,
        "funding_kind": first.funding_kind,
        "year_basis": first.year_basis or "unstated",
    }
    return total, (
        f"Total of {len(rows)} comparable figures ({first.currency}, {first.funding_kind}, "
        f"{total['year_basis']})."
    )  # fmt: skip


def _lens(review: dict[str, Any]) -> dict[str, Any]:
    lens = review.get("lens")
    criteria = lens.get("criteria") if isinstance(lens, dict) else None
    listed = []
    for entry in criteria if isinstance(criteria, list) else []:
        if isinstance(entry, dict):
            listed.append(
                {
                    "id": entry.get("id"),
                    "name": entry.get("name") or entry.get("label"),
                    "source": entry.get("source") or entry.get("sources"),
                }
            )
    return {"review": review.get("id"), "lens": lens_label(review), "criteria": listed}


def _earlier(
    connection: Connection, directive: Directive, inside: set[str], actors: set[str]
) -> list[ExitStep]:
    if directive.date is None:
        return []
    steps: dict[str, list[ExitStep]] = {}
    for event in ledger_events(connection, EXIT_KINDS | {"status_changed"}):
        if event.body is None or event.body in inside or event.actor not in actors:
            continue
        if event.kind == "status_changed" and event.payload.get("status") != "none":
            continue
        directive_id = event.payload.get("directive")
        steps.setdefault(event.body, []).append(
            ExitStep(
                body_id=event.body, kind=event.kind, date=event.valid_from, seq=event.seq or 0,
                directive=directive_id if isinstance(directive_id, str) else None,
                source=event.source.uri,
            )
        )  # fmt: skip
    earlier = [
        group for group in steps.values() if min(s.date or date.min for s in group) < directive.date
    ]
    earlier.sort(key=lambda group: (min(s.date or date.min for s in group), group[0].body_id))
    return [step for group in earlier for step in group]
