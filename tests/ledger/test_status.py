"""Engagement status: the brute-force fold on known histories, and the projection against it.

Every hand-written scenario is checked twice: by ``fold_status`` and by ``query_status`` on a
projection built from the same events. ``test_projection_matches_fold`` is the R15 oracle.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, select

from ioreview.exc import IntegrityError, InvalidData
from ioreview.ledger.events import Event, Source
from ioreview.ledger.projection import applied_size, apply, query_status, rebuild
from ioreview.ledger.status import StatusAnswer, fold_status
from ioreview.storage.projection_tables import engagement_status, projection_metadata

SOURCE = Source(uri="https://example.org/source")


def ev(
    seq: int, kind: str, valid_from: str | None, valid_to: str | None = None, *,
    actor: str | None = "USA", body: str | None = "unesco", payload: dict[str, Any] | None = None,
    supersedes: Sequence[int] = (),
) -> Event:  # fmt: skip
    return Event(
        seq=seq, kind=kind, actor=actor, body=body, source=SOURCE, payload=payload or {},
        valid_from=None if valid_from is None else date.fromisoformat(valid_from),
        valid_to=None if valid_to is None else date.fromisoformat(valid_to),
        supersedes=tuple(supersedes),
    )  # fmt: skip


@pytest.fixture
def db(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that is rolled back, with the projection tables."""
    # No-op once a migration creates the tables.
    projection_metadata.create_all(engine, checkfirst=True)
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


class Ledger:
    """Events plus their projection; each lookup asserts that fold and projection agree."""

    def __init__(self, connection: Connection, events: list[Event]) -> None:
        self.connection, self.events = connection, events
        rebuild(connection, events)

    def status(
        self, on: str, size: int | None = None, actor: str = "USA", body: str = "unesco"
    ) -> StatusAnswer:
        n = len(self.events) if size is None else size
        day = date.fromisoformat(on)
        folded = fold_status(self.events, actor, body, day, n)
        assert query_status(self.connection, actor, body, day, n) == folded
        return folded


UNESCO = [
    ev(0, "joined", "1946-11-04"),
    ev(1, "withdrawal_effective", "1984-12-31"),
    ev(2, "rejoined", "2003-10-01"),
    ev(3, "withdrawal_notified", "2017-10-12"),
    ev(4, "withdrawal_effective", "2018-12-31"),
    ev(5, "rejoined", "2023-07-10"),
    ev(6, "withdrawal_notified", "2025-07-22"),
    ev(7, "withdrawal_effective", "2026-12-31"),
]


def test_unesco_notice_then_effective(db: Connection) -> None:
    ledger = Ledger(db, [ev(0, "withdrawal_notified", "2025-07-22"),
                         ev(1, "withdrawal_effective", "2026-12-31")])  # fmt: skip
    assert ledger.status("2026-06-01").status == "withdrawing"
    assert ledger.status("2027-01-01").status == "none"
    assert ledger.status("2025-07-21").status == "none"
    assert ledger.status("2025-07-21").events == ()


def test_unesco_history(db: Connection) -> None:
    ledger = Ledger(db, UNESCO)
    expected = {"1950-01-01": "member", "1990-01-01": "none", "2010-01-01": "member",
                "2018-01-01": "withdrawing", "2020-01-01": "none", "2024-01-01": "member",
                "2026-06-01": "withdrawing", "2026-12-30": "withdrawing",
                "2026-12-31": "none", "2027-01-01": "none"}  # fmt: skip
    assert {day: ledger.status(day).status for day in expected} == expected
    now = ledger.status("2026-06-01")
    assert (now.since, now.event_seq, now.events) == (date(2025, 7, 22), 6, (0, 1, 2, 3, 4, 5, 6))
    assert ledger.status("2024-01-01").since == date(2023, 7, 10)


def test_unesco_as_known_before_the_notice(db: Connection) -> None:
    ledger = Ledger(db, UNESCO)
    assert ledger.status("2026-06-01", size=6).status == "member"
    assert ledger.status("2026-06-01", size=7).status == "withdrawing"
    assert ledger.status("2027-01-01", size=7).status == "withdrawing"
    assert ledger.status("2027-01-01", size=0).status == "none"


def test_paris_agreement_party_leaves_rejoins_and_leaves(db: Connection) -> None:
    body = "paris-agreement"
    ledger = Ledger(db, [
        ev(0, "joined", "2016-11-04", body=body, payload={"role": "party"}),
        ev(1, "withdrawal_notified", "2019-11-04", body=body),
        ev(2, "withdrawal_effective", "2020-11-04", body=body),
        ev(3, "rejoined", "2021-02-19", body=body),
        ev(4, "withdrawal_notified", "2025-01-27", body=body),
        ev(5, "withdrawal_effective", "2026-01-27", body=body),
    ])  # fmt: skip
    expected = {"2017-01-01": "party", "2020-06-01": "withdrawing", "2020-12-01": "none",
                "2021-03-01": "party", "2025-06-01": "withdrawing",
                "2026-01-26": "withdrawing", "2026-01-27": "none"}  # fmt: skip
    assert {day: ledger.status(day, body=body).status for day in expected} == expected


def test_who_notice_of_one_year(db: Connection) -> None:
    ledger = Ledger(db, [
        ev(0, "joined", "1948-06-21", body="who"),
        ev(1, "withdrawal_notified", "2025-01-22", body="who"),
        ev(2, "withdrawal_effective", "2026-01-22", body="who"),
    ])  # fmt: skip
    assert ledger.status("2025-01-21", body="who").status == "member"
    assert ledger.status("2025-01-22", body="who").status == "withdrawing"
    assert ledger.status("2026-01-21", body="who").status == "withdrawing"
    assert ledger.status("2026-01-22", body="who").status == "none"
    assert ledger.status("2026-01-22", body="unesco").status == "none"
    assert ledger.status("2026-01-22", actor="FRA", body="who").status == "none"


def test_correction_replaces_a_wrong_date(db: Connection) -> None:
    ledger = Ledger(db, [
        ev(0, "joined", "1950-01-01", body="who"),
        ev(1, "joined", "1948-06-21", body="who", supersedes=[0]),
    ])  # fmt: skip
    assert ledger.status("1949-01-01", size=1, body="who").status == "none"
    assert ledger.status("1949-01-01", size=2, body="who").status == "member"
    assert ledger.status("1951-01-01", size=2, body="who").events == (1,)


def test_retraction_is_not_undone_by_superseding_the_correction(db: Connection) -> None:
    ledger = Ledger(db, [
        ev(0, "joined", "2000-01-01"),
        ev(1, "correction", None, actor=None, body=None, supersedes=[0]),
        ev(2, "correction", None, actor=None, body=None, supersedes=[1]),
    ])  # fmt: skip
    assert ledger.status("2001-01-01", size=1).status == "member"
    assert ledger.status("2001-01-01", size=2).status == "none"
    assert ledger.status("2001-01-01", size=3).status == "none"


def test_a_correction_of_another_pair_changes_only_that_pair(db: Connection) -> None:
    ledger = Ledger(db, [
        ev(0, "joined", "2000-01-01"),
        ev(1, "joined", "2000-01-01", body="who"),
        ev(2, "correction", None, body="who", supersedes=[1]),
    ])  # fmt: skip
    assert ledger.status("2001-01-01").status == "member"
    assert ledger.status("2001-01-01", body="who").status == "none"


def test_directive_marks_a_member_and_directs_a_non_member(db: Connection) -> None:
    ledger = Ledger(db, [
        ev(0, "joined", "1990-01-01"),
        ev(1, "withdrawal_directed", "2026-01-07"),
        ev(2, "funding_ceased", "2026-01-07"),
        ev(3, "withdrawal_notified", "2026-02-01"),
        ev(4, "withdrawal_directed", "2026-01-07", body="irena"),
    ])  # fmt: skip
    directed = ledger.status("2026-01-10")
    assert (directed.status, directed.since) == ("member", date(1990, 1, 1))
    assert directed.markers == ("withdrawal_directed", "funding_ceased")
    notified = ledger.status("2026-03-01")
    assert (notified.status, notified.markers) == ("withdrawing", ())
    assert ledger.status("2026-01-10", body="irena").status == "directed"


def test_bounded_assertions_hold_only_inside_their_interval(db: Connection) -> None:
    ledger = Ledger(db, [
        ev(0, "joined", "1990-01-01"),
        ev(1, "status_changed", "2000-01-01", "2010-01-01", payload={"status": "observer"}),
        ev(2, "joined", "1960-01-01", "1970-01-01", body="who", payload={"role": "associate"}),
    ])  # fmt: skip
    assert ledger.status("2005-01-01").status == "observer"
    later = ledger.status("2015-01-01")
    assert (later.status, later.events) == ("member", (0,))
    assert ledger.status("1965-01-01", body="who").status == "associate"
    assert ledger.status("1970-01-01", body="who").status == "none"


def test_same_day_events_resolve_by_seq(db: Connection) -> None:
    ledger = Ledger(db, [ev(0, "left", "2000-01-01"), ev(1, "joined", "2000-01-01"),
                         ev(2, "joined", None, body="who"), ev(3, "left", "2000-01-01", body="who")])  # fmt: skip
    assert ledger.status("2000-01-01").status == "member"
    assert ledger.status("1999-12-31", body="who").status == "member"
    assert ledger.status("2000-01-01", body="who").status == "none"


def test_apply_continues_a_rebuild(db: Connection) -> None:
    rebuild(db, UNESCO[:3])
    assert applied_size(db) == 3
    apply(db, UNESCO[3:])
    assert applied_size(db) == 8
    assert query_status(db, "USA", "unesco", date(2026, 6, 1), 8).status == "withdrawing"
    with pytest.raises(IntegrityError, match="expected 8"):
        apply(db, [ev(9, "left", "2030-01-01")])
    with pytest.raises(IntegrityError, match="expected 8"):
        apply(db, [UNESCO[0]])


def test_negative_sizes_are_rejected(db: Connection) -> None:
    with pytest.raises(InvalidData, match="as_known_size -1"):
        fold_status(UNESCO, "USA", "unesco", date(2000, 1, 1), -1)
    with pytest.raises(InvalidData, match="as_known_size -1"):
        query_status(db, "USA", "unesco", date(2000, 1, 1), -1)


# --- R15: random histories, projection == fold ----------------------------------------------

PAIRS = [("USA", "unesco"), ("USA", "who")]
BASE = date(2025, 1, 1)
DAYS = 10
KIND_CHOICES = ["joined", "left", "withdrawal_notified", "withdrawal_effective", "rejoined",
                "correction", "status_changed", "withdrawal_directed", "funding_ceased",
                "contribution"]  # fmt: skip


@st.composite
def histories(draw: st.DrawFn) -> list[Event]:
    events: list[Event] = []
    for seq in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(KIND_CHOICES))
        if kind == "correction" and seq == 0:
            kind = "left"
        start = draw(st.none() | st.integers(0, DAYS))
        length = draw(st.none() | st.integers(1, 4))
        end = None if length is None else (start or 0) + length
        pair = draw(st.sampled_from(PAIRS))
        actor, body = (None, None) if kind == "correction" and draw(st.booleans()) else pair
        payload: dict[str, Any] = {}
        if kind in ("joined", "rejoined") and (role := draw(st.sampled_from([None, "party"]))):
            payload["role"] = role
        if kind == "status_changed":
            payload["status"] = draw(st.sampled_from(["observer", "suspended", "none"]))
        if kind == "contribution":
            payload = {"amount": "1", "currency": "USD"}
        earlier = st.lists(st.integers(0, seq - 1), unique=True, max_size=2) if seq else st.just([])
        supersedes = draw(earlier)
        if kind == "correction" and not supersedes:
            supersedes = [draw(st.integers(0, seq - 1))]
        events.append(Event(
            seq=seq, kind=kind, actor=actor, body=body, source=SOURCE, payload=payload,
            valid_from=None if start is None else BASE + timedelta(start),
            valid_to=None if end is None else BASE + timedelta(end), supersedes=tuple(supersedes),
        ))  # fmt: skip
    return events


def _rows(connection: Connection) -> list[tuple[Any, ...]]:
    columns = [c for c in engagement_status.c if c.name != "id"]
    return sorted((tuple(row) for row in connection.execute(select(*columns))), key=repr)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    events=histories(),
    split=st.integers(0, 14),
    days=st.lists(st.integers(-1, DAYS + 5), min_size=1, max_size=4, unique=True),
)
def test_projection_matches_fold(
    engine: Engine, events: list[Event], split: int, days: list[int]
) -> None:
    # The engine outlives examples; each example works in its own rolled-back transaction.
    projection_metadata.create_all(engine, checkfirst=True)
    with engine.connect() as connection, connection.begin() as transaction:
        rebuild(connection, events[:split])
        apply(connection, events[split:])
        for size in range(len(events) + 1):
            for actor, body in PAIRS:
                for day in days:
                    on = BASE + timedelta(day)
                    expected = fold_status(events, actor, body, on, size)
                    assert query_status(connection, actor, body, on, size) == expected
        incremental = _rows(connection)
        rebuild(connection, events)
        assert _rows(connection) == incremental
        transaction.rollback()
