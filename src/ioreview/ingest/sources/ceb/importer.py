"""UN CEB financial statistics → ``contribution`` events and the ``ceb_*`` dataset tables.

- One ``contribution`` event per (government donor, UN entity, year, revenue type) whose donor
  is a registry actor and whose entity is a registry body (``data/registry/ceb-donors.yaml``,
  ``ceb-entities.yaml``). Key ``ACTOR/ENTITY/YEAR/REVENUE_TYPE``; valid ``[YYYY-01-01,
  YYYY+1-01-01)``; ``payload.amount`` is the source's decimal string in USD, sign kept.
- Every other contribution row goes to ``ceb_other_contribution`` with its reason, and
  ``ceb_unmapped`` totals them per entity, donor or non-government contributor (warned too).
- Revenue and expenses by entity go to ``ceb_revenue`` / ``ceb_expenses``; the raw 2024
  government-donor file is compared with the input per donor in ``ceb_crosscheck``.

The main file may be the derived long table (bundled) or an official CEB "revenue by
government donor" download of the same years (``contributions.layout``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ioreview.exc import InvalidData
from ioreview.ingest.context import Context
from ioreview.ingest.sources.ceb.amounts import total
from ioreview.ingest.sources.ceb.contributions import Record, Reject, read_records
from ioreview.ingest.sources.ceb.crosscheck import crosscheck
from ioreview.ingest.sources.ceb.entity_tables import load_expenses, load_revenue
from ioreview.ingest.sources.ceb.mapping import (
    EXTRA_CATEGORIES,
    FUNDING_KINDS,
    GOVERNMENT,
    Donor,
    load_contributor_codes,
    load_donors,
    load_entities,
    load_revenue_categories,
)
from ioreview.ledger.events import Event, Source
from ioreview.storage.ceb_tables import ceb_other_contribution, ceb_unmapped

SOURCE_URL = "https://unsceb.org/financial-statistics"


@dataclass
class Tally:
    reason: str
    years: set[int] = field(default_factory=set)
    amounts: list[str] = field(default_factory=list)


def load(context: Context) -> None:
    registry = context.registry
    entities = load_entities(context.path("entities"), registry)
    donors = load_donors(context.path("donors"), registry)
    load_revenue_categories(context.path("rev_types"))
    codes = load_contributor_codes(context.path("contrib_types"))
    main = context.path()
    digest = hashlib.sha256(main.read_bytes()).hexdigest()
    tallies: dict[tuple[str, str], Tally] = {}
    totals: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
    keys: dict[str, int] = {}

    def reject(message: str, line: int, column: str) -> InvalidData:
        return context.reject(message, file=main.name, line=line, column=column)

    for record in context.progress(read_records(main, reject), what="CEB contributions"):
        context.count("records")
        entity = entities.get(record.entity)
        if entity is None:
            raise reject(
                f"entity code {record.entity!r} is not in data/registry/ceb-entities.yaml: "
                "expected a CEB entity code such as UNFCCC (add new codes to that file)",
                record.line, "entity",
            )  # fmt: skip
        if entity.body is None:
            _tally(tallies, "entity", entity.code, entity.reason or "no registry body", record)
        donor = _donor(record, donors, codes, reject)
        reason = _reason(record, donor, entity.body)
        if donor is not None and donor.actor is not None:
            totals[(donor.actor, record.year)].append(record.amount)
        if reason is not None:
            if reason == "non-government":
                _tally(tallies, "non-government", record.contributor, record.category, record)
            elif reason == "no registry actor" and donor is not None:
                _tally(tallies, "donor", record.contributor, donor.reason or reason, record)
            _other(context, record, codes, donor, entity.code, entity.body, reason)
            continue
        assert donor is not None and donor.actor is not None and entity.body is not None
        key = f"{donor.actor}/{entity.code}/{record.year}/{record.revenue_type}"
        if key in keys:
            raise reject(
                f"duplicate record {key!r} (also line {keys[key]}): expected one row per "
                "donor, entity, year and revenue type",
                record.line, "contributor",
            )  # fmt: skip
        keys[key] = record.line
        context.emit(_event(record, donor.actor, entity.body, entity.code, main, digest), key=key)
    _report(context, tallies)
    load_revenue(context, entities)
    load_expenses(context, entities)
    crosscheck(context, entities, donors, totals)


def _donor(
    record: Record,
    donors: dict[str, Donor],
    codes: dict[str, str],
    reject: Reject,
) -> Donor | None:
    """The donor of a government row; None for other contributors (category checked)."""
    if record.category != GOVERNMENT:
        if record.category not in codes and record.category not in EXTRA_CATEGORIES:
            raise reject(
                f"contributor_category {record.category!r} is not in contrib_types_mapping.csv",
                record.line, "contributor_category",
            )  # fmt: skip
        return None
    donor = donors.get(record.contributor)
    if donor is None:
        raise reject(
            f"government donor {record.contributor!r} is neither a registry actor's name nor "
            "in data/registry/ceb-donors.yaml: expected a known country name (add it there)",
            record.line, "contributor",
        )  # fmt: skip
    return donor


def _reason(record: Record, donor: Donor | None, body: str | None) -> str | None:
    if donor is None:
        return "non-government"
    if donor.actor is None:
        return "no registry actor"
    if body is None:
        return "no registry body"
    return None


def _event(record: Record, actor: str, body: str, code: str, path: Path, digest: str) -> Event:
    return Event(
        kind="contribution",
        actor=actor,
        body=body,
        valid_from=date(record.year, 1, 1),
        valid_to=date(record.year + 1, 1, 1),
        payload={
            "amount": record.amount,
            "currency": "USD",
            "year": record.year,
            "revenue_type": record.revenue_type,
            "revenue_type_source": record.revenue_type_source,
            "funding_kind": FUNDING_KINDS[record.revenue_type],
            "dataset": "ceb",
            "ceb_entity": code,
            "contributor": record.contributor,
        },
        source=Source(uri=SOURCE_URL, sha256=digest, locator=f"{path.name} line {record.line}"),
    )


def _other(
    context: Context,
    record: Record,
    codes: dict[str, str],
    donor: Donor | None,
    entity: str,
    body: str | None,
    reason: str,
) -> None:
    context.insert(
        ceb_other_contribution,
        {
            "line": record.line, "year": record.year, "contributor": record.contributor,
            "contributor_category": record.category,
            "contributor_code": codes.get(record.category), "is_other": record.is_other,
            "actor": None if donor is None else donor.actor, "entity": entity, "body": body,
            "revenue_type": record.revenue_type, "amount": record.amount, "reason": reason,
        },
    )  # fmt: skip


def _tally(
    tallies: dict[tuple[str, str], Tally], what: str, code: str, reason: str, record: Record
) -> None:
    tally = tallies.setdefault((what, code), Tally(reason))
    tally.years.add(record.year)
    tally.amounts.append(record.amount)


def _report(context: Context, tallies: dict[tuple[str, str], Tally]) -> None:
    path = context.path()
    counts: defaultdict[str, int] = defaultdict(int)
    for (what, code), tally in sorted(tallies.items()):
        amount = total(tally.amounts)
        counts[what] += 1
        context.insert(
            ceb_unmapped,
            {
                "what": what, "code": code, "reason": tally.reason,
                "row_count": len(tally.amounts), "first_year": min(tally.years),
                "last_year": max(tally.years), "total": amount,
            },
        )  # fmt: skip
        if what != "non-government":
            context.warn(
                f"{what} {code!r}: {len(tally.amounts)} rows, {min(tally.years)}-"
                f"{max(tally.years)}, total {Decimal(amount):,.2f} USD not recorded as events "
                f"({tally.reason}); rows in ceb_other_contribution",
                file=path.name,
            )
    others = [t for (what, _), t in tallies.items() if what == "non-government"]
    if others:
        rows = sum(len(t.amounts) for t in others)
        context.warn(
            f"{len(others)} non-government contributors, {rows} rows: not recorded as events "
            "(only government donors are); rows in ceb_other_contribution, totals in ceb_unmapped",
            file=path.name,
        )
    for what in ("entity", "donor", "non-government"):
        context.count(f"unmapped_{what.replace('-', '_')}", counts[what])
