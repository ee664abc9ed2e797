"""Save the registry to the ``body``, ``body_alias`` and ``actor`` tables and read it back.

``save_registry`` compares the stored rows with the registry's and writes only the
differences, in one transaction: saving the same registry twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, Engine, Table, delete, select, update

from ioreview.exc import InvalidData, NotFound
from ioreview.registry.actors import Actor
from ioreview.registry.catalog import Registry
from ioreview.registry.model import Body
from ioreview.registry.normalize import normalize_name
from ioreview.storage.db import write_transaction
from ioreview.storage.tables import actor, body, body_alias

Row = dict[str, Any]


@dataclass(frozen=True)
class TableChanges:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return (self.inserted, self.updated, self.deleted) != (0, 0, 0)


@dataclass(frozen=True)
class SaveResult:
    """Rows written per table by ``save_registry``."""

    bodies: TableChanges
    aliases: TableChanges
    actors: TableChanges

    @property
    def changed(self) -> bool:
        return self.bodies.changed or self.aliases.changed or self.actors.changed


def body_rows(registry: Registry) -> tuple[list[Row], list[Row]]:
    """The ``body`` and ``body_alias`` rows of ``registry`` (one alias row per key and body)."""
    bodies, aliases = [], []
    for item in registry.bodies:
        bodies.append(
            {
                "id": item.id,
                "name": item.name,
                "kind": item.kind,
                "parent": item.parent,
                "memo_order": item.memo_order,
                "record": item.canonical_json(),
            }
        )
        seen: set[str] = set()
        # Explicit aliases first, so the stored row of a key shows the declared spelling.
        for alias in sorted(item.aliases, key=lambda a: not a.explicit):
            if alias.norm not in seen:
                seen.add(alias.norm)
                aliases.append(
                    {
                        "norm": alias.norm,
                        "alias": alias.text,
                        "body_id": item.id,
                        "origin": alias.origin,
                    }
                )
    return bodies, aliases


def actor_rows(registry: Registry) -> list[Row]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "cow_code": a.cow_code,
            "cow_abb": a.cow_abb,
            "iso3": a.iso3,
            "record": a.canonical_json(),
        }
        for a in registry.actors
    ]


def save_registry(target: Connection | Engine, registry: Registry) -> SaveResult:
    """Make the registry tables hold exactly ``registry``, in one transaction."""
    if isinstance(target, Engine):
        with write_transaction(target) as connection:
            return _save(connection, registry)
    transaction: AbstractContextManager[Any] = (
        target.begin_nested() if target.in_transaction() else target.begin()
    )
    with transaction:
        return _save(target, registry)


@dataclass(frozen=True)
class _Plan:
    table: Table
    keys: tuple[str, ...]
    inserts: list[Row]
    updates: list[Row]
    deletes: list[tuple[Any, ...]]

    def where(self, values: Iterable[Any]) -> list[Any]:
        return [self.table.c[k] == v for k, v in zip(self.keys, values, strict=True)]

    def delete(self, connection: Connection) -> None:
        for values in self.deletes:
            connection.execute(delete(self.table).where(*self.where(values)))

    def write(self, connection: Connection) -> None:
        if self.inserts:
            connection.execute(self.table.insert(), self.inserts)
        for row in self.updates:
            values = [row[key] for key in self.keys]
            connection.execute(update(self.table).where(*self.where(values)).values(**row))

    @property
    def changes(self) -> TableChanges:
        return TableChanges(len(self.inserts), len(self.updates), len(self.deletes))


def _save(connection: Connection, registry: Registry) -> SaveResult:
    bodies, aliases = body_rows(registry)
    alias_plan = _plan(connection, body_alias, ("norm", "body_id"), aliases)
    body_plan = _plan(connection, body, ("id",), bodies)
    actor_plan = _plan(connection, actor, ("id",), actor_rows(registry))
    # Alias rows point at bodies: they go before the bodies and come back after them.
    for plan in (alias_plan, body_plan, actor_plan):
        plan.delete(connection)
    for plan in (body_plan, alias_plan, actor_plan):
        plan.write(connection)
    return SaveResult(body_plan.changes, alias_plan.changes, actor_plan.changes)


def _plan(connection: Connection, table: Table, keys: tuple[str, ...], rows: list[Row]) -> _Plan:
    stored: dict[tuple[Any, ...], Row] = {}
    for found in connection.execute(select(table)):
        mapped = dict(found._mapping)
        stored[tuple(mapped[key] for key in keys)] = mapped
    wanted = {tuple(row[key] for key in keys): row for row in rows}
    if len(wanted) != len(rows):
        raise InvalidData(f"registry rows for table {table.name!r} repeat a key")
    return _Plan(
        table,
        keys,
        inserts=[row for key, row in wanted.items() if key not in stored],
        updates=[row for key, row in wanted.items() if key in stored and stored[key] != row],
        deletes=[key for key in stored if key not in wanted],
    )


def load_body(connection: Connection, body_id: str) -> Body:
    """The stored body ``body_id``; ``NotFound`` names the closest ids."""
    record = connection.execute(select(body.c.record).where(body.c.id == body_id)).scalar()
    if record is None:
        raise NotFound(
            f"no body {body_id!r}; closest: {', '.join(_closest_bodies(connection, body_id))}"
        )
    return Body.from_json(json.loads(record))


def _closest_bodies(connection: Connection, text: str, limit: int = 3) -> list[str]:
    keys: dict[str, set[str]] = {}
    for row in connection.execute(select(body.c.id, body.c.name)):
        keys.setdefault(normalize_name(row.id), set()).add(row.id)
        keys.setdefault(normalize_name(row.name), set()).add(row.id)
    for row in connection.execute(select(body_alias.c.norm, body_alias.c.body_id)):
        keys.setdefault(row.norm, set()).add(row.body_id)
    return _closest(normalize_name(text), keys, limit)


def _closest(key: str, keys: Mapping[str, set[str]], limit: int) -> list[str]:
    found: list[str] = []
    for choice, _, _ in process.extract(key, list(keys), scorer=fuzz.WRatio, limit=limit * 5):
        for item in sorted(keys[choice]):
            if item not in found:
                found.append(item)
    return found[:limit]


def list_bodies(connection: Connection, kind: str | None = None, memo: bool = False) -> list[Body]:
    """Stored bodies by id; ``memo=True``: only memorandum bodies, in memorandum order."""
    query = select(body.c.record)
    if kind is not None:
        query = query.where(body.c.kind == kind)
    if memo:
        query = query.where(body.c.memo_order.is_not(None)).order_by(body.c.memo_order)
    else:
        query = query.order_by(body.c.id)
    return [Body.from_json(json.loads(record)) for record in connection.execute(query).scalars()]


def load_actor(connection: Connection, id_or_code: str | int) -> Actor:
    """An actor by id, ISO alpha-3, COW abbreviation or COW code (tried in that order).

    Prefixes choose one reading: ``iso3:AUS`` (Australia), ``cow:AUS`` (COW's Austria),
    ``cow:345``. A COW code shared by several actors (345: Yugoslavia and Serbia) is an error
    naming them.
    """
    text = str(id_or_code).strip()
    scheme, _, value = text.rpartition(":")
    if scheme not in ("", "iso3", "cow"):
        raise InvalidData(f"actor key {text!r}: prefix must be 'iso3:' or 'cow:'")
    value = value.upper()
    attempts: list[Any] = []
    if value.isascii() and value.isdigit() and scheme in ("", "cow"):
        attempts.append(actor.c.cow_code == int(value))
    else:
        if scheme == "":
            attempts.append(actor.c.id == value)
        if scheme in ("", "iso3"):
            attempts.append(actor.c.iso3 == value)
        if scheme in ("", "cow"):
            attempts.append(actor.c.cow_abb == value)
    for condition in attempts:
        rows = connection.execute(
            select(actor.c.id, actor.c.name, actor.c.record).where(condition)
        ).all()
        if len(rows) == 1:
            return Actor.from_json(json.loads(rows[0].record))
        if len(rows) > 1:
            names = ", ".join(f"{r.id} ({r.name})" for r in sorted(rows, key=lambda r: r.id))
            raise InvalidData(
                f"actor key {text!r} names several actors: {names}; use an id or ISO3"
            )
    known = {normalize_name(r.id): {r.id} for r in connection.execute(select(actor.c.id))}
    for row in connection.execute(select(actor.c.id, actor.c.name)):
        known.setdefault(normalize_name(row.name), set()).add(row.id)
    raise NotFound(
        f"no actor {text!r}; closest: {', '.join(_closest(normalize_name(value), known, 3))}"
    )


def list_actors(connection: Connection) -> list[Actor]:
    """Stored actors by id."""
    records = connection.execute(select(actor.c.record).order_by(actor.c.id)).scalars()
    return [Actor.from_json(json.loads(record)) for record in records]


def load_registry(connection: Connection, kinds: Iterable[str] | None = None) -> Registry:
    """The stored registry, validated again (``kinds``: the vocabulary to check against)."""
    return Registry(
        list_bodies(connection),
        list_actors(connection),
        kinds=None if kinds is None else set(kinds),
    )
