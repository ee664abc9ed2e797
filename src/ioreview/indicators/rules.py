"""Withdrawal rules of the bundled bodies (``data/sources/memorandum-2026/withdrawal-rules.csv``).

Rows are joined to registry bodies by memorandum section and item where the row has them, else
by the registry's name matcher; a row that matches no body, or several, stops the load.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ioreview.exc import InvalidData
from ioreview.registry import Registry

RULES_FILE = Path("sources") / "memorandum-2026" / "withdrawal-rules.csv"
TREATY_BASED = ("yes", "no", "unknown")


@dataclass(frozen=True)
class WithdrawalRule:
    """One row of ``withdrawal-rules.csv`` for one body."""

    body_id: str
    line: int
    treaty_based: str
    instrument: str
    rule_kind: str
    period_months: int | None
    conditions: str
    #: ``field → URLs`` from the ``sources`` column.
    sources: dict[str, tuple[str, ...]]

    @property
    def ref(self) -> str:
        return f"data/{RULES_FILE.as_posix()}:{self.line}"

    def source_for(self, field: str) -> str | None:
        urls = self.sources.get(field)
        return urls[0] if urls else None


def load_rules(data_dir: Path, registry: Registry) -> dict[str, WithdrawalRule]:
    """Rules by body id; a missing file gives no rules (every rule-based reading is missing)."""
    path = data_dir / RULES_FILE
    if not path.exists():
        return {}
    by_memo = {(b.memo.section, b.memo.item): b.id for b in registry.bodies if b.memo is not None}
    rules: dict[str, WithdrawalRule] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            body_id = _body_of(row, line, by_memo, registry)
            if row["treaty_based"] not in TREATY_BASED:
                raise InvalidData(
                    f"{RULES_FILE}:{line}: treaty_based {row['treaty_based']!r}: expected one "
                    f"of {', '.join(TREATY_BASED)}"
                )
            period = row["period_months"].strip()
            rules[body_id] = WithdrawalRule(
                body_id=body_id, line=line, treaty_based=row["treaty_based"],
                instrument=row["instrument"], rule_kind=row["rule_kind"],
                period_months=int(period) if period else None, conditions=row["conditions"],
                sources=_sources(row["sources"]),
            )  # fmt: skip
    return rules


def _body_of(
    row: dict[str, str], line: int, by_memo: dict[tuple[str, str], str], registry: Registry
) -> str:
    section, item = row["memo_section"].strip(), row["memo_item"].strip()
    if section and item:
        found = by_memo.get((f"2({section})", item))
        if found is not None:
            return found
    resolution = registry.resolve(row["body_name"])
    if resolution.match is None:
        raise InvalidData(
            f"{RULES_FILE}:{line}: body_name {row['body_name']!r} matches no single registry body"
        )
    return resolution.match.body_id


def _sources(text: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for part in text.split(";"):
        field, _, url = part.strip().partition("=")
        if url:
            found.setdefault(field.strip(), []).append(url.strip())
    return {field: tuple(urls) for field, urls in found.items()}
