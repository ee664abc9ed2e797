"""Stable slug ids for bodies.

Rules, tried in order until an id is free (drafts are numbered in a fixed order: memorandum
bodies in Sec. 2 order, the other bodies.csv rows, bodies.yaml, UN entities in file order, COW
IGOs in file order — so an id, once given, does not move when later rows are added):

- an override in ``ids.yaml`` always wins (and must be free);
- bodies.csv rows: the slug of the first acronym ("ECA (UNECA)" → ``eca``), then the UN
  entity acronym, then a short slug of the shortest name ("Venice Commission" →
  ``venice-commission``), then the full slug of the name;
- ``bodies.yaml``: its declared id;
- UN entities: the slug of the ``entity`` acronym, then a short slug of ``entity_long``, then
  its full slug;
- COW IGOs: the slug of COW's ``ioname``, then ``<ioname>-<ionum>``.

A short slug drops stop words and keeps six words (then 8, 10, 12 while the id is taken).
"""

from __future__ import annotations

import re

from ioreview.exc import InvalidData
from ioreview.registry.curated import IdOverride
from ioreview.registry.merge import Draft
from ioreview.registry.normalize import short_slug, slugify, strip_trailing_parenthetical

ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: Word counts tried for short slugs before the full slug of the name.
_WORDS = (6, 8, 10, 12)


def acronym_parts(acronym: str) -> list[str]:
    """ "ECA (UNECA)" → ["ECA", "UNECA"]; other acronyms come back alone."""
    head, inner = strip_trailing_parenthetical(acronym)
    return [head] if inner is None else [head, inner]


def _candidates(draft: Draft) -> list[str]:
    found: list[str] = []
    if draft.seed is not None:
        values = draft.seed.values
        if "acronym" in values:
            found.append(slugify(acronym_parts(values["acronym"])[0]))
        if draft.un is not None and draft.un.entity is not None:
            found.append(slugify(draft.un.entity))
        name, inner = strip_trailing_parenthetical(values["name"])
        names = [draft.seed.memo_name, name] + ([] if inner is None else [inner])
        shortest = min(names, key=len)
        found += [short_slug(shortest, words) for words in _WORDS] + [slugify(values["name"])]
    elif draft.un is not None:
        assert draft.un.entity_long is not None
        if draft.un.entity is not None:
            found.append(slugify(draft.un.entity))
        found += [short_slug(draft.un.entity_long, words) for words in _WORDS]
        found.append(slugify(draft.un.entity_long))
    elif draft.cow is not None:
        found += [slugify(draft.cow.ioname), f"{slugify(draft.cow.ioname)}-{draft.cow.ionum}"]
    return [slug for slug in found if slug != ""]


def _override_key(draft: Draft, override: IdOverride) -> bool:
    if override.key_kind == "memo":
        return draft.memo is not None and f"{draft.memo.section} {draft.memo.item}" == override.key
    if override.key_kind == "cow":
        return draft.cow is not None and str(draft.cow.ionum) == override.key
    if override.key_kind == "un_entity":
        return draft.un is not None and draft.un.entity == override.key
    return draft.un is not None and draft.un.entity_long == override.key


def assign_ids(drafts: list[Draft], overrides: tuple[IdOverride, ...]) -> None:
    """Set ``draft.id`` on every draft; fails if no rule gives a free, well-formed id."""
    taken: set[str] = set()
    for override in overrides:
        matched = [draft for draft in drafts if _override_key(draft, override)]
        if len(matched) != 1:
            raise InvalidData(
                f"ids.yaml: override {override.key_kind}={override.key!r} matches "
                f"{len(matched)} bodies, expected 1"
            )
        if ID_RE.fullmatch(override.id) is None or override.id in taken:
            raise InvalidData(f"ids.yaml: id {override.id!r} is malformed or used twice")
        matched[0].id = override.id
        taken.add(override.id)
    # Declared ids are reserved before any rule runs, so no rule-made id can take them.
    for draft in drafts:
        if draft.curated is not None and draft.id is None:
            if draft.curated.id in taken or ID_RE.fullmatch(draft.curated.id) is None:
                raise InvalidData(f"{draft.label}: id is malformed or already used")
            draft.id = draft.curated.id
            taken.add(draft.id)
    for draft in drafts:
        if draft.id is not None:
            continue
        candidates = _candidates(draft)
        for candidate in candidates:
            if ID_RE.fullmatch(candidate) is not None and candidate not in taken:
                draft.id = candidate
                taken.add(candidate)
                break
        else:
            raise InvalidData(f"{draft.label}: no free id among {candidates}")
