"""Items of a parsed directive matched to registry bodies with ``registry.matcher.Matcher``.

Each mention is looked up whole first (``Matcher.resolve``: exact, alias, normalized with the
"PARENT — CHILD" rule, fuzzy). A name is matched only when ``resolve`` picks one body; for a
fuzzy match that means a score of at least ``matcher.RESOLVE_MIN`` (90) with no other body
within ``matcher.RESOLVE_MARGIN`` points. A name followed by an acronym in brackets that
resolves whole only by fuzzy matching, or not at all, is tried without the bracket and as the
acronym alone (exact, alias or normalized); the two must not name different bodies.

A mention with several segments ("the X, the Y, and the Z") is cut into runs of segments, each
naming one body, by choosing the cheapest cut: a run that resolves by exact, alias or
normalized lookup costs 1, a resolved fuzzy run 2 plus a tenth of its distance from 100, an
ambiguous run 5, an unresolved run 10, and a run with no capitalised word 0.5 per segment
(it is a description such as "all of its subsidiary bodies" and is left out). Unresolved runs
are then cut again where each part reads as a name on its own (it ends in an organization
word such as "Council" or "Fund", or in an acronym in brackets). A numbered item is only cut
when every run resolves; otherwise it stays one item.

Flags, per item:

- ``low_confidence``: a fuzzy match scoring below ``LOW_CONFIDENCE``, or with another
  candidate within ``RIVAL_MARGIN`` points;
- ``ambiguous``: several bodies match equally well; the item stays unmatched and lists them.

Unmatched names are never dropped: they appear in ``items`` with ``match: "unmatched"`` and in
``unmatched`` with their candidates (bodies that share the name, or fuzzy candidates that
scored at least ``matcher.FUZZY_CUTOFF`` but not enough to resolve).

``MatchedDirective.to_json()`` gives the CLI JSON ``{"title", "date", "items": [{"section",
"item", "text", "action", "body_id", "match", "score"}], "unmatched": [{"section", "item",
"text", "candidates"}]}``. ``action`` is ``withdraw``, ``cease-funding``, ``review``, or for any
other action the ordering words verbatim ("suspend participation in"); ``score`` is rounded to
two decimals and null when unmatched. ``to_json(detail=True)`` adds per item the locator, the
flags, the qualifier and the candidates, and at the top the kind, slug and flagged locators.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ioreview.directives.actions import Action
from ioreview.directives.parse import ParsedDirective
from ioreview.directives.prose import Mention, is_generic, strip_determiners
from ioreview.registry.matcher import Match, Matcher
from ioreview.registry.normalize import QUALIFIER_RE, strip_trailing_parenthetical

#: Fuzzy scores (0–100) below this are flagged ``low_confidence``.
LOW_CONFIDENCE = 95.0
#: A fuzzy match with a rival candidate within this many points is flagged ``low_confidence``.
RIVAL_MARGIN = 10.0
#: Mentions with more segments than this are looked up whole only.
MAX_SEGMENTS = 24

_HEAD = re.compile(
    r"(?:Organi[sz]ation|Council|Commission|Fund|Programme|Program|Agency|Forum|Union|Institute"
    r"|Centre|Center|Office|Bank|Alliance|Partnership|Group|Committee|Conference|Convention"
    r"|Agreement|Court|Facility|Initiative|Panel|Platform|Network|Board|Secretariat|Mechanism"
    r"|Compact|Coalition|Authority|Assembly|Tribunal|Treaty|Protocol|Accord|Charter|College"
    r"|University|Academy|Society|Association|Federation|League|Coalition|Service|System"
    r"|\([A-Z][A-Za-z-]*\))$"
)


@dataclass(frozen=True)
class Lookup:
    """The outcome of looking up one name."""

    match: Match | None
    candidates: tuple[Match, ...]
    ambiguous: bool
    qualifier: str | None = None


@dataclass(frozen=True)
class MatchedItem:
    """One body (or one unmatched name) with its place in the directive and its action."""

    section: str | None
    item: str | None
    locator: str
    text: str
    action: Action
    origin: str
    body_id: str | None
    method: str
    score: float | None
    low_confidence: bool
    ambiguous: bool
    candidates: tuple[Match, ...]
    #: The body named before a dash ("ECOSOC — Economic Commission for Africa" → ``ecosoc``).
    qualifier: str | None
    alias: str | None

    def to_json(self) -> dict[str, Any]:
        """The CLI JSON of the item."""
        return {
            "section": self.section, "item": self.item, "text": self.text,
            "action": self.action.label, "body_id": self.body_id, "match": self.method,
            "score": None if self.score is None else round(self.score, 2),
        }  # fmt: skip

    def detail_json(self) -> dict[str, Any]:
        """``to_json`` plus locator, flags, qualifier and candidates."""
        return {
            **self.to_json(), "locator": self.locator, "origin": self.origin,
            "action_words": self.action.words, "low_confidence": self.low_confidence,
            "ambiguous": self.ambiguous, "qualifier": self.qualifier, "alias": self.alias,
            "candidates": [_candidate(m) for m in self.candidates],
        }  # fmt: skip


@dataclass(frozen=True)
class MatchedDirective:
    """A parsed directive whose items name registry bodies (or are listed as unmatched)."""

    parsed: ParsedDirective
    items: tuple[MatchedItem, ...]

    @property
    def unmatched(self) -> tuple[MatchedItem, ...]:
        return tuple(item for item in self.items if item.body_id is None)

    @property
    def low_confidence(self) -> tuple[MatchedItem, ...]:
        return tuple(item for item in self.items if item.low_confidence)

    def to_json(self, *, detail: bool = False) -> dict[str, Any]:
        """The CLI JSON; ``detail=True`` adds flags, locators and candidates per item."""
        document: dict[str, Any] = {
            "title": self.parsed.title,
            "date": self.parsed.date.isoformat(),
            "items": [item.detail_json() if detail else item.to_json() for item in self.items],
            "unmatched": [
                {"section": item.section, "item": item.item, "text": item.text,
                 "candidates": [_candidate(m) for m in item.candidates]}
                for item in self.unmatched
            ],
        }  # fmt: skip
        if detail:
            document["kind"] = self.parsed.kind
            document["slug"] = self.parsed.slug
            document["low_confidence"] = [item.locator for item in self.low_confidence]
        return document


def match_directive(parsed: ParsedDirective, matcher: Matcher) -> MatchedDirective:
    """Match every mention of ``parsed`` (see the module docstring)."""
    cache: dict[str, Lookup] = {}

    def lookup(text: str) -> Lookup:
        if text not in cache:
            cache[text] = lookup_name(text, matcher)
        return cache[text]

    items: list[MatchedItem] = []
    for mention in parsed.mentions:
        for text, found in _runs(mention, lookup):
            items.append(_item(mention, text, found))
    return MatchedDirective(parsed=parsed, items=tuple(items))


def lookup_name(text: str, matcher: Matcher) -> Lookup:
    """Resolve one name, trying "Name (ACRONYM)" by its parts unless it resolves exactly."""
    whole = matcher.resolve(text)
    qualifier = _qualifier(text, matcher)
    if whole.match is not None and whole.match.method != "fuzzy":
        return Lookup(whole.match, whole.candidates, False, qualifier)
    if whole.ambiguous and any(m.method != "fuzzy" for m in whole.candidates):
        return Lookup(None, whole.candidates, True, qualifier)
    name, acronym = strip_trailing_parenthetical(text)
    if acronym is not None and name:
        parts = [matcher.resolve(name), matcher.resolve(acronym)]
        found = [r.match for r in parts if r.match is not None and r.match.method != "fuzzy"]
        if len({m.body_id for m in found}) > 1:
            return Lookup(None, tuple(found), True, qualifier)
        if found:
            return Lookup(found[0], (found[0],), False, qualifier)
    return Lookup(whole.match, whole.candidates, whole.ambiguous, qualifier)


def _qualifier(text: str, matcher: Matcher) -> str | None:
    parts = QUALIFIER_RE.split(text, maxsplit=1)
    if len(parts) != 2:
        return None
    found = matcher.resolve(parts[0].strip())
    return None if found.match is None else found.match.body_id


def _cost(found: Lookup, text: str, segments: int) -> float:
    if found.match is not None:
        if found.match.method != "fuzzy":
            return 1.0
        return 2.0 + (100.0 - found.match.score) / 10.0
    if is_generic(text):
        return 0.5 * segments
    return 5.0 if found.ambiguous else 10.0


def _runs(mention: Mention, lookup: Callable[[str], Lookup]) -> list[tuple[str, Lookup]]:
    text, segments = mention.text, mention.segments
    whole = lookup(text)
    if len(segments) <= 1 or len(segments) > MAX_SEGMENTS:
        return [(text, whole)]
    if whole.match is not None and whole.match.method != "fuzzy":
        return [(text, whole)]
    count = len(segments)
    best: list[tuple[float, list[tuple[int, int]]]] = [(0.0, [])]
    best += [(float("inf"), []) for _ in range(count)]
    for end in range(1, count + 1):
        for start in range(end):
            span = strip_determiners(text[segments[start][0] : segments[end - 1][1]])
            cost = best[start][0] + _cost(lookup(span), span, end - start)
            if cost < best[end][0]:
                best[end] = (cost, [*best[start][1], (start, end)])
    runs: list[tuple[str, Lookup]] = []
    for start, end in best[count][1]:
        span = strip_determiners(text[segments[start][0] : segments[end - 1][1]])
        found = lookup(span)
        if found.match is None and is_generic(span):
            continue
        if found.match is None and not found.ambiguous:
            runs.extend((part, lookup(part)) for part in _name_parts(text, segments[start:end]))
        else:
            runs.append((span, found))
    if mention.origin == "list" and any(found.match is None for _, found in runs):
        return [(text, whole)]
    return runs or [(text, whole)]


def _name_parts(text: str, segments: tuple[tuple[int, int], ...]) -> list[str]:
    parts: list[str] = []
    start = segments[0][0]
    for index, (_, end) in enumerate(segments):
        piece = strip_determiners(text[start:end])
        following = segments[index + 1] if index + 1 < len(segments) else None
        if following is None:
            parts.append(piece)
        elif _HEAD.search(piece) and not is_generic(text[following[0] : following[1]]):
            parts.append(piece)
            start = following[0]
    return [part for part in parts if part]


def _item(mention: Mention, text: str, found: Lookup) -> MatchedItem:
    match = found.match
    low = False
    if match is not None and match.method == "fuzzy":
        rivals = [m for m in found.candidates if m.body_id != match.body_id]
        low = match.score < LOW_CONFIDENCE or any(
            m.score >= match.score - RIVAL_MARGIN for m in rivals
        )
    return MatchedItem(
        section=mention.section, item=mention.item, locator=mention.locator, text=text,
        action=mention.action, origin=mention.origin,
        body_id=None if match is None else match.body_id,
        method="unmatched" if match is None else match.method,
        score=None if match is None else match.score, low_confidence=low,
        ambiguous=found.ambiguous, candidates=found.candidates, qualifier=found.qualifier,
        alias=None if match is None else match.alias,
    )  # fmt: skip


def _candidate(match: Match) -> dict[str, Any]:
    return {"body_id": match.body_id, "method": match.method, "score": round(match.score, 2)}
