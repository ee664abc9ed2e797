"""Saving the registry to the database and reading it back (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, func, select

from ioreview.exc import InvalidData, NotFound
from ioreview.registry import (
    Registry,
    list_actors,
    list_bodies,
    load_actor,
    load_body,
    load_registry,
    save_registry,
)
from ioreview.registry.model import canonical_json
from ioreview.storage.tables import actor, body, body_alias


@pytest.fixture
def saved(engine: Engine, bundled: Registry) -> Engine:
    save_registry(engine, bundled)
    return engine


def _counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (body, body_alias, actor)
        )


def test_round_trip(saved: Engine, bundled: Registry) -> None:
    assert _counts(saved)[0] == len(bundled.bodies)
    assert _counts(saved)[2] == len(bundled.actors)
    with saved.connect() as connection:
        eca = load_body(connection, "eca")
        assert eca == bundled.body("eca")
        assert eca.parent == "ecosoc"
        row = connection.execute(select(body).where(body.c.id == "unfccc")).one()
        assert row.record == canonical_json(bundled.body("unfccc").to_json())
        assert json.loads(row.record)["memo"]["section"] == "2(b)"
        assert row.memo_order == bundled.body("unfccc").memo_order
        stored = load_registry(connection)
    assert {b.id: b for b in stored.bodies} == {b.id: b for b in bundled.bodies}
    assert stored.ambiguous == bundled.ambiguous


def test_second_save_changes_nothing(saved: Engine, bundled: Registry) -> None:
    before = _counts(saved)
    result = save_registry(saved, bundled)
    assert not result.changed
    assert _counts(saved) == before


def test_save_replaces_changed_and_removed_rows(saved: Engine, bundled: Registry) -> None:
    from dataclasses import replace

    kept = [b for b in bundled.bodies if b.id != "itc-3180"]
    kept = [replace(b, members="changed") if b.id == "irena" else b for b in kept]
    smaller = Registry(kept, bundled.actors[:10])
    result = save_registry(saved, smaller)
    # irena changed; itc lost its ambiguous alias "ITC" with the tin council gone.
    assert (result.bodies.deleted, result.bodies.updated) == (1, 2)
    assert result.actors.deleted == len(bundled.actors) - 10
    with saved.connect() as connection:
        assert load_body(connection, "irena").members == "changed"
        with pytest.raises(NotFound):
            load_body(connection, "itc-3180")
        assert "ITC" not in load_body(connection, "itc").ambiguous_aliases


def test_save_inside_an_open_transaction(engine: Engine, bundled: Registry) -> None:
    with engine.connect() as connection:
        connection.execute(select(1))
        save_registry(connection, bundled)
        connection.commit()
    assert _counts(engine)[0] == len(bundled.bodies)


def test_missing_body_names_the_closest(saved: Engine) -> None:
    with saved.connect() as connection, pytest.raises(NotFound) as caught:
        load_body(connection, "unfcc")
    assert caught.value.message.startswith("no body 'unfcc'; closest: ")
    assert "unfccc" in caught.value.message


def test_list_bodies(saved: Engine) -> None:
    with saved.connect() as connection:
        memo = list_bodies(connection, memo=True)
        assert [b.memo_order for b in memo] == list(range(1, 67))
        assert memo[0].id == "24-7-cfe-compact"
        commissions = list_bodies(connection, kind="un-regional-commission")
        assert {b.id for b in commissions} == {"eca", "eclac", "escap", "escwa", "ece"}
        assert len(list_bodies(connection)) > 800


@pytest.mark.parametrize(
    ("key", "expected"),
    [("USA", "USA"), ("usa", "USA"), (2, "USA"), ("2", "USA"), ("NAM", "NAM"), ("AUS", "AUS"),
     ("cow:AUS", "AUT"), ("iso3:AUS", "AUS"), ("GMY", "DEU"), ("YUG", "YUG"), ("SRB", "SRB"),
     ("CZE", "CZE"), ("cow:CZE", "CZE-315"), ("cow:315", "CZE-315")],
)  # fmt: skip
def test_load_actor(saved: Engine, key: str | int, expected: str) -> None:
    with saved.connect() as connection:
        assert load_actor(connection, key).id == expected


def test_load_actor_errors(saved: Engine) -> None:
    with saved.connect() as connection:
        with pytest.raises(
            InvalidData, match=r"names several actors: SRB \(Serbia\), YUG \(Yugoslavia\)"
        ):
            load_actor(connection, 345)
        with pytest.raises(NotFound, match="no actor 'XYZ'; closest: "):
            load_actor(connection, "XYZ")
        with pytest.raises(InvalidData, match="prefix"):
            load_actor(connection, "gw:2")
        namibia = load_actor(connection, "NAM")
        assert namibia.iso2 == "NA"
        assert len(list_actors(connection)) == 218
