"""Typed records of the registry: bodies and their parts (actors: ``actors.py``).

Every value a body carries is sourced: ``Body.sources`` maps a field name to one or more URLs.
``Body.to_json`` gives the stored JSON document (the ``body.record`` column); ``Body.from_json``
reads it back unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ioreview.exc import InvalidData

#: JSON value as stored in ``details`` (decoded JSON: dicts, lists, str, int, bool, None).
JsonValue = Any

MEMO_SECTIONS = ("2(a)", "2(b)")

#: Body fields that need a source whenever they hold a value.
SOURCED_FIELDS = (
    "name",
    "acronym",
    "kind",
    "parent",
    "founded",
    "hq_city",
    "hq_country",
    "members",
    "website",
    "instrument",
    "memo",
    "domains",
    "years",
    "external_ids.cow",
    "external_ids.un_entity",
    "external_ids.ceb",
)

#: ``details`` keys that describe provenance themselves and need no source of their own.
META_DETAILS = frozenset({"id_matches", "merged_from", "weak_source_fields"})


def canonical_json(document: Mapping[str, JsonValue]) -> str:
    """The canonical text of a JSON document (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class MemoRef:
    """A body's place in Sec. 2 of the 7 Jan 2026 memorandum, with its exact wording."""

    section: str
    item: str
    name: str

    def __post_init__(self) -> None:
        if self.section not in MEMO_SECTIONS:
            raise InvalidData(f"memo section {self.section!r}: expected one of {MEMO_SECTIONS}")

    def to_json(self) -> dict[str, str]:
        return {"section": self.section, "item": self.item, "name": self.name}


@dataclass(frozen=True)
class Alias:
    """One name a body goes by, where it comes from, and whether a person declared it."""

    text: str
    norm: str
    origin: str
    #: Declared by hand (bodies.csv names and acronyms, data/registry YAML); derived otherwise.
    explicit: bool


@dataclass(frozen=True)
class ExternalIds:
    """Identifiers of the body in other datasets."""

    cow: int | None = None
    un_entity: str | None = None
    ceb: str | None = None

    def to_json(self) -> dict[str, int | str | None]:
        return {"cow": self.cow, "un_entity": self.un_entity, "ceb": self.ceb}


@dataclass(frozen=True)
class SourcedValue:
    """One source's value for a field."""

    value: str
    source: str
    origin: str


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on a field, and the value the registry shows."""

    field: str
    shown: str
    values: tuple[SourcedValue, ...]

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "field": self.field,
            "shown": self.shown,
            "values": [
                {"value": v.value, "source": v.source, "origin": v.origin} for v in self.values
            ],
        }


@dataclass(frozen=True)
class Years:
    """Start and end year of a body as a dataset codes them (COW ``sdate``/``deaddate``)."""

    start: int | None
    end: int | None


@dataclass(frozen=True)
class Body:
    """Something one can belong to, fund or be party to."""

    id: str
    name: str
    kind: str
    acronym: str | None = None
    parent: str | None = None
    founded: str | None = None
    hq_city: str | None = None
    hq_country: str | None = None
    members: str | None = None
    website: str | None = None
    instrument: str | None = None
    aliases: tuple[Alias, ...] = ()
    external_ids: ExternalIds = ExternalIds()
    memo: MemoRef | None = None
    memo_order: int | None = None
    #: field → source URLs (the first is the one ``to_json()["sources"]`` shows).
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: field → free-text note that came with a source (e.g. "memorandum text, Sec. 2").
    source_notes: Mapping[str, str] = field(default_factory=dict)
    domains: tuple[str, ...] = ()
    years: Years | None = None
    conflicts: tuple[Conflict, ...] = ()
    #: Aliases this body shares with another body (the matcher returns both).
    ambiguous_aliases: tuple[str, ...] = ()
    #: Further sourced blocks (``cow``, ``un_system``, ``parent_note`` …) and provenance.
    details: Mapping[str, JsonValue] = field(default_factory=dict)

    def value(self, name: str) -> object:
        """The value of a sourced field by its name in ``SOURCED_FIELDS`` or ``details``."""
        if name.startswith("external_ids."):
            return getattr(self.external_ids, name.split(".", 1)[1])
        if name in SOURCED_FIELDS:
            found: object = getattr(self, name)
            return None if found == () else found
        return self.details.get(name)

    @property
    def founded_year(self) -> int | None:
        """The year the ``founded`` text starts with, if it starts with one."""
        if self.founded is None or len(self.founded) < 4 or not self.founded[:4].isdigit():
            return None
        return int(self.founded[:4])

    def to_json(self) -> dict[str, JsonValue]:
        """The stored document: the registry's body contract plus the extra keys."""
        return {
            "id": self.id,
            "name": self.name,
            "acronym": self.acronym,
            "kind": self.kind,
            "parent": self.parent,
            "founded": self.founded,
            "founded_year": self.founded_year,
            "hq_city": self.hq_city,
            "hq_country": self.hq_country,
            "members": self.members,
            "website": self.website,
            "instrument": self.instrument,
            "aliases": _unique(alias.text for alias in self.aliases),
            "alias_details": [
                {"alias": a.text, "norm": a.norm, "origin": a.origin, "explicit": a.explicit}
                for a in self.aliases
            ],
            "ambiguous_aliases": list(self.ambiguous_aliases),
            "external_ids": self.external_ids.to_json(),
            "memo": None if self.memo is None else self.memo.to_json(),
            "memo_order": self.memo_order,
            "sources": {key: urls[0] for key, urls in sorted(self.sources.items())},
            "source_urls": {key: list(urls) for key, urls in sorted(self.sources.items())},
            "source_notes": dict(sorted(self.source_notes.items())),
            "domains": list(self.domains),
            "years": None
            if self.years is None
            else {"start": self.years.start, "end": self.years.end},
            "conflicts": [conflict.to_json() for conflict in self.conflicts],
            "details": dict(self.details),
        }

    def canonical_json(self) -> str:
        """``to_json()`` as canonical text (the ``body.record`` column)."""
        return canonical_json(self.to_json())

    @classmethod
    def from_json(cls, document: Mapping[str, JsonValue]) -> Body:
        """Read a document written by ``to_json``."""
        try:
            memo = document["memo"]
            years = document["years"]
            external = document["external_ids"]
            return cls(
                id=document["id"],
                name=document["name"],
                kind=document["kind"],
                acronym=document["acronym"],
                parent=document["parent"],
                founded=document["founded"],
                hq_city=document["hq_city"],
                hq_country=document["hq_country"],
                members=document["members"],
                website=document["website"],
                instrument=document["instrument"],
                aliases=tuple(
                    Alias(a["alias"], a["norm"], a["origin"], a["explicit"])
                    for a in document["alias_details"]
                ),
                external_ids=ExternalIds(external["cow"], external["un_entity"], external["ceb"]),
                memo=None if memo is None else MemoRef(memo["section"], memo["item"], memo["name"]),
                memo_order=document["memo_order"],
                sources={key: tuple(urls) for key, urls in document["source_urls"].items()},
                source_notes=dict(document["source_notes"]),
                domains=tuple(document["domains"]),
                years=None if years is None else Years(years["start"], years["end"]),
                conflicts=tuple(
                    Conflict(
                        c["field"],
                        c["shown"],
                        tuple(
                            SourcedValue(v["value"], v["source"], v["origin"]) for v in c["values"]
                        ),
                    )
                    for c in document["conflicts"]
                ),
                ambiguous_aliases=tuple(document["ambiguous_aliases"]),
                details=dict(document["details"]),
            )
        except (KeyError, TypeError) as error:
            raise InvalidData(f"body document {document.get('id')!r} lacks {error}") from error


def _unique(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        seen.setdefault(text, None)
    return list(seen)
