"""Per (state, body, year) withdrawal risk for reviews: the risk model as an indicator.

``withdrawal_risk`` fits the model of ``risk`` on every year with a known outcome (the whole
COW period, not a backtest split) and returns the probability of an observed exit in
``year`` for a state that was a full member of the body in ``year - 1``. COW ends in 2014, so
the last year with a probability is 2015; later years, bodies outside COW and states that
were not full members give None (no evidence, not zero risk).

The fitted model is cached per database and ledger size (every load of data appends to the
ledger, so a changed ledger refits).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, func, select

from ioreview.predict.design import FULL, build_risk_data
from ioreview.predict.exits import CHURN_YEARS
from ioreview.predict.firth import firth_logit
from ioreview.storage.tables import log_state

YEAR_SPAN = 10_000
_CACHE: dict[tuple[str, int, int], _Scores] = {}
_CACHE_SIZE = 2


@dataclass(frozen=True)
class _Scores:
    actors: tuple[str, ...]
    bodies: tuple[str, ...]
    keys: npt.NDArray[np.int64]  # sorted (actor * bodies + body) * YEAR_SPAN + year
    probability: npt.NDArray[np.float64]
    last_year: int

    def get(self, actor: str, body: str, year: int) -> float | None:
        if actor not in self.actors or body not in self.bodies:
            return None
        key = (self.actors.index(actor) * len(self.bodies) + self.bodies.index(body)) * YEAR_SPAN
        key += year
        where = int(np.searchsorted(self.keys, key))
        if where < len(self.keys) and self.keys[where] == key:
            return float(self.probability[where])
        return None


def withdrawal_risk(connection: Connection, actor: str, body: str, year: int) -> float | None:
    """Probability that ``actor`` exits ``body`` in ``year`` (observed COW exit), or None."""
    return _scores(connection).get(actor, body, year)


def latest_withdrawal_risk(
    connection: Connection, actor: str, body: str
) -> tuple[int, float] | None:
    """``(year, probability)`` for the last year the data allow (the year after COW ends)."""
    scores = _scores(connection)
    year = scores.last_year + 1
    value = scores.get(actor, body, year)
    return None if value is None else (year, value)


def _scores(connection: Connection, churn_years: int = CHURN_YEARS) -> _Scores:
    size = connection.execute(select(func.max(log_state.c.size))).scalar()
    key = (connection.engine.url.render_as_string(hide_password=True), int(size or 0), churn_years)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    data = build_risk_data(connection, churn_years)
    complete = data.complete()
    known = complete & np.isfinite(data.outcome)
    fit = firth_logit(
        data.design(FULL, known), data.outcome[known], FULL, clusters=data.body[known]
    )
    probability = fit.predict(data.design(FULL, complete))
    history = data.history
    keys = (data.actor[complete] * len(history.bodies) + data.body[complete]) * YEAR_SPAN
    keys = keys + data.year[complete]
    order = np.argsort(keys, kind="stable")
    scores = _Scores(
        actors=history.actors, bodies=history.bodies, keys=keys[order],
        probability=probability[order], last_year=history.last_year,
    )  # fmt: skip
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = scores
    return scores
