"""US funding figures for non-CEB memorandum bodies → ``contribution`` / ``pledge`` events.

Each figure keeps its kind (assessed, voluntary, pledge, appropriation, request, paid, total)
in ``payload.funding_kind``; figures of different kinds are never summed. Rows that state a
whole-body budget (the CEC rows) are not US money: they go to no ledger event and are reported
as warnings.
"""

from __future__ import annotations

import re
from datetime import date

from ioreview.ingest.context import Context
from ioreview.ingest.csvread import read_rows
from ioreview.ledger.events import Event, Source

COLUMNS = [
    "body_name", "memo_section", "memo_item", "year", "year_basis", "amount", "currency",
    "kind", "account_or_table", "source_url", "quote", "note",
]  # fmt: skip
KINDS = {"assessed", "voluntary", "pledge", "appropriation", "request", "paid", "total"}
BASES = {"FY", "CY", "biennium", "cumulative"}
AMOUNT = re.compile(r"\d+(\.\d+)?")


def load(context: Context) -> None:
    path = context.path("figures")
    memo = {
        (b.memo.section.strip("2()"), b.memo.item): b.id
        for b in context.registry.memo_bodies()
        if b.memo is not None
    }
    for line, row in context.progress(read_rows(path, COLUMNS), what="US funding"):
        file = path.name
        body = memo.get((row["memo_section"], row["memo_item"]))
        if body is None:
            raise context.reject(
                f"no memorandum body at {row['memo_section']}({row['memo_item']})",
                file=file, line=line, column="memo_item",
            )
        if row["kind"] not in KINDS:
            raise context.reject(
                f"kind {row['kind']!r}, expected one of {sorted(KINDS)}",
                file=file, line=line, column="kind",
            )
        if row["year_basis"] not in BASES:
            raise context.reject(
                f"year_basis {row['year_basis']!r}, expected one of {sorted(BASES)}",
                file=file, line=line, column="year_basis",
            )
        if not AMOUNT.fullmatch(row["amount"]):
            raise context.reject(
                f"amount {row['amount']!r}, expected digits such as 185706",
                file=file, line=line, column="amount",
            )
        context.count("records")
        if row["note"].startswith("WHOLE-BODY"):
            context.warn(
                f"{body}: whole-body budget, not a US figure; not recorded", file=file, line=line
            )
            continue
        year = row["year"]
        plain_year = re.fullmatch(r"(?:FY)?(\d{4})", year)
        context.emit(
            Event(
                kind="pledge" if row["kind"] == "pledge" else "contribution",
                actor=context.actor,
                body=body,
                valid_from=date(int(plain_year.group(1)), 1, 1) if plain_year else None,
                payload={
                    "amount": row["amount"],
                    "currency": row["currency"],
                    "funding_kind": row["kind"],
                    "year": year,
                    "year_basis": row["year_basis"],
                    "account": row["account_or_table"],
                    "quote": row["quote"],
                    "note": row["note"],
                    "dataset": "us_funding",
                },
                source=Source(uri=row["source_url"], locator=row["account_or_table"] or None),
            ),
            key=f"{body}/{year}/{row['kind']}/{row['amount']}",
        )
