"""Build the notice-rule table from ``withdrawal-rules.csv`` and ``rule-overrides.yaml``.

Every row must map to exactly one registry body (``registry_ops.rule_row_body``) and every
value must parse; a row that does not stops the load with ``InvalidData`` naming file, line and
value. Day counts are read strictly: ``conditions`` must open with "Notice period N days" and N
must also appear in the row's quote (ITTO: "90 jours", ReCAAP: "180 days").
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ioreview.directives.registry_ops import check_unique, is_un_system, memo_index, rule_row_body
from ioreview.directives.rules import MinimumPeriod, NoticeRule, RuleBook
from ioreview.exc import InvalidData
from ioreview.ingest.csvread import read_rows
from ioreview.ingest.history import MEMORANDUM_URL
from ioreview.registry import Registry, data_root

COLUMNS = [
    "body_name", "memo_section", "memo_item", "treaty_based", "instrument", "article", "quote",
    "rule_kind", "period_months", "conditions", "us_notified", "us_effective", "sources",
]  # fmt: skip
CSV_KINDS = {
    "fixed_period_after_notice": "fixed-period",
    "end_of_following_year": "end-of-following-year",
    "end_of_year_after_period": "end-of-year-after-period",
    "on_notice": "on-notice",
    "conditional": "conditional",
    "not_treaty_based": "cessation",
    "unknown": "unknown",
}
TREATY_BASED = ("yes", "no", "unknown")
#: Source fields that state the rule, in the order the rule's URL is chosen from.
RULE_FIELDS = ("rule_kind", "article", "period_months", "quote", "conditions")

_DAYS = re.compile(r"Notice period (\d{1,4}) days\b")
_FIELD = re.compile(r";\s+(?=[a-z_]+=)")


def rule_paths(root: Path | None = None) -> tuple[Path, Path]:
    base = data_root() if root is None else root
    return (
        base / "sources" / "memorandum-2026" / "withdrawal-rules.csv",
        base / "directives" / "rule-overrides.yaml",
    )


def load_rules(registry: Registry, root: Path | None = None) -> RuleBook:
    """The bundled rule table for the bodies of ``registry``."""
    table, overrides_path = rule_paths(root)
    overrides = _read_overrides(overrides_path)
    memo = memo_index(registry)
    rows = [
        (line, row, rule_row_body(row, line, registry, memo))
        for line, row in read_rows(table, COLUMNS)
    ]
    check_unique((line, body_id) for line, _, body_id in rows)
    rules = {
        body_id: _rule(
            row, line, body_id, is_un_system(registry.body(body_id), registry), overrides
        )
        for line, row, body_id in rows
    }
    for section in ("conditions", "minimum_periods", "in_force_until"):
        for body_id in overrides.get(section, {}):
            if body_id not in rules:
                raise InvalidData(
                    f"{overrides_path.name}: {section} names {body_id!r}, which has no row in "
                    f"{table.name}: expected a body of the rule table"
                )
    return RuleBook(rules)


def _rule(
    row: dict[str, str], line: int, body_id: str, un_system: bool, overrides: dict[str, Any]
) -> NoticeRule:
    where = f"withdrawal-rules.csv:{line}"
    csv_kind = row["rule_kind"]
    if csv_kind not in CSV_KINDS:
        raise InvalidData(f"{where}: rule_kind {csv_kind!r}: expected one of {sorted(CSV_KINDS)}")
    if row["treaty_based"] not in TREATY_BASED:
        raise InvalidData(
            f"{where}: treaty_based {row['treaty_based']!r}: expected one of {TREATY_BASED}"
        )
    sources = _sources(row["sources"], where)
    kind = CSV_KINDS[csv_kind]
    months, days = _period(row, kind, where)
    url = next((sources[f][0] for f in RULE_FIELDS if sources.get(f)), None)
    article = row["article"] or None
    instrument, quote = row["instrument"] or None, row["quote"] or None
    listed = tuple(dict.fromkeys(u for f in RULE_FIELDS for u in sources.get(f, [])))
    if kind == "unknown" and row["treaty_based"] == "yes":
        default = overrides["defaults"]["default-vclt-56"]
        kind, months, url = "default-vclt-56", int(default["months"]), default["sources"][0]
        instrument, article = default["instrument"], default["article"]
        quote, listed = " ".join(default["quote"].split()), tuple(default["sources"]) + listed
    if kind == "cessation" and url == MEMORANDUM_URL:
        article = "Sec. 1(c)"
        instrument = "Presidential Memorandum of 7 January 2026"
    condition = overrides.get("conditions", {}).get(body_id, {})
    minimum = overrides.get("minimum_periods", {}).get(body_id)
    ending = overrides.get("in_force_until", {}).get(body_id)
    return NoticeRule(
        body_id=body_id, kind=kind, months=months, days=days,
        conditions=tuple(condition.get("conditions", ())), treaty_based=row["treaty_based"],
        instrument=instrument, article=article, quote=quote, url=url, sources=listed,
        note=row["conditions"] or None, un_system=un_system,
        minimum=None if minimum is None else MinimumPeriod(
            years=int(minimum["years"]), counted_from=str(minimum["counted_from"]),
            source=minimum["source"], note=minimum.get("note"),
        ),
        in_force_until=None if ending is None else _iso(ending["date"], where),
        documented={
            key: _iso(row[key], where) for key in ("us_notified", "us_effective") if row[key]
        },
    )  # fmt: skip


def _period(row: dict[str, str], kind: str, where: str) -> tuple[int | None, int | None]:
    text = row["period_months"]
    if text:
        if not text.isdigit():
            raise InvalidData(f"{where}: period_months {text!r}: expected whole months")
        return int(text), None
    if kind != "fixed-period":
        return None, None
    found = _DAYS.match(row["conditions"])
    if found is None:
        raise InvalidData(
            f"{where}: rule_kind fixed_period_after_notice without period_months, and conditions "
            f"{row['conditions'][:60]!r} does not open with 'Notice period N days'"
        )
    days = found.group(1)
    if not re.search(rf"\b{days}\b", row["quote"]):
        raise InvalidData(
            f"{where}: conditions say {days} days but the quote {row['quote']!r} does not: "
            "expected the clause to state the same number"
        )
    return None, int(days)


def _sources(text: str, where: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for part in _FIELD.split(text.strip()) if text.strip() else []:
        name, sep, url = part.partition("=")
        if not sep or not url.strip() or " " in url.strip():
            raise InvalidData(f"{where}: sources entry {part!r}: expected 'field=URL'")
        found.setdefault(name.strip(), []).append(url.strip())
    return found


def _iso(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise InvalidData(f"{where}: date {value!r}: expected YYYY-MM-DD") from error


def _read_overrides(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidData(f"cannot read {str(path)!r}: {error}") from error
    if not isinstance(loaded, dict) or "default-vclt-56" not in loaded.get("defaults", {}):
        raise InvalidData(f"{path.name}: expected a mapping with defaults.default-vclt-56")
    for section in ("conditions", "minimum_periods", "in_force_until"):
        for body_id, entry in (loaded.get(section) or {}).items():
            if not isinstance(entry, dict) or not str(entry.get("source", "")).startswith("http"):
                raise InvalidData(
                    f"{path.name}: {section}.{body_id} {entry!r}: expected a mapping with a "
                    "source URL"
                )
    return loaded
