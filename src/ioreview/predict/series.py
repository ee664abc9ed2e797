"""History series with the counting rules of Pevehouse et al. (2020), JPR 57(3).

The rules follow the authors' do-file for the article's figures (``analysis-jpr.do`` in the
igoR repository, as described in ``shared/docs/reference/predict.md`` §1.3):

- IGOs in existence per year: the IGO-year rows of that year (Fig. 1, ``totIGOs``);
- births: IGOs whose first IGO-year row falls in the year; deaths: the sum of COW's ``dead``
  flag over the year's rows (Fig. 2);
- memberships of a state in a year: IGOs coding it 1 (full) or 2 (associate),
  ``anycount(...) v(1 2)`` (Figs. 4-5).

Memberships come from the ledger's COW events, which follow the IGO-year file; the do-file
counts the state-year file. Where the two files disagree (table ``cow_disagreement``) the
series reports both counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, select

from ioreview.exc import NotFound
from ioreview.predict import published
from ioreview.predict.history import History, load_history
from ioreview.storage.cow_tables import cow_disagreement, cow_igo_year

COUNTED = (1, 2)  # full + associate (the do-file's v(1 2))
DEAD_BY = 2014


@dataclass
class Series:
    """IGO counts per year, memberships per state per year, deaths, and published checks."""

    years: list[int]
    igos_per_year: dict[int, int]
    births_per_year: dict[int, int]
    deaths_per_year: dict[int, int]
    memberships: dict[str, dict[int, int]]
    ranks: dict[str, dict[int, int]]
    #: state -> year -> both files' counts, for the years in which they differ.
    disagreements: dict[str, dict[int, dict[str, int]]]
    igos: int
    dead: dict[str, int]
    dead_share: float
    view: str
    corrections: int = 0
    checks: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def keyed(values: dict[int, int]) -> dict[str, int]:
            return {str(year): n for year, n in sorted(values.items())}

        return {
            "igos_per_year": keyed(self.igos_per_year),
            "memberships": {s: keyed(v) for s, v in sorted(self.memberships.items())},
            "dead_share_2014": self.dead_share,
            "births_per_year": keyed(self.births_per_year),
            "deaths_per_year": keyed(self.deaths_per_year),
            "ranks": {s: keyed(v) for s, v in sorted(self.ranks.items())},
            "file_disagreements": {
                s: {str(y): counts for y, counts in sorted(v.items())}
                for s, v in sorted(self.disagreements.items())
            },
            "igos": self.igos,
            "dead": self.dead,
            "checks": self.checks,
            "counting_rule": "full + associate memberships (Pevehouse et al. 2020 do-file, v(1 2))",
            "memberships_source": (
                f"ledger COW events ({self.view} view), which follow the IGO-year file (v3.0a); "
                "file_disagreements gives the state-year file's count where it differs"
            ),
            "years": [self.years[0], self.years[-1]] if self.years else [],
            "view": self.view,
            "curated_corrections": {
                "count": self.corrections,
                "applied": self.view == "corrected",
            },
        }  # fmt: skip


def compute_series(
    connection: Connection, actors: Sequence[str] | None = None, *, view: str = "published"
) -> Series:
    """The series for every state (or ``actors``), checked against the published figures."""
    history = load_history(connection, view)
    rows = connection.execute(
        select(cow_igo_year.c.ionum, cow_igo_year.c.year, cow_igo_year.c.dead,
               cow_igo_year.c.deaddate).order_by(cow_igo_year.c.ionum, cow_igo_year.c.year)
    ).all()  # fmt: skip
    if not rows:
        raise NotFound("no COW IGO-year rows (table cow_igo_year): run `ioreview ingest cow`")
    ionum = np.asarray([r.ionum for r in rows], dtype=np.int64)
    year = np.asarray([r.year for r in rows], dtype=np.int64)
    dead = np.asarray([bool(r.dead) for r in rows], dtype=bool)
    deaddate = np.asarray([-1 if r.deaddate is None else r.deaddate for r in rows], np.int64)
    years = history.years
    offset = history.first_year
    igos = np.bincount(year - offset, minlength=len(years))
    first = np.ones(len(rows), dtype=bool)
    first[1:] = ionum[1:] != ionum[:-1]
    births = np.bincount(year[first] - offset, minlength=len(years))
    deaths = np.bincount(year - offset, weights=dead.astype(np.float64), minlength=len(years))
    dead_counts = _dead_counts(ionum, dead, deaddate)
    counts = membership_matrix(history, COUNTED)
    chosen = _chosen(history, actors)
    memberships = {history.actors[a]: _coded_years(history, counts, a) for a in chosen}
    ranks = {history.actors[a]: _ranks(history, counts, a) for a in chosen} if actors else {}
    series = Series(
        years=years.tolist(),
        igos_per_year=dict(zip(years.tolist(), igos.tolist(), strict=True)),
        births_per_year=dict(zip(years.tolist(), births.tolist(), strict=True)),
        deaths_per_year=dict(zip(years.tolist(), deaths.astype(np.int64).tolist(), strict=True)),
        memberships=memberships, ranks=ranks,
        disagreements=file_disagreements(connection, memberships),
        igos=dead_counts["igos"], dead=dead_counts,
        dead_share=dead_counts["dead"] / dead_counts["igos"], view=view,
        corrections=history.corrections,
    )  # fmt: skip
    series.checks = _checks(connection, series, ionum, year, history, counts)
    return series


def membership_matrix(history: History, codes: Sequence[int]) -> npt.NDArray[np.int64]:
    """``[state, year - first_year]``: IGOs coding the state with one of ``codes``."""
    width = len(history.years) + 1
    diff = np.zeros((len(history.actors), width), dtype=np.int64)
    keep = np.isin(history.seg_code, codes)
    start = history.seg_start[keep] - history.first_year
    stop = history.seg_stop[keep] - history.first_year
    np.add.at(diff, (history.seg_actor[keep], start), 1)
    np.add.at(diff, (history.seg_actor[keep], stop), -1)
    return np.cumsum(diff, axis=1)[:, :-1]


def _chosen(history: History, actors: Sequence[str] | None) -> list[int]:
    if not actors:
        return list(range(len(history.actors)))
    return [history.actor_index(actor) for actor in actors]


def _coded_years(history: History, counts: npt.NDArray[np.int64], a: int) -> dict[int, int]:
    """Counts from the first to the last year in which COW codes the state in any IGO."""
    mine = history.spell_actor == a
    low = int(history.spell_start[mine].min()) - history.first_year
    high = int(history.spell_stop[mine].max()) - history.first_year
    years = history.years[low:high].tolist()
    return dict(zip(years, counts[a, low:high].tolist(), strict=True))


def _ranks(history: History, counts: npt.NDArray[np.int64], a: int) -> dict[int, int]:
    """Competition rank (1 = most memberships) among states, in the state's coded years."""
    coded = _coded_years(history, counts, a)
    columns = [y - history.first_year for y in coded]
    return {
        y: int((counts[:, c] > counts[a, c]).sum()) + 1 for y, c in zip(coded, columns, strict=True)
    }


def file_disagreements(
    connection: Connection, memberships: dict[str, dict[int, int]]
) -> dict[str, dict[int, dict[str, int]]]:
    """State -> year -> counts in both files, where ``cow_disagreement`` changes the count."""
    if not memberships:
        return {}
    rows = connection.execute(
        select(cow_disagreement.c.actor, cow_disagreement.c.year,
               cow_disagreement.c.igo_year_value, cow_disagreement.c.state_year_value)
        .where(cow_disagreement.c.actor.in_(sorted(memberships)))
    ).all()  # fmt: skip
    delta: dict[tuple[str, int], int] = {}
    for row in rows:
        change = int(row.state_year_value in COUNTED) - int(row.igo_year_value in COUNTED)
        if change:
            key = (str(row.actor), int(row.year))
            delta[key] = delta.get(key, 0) + change
    out: dict[str, dict[int, dict[str, int]]] = {}
    for (actor, year), change in sorted(delta.items()):
        if change:
            count = memberships[actor].get(year, 0)
            entry = {"igo_year_file": count, "state_year_file": count + change}
            out.setdefault(actor, {})[year] = entry
    return out


def _dead_counts(
    ionum: npt.NDArray[np.int64], dead: npt.NDArray[np.bool_], deaddate: npt.NDArray[np.int64]
) -> dict[str, int]:
    """IGOs in the file, and IGOs dead by 2014 by COW's flag, its death year, or either."""
    numbers = np.unique(ionum)
    flagged = set(np.unique(ionum[dead]).tolist())
    dated = set(np.unique(ionum[(deaddate >= 0) & (deaddate <= DEAD_BY)]).tolist())
    return {
        "igos": len(numbers), "dead_flag": len(flagged), "deaddate": len(dated),
        "dead": len(flagged | dated),
    }  # fmt: skip


def _checks(
    connection: Connection,
    series: Series,
    ionum: npt.NDArray[np.int64],
    year: npt.NDArray[np.int64],
    history: History,
    counts: npt.NDArray[np.int64],
) -> list[dict[str, object]]:
    since_1946 = len(np.unique(ionum[year >= 1946]))
    out = [
        published.check(published.IGOS_IN_COW, series.igos),
        published.check(published.IGOS_SINCE_1946, since_1946),
        published.check(published.DEAD_ONE_THIRD, series.dead_share),
        published.check(published.DEAD_39, series.dead_share),
    ]
    if "USA" in history.actors and history.first_year <= 2014 <= history.last_year:
        usa = int(counts[history.actors.index("USA"), 2014 - history.first_year])
        out.append(published.check(published.US_2014_IGO_YEAR, usa))
        found = file_disagreements(connection, {"USA": {2014: usa}})
        disagreement = found.get("USA", {}).get(2014)
        if disagreement is not None:
            out.append(
                published.check(published.US_2014_STATE_YEAR, disagreement["state_year_file"])
            )
    return out
