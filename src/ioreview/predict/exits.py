"""Observed exits from COW membership spells, with the corrections predict.md §1.3 asks for.

COW "full → none" transitions are not withdrawals: they count coding churn, IGO deaths and
successions, and more, and greatly outnumber the about 200 curated withdrawals of von
Borzyskowski & Vabulas (2019). A spell's end counts as an observed exit only when

- the state was a full member in the spell's last year (associate and observer exits are not
  counted, as in BV's coding);
- COW then codes it 0 in the same IGO: not an IGO death, integration or replacement (the
  ``left`` event's ``igo_dead`` / "no IGO-year row"), not missing data (-9), not the state
  leaving the state system, not a change of actor (COW 345);
- the state does not re-enter the IGO within ``churn_years`` years (coding churn; a project
  choice, default 2, reported with the output, not a figure from the literature);
- the exit's timing is not an artefact of imputation: the last member year is not a pre-1965
  year that COW flags ``imputed`` (those values come from five-yearly data, so the year of
  the exit is not known), and the exit is not dated 1965, the first year after the original
  Wallace & Singer (1970) data for 1815-1964 on which COW's early codings rest: a change of
  source, not of membership, shows up there as a spike of transitions (``ioreview predict
  risk --json`` reports how many exits each rule sets aside).

The result is still an observed, uncurated exit, not a curated withdrawal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, select

from ioreview.predict.history import END, History
from ioreview.storage.cow_tables import cow_igo_year

CHURN_YEARS = 2
#: The first year after Wallace & Singer's 1815-1964 data (COW IGO v3 citation).
SOURCE_BOUNDARY = 1965
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
REASONS = (
    "counted", "igo_dead", "missing_data", "left_state_system", "actor_boundary", "churn",
    "imputed_timing", "source_boundary", "other",
)  # fmt: skip


@dataclass(frozen=True)
class Exits:
    """Per spell of ``History``: whether its end is a counted exit, and the exit's year."""

    counted: BoolArray
    year: IntArray  # the first year not coded (spell_stop)
    #: Naive exits (ends of full membership before the last COW year) by what became of them.
    reasons: dict[str, int]
    churn_years: int

    def per_period(self, low: int, high: int) -> int:
        return int((self.counted & (self.year >= low) & (self.year <= high)).sum())


def imputed_grid(connection: Connection, history: History) -> BoolArray:
    """``[body, year - first_year]``: COW flags the IGO-year row as imputed."""
    grid = np.zeros((len(history.bodies), len(history.years)), dtype=bool)
    index = {b: n for n, b in enumerate(history.bodies)}
    rows = connection.execute(
        select(cow_igo_year.c.body, cow_igo_year.c.year).where(cow_igo_year.c.imputed.is_(True))
    )
    for body, year in rows:
        if body in index and history.first_year <= year <= history.last_year:
            grid[index[body], year - history.first_year] = True
    return grid


def classify_exits(history: History, imputed: BoolArray, churn_years: int = CHURN_YEARS) -> Exits:
    """Which spell ends count as observed exits (see the module docstring)."""
    ends = history.spell_end
    stop = history.spell_stop
    naive = (history.spell_last_code == 1) & (ends != END["open"]) & (stop <= history.last_year)
    reentry = _reentry_gap(history)
    churn = (reentry >= 0) & (reentry <= churn_years)
    last_member = np.clip(stop - 1 - history.first_year, 0, len(history.years) - 1)
    timing = imputed[history.spell_body, last_member]
    exit_end = ends == END["exit"]
    boundary = stop == SOURCE_BOUNDARY
    counted = naive & exit_end & ~churn & ~timing & ~boundary
    reasons = {
        "counted": int(counted.sum()),
        "igo_dead": int((naive & (ends == END["igo_dead"])).sum()),
        "missing_data": int((naive & (ends == END["missing"])).sum()),
        "left_state_system": int((naive & (ends == END["system"])).sum()),
        "actor_boundary": int((naive & (ends == END["boundary"])).sum()),
        "churn": int((naive & exit_end & churn).sum()),
        "imputed_timing": int((naive & exit_end & ~churn & timing).sum()),
        "source_boundary": int((naive & exit_end & ~churn & ~timing & boundary).sum()),
        "other": int((naive & np.isin(ends, [END["bounded"], END["other"]])).sum()),
    }
    return Exits(counted=counted, year=stop.copy(), reasons=reasons, churn_years=churn_years)


def _reentry_gap(history: History) -> IntArray:
    """Per spell: years until the same state's next spell in the same IGO (-1: none)."""
    order = np.lexsort((history.spell_start, history.spell_body, history.spell_actor))
    actor, body = history.spell_actor[order], history.spell_body[order]
    same = (actor[1:] == actor[:-1]) & (body[1:] == body[:-1])
    gap = np.full(len(order), -1, dtype=np.int64)
    gap[:-1] = np.where(same, history.spell_start[order][1:] - history.spell_stop[order][:-1], -1)
    out = np.empty_like(gap)
    out[order] = gap
    return out
