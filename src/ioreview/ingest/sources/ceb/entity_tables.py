"""Revenue and expenses by entity (raw CEB files) → the ``ceb_revenue`` / ``ceb_expenses`` tables.

Rows are kept one per source line: the raw files repeat (entity, year, type) keys for rows
that CEB disaggregates further, so no key is imposed. A lone dash or an empty amount cell
(accounting notation) is stored as a null amount and counted in ``amount_missing``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ioreview.exc import InvalidData
from ioreview.ingest.context import Context
from ioreview.ingest.sources.ceb.amounts import EXPECTED_GROUPED, exact, is_dash
from ioreview.ingest.sources.ceb.mapping import RAW_REVENUE_TYPES, CebEntity, EntityMap
from ioreview.ingest.tabular import read_lists
from ioreview.storage.ceb_tables import ceb_expenses, ceb_revenue

REVENUE = [
    "agency",
    "sub_agency",
    "calendar_year",
    "amount",
    "sub_type_name",
    "rev_type",
    "sub_type",
]
EXPENSES = ["calendar_year", "amount", "currency", "agency", "sub_agency", "transaction_type"]
SUB_TYPE = re.compile(r"R\d{2}[A-Z]?")
CURRENCY = re.compile(r"[A-Z]{3}")
YEARS = range(2000, 2100)

Reject = Callable[[str, int, str], InvalidData]


def load_revenue(context: Context, entities: EntityMap) -> None:
    path = context.path("revenue")
    reject = _rejecter(context, path.name)
    for line, row in context.progress(read_lists(path, REVENUE), what="CEB revenue"):
        agency, sub_agency, year, amount, sub_type_name, rev_type, sub_type = row
        entity = _entity(entities, agency, line, reject)
        revenue_type = RAW_REVENUE_TYPES.get(rev_type)
        if revenue_type is None:
            raise reject(
                f"rev_type {rev_type!r}, expected one of {sorted(RAW_REVENUE_TYPES)}",
                line, "rev_type",
            )  # fmt: skip
        if not SUB_TYPE.fullmatch(sub_type):
            raise reject(f"sub_type {sub_type!r}, expected a code such as R03E", line, "sub_type")
        context.insert(
            ceb_revenue,
            {
                "line": line, "entity": entity.code, "entity_source": agency,
                "sub_entity": sub_agency, "body": entity.body,
                "year": _year(year, line, reject), "revenue_type": revenue_type,
                "revenue_type_source": rev_type, "sub_type": sub_type,
                "sub_type_name": sub_type_name, "amount": _amount(context, amount, line, reject),
            },
        )  # fmt: skip


def load_expenses(context: Context, entities: EntityMap) -> None:
    path = context.path("expenses")
    reject = _rejecter(context, path.name)
    for line, row in context.progress(read_lists(path, EXPENSES), what="CEB expenses"):
        year, amount, currency, agency, sub_agency, transaction_type = row
        entity = _entity(entities, agency, line, reject)
        if not CURRENCY.fullmatch(currency):
            raise reject(f"currency {currency!r}, expected a code such as USD", line, "currency")
        if not transaction_type.strip():
            raise reject("transaction_type is empty, expected a value", line, "transaction_type")
        context.insert(
            ceb_expenses,
            {
                "line": line, "entity": entity.code, "entity_source": agency,
                "sub_entity": sub_agency, "body": entity.body,
                "year": _year(year, line, reject), "transaction_type": transaction_type,
                "currency": currency, "amount": _amount(context, amount, line, reject),
            },
        )  # fmt: skip


def _rejecter(context: Context, name: str) -> Reject:
    def reject(message: str, line: int, column: str) -> InvalidData:
        return context.reject(message, file=name, line=line, column=column)

    return reject


def _entity(entities: EntityMap, code: str, line: int, reject: Reject) -> CebEntity:
    entity = entities.get(code)
    if entity is None:
        raise reject(
            f"entity code {code!r} is not in data/registry/ceb-entities.yaml: expected a CEB "
            "entity code such as UNFCCC (add new codes to that file)",
            line, "agency",
        )  # fmt: skip
    return entity


def _year(text: str, line: int, reject: Reject) -> int:
    if not (text.isdigit() and int(text) in YEARS):
        raise reject(
            f"calendar_year {text!r}, expected a four-digit year such as 2024",
            line,
            "calendar_year",
        )
    return int(text)


def _amount(context: Context, text: str, line: int, reject: Reject) -> str | None:
    value = exact(text, grouped=True)
    if value is not None:
        return value
    if is_dash(text):
        context.count("amount_missing")
        return None
    raise reject(f"amount {text!r}, expected {EXPECTED_GROUPED} or a lone dash", line, "amount")
