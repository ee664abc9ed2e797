"""Curated mappings of the ``ceb`` importer: entity codes → bodies, donor names → actors,
revenue types, contributor types. Each is checked against the registry on every load.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ioreview.exc import InvalidData
from ioreview.ingest.tabular import read_dicts
from ioreview.registry import Registry
from ioreview.registry.yamlread import fields, listing, read_yaml, text, urls

#: The categories of ``rev_types_mapping.csv`` (the derived table's ``contribution_type``)
#: → revenue type. Written out: the file must hold exactly these categories.
REVENUE_TYPES = {
    "Assessed": "assessed",
    "Voluntary un-earmarked": "voluntary_unearmarked",
    "Voluntary earmarked": "voluntary_earmarked",
    "Other": "other",
}
#: ``rev_type`` as the raw CEB files write it (both capitalisations of "Assessed ...").
RAW_REVENUE_TYPES = {
    "Assessed contributions": "assessed",
    "Assessed Contributions": "assessed",
    "Voluntary core (un-earmarked) contributions": "voluntary_unearmarked",
    "Voluntary non-core (earmarked) contributions": "voluntary_earmarked",
    "Revenue from other activities": "other",
}
#: Revenue type → ``payload.funding_kind`` (the vocabulary of the other money importers).
FUNDING_KINDS = {
    "assessed": "assessed",
    "voluntary_unearmarked": "voluntary",
    "voluntary_earmarked": "voluntary",
    "other": "other",
}
#: Contributor categories of the derived table that ``contrib_types_mapping.csv`` does not
#: name (the repository's own labels for residual buckets); they get no C-code.
EXTRA_CATEGORIES = frozenset({"Other", "Non-Government"})
GOVERNMENT = "Government"
MATCHES = ("ceb", "un_entity", "alias", "none")


@dataclass(frozen=True)
class CebEntity:
    code: str
    body: str | None
    reason: str | None


@dataclass(frozen=True)
class EntityMap:
    entities: dict[str, CebEntity]
    #: Every accepted spelling (the code itself and raw-file spellings) → code.
    spellings: dict[str, str]

    def get(self, spelling: str) -> CebEntity | None:
        code = self.spellings.get(spelling)
        return None if code is None else self.entities[code]


@dataclass(frozen=True)
class Donor:
    actor: str | None
    reason: str | None


def load_entities(path: Path, registry: Registry) -> EntityMap:
    """Read ``ceb-entities.yaml`` and check each entry's ``match`` against the registry."""
    document = fields(read_yaml(path), path.name, ("urls", "entities"))
    entities: dict[str, CebEntity] = {}
    spellings: dict[str, str] = {}
    optional = ("spellings", "note", "reason")
    for n, raw in enumerate(listing(document["entities"], path.name), 1):
        where = f"{path.name} entry {n}"
        entry = fields(raw, where, ("code", "body", "match", "name", "sources"), optional)
        code = text(entry["code"], f"{where} code")
        urls(entry["sources"], f"{where} sources")
        body = entry["body"]
        match = entry["match"]
        if match not in MATCHES:
            raise InvalidData(f"{where}: match {match!r}, expected one of {MATCHES}")
        if body is None:
            if match != "none" or not entry.get("reason"):
                raise InvalidData(f"{where}: body null needs match 'none' and a reason")
        else:
            _check_match(registry, where, code, text(body, f"{where} body"), match)
        names = [code, *listing(entry.get("spellings", []), f"{where} spellings")]
        for spelling in names:
            if spelling in spellings:
                raise InvalidData(f"{where}: spelling {spelling!r} is listed twice")
            spellings[text(spelling, f"{where} spelling")] = code
        entities[code] = CebEntity(code, body, entry.get("reason"))
    return EntityMap(entities, spellings)


def _check_match(registry: Registry, where: str, code: str, body_id: str, match: str) -> None:
    if body_id not in registry:
        raise InvalidData(f"{where}: body {body_id!r} is not in the registry")
    body = registry.body(body_id)
    found: object
    if match == "ceb":
        found = body.external_ids.ceb
    elif match == "un_entity":
        found = body.external_ids.un_entity
    elif match == "alias":
        hits = {m.body_id for m in registry.search(code) if m.method in ("exact", "alias")}
        found = code if body_id in hits else sorted(hits)
    else:
        raise InvalidData(f"{where}: match 'none' with body {body_id!r}: expected body null")
    if found != code:
        raise InvalidData(
            f"{where}: {code!r} is not the {match} of body {body_id!r} (found {found!r}): "
            "the curated table and the registry disagree"
        )


def load_donors(path: Path, registry: Registry) -> dict[str, Donor]:
    """Donor name → actor: registry actor names, then the curated ``ceb-donors.yaml``."""
    by_name: dict[str, Donor] = {}
    for actor in registry.actors:
        if actor.name in by_name:
            raise InvalidData(f"two registry actors are named {actor.name!r}")
        by_name[actor.name] = Donor(actor.id, None)
    known = {actor.id for actor in registry.actors}
    document = fields(read_yaml(path), path.name, ("urls", "donors"))
    for n, raw in enumerate(listing(document["donors"], path.name), 1):
        where = f"{path.name} entry {n}"
        entry = fields(raw, where, ("name", "actor", "sources"), ("basis", "reason"))
        name = text(entry["name"], f"{where} name")
        urls(entry["sources"], f"{where} sources")
        actor = entry["actor"]
        if actor is None and not entry.get("reason"):
            raise InvalidData(f"{where}: actor null needs a reason")
        if actor is not None and actor not in known:
            raise InvalidData(f"{where}: actor {actor!r} is not in the registry")
        if name in by_name and by_name[name].actor != actor:
            raise InvalidData(f"{where}: {name!r} is a registry actor's name: remove the entry")
        by_name[name] = Donor(actor, entry.get("reason"))
    return by_name


def load_revenue_categories(path: Path) -> set[str]:
    """The categories of ``rev_types_mapping.csv``; they must be ``REVENUE_TYPES``' keys."""
    rows = read_dicts(path, ["code", "name", "category", "description"])
    categories = {row["category"] for _, row in rows}
    if categories != set(REVENUE_TYPES):
        raise InvalidData(
            f"{path.name}: categories {sorted(categories)}, expected {sorted(REVENUE_TYPES)} "
            "(update REVENUE_TYPES in ingest/sources/ceb/mapping.py)"
        )
    return categories


def load_contributor_codes(path: Path) -> dict[str, str]:
    """Contributor category names and alternative descriptors → C-code."""
    codes: dict[str, str] = {}
    for _, row in read_dicts(path, ["code", "name", "description", "alt_descriptors"]):
        for label in (row["name"], row["alt_descriptors"]):
            if label:
                codes[label] = row["code"]
    return codes
