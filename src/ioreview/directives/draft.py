"""Draft a memorandum in the format of the 7 January 2026 memorandum from (body, action) items.

Layout: title; "MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES"; Section 1
(Purpose); Sec. 2 "Organizations from Which <actor> Shall Withdraw" (``withdraw`` items); Sec. 3
"Organizations to Which <actor> Shall Cease Funding" when there are ``cease-funding`` items;
then Implementation and General Provisions; last, the date line ("January 7, 2026.").

Each list section has "(a) Non-United Nations Organizations:" and "(b) United Nations (UN)
Organizations:" (a body is UN when ``registry_ops.is_un_system`` says so; an empty group is left
out and the letters close up). Items are numbered (i), (ii) … in a stable order: by wording,
case-folded, then body id, or as given (``keep_order``, used to re-draft a recorded directive);
each ends with ";", the one before the last with "; and", the last with ".". An item's wording
is the given one (the directive's own) or the body's name, with its acronym in brackets when the
name alone does not resolve to the body in the registry; a wording that still does not resolve
is drafted and listed in ``warnings``.

The general provisions are ioreview's own neutral text. Their structure and standard clauses
follow Sec. 3 and Sec. 4 of the 2026 memorandum (``data/sources/memorandum-2026/memorandum.txt``),
a work of the US Government (public domain, 17 U.S.C. 105), cited in ``data/directives/NOTES.md``.
The sentence defining withdrawal for UN entities is quoted from its Sec. 1(c).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ioreview.directives.registry_ops import is_un_system
from ioreview.exc import InvalidData
from ioreview.registry import Body, Registry

ACTIONS = ("withdraw", "cease-funding")
GROUPS = ("Non-United Nations Organizations", "United Nations (UN) Organizations")
#: The directive parser reads item numbers up to (l).
PARSER_MAX_ITEMS = 50
_INDENT = 10


@dataclass(frozen=True)
class DraftItem:
    section: str
    item: str
    body_id: str
    action: str
    wording: str

    def to_json(self) -> dict[str, Any]:
        return {"section": self.section, "item": self.item, "body_id": self.body_id,
                "action": self.action, "wording": self.wording}  # fmt: skip


@dataclass(frozen=True)
class Draft:
    title: str
    date: date
    text: str
    items: tuple[DraftItem, ...]
    warnings: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title, "date": self.date.isoformat(),
            "items": [item.to_json() for item in self.items], "warnings": list(self.warnings),
            "text": self.text,
        }  # fmt: skip


def draft_memorandum(
    items: Iterable[tuple[str, str]],
    registry: Registry,
    title: str,
    date: date,
    *,
    actor: str = "the United States",
    basis: str | None = None,
    wordings: Mapping[str, str] | None = None,
    keep_order: bool = False,
) -> Draft:
    """The memorandum for ``items`` ((body id, action) pairs); see the module docstring."""
    given = list(dict.fromkeys(items))
    if not given:
        raise InvalidData("no items to draft: expected at least one (body id, action) pair")
    warnings: list[str] = []
    chosen: dict[str, list[tuple[Body, str]]] = {action: [] for action in ACTIONS}
    for body_id, action in given:
        if action not in ACTIONS:
            raise InvalidData(
                f"item {body_id!r} has action {action!r}: a memorandum draft lists "
                f"{' and '.join(ACTIONS)} items"
            )
        body = registry.body(body_id)
        chosen[action].append((body, _wording(body, registry, wordings, warnings)))
    sections: list[tuple[str, list[tuple[str, list[tuple[Body, str]]]]]] = []
    for action in ACTIONS:
        if chosen[action]:
            sections.append((action, _groups(chosen[action], registry, keep_order)))
    numbers = {action: index + 2 for index, (action, _) in enumerate(sections)}
    drafted: list[DraftItem] = []
    lines = [
        " ".join(title.split()),
        "",
        "MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES",
        "",
        *_purpose(actor, basis, numbers),
    ]
    for action, groups in sections:
        number = numbers[action]
        heading = (
            f"Organizations from Which {actor} Shall Withdraw"
            if action == "withdraw"
            else f"Organizations to Which {actor} Shall Cease Funding"
        )
        for index, (group, entries) in enumerate(groups):
            letter = chr(ord("a") + index)
            lead = f"({letter})  {group}:"
            lines += [f"Sec. {number}.  {heading}.  {lead}" if index == 0 else lead, ""]
            if len(entries) > PARSER_MAX_ITEMS:
                warnings.append(
                    f"Sec. {number}({letter}) has {len(entries)} items; the directive parser "
                    f"reads item numbers up to ({roman(PARSER_MAX_ITEMS)})"
                )
            for position, (body, wording) in enumerate(entries, start=1):
                numeral = roman(position)
                end = _ending(position, len(entries))
                lines += [f"({numeral})".ljust(_INDENT) + wording + end, ""]
                drafted.append(DraftItem(f"{number}({letter})", numeral, body.id, action, wording))
    lines += _closing(actor, len(sections) + 2, date)
    return Draft(
        title=" ".join(title.split()), date=date, text="\n".join(lines) + "\n",
        items=tuple(drafted), warnings=tuple(warnings),
    )  # fmt: skip


def actor_phrase(name: str) -> str:
    """The actor's name as running prose uses it ("the United States of America")."""
    first = name.split(" ", 1)[0]
    plural = name.endswith(("Islands", "Emirates", "Netherlands", "Philippines", "Bahamas"))
    if first in ("United", "Republic", "Kingdom", "Federation", "Principality") or plural:
        return f"the {name}"
    return name


def roman(number: int) -> str:
    """``number`` (1 or more) as a lower-case Roman numeral."""
    if number < 1:
        raise InvalidData(f"item number {number!r}: expected 1 or more")
    out = []
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
        (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _ending(position: int, count: int) -> str:
    """The list punctuation after item ``position`` of ``count``."""
    if position == count:
        return "."
    return "; and" if position == count - 1 else ";"


def long_date(value: date) -> str:
    """ "January 7, 2026"."""
    return f"{value:%B} {value.day}, {value.year}"


def _wording(
    body: Body, registry: Registry, wordings: Mapping[str, str] | None, warnings: list[str]
) -> str:
    given = (wordings or {}).get(body.id)
    candidates = [given] if given else [body.name]
    if not given and body.acronym:
        candidates.append(f"{body.name} ({body.acronym})")
    for text in candidates:
        found = registry.resolve(text)
        if found.match is not None and found.match.body_id == body.id and not found.ambiguous:
            return " ".join(text.split())
    warnings.append(f"{candidates[0]!r} does not resolve to {body.id!r} in the registry")
    return " ".join(candidates[0].split())


def _groups(
    entries: list[tuple[Body, str]], registry: Registry, keep_order: bool
) -> list[tuple[str, list[tuple[Body, str]]]]:
    split: dict[str, list[tuple[Body, str]]] = {group: [] for group in GROUPS}
    for body, wording in entries:
        split[GROUPS[1] if is_un_system(body, registry) else GROUPS[0]].append((body, wording))
    if not keep_order:
        for members in split.values():
            members.sort(key=lambda entry: (entry[1].casefold(), entry[0].id))
    return [(group, members) for group, members in split.items() if members]


def _purpose(actor: str, basis: str | None, numbers: Mapping[str, int]) -> list[str]:
    steps = []
    if "withdraw" in numbers:
        steps.append(
            f"to effectuate the withdrawal of {actor} from the organizations listed in section "
            f"{numbers['withdraw']} of this memorandum"
        )
    if "cease-funding" in numbers:
        steps.append(
            f"to end funding to the organizations listed in section {numbers['cease-funding']} "
            "of this memorandum"
        )
    stated = basis or "This memorandum lists the organizations concerned and the action ordered."
    return [
        f"Section 1.  Purpose.  (a)  {' '.join(stated.split())}",
        "",
        "(b)  All executive departments and agencies (agencies) shall take the steps needed "
        + " and ".join(steps) + ", consistent with the withdrawal provisions of each "
        "organization's founding instrument.  For United Nations entities, withdrawal means "
        "ceasing participation in or funding to those entities to the extent permitted by law.",
        "",
    ]  # fmt: skip


def _closing(actor: str, number: int, issued: date) -> list[str]:
    return [
        f"Sec. {number}.  Implementation.  Agencies shall record, for each organization listed "
        "in this memorandum, the date of any notification of withdrawal, the date funding "
        "ceased and the date withdrawal took effect, each with its source.",
        "",
        f"Sec. {number + 1}.  General Provisions.  (a)  Nothing in this memorandum shall be "
        "construed to impair or otherwise affect:",
        "",
        "(i)   the authority granted by law to an executive department or agency, or the head "
        "thereof; or",
        "",
        "(ii)  the functions of the office responsible for the budget relating to budgetary, "
        "administrative, or legislative proposals.",
        "",
        "(b)  This memorandum shall be implemented consistent with applicable law and subject to "
        "the availability of appropriations.",
        "",
        "(c)  This memorandum is not intended to, and does not, create any right or benefit, "
        "substantive or procedural, enforceable at law or in equity by any party against "
        f"{actor}, its departments, agencies, or entities, its officers, employees, or agents, "
        "or any other person.",
        "",
        f"{long_date(issued)}.",
    ]
