"""The carry-forward rule for COW membership spells (COW IGO v3 ends in 2014)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ioreview.indicators import EventRecord, cow_carried

ON = date(2026, 1, 6)


def record(seq: int, kind: str, on: date, until: date | None = None, **payload: Any) -> EventRecord:
    return EventRecord(seq, kind, "USA", "wto", on, until, payload)


def test_an_open_cow_spell_is_carried() -> None:
    join = record(1, "joined", date(1995, 1, 1), observed="cow", open_at_end=True)
    assert cow_carried([join], ON) == join


def test_a_spell_closed_at_the_end_of_the_data_is_carried() -> None:
    join = record(1, "joined", date(1995, 1, 1), until=date(2015, 1, 1), observed="cow")
    assert cow_carried([join], ON) == join


def test_a_spell_closed_before_the_end_is_not_carried() -> None:
    join = record(1, "joined", date(1995, 1, 1), until=date(2010, 1, 1), observed="cow")
    assert cow_carried([join], ON) is None


def test_a_later_exit_ends_the_carry() -> None:
    join = record(1, "joined", date(1995, 1, 1), observed="cow")
    for kind, payload in (
        ("left", {"observed": "cow"}),
        ("withdrawal_effective", {}),
        ("status_changed", {"status": "none"}),
    ):
        exit_event = record(2, kind, date(2020, 1, 1), **payload)
        assert cow_carried([join, exit_event], ON) is None
        assert cow_carried([join, exit_event], date(2019, 6, 1)) == join


def test_a_non_cow_join_is_not_carried() -> None:
    assert cow_carried([record(1, "joined", date(1995, 1, 1))], ON) is None
