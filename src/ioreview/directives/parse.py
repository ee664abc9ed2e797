"""Structure of a directive: title, date, kind, sections, numbered items and prose mentions.

``parse_directive`` is pure (no registry, no files). It reads the cleaned blocks of the text
(``text.clean_blocks``) and tracks the numbering:

- a block opening with ``Sec. N.`` or ``Section N.`` starts section N; the text up to the first
  full stop is its heading ("Organizations from Which the United States Shall Withdraw");
- a marker ``(a)`` opens a subsection, ``(i)`` a paragraph, ``(A)`` or ``(1)`` a subparagraph.
  A marker made of Roman-numeral letters is a paragraph when it continues the current
  paragraph numbering (``(iv)`` after ``(iii)``), a subsection when it continues the letters
  (``(c)`` after ``(b)``, ``(i)`` after ``(h)``), and otherwise a paragraph for ``(i)``;
- a block ending in ``:`` whose wording orders an action (``actions.context_action``) opens a
  list: the deeper-numbered blocks that follow are items, each naming a body, with that action.
  A lead-in that is a bare label (no "shall", "is", "are" …) takes the action of its section
  heading (2026 memorandum: "(a) Non-United Nations Organizations:" under the heading "…
  Shall Withdraw" → 35 ``withdraw`` items);
- every other block is read for bodies named in running prose (``prose.find_mentions``).

Items are ``Mention`` records: the name as written (list punctuation "; and" removed), its
section (``"2(a)"``), item (``"xiv"``), locator (``"Sec. 2(a)(xiv)"``) and action. Phrases in
operative wording that name no body ("the organizations listed in section 2") are kept as
``ParsedDirective.references``.

The issue date comes from the ``date`` argument, the front matter ``date``, or a dated
signature line ("THE WHITE HOUSE, January 7, 2026."), in that order; an argument that
contradicts the front matter is an error, and a text without any date needs ``--date``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ioreview.directives.actions import Action, context_action
from ioreview.directives.prose import Mention, find_mentions, list_mention
from ioreview.directives.text import clean_blocks, split_front_matter
from ioreview.exc import InvalidData

KIND_CODES = {
    "memorandum": "pm",
    "executive-order": "eo",
    "proclamation": "proc",
    "fact-sheet": "fs",
    "document": "doc",
}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SIGNED_DATE = re.compile(
    rf"(?:THE WHITE HOUSE,?\s*|Washington,?\s*)?((?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}})\.?",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+-]*Z?)?$")
#: Words that make a lead-in a clause of its own rather than a label under the heading.
_FINITE = re.compile(r"\b(?:shall|will|must|may|is|are|was|were|has|have)\b", re.IGNORECASE)
_SECTION = re.compile(r"Sec(?:tion)?\.?\s*(\d{1,3})\.\s*")
_HEADING = re.compile(r"(.+?)(?<!\.[A-Z])\.(?:\s+|$)")
_MARKER = re.compile(r"\(([ivxlcdm]{1,7}|[a-z]{1,2}|[A-Z]{1,2}|\d{1,3})\)\s*")
_ROMAN = re.compile(r"[ivxlcdm]+")


def _roman(number: int) -> str:
    digits = ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    written = ""
    for value, letters in digits:
        while number >= value:
            written, number = written + letters, number - value
    return written


_ROMANS = [_roman(number) for number in range(1, 90)]


@dataclass(frozen=True)
class Block:
    """One paragraph of the text with its place in the numbering."""

    section: str | None
    levels: tuple[str, ...]
    text: str

    @property
    def locator(self) -> str:
        """``Sec. 2(a)(xiv)``; ``Preamble`` before the first section."""
        if self.section is None:
            return "Preamble"
        return f"Sec. {self.section}" + "".join(f"({level})" for level in self.levels)


@dataclass(frozen=True)
class Section:
    """A numbered section: its number, heading and blocks."""

    number: str
    heading: str | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ParsedDirective:
    """A directive as read from its text, before any registry lookup."""

    title: str | None
    date: dt.date
    kind: str
    slug: str
    mentions: tuple[Mention, ...]
    sections: tuple[Section, ...]
    references: tuple[Mention, ...] = ()
    front_matter: dict[str, Any] = field(default_factory=dict)
    filename: str | None = None

    @property
    def source_url(self) -> str | None:
        """The front matter ``source_url``, if the text has one."""
        value = self.front_matter.get("source_url")
        return value if isinstance(value, str) and value.strip() else None


def parse_directive(
    text: str, *, date: dt.date | None = None, filename: str | None = None
) -> ParsedDirective:
    """Parse ``text`` (plain text or White House Markdown); see the module docstring."""
    name = filename or "text"
    if not text.strip():
        raise InvalidData(f"{name}: empty document; expected the text of a directive")
    front, body = split_front_matter(text, name)
    blocks = clean_blocks(body)
    if not blocks:
        raise InvalidData(f"{name}: no text after the front matter; expected a directive")
    title = _title(front, blocks)
    issued = _date(front, blocks, date, name)
    kind = _kind(front, blocks, title)
    body_blocks = blocks[1:] if title is not None and blocks[0] == title else blocks
    placed, headings = _place(body_blocks)
    mentions, references = _mentions(placed, headings)
    sections = tuple(
        Section(number, headings.get(number), tuple(b for b in placed if b.section == number))
        for number in dict.fromkeys(b.section for b in placed if b.section is not None)
    )
    slug = f"{KIND_CODES[kind]}-{issued.isoformat()}"
    return ParsedDirective(
        title=title, date=issued, kind=kind, slug=slug, mentions=tuple(mentions),
        sections=sections, references=tuple(references), front_matter=front, filename=filename,
    )  # fmt: skip


def _title(front: dict[str, Any], blocks: list[str]) -> str | None:
    given = front.get("title")
    if isinstance(given, str) and given.strip():
        return " ".join(given.split())
    first = blocks[0]
    if _SECTION.match(first) or _MARKER.match(first) or first.upper() == first:
        return None
    if first.lower().startswith("by the authority") or len(first) > 300:
        return None
    return first


def _date(front: dict[str, Any], blocks: list[str], given: dt.date | None, name: str) -> dt.date:
    stated = front.get("date")
    front_date: dt.date | None = None
    if stated is not None:
        day = _ISO_DAY.match(str(stated).strip())
        try:
            if day is None:
                raise ValueError(stated)
            front_date = dt.date.fromisoformat(day.group(1))
        except ValueError as error:
            raise InvalidData(f"{name}: front matter date {stated!r} is not YYYY-MM-DD") from error
    if given is not None:
        if front_date is not None and front_date != given:
            raise InvalidData(
                f"{name}: --date {given.isoformat()} contradicts the front matter date "
                f"{front_date.isoformat()}"
            )
        return given
    if front_date is not None:
        return front_date
    for block in reversed(blocks):
        signed = _SIGNED_DATE.fullmatch(block)
        if signed is not None:
            words = " ".join(signed.group(1).split()).title()
            try:
                return dt.datetime.strptime(words, "%B %d, %Y").date()
            except ValueError:
                continue
    raise InvalidData(
        f"{name}: no issue date found (no front matter 'date' and no dated signature line); "
        "pass --date YYYY-MM-DD"
    )


def _kind(front: dict[str, Any], blocks: list[str], title: str | None) -> str:
    tags = str(front.get("tags", "")).lower()
    if "fact-sheet" in tags or (title or "").lower().startswith("fact sheet"):
        return "fact-sheet"
    joined = "\n".join(blocks)
    if re.search(r"^MEMORANDUM FOR\b", joined, re.MULTILINE):
        return "memorandum"
    if re.search(r"^EXECUTIVE ORDER\b|it is hereby ordered", joined, re.MULTILINE):
        return "executive-order"
    if re.search(r"^A PROCLAMATION\b|do hereby proclaim", joined, re.MULTILINE):
        return "proclamation"
    return "document"


def _place(blocks: list[str]) -> tuple[list[Block], dict[str, str | None]]:
    placed: list[Block] = []
    headings: dict[str, str | None] = {}
    section: str | None = None
    levels: list[str] = []
    for raw in blocks:
        rest = raw
        opened = _SECTION.match(rest)
        if opened is not None:
            section, levels = opened.group(1), []
            rest = rest[opened.end() :]
            heading = None if _MARKER.match(rest) else _HEADING.match(rest)
            headings[section] = None if heading is None else heading.group(1).strip()
            rest = rest if heading is None else rest[heading.end() :]
        marker = _MARKER.match(rest)
        if marker is not None and section is not None:
            levels = _advance(levels, marker.group(1))
            rest = rest[marker.end() :]
        placed.append(Block(section, tuple(levels), rest.strip()))
    return placed, headings


def _advance(levels: list[str], label: str) -> list[str]:
    """The numbering after ``label``: which level it opens, given the current one."""
    sub = levels[0] if levels else None
    para = levels[1] if len(levels) > 1 else None
    if label.isdigit() or label.isupper():
        return [*levels[:2], label] if len(levels) >= 2 else [*levels, label]
    next_letter = "a" if sub is None else _next_letter(sub)
    if _ROMAN.fullmatch(label):
        if para is not None and label == _next_roman(para):
            return [levels[0], label]
        if label == next_letter:
            return [label]
        if label == "i" and sub is not None:
            return [sub, label]
        if sub is not None and label in _ROMANS:
            return [sub, label]
    return [label]


def _next_letter(letter: str) -> str:
    return chr(ord(letter[-1]) + 1) if len(letter) == 1 and letter < "z" else letter + letter[-1]


def _next_roman(numeral: str) -> str:
    if numeral in _ROMANS and numeral != _ROMANS[-1]:
        return _ROMANS[_ROMANS.index(numeral) + 1]
    return ""


def _mentions(
    placed: list[Block], headings: dict[str, str | None]
) -> tuple[list[Mention], list[Mention]]:
    mentions: list[Mention] = []
    references: list[Mention] = []
    opened: tuple[Block, Action] | None = None
    for block in placed:
        if opened is not None:
            lead, action = opened
            depth = len(lead.levels)
            inside = block.section == lead.section and len(block.levels) > depth
            if inside and block.levels[:depth] == lead.levels:
                found = list_mention(block, action)
                (references if found.generic else mentions).append(found)
                continue
            opened = None
        if block.section is not None and block.text.rstrip().endswith(":"):
            heading = headings.get(block.section) or ""
            lead_action = context_action(block.text)
            if lead_action is None and not _FINITE.search(block.text):
                lead_action = context_action(heading)
            if lead_action is not None:
                opened = (block, lead_action)
        for found in find_mentions(block):
            (references if found.generic else mentions).append(found)
    return mentions, references
