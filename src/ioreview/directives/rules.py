"""Notice rules: how a withdrawal from each body takes effect, with the source of each rule.

The table is ``data/sources/memorandum-2026/withdrawal-rules.csv`` (72 bodies; see its
``WITHDRAWAL-RULES.md``) plus ``data/directives/rule-overrides.yaml`` (conditions, minimum
membership periods, the end of an instrument's term, and the two defaults). Rule kinds:

| kind | earliest effective date | from CSV ``rule_kind`` |
|---|---|---|
| ``fixed-period`` | notice + ``months`` (or + ``days``) | ``fixed_period_after_notice`` |
| ``end-of-following-year`` | 31 Dec of the year after notice | ``end_of_following_year`` |
| ``end-of-year-after-period`` | 31 Dec of the year of notice + ``months`` | ``end_of_year_after_period`` |
| ``on-notice`` | the notice date (no period stated) | ``on_notice`` |
| ``conditional`` | notice + ``months`` if stated, else none; ``conditions`` | ``conditional`` |
| ``cessation`` | the reference date: leaving is ceasing participation and funding | ``not_treaty_based`` |
| ``default-vclt-56`` | notice + 12 months (VCLT Art. 56(2)), flagged a default | ``unknown``, treaty-based |
| ``unknown`` | none: never a guess | ``unknown`` |

``default-vclt-56`` applies only to rows with ``treaty_based=yes`` whose clause was not found;
``cessation`` for a UN-system body (``registry_ops.is_un_system``) is flagged ``legal-review``
("to the extent permitted by law", memorandum Sec. 1(c)). A body without a row is ``unknown``.

``rule_table.load_rules`` builds the table from the bundled files.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ioreview.directives import dates
from ioreview.exc import NotFound

RULE_KINDS = (
    "fixed-period", "end-of-following-year", "end-of-year-after-period", "on-notice",
    "conditional", "cessation", "default-vclt-56", "unknown",
)  # fmt: skip
#: Kinds whose effective date runs from a notification.
NOTICE_KINDS = frozenset(RULE_KINDS) - {"cessation", "unknown"}


@dataclass(frozen=True)
class MinimumPeriod:
    """Notice may be given only ``years`` after membership began, or after ``start``."""

    years: int
    counted_from: str  # "membership" or an ISO date
    source: str
    note: str | None = None

    @property
    def start(self) -> date | None:
        return None if self.counted_from == "membership" else date.fromisoformat(self.counted_from)

    def to_json(self) -> dict[str, Any]:
        return {"years": self.years, "counted_from": self.counted_from, "source": self.source}


@dataclass(frozen=True)
class NoticeRule:
    """One body's rule and where it comes from."""

    body_id: str
    kind: str
    months: int | None = None
    days: int | None = None
    conditions: tuple[str, ...] = ()
    treaty_based: str | None = None
    instrument: str | None = None
    article: str | None = None
    quote: str | None = None
    url: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    un_system: bool = False
    minimum: MinimumPeriod | None = None
    in_force_until: date | None = None
    #: Dates the source table documents for the US (``us_notified``, ``us_effective``).
    documented: Mapping[str, date] = field(default_factory=dict)

    @property
    def needs_notice(self) -> bool:
        return self.kind in NOTICE_KINDS

    @property
    def flags(self) -> tuple[str, ...]:
        """Flags every item under this rule carries."""
        found = []
        if self.kind == "default-vclt-56":
            found.append("default-rule")
        if self.kind == "cessation" and self.un_system:
            found.append("legal-review")
        return tuple(found)

    def earliest_effective(self, reference: date) -> date | None:
        """The earliest effective date for a notice (or, for ``cessation``, a start) on
        ``reference``; ``None`` when the rule gives no date."""
        if self.kind in ("fixed-period", "conditional", "default-vclt-56"):
            if self.months is not None:
                return dates.add_months(reference, self.months)
            if self.days is not None:
                return dates.add_days(reference, self.days)
            return None
        if self.kind == "end-of-following-year":
            return dates.end_of_following_year(reference)
        if self.kind == "end-of-year-after-period":
            return dates.end_of_year_after_period(reference, self.months or 0)
        if self.kind in ("on-notice", "cessation"):
            return reference
        return None

    def describe(self) -> str:
        """The rule in a few words."""
        period = (
            f"{self.months} months" if self.months is not None else f"{self.days} days"
            if self.days is not None else None
        )  # fmt: skip
        text = {
            "fixed-period": f"{period} after notice",
            "end-of-following-year": "31 December of the year after the year of notice",
            "end-of-year-after-period": (
                "31 December of the year of notice"
                if not self.months
                else f"31 December of the year in which notice + {self.months} months falls"
            ),
            "on-notice": "on notice; no period stated",
            "conditional": f"{period} after notice" if period else "no effective date stated",
            "cessation": "ceasing participation and funding; no notice period",
            "default-vclt-56": "12 months after notice (VCLT Art. 56(2) default; clause not read)",
            "unknown": "withdrawal provision not found",
        }[self.kind]
        if self.conditions:
            text += f", subject to: {', '.join(self.conditions)}"
        if self.kind == "cessation" and self.un_system:
            text += ", to the extent permitted by law"
        return text

    def source_json(self) -> dict[str, Any] | None:
        """``rule_source`` of the timeline: instrument, article and URL; null when unknown."""
        if self.kind == "unknown" or self.url is None:
            return None
        return {"instrument": self.instrument, "article": self.article, "url": self.url}

    def to_json(self) -> dict[str, Any]:
        return {
            "body_id": self.body_id, "rule": self.kind, "description": self.describe(),
            "months": self.months, "days": self.days, "conditions": list(self.conditions),
            "treaty_based": self.treaty_based, "instrument": self.instrument,
            "article": self.article, "quote": self.quote, "url": self.url,
            "sources": list(self.sources), "note": self.note, "un_system": self.un_system,
            "minimum_period": None if self.minimum is None else self.minimum.to_json(),
            "in_force_until": None if self.in_force_until is None
            else self.in_force_until.isoformat(),
            "documented": {key: value.isoformat() for key, value in self.documented.items()},
            "flags": list(self.flags),
        }  # fmt: skip


class RuleBook:
    """The rules by body id; a body without a row gets ``unknown``."""

    def __init__(self, rules: Mapping[str, NoticeRule]) -> None:
        self._rules = dict(rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __iter__(self) -> Iterator[NoticeRule]:
        return iter(self._rules.values())

    def __contains__(self, body_id: object) -> bool:
        return body_id in self._rules

    def rule(self, body_id: str) -> NoticeRule:
        return self._rules.get(body_id) or NoticeRule(body_id=body_id, kind="unknown")

    def get(self, body_id: str) -> NoticeRule:
        """The rule of a body that has a row; ``NotFound`` otherwise."""
        found = self._rules.get(body_id)
        if found is None:
            raise NotFound(
                f"no notice rule for body {body_id!r}: the rule table covers "
                f"{len(self._rules)} bodies (its rule is 'unknown')"
            )
        return found
