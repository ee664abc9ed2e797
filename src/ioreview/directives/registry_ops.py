"""Registry questions the directive code asks: is a body part of the UN system, which body is a
row of ``withdrawal-rules.csv``.

**UN-system rule.** A body belongs to the UN system when

1. its kind starts with ``un-`` (``data/registry/kinds.yaml``: principal organs, specialized
   agencies, funds and programmes, regional commissions, Secretariat offices, subsidiary organs,
   inter-agency mechanisms, missions), or
2. it carries a UN system entity code (``external_ids.un_entity``, from the UN system entity
   list in ``data/sources/un-system-entities``), or
3. its parent chain reaches a body that satisfies 1 or 2.

Rule 2 covers bodies the registry classes by what they are rather than where they sit: the
UNFCCC (kind ``treaty``, code ``UNFCCC``), UNITAR, UNSSC and UNU (``research-institute``) and the
UN Alliance of Civilizations (``partnership``); all five are in Sec. 2(b) "United Nations (UN)
Organizations" of the 7 January 2026 memorandum. With the rule, the 66 memorandum bodies fall
into the memorandum's own two sections (tests/directives/test_draft.py checks it).
"""

from __future__ import annotations

from collections.abc import Iterable

from ioreview.exc import InvalidData
from ioreview.registry import Body, Registry


def is_un_system(body: Body, registry: Registry) -> bool:
    """Whether ``body`` belongs to the UN system (see the module docstring)."""
    seen: set[str] = set()
    current: Body | None = body
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.kind.startswith("un-") or current.external_ids.un_entity is not None:
            return True
        parent = current.parent
        current = registry.body(parent) if parent is not None and parent in registry else None
    return False


def memo_index(registry: Registry) -> dict[tuple[str, str], str]:
    """``(section letter, roman item)`` → body id for the memorandum bodies (``("a", "xiv")``)."""
    index: dict[tuple[str, str], str] = {}
    for body in registry.memo_bodies():
        if body.memo is not None:
            index[(body.memo.section.strip("2()"), body.memo.item)] = body.id
    return index


def rule_row_body(
    row: dict[str, str], line: int, registry: Registry, memo: dict[tuple[str, str], str]
) -> str:
    """The body id of one ``withdrawal-rules.csv`` row; ``InvalidData`` when none is certain.

    Memorandum rows (``memo_section`` a or b) are found by section and item; the other rows by
    an exact or alias match of ``body_name`` (never a fuzzy one).
    """
    where = f"withdrawal-rules.csv:{line}"
    section, item, name = row["memo_section"], row["memo_item"], row["body_name"]
    if section in ("a", "b"):
        found = memo.get((section, item))
        if found is None:
            raise InvalidData(
                f"{where}: no memorandum body at Sec. 2({section})({item}) for {name!r}: "
                "expected one of the registry's 66 memorandum items"
            )
        return found
    resolution = registry.resolve(name)
    match = resolution.match
    if match is None or resolution.ambiguous or match.method == "fuzzy":
        candidates = ", ".join(m.body_id for m in resolution.candidates[:3]) or "none"
        raise InvalidData(
            f"{where}: body_name {name!r} matches no registry body exactly or by alias "
            f"(candidates: {candidates}): expected a name or alias of one body"
        )
    return match.body_id


def check_unique(pairs: Iterable[tuple[int, str]]) -> None:
    """Fail when two rows map to the same body."""
    first: dict[str, int] = {}
    for line, body_id in pairs:
        if body_id in first:
            raise InvalidData(
                f"withdrawal-rules.csv:{line}: body {body_id!r} already given by line "
                f"{first[body_id]}: expected one row per body"
            )
        first[body_id] = line
