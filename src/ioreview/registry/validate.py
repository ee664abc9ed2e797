"""Checks a set of bodies and actors must pass before it is a registry.

``validate_bodies`` is strict and works on any small set of bodies (tests build them by hand):

- ids are unique and slug-shaped;
- kinds belong to the vocabulary (when one is given);
- parents exist, and following parents never loops;
- every filled field has at least one source URL;
- memorandum places, COW ionums and UN entity codes belong to one body each;
- an alias declared explicitly (``Alias.explicit``) for two bodies is an error naming the alias
  and both ids; derived aliases that several bodies share are returned as ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ioreview.exc import InvalidData
from ioreview.registry.actors import Actor
from ioreview.registry.model import META_DETAILS, SOURCED_FIELDS, Body
from ioreview.registry.normalize import normalize_name

ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_URL_RE = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class AmbiguousAlias:
    """A normalized alias that names several bodies."""

    norm: str
    aliases: tuple[str, ...]
    body_ids: tuple[str, ...]


def validate_bodies(
    bodies: Iterable[Body], kinds: Collection[str] | None = None
) -> tuple[AmbiguousAlias, ...]:
    """Check ``bodies``; return the aliases that several bodies share (sorted by key)."""
    by_id: dict[str, Body] = {}
    for body in bodies:
        if ID_RE.fullmatch(body.id) is None:
            raise InvalidData(f"body id {body.id!r} is not a lower-case slug")
        if body.id in by_id:
            raise InvalidData(f"duplicate body id {body.id!r}")
        by_id[body.id] = body
    for body in by_id.values():
        if kinds is not None and body.kind not in kinds:
            raise InvalidData(f"body {body.id!r}: unknown kind {body.kind!r}")
        if body.name.strip() == "":
            raise InvalidData(f"body {body.id!r}: empty name")
        _check_sources(body)
    _check_parents(by_id)
    _check_unique(by_id.values())
    return _aliases(by_id.values())


def _check_sources(body: Body) -> None:
    fields = list(SOURCED_FIELDS) + [key for key in body.details if key not in META_DETAILS]
    for field in fields:
        value = body.value(field)
        if value is None or value == "":
            continue
        urls = body.sources.get(field, ())
        if not urls:
            raise InvalidData(f"body {body.id!r}: field {field!r} = {_show(value)} has no source")
        for url in urls:
            if _URL_RE.fullmatch(url) is None:
                raise InvalidData(
                    f"body {body.id!r}: source {url!r} of field {field!r} is not a URL"
                )


def _check_parents(by_id: dict[str, Body]) -> None:
    for body in by_id.values():
        if body.parent is None:
            continue
        if body.parent not in by_id:
            raise InvalidData(f"body {body.id!r}: parent {body.parent!r} is not a body")
        seen = {body.id}
        current: str | None = body.parent
        while current is not None:
            if current in seen:
                raise InvalidData(f"body {body.id!r}: parent chain loops through {current!r}")
            seen.add(current)
            current = by_id[current].parent


def _check_unique(bodies: Iterable[Body]) -> None:
    owners: dict[tuple[str, object], str] = {}
    for body in bodies:
        keys: list[tuple[str, object]] = []
        if body.memo is not None:
            keys.append(("memorandum item", f"{body.memo.section} {body.memo.item}"))
            if body.memo_order is None:
                raise InvalidData(f"body {body.id!r}: memorandum body without memo_order")
        if body.memo_order is not None:
            keys.append(("memo_order", body.memo_order))
        if body.external_ids.cow is not None:
            keys.append(("COW ionum", body.external_ids.cow))
        if body.external_ids.un_entity is not None:
            keys.append(("UN entity", body.external_ids.un_entity))
        for key in keys:
            if key in owners:
                raise InvalidData(
                    f"{key[0]} {key[1]!r} belongs to both {owners[key]!r} and {body.id!r}"
                )
            owners[key] = body.id


def _aliases(bodies: Iterable[Body]) -> tuple[AmbiguousAlias, ...]:
    holders: dict[str, dict[str, list[tuple[str, bool]]]] = {}
    for body in bodies:
        for alias in body.aliases:
            if alias.norm == "" or alias.norm != normalize_name(alias.text):
                raise InvalidData(f"body {body.id!r}: alias {alias.text!r} has key {alias.norm!r}")
            holders.setdefault(alias.norm, {}).setdefault(body.id, []).append(
                (alias.text, alias.explicit)
            )
    ambiguous = []
    for norm, owners in sorted(holders.items()):
        if len(owners) < 2:
            continue
        declared = sorted(bid for bid, found in owners.items() if any(e for _, e in found))
        if len(declared) >= 2:
            named = sorted({text for bid in declared for text, explicit in owners[bid] if explicit})
            raise InvalidData(
                f"alias {named[0]!r} is declared for both {declared[0]!r} and {declared[1]!r}"
            )
        texts = tuple(sorted({text for found in owners.values() for text, _ in found}))
        ambiguous.append(AmbiguousAlias(norm, texts, tuple(sorted(owners))))
    return tuple(ambiguous)


def validate_actors(actors: Iterable[Actor]) -> None:
    """Unique ids and ISO codes; every filled field sourced."""
    ids: set[str] = set()
    iso3: set[str] = set()
    for actor in actors:
        if actor.id in ids:
            raise InvalidData(f"duplicate actor id {actor.id!r}")
        ids.add(actor.id)
        if actor.iso3 is not None:
            if actor.iso3 in iso3:
                raise InvalidData(f"ISO alpha-3 {actor.iso3!r} belongs to two actors")
            iso3.add(actor.iso3)
        for field in ("name", "iso3", "iso2", "cow_code", "cow_abb", "spells"):
            value = getattr(actor, field)
            if value is not None and value != () and not actor.sources.get(field):
                raise InvalidData(
                    f"actor {actor.id!r}: field {field!r} = {_show(value)} has no source"
                )


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
