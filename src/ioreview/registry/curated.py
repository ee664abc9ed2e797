"""The hand-curated registry files in ``data/registry/*.yaml``, read strictly.

Each file documents itself in its header comment. Unknown keys, missing keys, values of the
wrong type and source entries that are not URLs stop the load with ``InvalidData`` naming the
file and the entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ioreview.exc import InvalidData
from ioreview.registry.yamlread import (
    entries,
    fields,
    integer,
    listing,
    mapping,
    optional_text,
    read_yaml,
    text,
    text_map,
    url,
    urls,
)

DATASETS = (
    "memorandum",
    "un-system-entities",
    "cow-igo-v3",
    "cow-state-system",
    "countrycode",
    "un-ceb",
)


@dataclass(frozen=True)
class KindVocabulary:
    """The body kinds and the source values that map to them (``kinds.yaml``)."""

    descriptions: Mapping[str, str]
    broader: Mapping[str, tuple[str, ...]]
    memorandum: Mapping[str, str]
    un_category: Mapping[str, str | None]
    un_system_grouping: Mapping[str, str]
    cow: str

    def check(self, kind: str, where: str) -> str:
        if kind not in self.descriptions:
            raise InvalidData(f"{where}: unknown kind {kind!r}; known: {sorted(self.descriptions)}")
        return kind

    def includes(self, wide: str, narrow: str) -> bool:
        """Whether ``wide`` is ``narrow`` or (transitively) broader than it."""
        pending, seen = [narrow], set()
        while pending:
            current = pending.pop()
            if current == wide:
                return True
            if current not in seen:
                seen.add(current)
                pending.extend(self.broader.get(current, ()))
        return False

    def compatible(self, first: str, second: str) -> bool:
        return self.includes(first, second) or self.includes(second, first)


@dataclass(frozen=True)
class CuratedBody:
    id: str
    name: str
    acronym: str | None
    kind: str
    aliases: tuple[str, ...]
    sources: Mapping[str, tuple[str, ...]]
    notes: Mapping[str, str]


@dataclass(frozen=True)
class ParentLink:
    body: str
    parent: str
    sources: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class SameAs:
    cow: int
    un_entity: str
    sources: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class IdOverride:
    key_kind: str
    key: str
    id: str
    sources: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class ActorIso:
    cow_abb: str
    cow_code: int
    name: str
    iso3: str
    iso2: str | None
    sources: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class Curated:
    """Everything under ``data/registry``."""

    dataset_urls: Mapping[str, str]
    kinds: KindVocabulary
    domain_tags: Mapping[str, str]
    un_pillar: Mapping[str, str | None]
    bodies: tuple[CuratedBody, ...]
    parents: tuple[ParentLink, ...]
    same_as: tuple[SameAs, ...]
    excluded_un_entities: frozenset[str]
    id_overrides: tuple[IdOverride, ...]
    actor_iso: tuple[ActorIso, ...]
    weak_hosts: tuple[str, ...]

    def is_weak(self, source: str) -> bool:
        """Whether ``source`` is on a host that ``weak-sources.yaml`` lists."""
        host = urlsplit(source).hostname or ""
        return any(host == weak or host.endswith("." + weak) for weak in self.weak_hosts)


def load_curated(directory: Path) -> Curated:
    """Read and check every curated file of ``directory``."""

    def read(name: str) -> Any:
        return read_yaml(directory / name)

    datasets = fields(read("datasets.yaml"), "datasets.yaml", DATASETS)
    dataset_urls = {
        key: url(fields(datasets[key], f"datasets.yaml {key}", ("url", "citation"))["url"], key)
        for key in DATASETS
    }
    kinds = _kinds(read("kinds.yaml"))
    domains = fields(read("domains.yaml"), "domains.yaml", ("domains", "mappings"))
    tags = text_map(domains["domains"], "domains.yaml domains")
    pillar_raw = fields(domains["mappings"], "domains.yaml mappings", ("un_pillar",))["un_pillar"]
    pillar = text_map(pillar_raw, "domains.yaml un_pillar", nullable=True)
    for value in pillar.values():
        if value is not None and value not in tags:
            raise InvalidData(f"domains.yaml: un_pillar maps to unknown tag {value!r}")
    excluded = fields(read("exclusions.yaml"), "exclusions.yaml", ("un_entities",))["un_entities"]
    weak = fields(read("weak-sources.yaml"), "weak-sources.yaml", ("basis_file", "hosts"))
    actors = fields(read("actors.yaml"), "actors.yaml", ("iso",))["iso"]
    parent_keys = ("body", "parent", "sources", "basis")
    same_keys = ("cow", "un_entity", "sources", "basis")
    actor_keys = ("cow_abb", "cow_code", "name", "iso3", "iso2", "sources", "basis")
    return Curated(
        dataset_urls=dataset_urls,
        kinds=kinds,
        domain_tags=tags,
        un_pillar=pillar,
        bodies=tuple(_body(e, kinds) for e in listing(read("bodies.yaml"), "bodies.yaml")),
        parents=tuple(
            ParentLink(
                text(e["body"], w), text(e["parent"], w), urls(e["sources"], w), text(e["basis"], w)
            )
            for e, w in _tagged(
                entries(read("parents.yaml"), "parents.yaml", parent_keys), "parents.yaml"
            )
        ),
        same_as=tuple(
            SameAs(
                integer(e["cow"], w),
                text(e["un_entity"], w),
                urls(e["sources"], w),
                text(e["basis"], w),
            )
            for e, w in _tagged(
                entries(read("same-as.yaml"), "same-as.yaml", same_keys), "same-as.yaml"
            )
        ),
        excluded_un_entities=frozenset(
            text(e["entity"], "exclusions.yaml")
            for e in entries(excluded, "exclusions.yaml", ("entity", "source"))
        ),
        id_overrides=_overrides(read("ids.yaml")),
        actor_iso=tuple(
            ActorIso(
                text(e["cow_abb"], w),
                integer(e["cow_code"], w),
                text(e["name"], w),
                text(e["iso3"], w),
                optional_text(e["iso2"], w),
                urls(e["sources"], w),
                text(e["basis"], w),
            )
            for e, w in _tagged(entries(actors, "actors.yaml iso", actor_keys), "actors.yaml")
        ),
        weak_hosts=tuple(
            text(h, "weak-sources.yaml") for h in listing(weak["hosts"], "weak-sources.yaml")
        ),
    )


def _tagged(items: list[dict[str, Any]], where: str) -> list[tuple[dict[str, Any], str]]:
    return [(item, f"{where} entry {n}") for n, item in enumerate(items, 1)]


def _kinds(raw: Any) -> KindVocabulary:
    top = fields(raw, "kinds.yaml", ("kinds", "mappings"))
    descriptions: dict[str, str] = {}
    broader: dict[str, tuple[str, ...]] = {}
    for name, entry in mapping(top["kinds"], "kinds.yaml kinds").items():
        found = fields(entry, f"kinds.yaml {name}", ("description",), optional=("broader",))
        descriptions[name] = text(found["description"], f"kinds.yaml {name}")
        broader[name] = tuple(listing(found.get("broader", []), f"kinds.yaml {name} broader"))
    known = KindVocabulary(descriptions, broader, {}, {}, {}, "igo")
    for name, wider in broader.items():
        for kind in wider:
            known.check(kind, f"kinds.yaml {name} broader")
    keys = ("memorandum", "un_category", "un_system_grouping", "cow")
    maps = fields(top["mappings"], "kinds.yaml mappings", keys)
    memorandum = text_map(maps["memorandum"], "kinds.yaml memorandum")
    category = text_map(maps["un_category"], "kinds.yaml un_category", nullable=True)
    grouping = text_map(maps["un_system_grouping"], "kinds.yaml un_system_grouping")
    cow = known.check(text(maps["cow"], "kinds.yaml cow"), "kinds.yaml mappings cow")
    for where, values in (
        ("memorandum", memorandum),
        ("un_category", category),
        ("un_system_grouping", grouping),
    ):
        for value in values.values():
            if value is not None:
                known.check(value, f"kinds.yaml mappings {where}")
    return KindVocabulary(descriptions, broader, memorandum, category, grouping, cow)


def _body(raw: Any, kinds: KindVocabulary) -> CuratedBody:
    optional = ("acronym", "aliases", "notes")
    entry = fields(raw, "bodies.yaml", ("id", "name", "kind", "sources"), optional=optional)
    where = f"bodies.yaml {entry['id']!r}"
    sources = {
        field: urls(found, f"{where} sources.{field}")
        for field, found in mapping(entry["sources"], f"{where} sources").items()
    }
    for key in ["name", "kind"] + [key for key in ("acronym", "aliases") if entry.get(key)]:
        if key not in sources:
            raise InvalidData(f"{where}: {key}={entry[key]!r} has no source")
    return CuratedBody(
        id=text(entry["id"], where),
        name=text(entry["name"], where),
        acronym=optional_text(entry.get("acronym"), where),
        kind=kinds.check(text(entry["kind"], where), where),
        aliases=tuple(
            text(a, where) for a in listing(entry.get("aliases", []), f"{where} aliases")
        ),
        sources=sources,
        notes=text_map(entry.get("notes", {}), f"{where} notes"),
    )


def _overrides(raw: Any) -> tuple[IdOverride, ...]:
    keys = ("memo", "cow", "un_entity", "un_entity_long")
    found = []
    for entry in listing(
        fields(raw, "ids.yaml", ("overrides",))["overrides"], "ids.yaml overrides"
    ):
        values = fields(entry, "ids.yaml", ("id", "sources", "basis"), optional=keys)
        chosen = [key for key in keys if key in values]
        if len(chosen) != 1:
            raise InvalidData(f"ids.yaml: override {values['id']!r} needs exactly one of {keys}")
        where = f"ids.yaml {values['id']!r}"
        found.append(
            IdOverride(
                chosen[0],
                str(values[chosen[0]]),
                text(values["id"], where),
                urls(values["sources"], where),
                text(values["basis"], where),
            )
        )
    return tuple(found)
