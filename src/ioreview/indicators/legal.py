"""Legal indicators from ``withdrawal-rules.csv``: bindingness and notice length.

Notice length is the time from a notice given on the as-of date to the date the withdrawal would
take effect under the body's rule, in months (days / 30.4375). Bodies that are not treaty-based
have no notice period (0): leaving means ceasing participation or funding. Rules whose period
the sources do not give (``unknown``, a condition without a period) give no value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ioreview.directives.dates import (
    add_days,
    add_months,
    end_of_following_year,
    end_of_year_after_period,
)
from ioreview.indicators.base import EvidenceBase
from ioreview.indicators.model import EvidenceRef, Reading, missing
from ioreview.indicators.rules import WithdrawalRule

DAYS_PER_MONTH = 365.25 / 12
_DAYS = re.compile(r"(\d+) days")


def _rule(base: EvidenceBase, body_id: str) -> WithdrawalRule | None:
    return base.rules.get(body_id)


def _ref(rule: WithdrawalRule, field: str, note: str) -> EvidenceRef:
    return EvidenceRef("file", rule.ref, rule.source_for(field), note)


def legal_bindingness(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    """1 for a treaty-based body, 0 for one founded by another instrument."""
    rule = _rule(base, body_id)
    if rule is None:
        body = base.body(body_id)
        if body.kind == "treaty":
            ref = EvidenceRef("registry", f"{body_id}#kind", body.sources.get("kind", (None,))[0])
            return Reading(1.0, (ref,), detail="registry kind 'treaty'")
        return missing(f"no withdrawal-rules.csv row for {body_id!r}")
    if rule.treaty_based == "unknown":
        return missing(f"withdrawal-rules.csv: treaty_based 'unknown' for {body_id!r}")
    value = 1.0 if rule.treaty_based == "yes" else 0.0
    note = f"treaty_based {rule.treaty_based!r}: {rule.instrument}"
    return Reading(value, (_ref(rule, "treaty_based", note),), detail=note)


def effective_after(rule: WithdrawalRule, notice: date) -> date | None:
    """The date a notice given on ``notice`` would take effect, where the rule fixes one."""
    kind, months = rule.rule_kind, rule.period_months
    if kind in ("not_treaty_based", "on_notice"):
        return notice
    if kind == "end_of_following_year":
        return end_of_following_year(notice)
    if kind == "end_of_year_after_period" and months is not None:
        return end_of_year_after_period(notice, months)
    if kind in ("fixed_period_after_notice", "conditional"):
        if months is not None:
            return add_months(notice, months)
        days = _DAYS.search(rule.conditions)
        if kind == "fixed_period_after_notice" and days is not None:
            return add_days(notice, int(days.group(1)))
    return None


def notice_length(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    rule = _rule(base, body_id)
    if rule is None:
        return missing(f"no withdrawal-rules.csv row for {body_id!r}")
    effective = effective_after(rule, base.as_of)
    if effective is None:
        return missing(f"withdrawal-rules.csv: rule {rule.rule_kind!r} gives no period")
    months = (effective - base.as_of).days / DAYS_PER_MONTH
    note = f"rule {rule.rule_kind!r}; notice on {base.as_of} takes effect {effective}"
    return Reading(months, (_ref(rule, "rule_kind", note),), detail=note)
