"""The ``votes`` importer and the agreement/divergence helpers on fixtures cut from unvotes.

Expected values are computed here from the fixture CSVs with the definitions that
``ioreview.ingest.votes_queries`` documents.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Table, select

from ioreview.exc import InvalidData
from ioreview.ingest.runner import run_import
from ioreview.ingest.votes_queries import agreement, agreement_by_session, divergence
from ioreview.project import Project
from ioreview.storage.votes_tables import unga_country, unga_issue, unga_roll_call, unga_vote
from support.ingest import BACKENDS, bare_project, data_folder, database_url, snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "votes"
ROLES = {
    "votes": FIXTURES / "votes.csv",
    "roll_calls": FIXTURES / "roll_calls.csv",
    "issues": FIXTURES / "issues.csv",
}
BUNDLED = {
    "votes": "un_votes.csv.gz",
    "roll_calls": "un_roll_calls.csv.gz",
    "issues": "un_roll_call_issues.csv",
}
#: The fixture countries by code (or, without a code, by name) → registry actor, as
#: data/registry/unga-countries.yaml and the registry's ISO codes give them.
ACTORS = {
    "US": "USA", "CA": "CAN", "CU": "CUB", "GB": "GBR", "FR": "FRA", "RU": "RUS", "EG": "EGY",
    "IL": "ISR", "IN": "IND", "CN": "CHN", "BR": "BRA", "DE": "DEU", "NA": "NAM",
    "DD": "GDR", "CS": "CZE-315", "YD": "YPR",
    "Federal Republic of Germany": "GFR", "Yemen Arab Republic": "YAR",
}  # fmt: skip
CODES = {"yes": 1, "abstain": 2, "no": 3}


def _csv(role: str) -> list[dict[str, str]]:
    with ROLES[role].open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_votes() -> dict[tuple[int, str], int]:
    """(rcid, actor) → vote code, from the fixture; Yugoslavia by the roll call's date."""
    dates = {row["rcid"]: row["date"] for row in _csv("roll_calls")}
    votes: dict[tuple[int, str], int] = {}
    for row in _csv("votes"):
        if row["country_code"] == "YU":
            actor = "YUG" if dates[row["rcid"]] < "2006-06-03" else "SRB"
        else:
            actor = ACTORS[row["country_code"] or row["country"]]
        votes[(int(row["rcid"]), actor)] = CODES[row["vote"]]
    return votes


@dataclass
class Loaded:
    project: Project


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    tmp = tmp_path_factory.mktemp("votes")
    with database_url(request.param, tmp) as url, pytest.MonkeyPatch.context() as patch:
        project = bare_project(url, tmp / "state")
        patch.setenv("IOREVIEW_DATA", str(data_folder(tmp / "data", "votes", ROLES)))
        run_import(project, "votes")
        yield Loaded(project)
        project.close()


def _rows(project: Project, table: Table) -> list[dict[str, object]]:
    with project.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(table))]


def test_votes_are_stored_per_actor_with_their_codes(loaded: Loaded) -> None:
    stored = {(r["rcid"], r["actor"]): r["vote"] for r in _rows(loaded.project, unga_vote)}
    assert stored == expected_votes()
    sessions = {int(r["rcid"]): int(r["session"]) for r in _csv("roll_calls")}
    for row in _rows(loaded.project, unga_vote):
        assert row["session"] == sessions[int(str(row["rcid"]))]


def test_namibia_dissolved_states_and_yugoslavia_are_mapped(loaded: Loaded) -> None:
    countries = {r["actor"]: r for r in _rows(loaded.project, unga_country)}
    assert countries["NAM"]["country_code"] == "NA"
    assert countries["NAM"]["votes"] == sum(1 for r in _csv("votes") if r["country_code"] == "NA")
    assert countries["GFR"]["country_code"] is None
    assert countries["GFR"]["country"] == "Federal Republic of Germany"
    assert countries["YAR"]["country"] == "Yemen Arab Republic"
    assert {countries["YUG"]["country_code"], countries["SRB"]["country_code"]} == {"YU"}


def test_roll_calls_and_issues(loaded: Loaded) -> None:
    roll_calls = {r["rcid"]: r for r in _rows(loaded.project, unga_roll_call)}
    for row in _csv("roll_calls"):
        stored = roll_calls[int(row["rcid"])]
        assert str(stored["date"]) == row["date"]
        assert stored["unres"] == row["unres"]
        assert stored["important_vote"] == (
            int(row["importantvote"]) if row["importantvote"] else None
        )
    issues = {(r["rcid"], r["short_name"]): r["issue"] for r in _rows(loaded.project, unga_issue)}
    assert issues == {(int(r["rcid"]), r["short_name"]): r["issue"] for r in _csv("issues")}


def _agreement(votes: dict[tuple[int, str], int], actor: str, others: list[str]) -> float:
    pairs = [
        (vote, votes[(rcid, other)])
        for (rcid, who), vote in votes.items() if who == actor
        for other in others if (rcid, other) in votes
    ]  # fmt: skip
    return sum(a == b for a, b in pairs) / len(pairs)


def _divergence(votes: dict[tuple[int, str], int], actor: str, members: list[str]) -> float:
    distances = []
    for (rcid, who), vote in votes.items():
        if who != actor:
            continue
        group = [(votes[(rcid, m)] - 1) / 2 for m in members if (rcid, m) in votes]
        if group:
            distances.append(abs((vote - 1) / 2 - sum(group) / len(group)))
    return sum(distances) / len(distances)


def test_agreement_is_the_share_of_identical_votes(loaded: Loaded) -> None:
    votes = expected_votes()
    others = ["CAN", "GBR", "FRA", "ISR", "DEU", "GFR"]
    with loaded.project.engine.connect() as connection:
        value = agreement(connection, "USA", others)
        assert value == pytest.approx(_agreement(votes, "USA", others))
        recent = agreement(connection, "USA", others, range(74, 75))
        early = {k: v for k, v in votes.items() if k[0] < 9000}
        assert agreement(connection, "USA", others, range(30, 31)) == pytest.approx(
            _agreement(early, "USA", others)
        )
        by_session = agreement_by_session(connection, "USA", others)
        assert set(by_session) == {30, 74} and by_session[74] == pytest.approx(recent)
        assert agreement(connection, "USA", ["USA"]) is None
        assert agreement(connection, "USA", others, range(1, 2)) is None
        assert agreement(connection, "ZZZ", others) is None


def test_divergence_is_the_distance_from_the_members_mean(loaded: Loaded) -> None:
    votes = expected_votes()
    members = ["CAN", "GBR", "FRA", "DEU", "BRA", "IND"]
    with loaded.project.engine.connect() as connection:
        value = divergence(connection, "USA", members)
        assert value == pytest.approx(_divergence(votes, "USA", members))
        assert 0 <= (value or 0) <= 1
        assert divergence(connection, "USA", []) is None
        assert divergence(connection, "USA", members, range(40, 50)) is None


def _replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return change


def _line(role: str, needle: str) -> int:
    lines = ROLES[role].read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


BAD = {
    "unknown country code": (
        "votes",
        _replace("Brazil,BR,", "Brazil,XB,"),
        (
            f"{{file}}:{_line('votes', 'Brazil,BR,')}:country_code",
            "'XB'",
            "expected a code such as US",
        ),
    ),
    "vote value": (
        "votes",
        _replace("1582,Canada,CA,abstain", "1582,Canada,CA,maybe"),
        (
            f"{{file}}:{_line('votes', '1582,Canada,CA,abstain')}:vote",
            "'maybe'",
            "expected yes, abstain or no",
        ),
    ),
    "duplicate vote": (
        "votes",
        lambda t: t + "1582,Canada,CA,yes\n",
        (":country_code", "a second vote of CAN", "expected one vote per state"),
    ),
    "unknown roll call": (
        "votes",
        _replace("9061,Brazil", "9999,Brazil"),
        (":rcid", "rcid 9999 is not in the roll-call file", "expected"),
    ),
    "missing column": (
        "votes",
        lambda t: t.replace(",vote\n", "\n", 1),
        ("{file}:1", "missing column 'vote'", "expected the header"),
    ),
    "empty file": (
        "votes",
        lambda t: "",
        ("{file}:1", "the file is empty", "expected a header line"),
    ),
    "bad date": (
        "roll_calls",
        _replace("1975-11-01", "1975-13-01"),
        (":date", "'1975-13-01'", "expected YYYY-MM-DD"),
    ),
    "bad session": (
        "roll_calls",
        _replace("1582,30,", "1582,XXX,"),
        (":session", "'XXX'", "expected a whole number"),
    ),
    "duplicate roll call": (
        "roll_calls",
        lambda t: t + t.splitlines()[1] + "\n",
        (":rcid", "appears twice", "expected one row each"),
    ),
    "issue code": (
        "issues",
        _replace("9061,nu,", "9061,nuclear,"),
        (":short_name", "'nuclear'", "expected a two-letter code"),
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_and_nothing_changes(
    name: str, loaded: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    role, change, expected = BAD[name]
    bad = tmp_path / BUNDLED[role]
    bad.write_text(change(ROLES[role].read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setenv(
        "IOREVIEW_DATA", str(data_folder(tmp_path / "d", "votes", {**ROLES, role: bad}))
    )
    before = snapshot(loaded.project)
    with pytest.raises(InvalidData) as raised:
        run_import(loaded.project, "votes")
    for part in expected:
        assert part.format(file=BUNDLED[role]) in raised.value.message, raised.value.message
    assert snapshot(loaded.project) == before


def test_a_file_in_another_encoding_is_refused(
    loaded: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "un_votes.csv.gz"
    text = ROLES["votes"].read_text(encoding="utf-8").replace("Cuba", "Cuba \u00e9")
    bad.write_bytes(text.encode("latin-1"))
    monkeypatch.setenv(
        "IOREVIEW_DATA", str(data_folder(tmp_path / "d", "votes", {**ROLES, "votes": bad}))
    )
    before = snapshot(loaded.project)
    with pytest.raises(InvalidData) as raised:
        run_import(loaded.project, "votes")
    assert f"un_votes.csv.gz:{_line('votes', 'Cuba')}:country: byte 0xe9" in raised.value.message
    assert snapshot(loaded.project) == before
