"""A yearly one-dimensional position of each state from UN General Assembly roll-call votes.

von Borzyskowski & Vabulas (2019) measure preference divergence with UNGA ideal points
(likely Bailey, Strezhnev & Voeten 2017, predict.md §1.1); those estimates are not bundled.
This proxy is the first principal component of each calendar year's vote matrix (yes 0,
abstain 0.5, no 1; a state's missing vote is the roll call's mean, so it does not move the
state), standardised to mean 0 and SD 1 over the states that voted, oriented so that the
United States scores positive when it voted. It is an ideal-point proxy, not a BSV estimate;
its scale differs from theirs, its sign (more distant = more divergent) does not.

A calendar year without roll calls (1964: the 19th session voted once, in February 1965)
carries the previous year's positions forward; years after the last vote stay missing.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, select
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from ioreview.storage.votes_tables import unga_roll_call, unga_vote

FloatArray = npt.NDArray[np.float64]
ORIENT = "USA"


def yearly_positions(connection: Connection, actors: tuple[str, ...], years: range) -> FloatArray:
    """``[actor, year - years.start]``: the state's position, NaN where it cast no vote."""
    out = np.full((len(actors), len(years)), np.nan)
    calls = connection.execute(select(unga_roll_call.c.rcid, unga_roll_call.c.date)).all()
    # About 10^6 rows: plain DBAPI tuples, without SQLAlchemy's row objects (a fixed name).
    rows = connection.exec_driver_sql(f"SELECT actor, rcid, vote FROM {unga_vote.name}").fetchall()
    if not rows or not calls:
        return out
    call_ids = np.asarray([c[0] for c in calls], dtype=np.int64)
    call_years = np.asarray([_year(c[1]) for c in calls], dtype=np.int64)
    sort = np.argsort(call_ids)
    call_ids, call_years = call_ids[sort], call_years[sort]
    index = {a: n for n, a in enumerate(actors)}
    known = np.fromiter((index.get(r[0], -1) for r in rows), dtype=np.int64, count=len(rows))
    numbers = np.asarray([(r[1], r[2]) for r in rows], dtype=np.int64)
    rcid, vote = numbers[:, 0], numbers[:, 1].astype(np.float64)
    where = np.clip(np.searchsorted(call_ids, rcid), 0, len(call_ids) - 1)
    keep = (known >= 0) & (call_ids[where] == rcid)
    known, vote, rcid, year = known[keep], vote[keep], rcid[keep], call_years[where][keep]
    position = (vote - 1.0) / 2.0
    # One BLAS thread: these matrices are small, and threads only contend on a busy machine.
    with threadpool_limits(1):
        _fill(out, years, known, rcid, position, year, index.get(ORIENT))
    return out


def _fill(
    out: FloatArray,
    years: range,
    known: npt.NDArray[np.int64],
    rcid: npt.NDArray[np.int64],
    position: FloatArray,
    year: npt.NDArray[np.int64],
    orient: int | None,
) -> None:
    filled = False
    for column, y in enumerate(years):
        mine = year == y
        if mine.any():
            out[:, column] = _principal(known[mine], rcid[mine], position[mine], len(out), orient)
            filled = True
        elif filled and column > 0 and _inside(year, y):
            out[:, column] = out[:, column - 1]


def _principal(
    who: npt.NDArray[np.int64],
    rcid: npt.NDArray[np.int64],
    position: FloatArray,
    size: int,
    orient: int | None,
) -> FloatArray:
    """First principal-component score per state of one year's votes, standardised."""
    calls, column = np.unique(rcid, return_inverse=True)
    states, row = np.unique(who, return_inverse=True)
    matrix = np.full((len(states), len(calls)), np.nan)
    matrix[row, column] = position
    means = np.nanmean(matrix, axis=0)
    matrix = np.where(np.isnan(matrix), means[None, :], matrix) - means[None, :]
    out = np.full(size, np.nan)
    if len(states) < 2:
        return out
    # The leading eigenvector of the states' Gram matrix is the first left singular vector
    # (``eigh`` of the small symmetric matrix is much faster than a full SVD here).
    values, vectors = np.linalg.eigh(matrix @ matrix.T)
    score = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
    spread = score.std()
    score = (score - score.mean()) / spread if spread > 0 else np.zeros_like(score)
    out[states] = score
    if orient is not None and orient in states and out[orient] < 0:
        out = -out
    return out


def _inside(year: npt.NDArray[np.int64], y: int) -> bool:
    return bool(year.min() <= y <= year.max())


def _year(value: object) -> int:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return int(text[:4])
