"""The input's donor totals against the raw CEB government-donor file (``ceb_crosscheck``).

The derived contributions table is a processed export; the raw 2024 download is CEB's own
file. Per registry actor and for each year the raw file covers, both totals and their
difference are stored; ``crosscheck_over_1usd`` counts the actors whose totals differ by more
than one dollar (SOURCE.md: USA 2024 differs by 0.46).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, localcontext

from ioreview.exc import InvalidData
from ioreview.ingest.context import Context
from ioreview.ingest.sources.ceb.amounts import PRECISION, total
from ioreview.ingest.sources.ceb.contributions import read_records
from ioreview.ingest.sources.ceb.mapping import GOVERNMENT, Donor, EntityMap
from ioreview.storage.ceb_tables import ceb_crosscheck


def crosscheck(
    context: Context,
    entities: EntityMap,
    donors: dict[str, Donor],
    totals: dict[tuple[str, int], list[str]],
) -> None:
    path = context.path("donors_2024")

    def reject(message: str, line: int, column: str) -> InvalidData:
        return context.reject(message, file=path.name, line=line, column=column)

    raw: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
    for record in read_records(path, reject):
        if entities.get(record.entity) is None:
            raise reject(
                f"entity code {record.entity!r} is not in data/registry/ceb-entities.yaml: "
                "expected a CEB entity code such as UNFCCC",
                record.line,
                "entity",
            )
        donor = donors.get(record.contributor) if record.category == GOVERNMENT else None
        if donor is None:
            raise reject(
                f"government donor {record.contributor!r} is neither a registry actor's name nor "
                "in data/registry/ceb-donors.yaml: expected a known country name",
                record.line, "government_donor",
            )  # fmt: skip
        if donor.actor is not None:
            raw[(donor.actor, record.year)].append(record.amount)
    years = {year for _, year in raw}
    pairs = set(raw) | {pair for pair in totals if pair[1] in years}
    over = 0
    for actor, year in sorted(pairs):
        raw_total = total(raw[(actor, year)]) if (actor, year) in raw else None
        input_total = total(totals[(actor, year)]) if (actor, year) in totals else None
        difference = None
        if raw_total is not None and input_total is not None:
            with localcontext(prec=PRECISION):
                difference = format(Decimal(input_total) - Decimal(raw_total), "f")
            over += abs(Decimal(difference)) > 1
        context.insert(
            ceb_crosscheck,
            {
                "actor": actor, "year": year, "raw_total": raw_total,
                "input_total": input_total, "difference": difference,
            },
        )  # fmt: skip
    context.count("crosscheck_over_1usd", over)
