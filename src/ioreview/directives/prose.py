"""Bodies named in running text: "the United States hereby withdraws from the X", "shall cease
all funding to the Y", "shall conduct a review of … the Z".

``find_mentions(block)`` splits a block into sentences (a full stop, ``!`` or ``?`` before a
capital, not after "U.S.", "Sec.", "No." or a single capital), masks parenthesized titles of
other documents ("Executive Order 14199 (Withdrawing the United States from …)"), finds the
operative cues of ``actions.find_cues`` and takes the noun phrase after each cue:

- it ends at the next cue, at the end of the sentence, at a colon, at a semicolon that opens a
  new clause, or at wording that qualifies the order rather than names a body ("to the extent
  permitted by law", "as soon as", "consistent with", "within 90 days", "and shall …",
  relative clauses "that …", "which …");
- a cue directly followed by another cue shares its object ("withdraw from, and cease all
  funding to, the X");
- leading "the United States' membership in", "participation in", "support to" and a leading
  "the following …:" are dropped, so the phrase starts with the body's name;
- the phrase is split into ``segments`` at commas, semicolons, "and" and "or" outside
  parentheses. ``match`` decides which runs of segments name one body each (names such as
  "Economic and Social Council" contain the separators themselves).

A phrase whose segments all start, after determiners ("the", "all", "any", "such" …), with a
lower-case word ("all international intergovernmental organizations of which …", "those
entities") names no body: it is returned with ``generic=True`` and kept as a reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ioreview.directives.actions import Action, Cue, find_cues

if TYPE_CHECKING:
    from ioreview.directives.parse import Block

_SENTENCE_END = re.compile(
    r"(?<!\bU\.S)(?<!\bSec)(?<!\bNo)(?<!\bSt)(?<!\b[A-Z])[.!?](?=\s+[A-Z(\"\u201c])"
)
_TITLE_PAREN = re.compile(r"\((?:[A-Z][a-z]+ing)\b[^()]*\)")
_US = r"(?:the\s+United\s+States(?:['\u2019]s?)?|United\s+States|U\.S\.)"
_ROLE = r"(?:membership|participation|engagement|involvement|support|funding|contributions)"
_OBJECT_PREFIX = re.compile(
    rf"^(?:(?:all|any|its|further|future)\s+)?(?:{_US}\s+)?{_ROLE}"
    rf"(?:\s+(?:and|or)\s+{_ROLE})?\s+(?:in|with|to|for|of)\s+",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(r"^(?:the\s+)?following(?:\s+[a-z]+){0,4}\s*:\s*", re.IGNORECASE)
_STOP = re.compile(
    r"\s*:|;\s+(?:and\s+|or\s+)?(?=[^;]*\b(?:shall|will|must|may|is|are)\b)"
    r"|,?\s+(?:(?:and|or)\s+)?(?:shall|will|must|may)\b"
    r"|,?\s+(?:to\s+the\s+extent|as\s+soon\s+as|consistent\s+with|pursuant\s+to|in\s+accordance"
    r"\s+with|within\s+(?:\d|the|a|one|two|three|thirty|sixty|ninety)|no\s+later\s+than"
    r"|effective\s|upon\s|until\s|immediately|promptly|forthwith|without\s+delay|in\s+order\s+to|because|so\s+that|subject\s+to"
    r"|except\b|unless\b|and\s+to\s|and\s+(?:in|on)\s+|that\s|which\s|who\s|whose\s|where\s"
    r"|of\s+which|to\s+which|in\s+which|on\s+the\s+grounds)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r",\s*(?:and|or)\s+|,\s+|;\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_DETERMINERS = re.compile(
    r"^(?:(?:the|all|any|each|every|such|those|these|this|that|its|their|certain|other|further"
    r"|relevant|said|and|or|of)\s+)+",
    re.IGNORECASE,
)
_CONNECTIVES = re.compile(r"[\W_]*(?:(?:and|or|the)\b[\W_]*)*", re.IGNORECASE)
_LIST_TAIL = re.compile(r"(?:\s*[;,.]\s*(?:and|or)?|\s+(?:and|or))\s*$")


@dataclass(frozen=True)
class Mention:
    """A name (or several) that the text gives as the object of an action."""

    section: str | None
    item: str | None
    locator: str
    text: str
    action: Action
    #: ``list`` (a numbered item) or ``prose`` (running text).
    origin: str
    #: ``(start, end)`` offsets into ``text`` of the parts between separators.
    segments: tuple[tuple[int, int], ...]
    #: True when no segment starts with a capital: a description, not a name.
    generic: bool = False
    #: The sentence (prose) or item (list) the mention comes from.
    context: str = ""


def list_mention(block: Block, action: Action) -> Mention:
    """The numbered item ``block`` as one mention with the list's ``action``."""
    text = strip_determiners(_LIST_TAIL.sub("", block.text).strip())
    return _mention(block, text, action, "list", block.text)


def find_mentions(block: Block) -> list[Mention]:
    """Mentions in the running text of ``block`` (see the module docstring)."""
    found: list[Mention] = []
    for sentence in split_sentences(_TITLE_PAREN.sub("(…)", block.text)):
        cues = find_cues(sentence)
        pending: list[Cue] = []
        for index, cue in enumerate(cues):
            limit = cues[index + 1].start if index + 1 < len(cues) else len(sentence)
            phrase = object_phrase(sentence[cue.end : limit])
            if not phrase:
                pending.append(cue)
                continue
            for action in [*(p.action for p in pending), cue.action]:
                found.append(_mention(block, phrase, action, "prose", sentence))
            pending = []
    return found


def split_sentences(text: str) -> list[str]:
    """``text`` cut after each sentence-final full stop, ``!`` or ``?``."""
    parts: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        parts.append(text[start : end.end()].strip())
        start = end.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def object_phrase(text: str) -> str:
    """The body names that ``text`` (the words after a cue) starts with, or ``""``."""
    phrase = text.strip().lstrip(",").strip()
    phrase = _FOLLOWING.sub("", phrase)
    if ":" in phrase and is_generic(phrase.split(":", 1)[0]):
        phrase = phrase.split(":", 1)[1].strip()
    phrase = _OBJECT_PREFIX.sub("", phrase)
    stop = _STOP.search(phrase)
    if stop is not None:
        phrase = phrase[: stop.start()]
    phrase = _LIST_TAIL.sub("", phrase.strip()).strip().rstrip(",;.").strip()
    phrase = strip_determiners(phrase)
    return "" if _CONNECTIVES.fullmatch(phrase) else phrase


def strip_determiners(text: str) -> str:
    """``text`` without leading "the", "all", "any" … ("the World Bank" → "World Bank")."""
    return _DETERMINERS.sub("", text).strip()


def segments_of(text: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the parts of ``text`` between separators that lie outside parentheses."""
    cuts: list[tuple[int, int]] = []
    for hit in _SEPARATOR.finditer(text):
        before = text[: hit.start()]
        if before.count("(") == before.count(")"):
            cuts.append((hit.start(), hit.end()))
    pieces: list[tuple[int, int]] = []
    start = 0
    for cut_start, cut_end in cuts:
        pieces.append((start, cut_start))
        start = cut_end
    pieces.append((start, len(text)))
    return tuple((a, b) for a, b in pieces if text[a:b].strip())


def is_generic(text: str) -> bool:
    """True when ``text`` starts, after determiners, with no capital letter or digit."""
    head = strip_determiners(text)
    return head == "" or not (head[0].isupper() or head[0].isdigit())


def _mention(block: Block, text: str, action: Action, origin: str, context: str) -> Mention:
    segments = segments_of(text)
    generic = text == "" or all(is_generic(text[a:b]) for a, b in segments)
    levels = block.levels
    section = (
        None if block.section is None else block.section + (f"({levels[0]})" if levels else "")
    )
    item = None if len(levels) < 2 else levels[1] + "".join(f"({x})" for x in levels[2:])
    return Mention(
        section=section, item=item, locator=block.locator, text=text, action=action,
        origin=origin, segments=segments, generic=generic, context=context,
    )  # fmt: skip
