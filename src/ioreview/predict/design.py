"""IGO-member-year data for the withdrawal-risk model, built with numpy from the COW history.

One row per (state, IGO, year t) in which the state was a full member in t - 1; the outcome
is 1 when an observed exit (``exits``) takes effect in t, 0 while the state stays. A spell
that ends otherwise (IGO death, missing data, churn ...) gives no row for its last year: the
outcome is unknown there. Rows for the year after the last COW year have no outcome; they
serve predictions only. Predictors are measured in t - 1 (lagged one year, as in von
Borzyskowski & Vabulas 2019):

- ``preference_divergence``: |state's UNGA position - mean position of the IGO's other full
  members| (``ideal.yearly_positions``);
- ``contagion``: 1 when a founding member (a full member in the IGO's first COW year) left
  the IGO in an observed exit in t - 1 (BV: withdrawal by the IO's lead state; predict.md F1:
  a lead-state or founding-member withdrawal);
- ``log_igo_size``: log of the IGO's full members; ``log_duration``: log of the years the
  state has been a member (this spell);
- ``time_since_exit``: years since the IGO's last observed exit (since its first COW year
  before any exit), entered as a cubic in decades.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, func, select

from ioreview.predict.exits import CHURN_YEARS, Exits, classify_exits, imputed_grid
from ioreview.predict.history import History, load_history
from ioreview.predict.ideal import yearly_positions
from ioreview.storage.cow_tables import cow_igo_year

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
FULL = (
    "intercept", "preference_divergence", "contagion", "log_igo_size", "log_duration",
    "time_since_exit", "time_since_exit_2", "time_since_exit_3",
)  # fmt: skip
BASELINE = ("intercept", "log_igo_size", "log_duration")


@dataclass(frozen=True)
class RiskData:
    """Rows of the IGO-member-year data; ``outcome`` is NaN where it is unknown."""

    history: History
    exits: Exits
    actor: IntArray
    body: IntArray
    year: IntArray  # t: the year whose exit is predicted
    outcome: FloatArray
    features: dict[str, FloatArray]

    def design(self, columns: tuple[str, ...], rows: npt.NDArray[np.bool_]) -> FloatArray:
        decades = self.features["time_since_exit"][rows] / 10.0
        built = {
            "intercept": np.ones(int(rows.sum())),
            "time_since_exit": decades, "time_since_exit_2": decades**2,
            "time_since_exit_3": decades**3,
        }  # fmt: skip
        parts = [built[c] if c in built else self.features[c][rows] for c in columns]
        return np.column_stack(parts)

    def complete(self) -> npt.NDArray[np.bool_]:
        """Rows where every predictor is known."""
        known = np.ones(len(self.year), dtype=bool)
        for values in self.features.values():
            known &= np.isfinite(values)
        return known


def build_risk_data(connection: Connection, churn_years: int = CHURN_YEARS) -> RiskData:
    history = load_history(connection, "corrected")
    exits = classify_exits(history, imputed_grid(connection, history), churn_years)
    first, width = history.first_year, len(history.years)
    full = history.seg_code == 1
    seg = np.nonzero(full)[0]
    lengths = history.seg_stop[seg] - history.seg_start[seg]
    owner = np.repeat(seg, lengths)
    offsets = np.arange(len(owner)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    member = history.seg_start[owner] + offsets  # t - 1
    actor, body = history.seg_actor[owner], history.seg_body[owner]
    spell = history.seg_spell[owner]
    column = member - first
    size = np.zeros((len(history.bodies), width))
    np.add.at(size, (body, column), 1.0)
    last_of_spell = (member == history.spell_stop[spell] - 1) & (
        history.seg_stop[owner] == history.spell_stop[spell]
    )
    outcome = np.zeros(len(owner))
    at_end = member == history.last_year
    outcome[at_end] = np.nan
    ended = last_of_spell & ~at_end
    outcome[ended & exits.counted[spell]] = 1.0
    keep = ~(ended & ~exits.counted[spell])
    positions = yearly_positions(connection, history.actors, range(first, history.last_year + 1))
    divergence = _divergence(positions[actor, column], body, column, size.shape)
    since = _time_since_exit(connection, history, exits)
    contagion = _founder_exits(connection, history, exits)
    features = {
        "preference_divergence": divergence,
        "contagion": contagion[body, column],
        "log_igo_size": np.log(size[body, column]),
        "log_duration": np.log(member - history.spell_start[spell] + 1.0),
        "time_since_exit": since[body, column],
    }
    return RiskData(
        history=history, exits=exits, actor=actor[keep], body=body[keep],
        year=member[keep] + 1, outcome=outcome[keep],
        features={name: values[keep] for name, values in features.items()},
    )  # fmt: skip


def _divergence(
    own: FloatArray, body: IntArray, column: IntArray, shape: tuple[int, int]
) -> FloatArray:
    """|own - mean of the other members' positions| per member-year row (NaN if unknown)."""
    known = np.isfinite(own)
    total = np.zeros(shape)
    count = np.zeros(shape)
    np.add.at(total, (body[known], column[known]), own[known])
    np.add.at(count, (body[known], column[known]), 1.0)
    others = count[body, column] - 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (total[body, column] - np.where(known, own, 0.0)) / others
    return np.where(known & (others > 0), np.abs(own - mean), np.nan)


def _first_years(connection: Connection, history: History) -> IntArray:
    """Each body's first COW IGO-year row (its first coded spell when the table lacks it)."""
    firsts = np.full(len(history.bodies), history.last_year, dtype=np.int64)
    np.minimum.at(firsts, history.spell_body, history.spell_start)
    index = {b: n for n, b in enumerate(history.bodies)}
    rows = connection.execute(
        select(cow_igo_year.c.body, func.min(cow_igo_year.c.year)).group_by(cow_igo_year.c.body)
    )
    for body, year in rows:
        if body in index:
            firsts[index[body]] = int(year)
    return firsts


def _time_since_exit(connection: Connection, history: History, exits: Exits) -> FloatArray:
    """``[body, year]``: years since the IGO's last counted exit (or since its first year)."""
    first, years = history.first_year, history.years
    marks = np.full((len(history.bodies), len(years)), -np.inf)
    counted = exits.counted & (exits.year <= history.last_year)
    marks[history.spell_body[counted], exits.year[counted] - first] = exits.year[counted]
    starts = _first_years(connection, history)
    rows, columns = np.arange(len(starts)), np.clip(starts - first, 0, len(years) - 1)
    marks[rows, columns] = np.maximum(marks[rows, columns], starts)
    latest = np.maximum.accumulate(marks, axis=1)
    since: FloatArray = np.where(np.isfinite(latest), years[None, :] - latest, np.nan)
    return since


def _founder_exits(connection: Connection, history: History, exits: Exits) -> FloatArray:
    """``[body, year]``: 1 when a founding member's counted exit takes effect that year."""
    starts = _first_years(connection, history)
    pair = history.spell_actor * len(history.bodies) + history.spell_body
    founders = pair[history.spell_start == starts[history.spell_body]]
    chosen = exits.counted & np.isin(pair, founders) & (exits.year <= history.last_year)
    grid = np.zeros((len(history.bodies), len(history.years)))
    grid[history.spell_body[chosen], exits.year[chosen] - history.first_year] = 1.0
    return grid
