"""Read queries the pages and routes need in one round trip: pages of bodies and events,
statuses across a portfolio, a directive's events.

They read the same tables as the library calls (``registry.store``, ``engagements``,
``ledger.projection``) and return the library's types; each limits and counts in SQL so that a
page costs one page of decoding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from ioreview.ledger.events import Event, event_from_entry
from ioreview.registry import Body, Matcher
from ioreview.registry.model import Alias
from ioreview.registry.normalize import normalize_name
from ioreview.storage.projection_tables import engagement_status, event_index
from ioreview.storage.tables import body, body_alias, leaf


@lru_cache(maxsize=4096)
def body_of(record: str) -> Body:
    """The body a stored ``body.record`` text describes.

    Cached by the record text itself, so a changed record is decoded again and an unchanged
    one (every request for the same page) costs one dictionary lookup instead of a JSON parse.
    """
    return Body.from_json(json.loads(record))


def _body_filter(query: Select[Any], kind: str | None, memo: bool) -> Select[Any]:
    if kind is not None:
        query = query.where(body.c.kind == kind)
    if memo:
        query = query.where(body.c.memo_order.is_not(None))
    return query


def body_page(
    connection: Connection, *, kind: str | None, memo: bool, limit: int, offset: int
) -> tuple[list[Body], int]:
    """One page of bodies (by id; by memorandum order with ``memo``) and the total count."""
    total = connection.execute(
        _body_filter(select(func.count()).select_from(body), kind, memo)
    ).scalar_one()
    order = (body.c.memo_order, body.c.id) if memo else (body.c.id,)
    query = _body_filter(select(body.c.record), kind, memo).order_by(*order)
    records = connection.execute(query.limit(limit).offset(offset)).scalars()
    return [body_of(record) for record in records], int(total)


def body_ids(connection: Connection, *, kind: str | None = None, memo: bool = False) -> list[str]:
    """Ids of the bodies that pass the filters (by id; by memorandum order with ``memo``)."""
    order = (body.c.memo_order, body.c.id) if memo else (body.c.id,)
    query = _body_filter(select(body.c.id), kind, memo).order_by(*order)
    return list(connection.execute(query).scalars())


def kind_counts(connection: Connection) -> list[tuple[str, int]]:
    """(kind, bodies) by descending count, then kind."""
    rows = connection.execute(select(body.c.kind, func.count()).group_by(body.c.kind)).all()
    return sorted(((str(k), int(n)) for k, n in rows), key=lambda item: (-item[1], item[0]))


def search_body_ids(
    connection: Connection, text: str, *, kind: str | None, memo: bool
) -> list[str]:
    """Ids of bodies matching ``text``, best first.

    First the registry matcher's candidates (exact id or alias, normalized alias, fuzzy name),
    then every other body whose id, name or an alias contains the text (normalized), by name.
    """
    query = _body_filter(select(body.c.id, body.c.name, body.c.kind, body.c.parent), kind, memo)
    rows = connection.execute(query).all()
    aliases: dict[str, list[Alias]] = {}
    alias_query = select(body_alias.c.body_id, body_alias.c.alias, body_alias.c.norm)
    for row in connection.execute(alias_query):
        aliases.setdefault(row.body_id, []).append(Alias(row.alias, row.norm, "stored", True))
    # Light bodies: the matcher reads only ids, names, parents and aliases.
    light = [
        Body(
            id=r.id, name=r.name, kind=r.kind, parent=r.parent, aliases=tuple(aliases.get(r.id, ()))
        )
        for r in rows
    ]
    ranked = [m.body_id for m in Matcher(light).search(text, limit=len(light) or 1)]
    seen = set(ranked)
    key, lowered = normalize_name(text), text.strip().lower()
    contained = []
    for item in sorted(light, key=lambda b: (b.name.lower(), b.id)):
        if item.id in seen or not lowered:
            continue
        texts = [normalize_name(item.name)] + [a.norm for a in item.aliases]
        if lowered in item.id or (key and any(key in t for t in texts)):
            contained.append(item.id)
    return ranked + contained


def bodies_by_id(connection: Connection, ids: list[str]) -> list[Body]:
    """The bodies ``ids`` in the given order."""
    if not ids:
        return []
    rows = connection.execute(select(body.c.id, body.c.record).where(body.c.id.in_(ids))).all()
    found = {row.id: body_of(row.record) for row in rows}
    return [found[item] for item in ids if item in found]


def statuses(connection: Connection, actor: str, on: date, size: int) -> dict[str, str]:
    """Body id → status of ``actor`` on ``on`` as known at ledger size ``size``.

    The same conditions as ``projection.query_status``, for every body at once; a body without a
    row has no record (``none``) and is left out.
    """
    t = engagement_status
    rows = connection.execute(
        select(t.c.body, t.c.status).where(
            t.c.actor == actor,
            t.c.sys_from_seq < size,
            or_(t.c.sys_to_seq.is_(None), t.c.sys_to_seq >= size),
            or_(t.c.valid_from.is_(None), t.c.valid_from <= on),
            or_(t.c.valid_to.is_(None), t.c.valid_to > on),
        )
    ).all()
    return {row.body: row.status for row in rows}


@dataclass(frozen=True)
class EventRow:
    event: Event
    superseded_by: int | None


def event_page(
    connection: Connection,
    *,
    actor: str | None = None,
    body_id: str | None = None,
    kind: str | None = None,
    limit: int,
    offset: int,
    newest_first: bool = False,
) -> tuple[list[EventRow], int]:
    """One page of ledger events (by seq) matching the filters, and the total count."""
    conditions = []
    if actor is not None:
        conditions.append(event_index.c.actor == actor)
    if body_id is not None:
        conditions.append(event_index.c.body == body_id)
    if kind is not None:
        conditions.append(event_index.c.kind == kind)
    total = connection.execute(
        select(func.count()).select_from(event_index).where(*conditions)
    ).scalar_one()
    order = leaf.c.idx.desc() if newest_first else leaf.c.idx
    query = (
        select(leaf.c.idx, leaf.c.entry, event_index.c.superseded_by)
        .join(event_index, event_index.c.seq == leaf.c.idx)
        .where(*conditions)
        .order_by(order)
        .limit(limit)
        .offset(offset)
    )
    return [_event_row(row) for row in connection.execute(query)], int(total)


def event_at(connection: Connection, seq: int) -> EventRow | None:
    """The event at ``seq``, or None past the end of the ledger."""
    query = (
        select(leaf.c.idx, leaf.c.entry, event_index.c.superseded_by)
        .join(event_index, event_index.c.seq == leaf.c.idx)
        .where(leaf.c.idx == seq)
    )
    row = connection.execute(query).one_or_none()
    return None if row is None else _event_row(row)


def latest_directive(connection: Connection, actor: str) -> EventRow | None:
    """The ``directive_issued`` event of ``actor`` with the latest issue date (then seq)."""
    query = (
        select(leaf.c.idx, leaf.c.entry, event_index.c.superseded_by)
        .join(event_index, event_index.c.seq == leaf.c.idx)
        .where(event_index.c.kind == "directive_issued", event_index.c.actor == actor)
        .where(event_index.c.superseded_by.is_(None))
        .order_by(event_index.c.valid_from.desc(), leaf.c.idx.desc())
        .limit(1)
    )
    row = connection.execute(query).one_or_none()
    return None if row is None else _event_row(row)


def directive_rows(connection: Connection, directive: str) -> list[EventRow]:
    """Every event whose payload names ``directive`` (``payload.directive``), by seq."""
    # The LIKE narrows the scan; the decoded payload decides (LIKE treats "_" as a wildcard).
    pattern = f'%"directive":{json.dumps(directive, ensure_ascii=False)}%'
    query = (
        select(leaf.c.idx, leaf.c.entry, event_index.c.superseded_by)
        .join(event_index, event_index.c.seq == leaf.c.idx)
        .where(event_index.c.payload.like(pattern))
        .order_by(leaf.c.idx)
    )
    rows = [_event_row(row) for row in connection.execute(query)]
    return [row for row in rows if row.event.payload.get("directive") == directive]


def _event_row(row: object) -> EventRow:
    mapping = row._mapping  # type: ignore[attr-defined]
    superseded = mapping["superseded_by"]
    return EventRow(
        event_from_entry(bytes(mapping["entry"]), seq=int(mapping["idx"])),
        None if superseded is None else int(superseded),
    )
