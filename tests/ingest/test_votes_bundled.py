"""The bundled UN votes, loaded whole (SQLite): counts against SOURCE.md.

Slow (about 10 s): 870,109 vote rows.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator

import pytest
from sqlalchemy import Select, func, select

from ioreview.ingest.runner import ImportReport, run_import
from ioreview.ingest.votes_queries import agreement, divergence
from ioreview.project import Project
from ioreview.registry import data_root
from ioreview.storage.votes_tables import ABSTAIN, NO, YES, unga_issue, unga_roll_call, unga_vote
from support.ingest import bare_project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, ImportReport]]:
    tmp = tmp_path_factory.mktemp("votes-bundled")
    project = bare_project(f"sqlite:///{tmp / 'votes.db'}", tmp / "state")
    report = run_import(project, "votes")
    yield project, report
    project.close()


def _count(project: Project, query: Select[tuple[int]] | Select[int]) -> int:
    with project.engine.connect() as connection:
        return int(connection.execute(query).scalar() or 0)


def test_row_counts_match_the_source_description(loaded: tuple[Project, ImportReport]) -> None:
    project, report = loaded
    # SOURCE.md: 870,109 votes, 6,203 roll calls, 5,745 issue rows, 200 distinct countries.
    assert report.counts["votes"] == _count(project, select(func.count()).select_from(unga_vote))
    assert report.counts["votes"] == 870_109
    assert _count(project, select(func.count()).select_from(unga_roll_call)) == 6_203
    assert _count(project, select(func.count()).select_from(unga_issue)) == 5_745
    # 200 countries; Yugoslavia's rows are split between YUG and SRB by date.
    assert report.counts["countries"] == 201
    by_vote = {
        code: _count(
            project, select(func.count()).select_from(unga_vote).where(unga_vote.c.vote == code)
        )
        for code in (YES, ABSTAIN, NO)
    }
    assert by_vote == {YES: 693_664, ABSTAIN: 110_897, NO: 65_548}  # SOURCE.md


def test_us_and_namibia_vote_counts(loaded: tuple[Project, ImportReport]) -> None:
    project, _ = loaded

    def votes(actor: str, code: int | None = None) -> int:
        query = select(func.count()).select_from(unga_vote).where(unga_vote.c.actor == actor)
        if code is not None:
            query = query.where(unga_vote.c.vote == code)
        return _count(project, query)

    # SOURCE.md: USA 6,156 votes (no 3,101; yes 1,810; abstain 1,245); Namibia 2,455 rows.
    assert votes("USA") == 6_156
    assert (votes("USA", NO), votes("USA", YES), votes("USA", ABSTAIN)) == (3_101, 1_810, 1_245)
    assert votes("NAM") == 2_455


def _source_votes(sessions: range) -> dict[tuple[str, str], int]:
    """(rcid, ISO2 code) → vote code for the roll calls of ``sessions``, read from the files."""
    root = data_root() / "sources" / "unga-roll-call-votes"
    roll_calls = gzip.decompress((root / "un_roll_calls.csv.gz").read_bytes()).decode("utf-8")
    chosen = {
        r["rcid"] for r in csv.DictReader(io.StringIO(roll_calls, newline=""))
        if int(r["session"]) in sessions
    }  # fmt: skip
    votes = gzip.decompress((root / "un_votes.csv.gz").read_bytes()).decode("utf-8")
    codes = {"yes": YES, "abstain": ABSTAIN, "no": NO}
    return {
        (r["rcid"], r["country_code"]): codes[r["vote"]]
        for r in csv.DictReader(io.StringIO(votes, newline=""))
        if r["rcid"] in chosen and r["country_code"] in ("US", "IL", "CU", "CA", "GB")
    }


def test_agreement_and_divergence_on_the_full_data(loaded: tuple[Project, ImportReport]) -> None:
    project, _ = loaded
    sessions = range(60, 75)
    source = _source_votes(sessions)
    us = {rcid: vote for (rcid, code), vote in source.items() if code == "US"}
    pairs = [
        (vote, source[(rcid, code)])
        for rcid, vote in us.items() for code in ("IL", "CU") if (rcid, code) in source
    ]  # fmt: skip
    distances = []
    for rcid, vote in us.items():
        group = [(source[(rcid, c)] - 1) / 2 for c in ("CA", "GB") if (rcid, c) in source]
        if group:
            distances.append(abs((vote - 1) / 2 - sum(group) / len(group)))
    with project.engine.connect() as connection:
        shown = agreement(connection, "USA", ["ISR", "CUB"], sessions)
        assert shown == pytest.approx(sum(a == b for a, b in pairs) / len(pairs))
        spread = divergence(connection, "USA", ["CAN", "GBR"], sessions)
        assert spread == pytest.approx(sum(distances) / len(distances))
