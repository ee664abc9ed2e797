"""Calendar arithmetic of withdrawal clauses: periods after notice and year ends.

Conventions (each clause text says how its period runs; these are the readings used here):

- **Months.** A period of *n* months after notice ends on the same day of the month *n* months
  later: notice received on 27 January 2025, one year (12 months) → 27 January 2026, the date
  the Paris Agreement withdrawal took effect (Art. 28(2); withdrawal-rules.csv us_effective).
  When that month has no such day, the period ends on the month's last day: one year after
  29 February 2024 is 28 February 2025; 31 January + 1 month is 28 (or 29) February.
- **Days.** A period of *n* days ends *n* calendar days after the notice date (ITTA 2006
  Art. 41: "90 jours après que le dépositaire en a reçu notification").
- **End of the following year.** 31 December of the year after the year of notice (UNESCO
  Constitution Art. II(6)): notice on 22 July 2025 → 31 December 2026; notice on 31 December
  2025 → 31 December 2026.
- **End of the year after a period.** 31 December of the year in which notice + *n* months
  falls (IRENA Statute Art. XV, *n* = 0: the end of the year of notice, so a notice given on
  31 December takes effect that same day).

Every function is total on valid dates, never returns a date before the notice, and is
non-decreasing in the notice date. Results past 31 December 9999 raise ``InvalidData``.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from ioreview.exc import InvalidData


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, clamped to the last day of the month."""
    if months < 0:
        raise InvalidData(f"period of {months!r} months: expected zero or more months")
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        raise InvalidData(f"{start.isoformat()} plus {months} months is past the year 9999")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def add_days(start: date, days: int) -> date:
    """``start`` plus ``days`` calendar days."""
    if days < 0:
        raise InvalidData(f"period of {days!r} days: expected zero or more days")
    try:
        return start + timedelta(days=days)
    except OverflowError as error:
        raise InvalidData(f"{start.isoformat()} plus {days} days is past the year 9999") from error


def end_of_year(year: int) -> date:
    """31 December of ``year``."""
    if year > date.max.year:
        raise InvalidData(f"31 December {year}: past the year 9999")
    return date(year, 12, 31)


def end_of_following_year(notice: date) -> date:
    """31 December of the year after the year of ``notice``."""
    return end_of_year(notice.year + 1)


def end_of_year_after_period(notice: date, months: int) -> date:
    """31 December of the year in which ``notice`` + ``months`` falls."""
    return end_of_year(add_months(notice, months).year)


def years_after(start: date, years: int) -> date:
    """``start`` plus whole ``years`` (29 February → 28 February in common years)."""
    return add_months(start, 12 * years)
