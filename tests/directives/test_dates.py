"""Date arithmetic of withdrawal clauses at its edges, and its properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ioreview.directives import dates
from ioreview.directives.rules import NoticeRule
from ioreview.exc import InvalidData

NOTICES = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
RULES = [
    NoticeRule("x", "fixed-period", months=12),
    NoticeRule("x", "fixed-period", months=3),
    NoticeRule("x", "fixed-period", days=90),
    NoticeRule("x", "fixed-period", days=180),
    NoticeRule("x", "end-of-following-year"),
    NoticeRule("x", "end-of-year-after-period", months=0),
    NoticeRule("x", "end-of-year-after-period", months=6),
    NoticeRule("x", "on-notice"),
    NoticeRule("x", "conditional", months=12, conditions=("dues",)),
    NoticeRule("x", "default-vclt-56", months=12),
    NoticeRule("x", "cessation"),
]


def test_one_year_after_a_leap_day_ends_on_the_last_day_of_february() -> None:
    assert dates.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert dates.add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert dates.years_after(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_month_ends_clamp() -> None:
    assert dates.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert dates.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert dates.add_months(date(2025, 8, 31), 3) == date(2025, 11, 30)


def test_notice_on_31_december() -> None:
    notice = date(2025, 12, 31)
    assert dates.add_months(notice, 12) == date(2026, 12, 31)
    assert dates.add_days(notice, 1) == date(2026, 1, 1)
    assert dates.end_of_following_year(notice) == date(2026, 12, 31)
    # IRENA Statute Art. XV: the end of the year in which notice is given, the same day here.
    assert dates.end_of_year_after_period(notice, 0) == notice


def test_end_of_following_year_precedent() -> None:
    # UNESCO Art. II(6), precedent in withdrawal-rules.csv: notice 12 Oct 2017 → 31 Dec 2018.
    assert dates.end_of_following_year(date(2017, 10, 12)) == date(2018, 12, 31)
    assert dates.end_of_following_year(date(2025, 1, 1)) == date(2026, 12, 31)


def test_end_of_year_after_a_period_crosses_the_year() -> None:
    assert dates.end_of_year_after_period(date(2025, 7, 1), 0) == date(2025, 12, 31)
    assert dates.end_of_year_after_period(date(2025, 7, 1), 6) == date(2026, 12, 31)
    assert dates.end_of_year_after_period(date(2025, 6, 30), 6) == date(2025, 12, 31)


def test_day_periods_cross_a_leap_day() -> None:
    # ITTA 2006 Art. 41: 90 days; 2024 is a leap year.
    assert dates.add_days(date(2024, 1, 1), 90) == date(2024, 3, 31)
    assert dates.add_days(date(2025, 1, 1), 90) == date(2025, 4, 1)


def test_bad_periods_and_overflow_are_refused() -> None:
    with pytest.raises(InvalidData, match="-1"):
        dates.add_months(date(2025, 1, 1), -1)
    with pytest.raises(InvalidData, match="9999"):
        dates.add_months(date(9999, 6, 1), 12)
    with pytest.raises(InvalidData, match="9999"):
        dates.end_of_following_year(date(9999, 6, 1))
    with pytest.raises(InvalidData, match="9999"):
        dates.add_days(date(9999, 12, 1), 90)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.kind}-{r.months}-{r.days}")
@given(notice=NOTICES)
def test_effective_is_never_before_notice(rule: NoticeRule, notice: date) -> None:
    effective = rule.earliest_effective(notice)
    assert effective is not None and effective >= notice


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.kind}-{r.months}-{r.days}")
@given(first=NOTICES, second=NOTICES)
def test_effective_is_monotone_in_the_notice_date(
    rule: NoticeRule, first: date, second: date
) -> None:
    early, late = sorted((first, second))
    before, after = rule.earliest_effective(early), rule.earliest_effective(late)
    assert before is not None and after is not None and before <= after


@given(notice=NOTICES, months=st.integers(min_value=0, max_value=120))
def test_add_months_keeps_the_day_or_ends_the_month(notice: date, months: int) -> None:
    result = dates.add_months(notice, months)
    assert (result.year * 12 + result.month) - (notice.year * 12 + notice.month) == months
    assert result.day == notice.day or (result.day < notice.day and dates.add_days(
        result, 1).day == 1)  # fmt: skip


@given(notice=NOTICES)
def test_rules_without_a_date_give_none(notice: date) -> None:
    assert NoticeRule("x", "unknown").earliest_effective(notice) is None
    assert NoticeRule("x", "conditional", conditions=("dues",)).earliest_effective(notice) is None
