"""Deduplication: which source records describe the same body.

A *draft* collects the records of one body: at most one row each of ``bodies.csv``, the
memorandum crosswalk, ``bodies.yaml``, the UN entity list and COW. Records join a draft only on

1. the memorandum crosswalk (``cow_ionum``, ``un_entity``) for the 66 memorandum bodies;
2. a hand-checked pair in ``same-as.yaml``;
3. an exact agreement of normalized full names (``normalize_name``; a leading "UN" may be
   dropped on both sides, names may be split at "/" and lose a trailing "(ACRONYM)").

Acronyms alone never merge (COW's ITC is the International Tin Council, the UN list's ITC the
International Trade Centre), nor does a fuzzy score. Rows of one dataset are never merged with
each other. A record whose names agree with two different drafts stops the build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ioreview.exc import InvalidData
from ioreview.registry.curated import Curated, CuratedBody
from ioreview.registry.model import MemoRef
from ioreview.registry.normalize import (
    normalize_name,
    strip_leading_un,
    strip_trailing_parenthetical,
)
from ioreview.registry.sources_data import CowIgoRow, UnEntityRow
from ioreview.registry.sources_memo import CrosswalkRow, MemoItem, MemoSeed

CROSSWALK_PATH = "us-withdrawal-directives-2025-2026/memorandum_2026-01-07_bodies.csv"


@dataclass
class Draft:
    """The records gathered for one body while the registry is built."""

    seed: MemoSeed | None = None
    curated: CuratedBody | None = None
    crosswalk: CrosswalkRow | None = None
    un: UnEntityRow | None = None
    cow: CowIgoRow | None = None
    memo: MemoRef | None = None
    memo_order: int | None = None
    #: external id → how it was matched ("basis", and the crosswalk's match quality).
    matches: dict[str, dict[str, str]] = field(default_factory=dict)
    id: str | None = None

    def records(self) -> list[str]:
        """The records of the body, as paths relative to ``data/`` with line numbers."""
        found = []
        if self.seed is not None:
            found.append(f"sources/memorandum-2026/bodies.csv:{self.seed.line}")
        if self.crosswalk is not None:
            found.append(f"sources/{CROSSWALK_PATH}:{self.crosswalk.line}")
        if self.curated is not None:
            found.append("registry/bodies.yaml")
        if self.un is not None:
            found.append(f"sources/un-system-entities/un_system_entities.csv:{self.un.line}")
        if self.cow is not None:
            found.append(f"sources/cow-igo-v3/igo_list_derived.csv:{self.cow.line}")
        return found

    @property
    def label(self) -> str:
        if self.seed is not None:
            return f"bodies.csv:{self.seed.line} {self.seed.values['name']!r}"
        if self.curated is not None:
            return f"bodies.yaml {self.curated.id!r}"
        if self.un is not None:
            return f"un_system_entities.csv:{self.un.line} {self.un.label!r}"
        assert self.cow is not None
        return f"igo_list_derived.csv:{self.cow.line} {self.cow.ioname!r}"


def name_keys(names: Iterable[str]) -> set[str]:
    """Merge keys of full names: normalized, with and without a leading "UN"; two words or more."""
    keys = set()
    for name in names:
        for key in (normalize_name(name), strip_leading_un(normalize_name(name))):
            if len(key.split()) >= 2:
                keys.add(key)
    return keys


def cow_names(row: CowIgoRow) -> list[str]:
    """COW's full names of an IGO: orgname, longorgname and its "/"-separated former names."""
    names = [row.orgname]
    if row.longorgname is not None:
        names.append(row.longorgname)
        names.extend(piece.strip() for piece in row.longorgname.split("/") if piece.strip() != "")
    return names + [strip_trailing_parenthetical(name)[0] for name in names]


def draft_names(draft: Draft) -> list[str]:
    names: list[str] = []
    if draft.seed is not None:
        name = draft.seed.values["name"]
        names += [name, draft.seed.memo_name, strip_trailing_parenthetical(name)[0]]
    if draft.curated is not None:
        names += [draft.curated.name, *draft.curated.aliases]
    if draft.un is not None and draft.un.entity_long is not None:
        names.append(draft.un.entity_long)
    if draft.cow is not None:
        names += cow_names(draft.cow)
    return names


class KeyIndex:
    """Drafts by merge key."""

    def __init__(self) -> None:
        self._drafts: dict[str, list[Draft]] = {}

    def add(self, draft: Draft) -> None:
        for key in name_keys(draft_names(draft)):
            bucket = self._drafts.setdefault(key, [])
            if all(existing is not draft for existing in bucket):
                bucket.append(draft)

    def candidates(self, names: Iterable[str], dataset: str) -> tuple[list[Draft], str | None]:
        """Drafts whose keys agree with ``names``, except those already holding ``dataset``."""
        found: list[Draft] = []
        agreed: str | None = None
        for key in sorted(name_keys(names)):
            for draft in self._drafts.get(key, []):
                if getattr(draft, dataset) is None and all(d is not draft for d in found):
                    found.append(draft)
                    agreed = key
        return found, agreed


def seed_drafts(
    seeds: list[MemoSeed], crosswalk: list[CrosswalkRow], items: list[MemoItem], curated: Curated
) -> list[Draft]:
    """Drafts for bodies.csv rows (memorandum order) and curated bodies, checked against the text."""
    if [(i.section, i.item, i.name) for i in items] != [
        (c.section, c.item, c.name) for c in crosswalk
    ]:
        for item, row in zip(items, crosswalk, strict=False):
            if (item.section, item.item, item.name) != (row.section, row.item, row.name):
                raise InvalidData(
                    f"memorandum_2026-01-07_bodies.csv:{row.line}: {row.section} {row.item} "
                    f"{row.name!r} differs from memorandum.txt {item.section} {item.item} {item.name!r}"
                )
        raise InvalidData(
            f"memorandum.txt has {len(items)} items in Sec. 2, the crosswalk {len(crosswalk)} rows"
        )
    by_place = {(row.section, row.item): (order, row) for order, row in enumerate(crosswalk, 1)}
    drafts: list[Draft] = []
    placed: set[tuple[str, str]] = set()
    for seed in seeds:
        draft = Draft(seed=seed)
        if seed.item is not None:
            place = (f"2({seed.section})", seed.item)
            if place not in by_place or place in placed:
                raise InvalidData(f"bodies.csv:{seed.line}: memo item {place} unknown or repeated")
            placed.add(place)
            order, row = by_place[place]
            if seed.memo_name != row.name:
                raise InvalidData(
                    f"bodies.csv:{seed.line}: memo_name {seed.memo_name!r} differs from the "
                    f"crosswalk's {row.name!r} ({place[0]} {place[1]})"
                )
            draft.crosswalk, draft.memo_order = row, order
            draft.memo = MemoRef(row.section, row.item, row.name)
        drafts.append(draft)
    missing = sorted(set(by_place) - placed)
    if missing:
        raise InvalidData(f"bodies.csv lacks memorandum items {missing}")
    drafts.sort(key=lambda d: (d.memo_order is None, d.memo_order or 0))
    drafts.extend(Draft(curated=body) for body in curated.bodies)
    return drafts


def attach_un(drafts: list[Draft], rows: list[UnEntityRow], curated: Curated) -> list[Draft]:
    """Join UN entity rows to drafts; rows that join none become drafts of their own."""
    by_entity = {row.entity: row for row in rows if row.entity is not None}
    claimed: set[int] = set()
    for draft in drafts:
        row_ref = draft.crosswalk
        if row_ref is None or row_ref.un_entity is None:
            continue
        row = by_entity.get(row_ref.un_entity)
        if row is None or row.entity_long != row_ref.un_entity_long:
            raise InvalidData(
                f"memorandum_2026-01-07_bodies.csv:{row_ref.line}: un_entity "
                f"{row_ref.un_entity!r} / {row_ref.un_entity_long!r} is not in the UN entity list"
            )
        draft.un = row
        draft.matches["un_entity"] = {
            "basis": "crosswalk",
            "quality": row_ref.un_entity_match or "",
        }
        claimed.add(row.line)
    index = KeyIndex()
    for draft in drafts:
        index.add(draft)
    unused = set(curated.excluded_un_entities)
    result = list(drafts)
    for row in rows:
        if row.line in claimed:
            continue
        if row.entity_long is None:
            if row.entity not in curated.excluded_un_entities:
                raise InvalidData(
                    f"un_system_entities.csv:{row.line}: entity {row.entity!r} has no "
                    "entity_long and is not listed in exclusions.yaml"
                )
            unused.discard(row.entity)
            continue
        found, key = index.candidates([row.entity_long], "un")
        if len(found) > 1:
            raise InvalidData(
                f"un_system_entities.csv:{row.line}: {row.entity_long!r} agrees with "
                f"{[d.label for d in found]}; list the right pair in same-as.yaml"
            )
        if found:
            found[0].un = row
            found[0].matches["un_entity"] = {"basis": f"normalized name {key!r}"}
        else:
            draft = Draft(un=row)
            result.append(draft)
            index.add(draft)
    if unused:
        raise InvalidData(f"exclusions.yaml names entities not in the UN list: {sorted(unused)}")
    return result


def attach_cow(drafts: list[Draft], rows: list[CowIgoRow], curated: Curated) -> list[Draft]:
    """Join COW IGOs to drafts; IGOs that join none become drafts of their own."""
    by_ionum = {row.ionum: row for row in rows}
    if len(by_ionum) != len(rows):
        raise InvalidData("igo_list_derived.csv: repeated ionum")
    claimed: set[int] = set()
    for draft in drafts:
        ref = draft.crosswalk
        if ref is None or ref.cow_ionum is None:
            continue
        row = by_ionum.get(ref.cow_ionum)
        if (
            row is None
            or row.ioname != ref.cow_ioname
            or ref.cow_orgname not in (row.orgname, row.longorgname)
        ):
            raise InvalidData(
                f"memorandum_2026-01-07_bodies.csv:{ref.line}: cow_ionum {ref.cow_ionum} "
                f"({ref.cow_ioname!r}, {ref.cow_orgname!r}) does not match igo_list_derived.csv"
            )
        draft.cow = row
        draft.matches["cow"] = {"basis": "crosswalk", "quality": ref.cow_match or ""}
        claimed.add(row.ionum)
    by_un = {d.un.entity: d for d in drafts if d.un is not None and d.un.entity is not None}
    for pair in curated.same_as:
        row, target = by_ionum.get(pair.cow), by_un.get(pair.un_entity)
        if row is None or target is None or row.ionum in claimed or target.cow is not None:
            raise InvalidData(
                f"same-as.yaml: cow {pair.cow} / un_entity {pair.un_entity!r} not found or already matched"
            )
        target.cow = row
        target.matches["cow"] = {"basis": "same-as.yaml"}
        claimed.add(row.ionum)
    index = KeyIndex()
    for draft in drafts:
        index.add(draft)
    result = list(drafts)
    for row in rows:
        if row.ionum in claimed:
            continue
        found, key = index.candidates(cow_names(row), "cow")
        if len(found) > 1:
            raise InvalidData(
                f"igo_list_derived.csv:{row.line}: {row.ioname!r} agrees with "
                f"{[d.label for d in found]}; resolve it in same-as.yaml"
            )
        if found:
            found[0].cow = row
            found[0].matches["cow"] = {"basis": f"normalized name {key!r}"}
        else:
            result.append(Draft(cow=row))
    return result
