"""What a directive's wording orders for a body: ``withdraw``, ``cease-funding``, ``review``, or
``other`` with the words themselves.

Two readers share the vocabulary:

- ``find_cues(sentence)`` finds operative phrases in running text, each ending where the named
  body begins: "hereby withdraws from", "withdrawal of the United States from", "shall cease
  all funding to", "prohibiting any future funding for", "shall conduct a review of",
  "shall suspend participation in" (``other``). A cue counts only in an operative sentence:
  one that says "shall", "hereby", "will", "must", "is directed", "I direct" or "I order"
  before the cue, so that a report of an earlier order ("That Executive Order directed … to
  conduct a review of …") is not read as a new one.
- ``context_action(text)`` reads the heading and lead-in of a numbered list ("Organizations
  from Which the United States Shall Withdraw", "Non-United Nations Organizations:") and gives
  the action that applies to every item, or ``None`` when the lead-in orders nothing.

When several actions apply, the first of ``ACTIONS`` wins (withdrawal implies the end of
participation and funding; a review is weaker than either).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTIONS = ("withdraw", "cease-funding", "review", "other")

_US = r"(?:the\s+United\s+States(?:['\u2019]s?)?|United\s+States|U\.S\.|America(?:['\u2019]s)?)"
_FUNDS = (
    r"(?:funding|funds|contributions|financial\s+support|financial\s+contributions|payments"
    r"|appropriations|assistance)"
)
_FUND_QUAL = rf"(?:(?:all|any|further|future|federal|remaining|{_US})\s+)*"
_SPENT = r"(?:provided|made\s+available|obligated|expended|disbursed|paid)"

_CUE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "cease-funding",
        r"ceas(?:e|es|ing)\s+(?:all\s+)?(?:participation|participating)\s+in\s+(?:and|or)\s+"
        rf"(?:all\s+)?(?:funding(?:\s+(?:to|of|for))?|{_FUNDS}\s+(?:to|for|of))",
    ),
    ("withdraw", rf"withdraw(?:s|ing)?\s+(?:{_US}\s+)?from"),
    ("withdraw", rf"withdrawal\s+of\s+{_US}\s+from"),
    (
        "cease-funding",
        r"(?:ceas(?:e|es|ing)|end(?:s|ing)?|terminat(?:e|es|ing)|halt(?:s|ing)?|stop(?:s|ping)?"
        rf"|discontinu(?:e|es|ing))\s+(?:providing\s+)?{_FUND_QUAL}{_FUNDS}\s+(?:to|for|of)",
    ),
    ("cease-funding", rf"prohibit(?:s|ing)?\s+{_FUND_QUAL}{_FUNDS}\s+(?:to|for)"),
    (
        "cease-funding",
        rf"no\s+{_FUND_QUAL}{_FUNDS}\s+(?:shall|will|may)\s+be\s+"
        rf"{_SPENT}(?:\s+(?:or|and)\s+{_SPENT})?\s+(?:to|for)",
    ),
    (
        "cease-funding",
        rf"(?:shall|will)\s+not\s+(?:provide|make\s+available|contribute)\s+{_FUND_QUAL}"
        rf"(?:{_FUNDS}\s+)?(?:to|for)",
    ),
    ("review", r"conduct\s+(?:a|an)\s+(?:[a-z-]+\s+){0,3}?review\s+of"),
    ("review", r"(?:shall|will)\s+(?:immediately\s+|promptly\s+)?(?:review|reassess|re-evaluate)"),
    (
        "other",
        r"(?:suspend(?:s|ing)?|paus(?:e|es|ing)|reduc(?:e|es|ing)|terminat(?:e|es|ing)"
        r"|end(?:s|ing)?|rejoin(?:s|ing)?|join(?:s|ing)?)\s+(?:(?:all|its|any)\s+)?"
        rf"(?:{_US}\s+)?(?:membership|participation|engagement|funding|contributions|support)"
        r"\s+(?:in|from|to|for|of)",
    ),
    ("other", r"ceas(?:e|es|ing)\s+(?:all\s+)?(?:participation|participating)\s+in"),
    ("other", r"not\s+(?:participate|engage|seek\s+(?:election|membership))\s+(?:in|to)"),
)
CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"\b{pattern}\b", re.IGNORECASE)) for kind, pattern in _CUE_PATTERNS
)

_OPERATIVE = re.compile(
    r"\b(?:shall|hereby|will|must|(?:is|are)\s+(?:hereby\s+)?directed|I\s+(?:hereby\s+)?"
    r"(?:direct|order))\b",
    re.IGNORECASE,
)
_AUXILIARY = re.compile(r"^(?:(?:shall|will|hereby|immediately|promptly)\s+)+", re.IGNORECASE)

_CONTEXT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("withdraw", re.compile(r"\bwithdr[ae]w(?:s|al|ing|n)?\b", re.IGNORECASE)),
    (
        "cease-funding",
        re.compile(
            r"\b(?:ceas|end|terminat|halt|stop|discontinu|prohibit)\w*\s+(?:\w+\s+){0,3}?fund\w*"
            r"|\bfund\w*\s+(?:\w+\s+){0,2}?(?:ceas|end|terminat|halt|stop)\w*",
            re.IGNORECASE,
        ),
    ),
    ("review", re.compile(r"\b(?:review|reassess|re-evaluat)\w*\b", re.IGNORECASE)),
    (
        "other",
        re.compile(r"\b(?:suspend|paus|reduc|rejoin|terminat)\w*(?:\s+\w+){0,2}", re.IGNORECASE),
    ),
)


@dataclass(frozen=True)
class Action:
    """An action and the words of the text that order it."""

    kind: str
    words: str

    @property
    def label(self) -> str:
        """The JSON ``action``: the kind, or the verbatim words for an ``other`` action."""
        return self.words if self.kind == "other" else self.kind


@dataclass(frozen=True)
class Cue:
    """An operative phrase in a sentence; the body's name starts at ``end``."""

    start: int
    end: int
    action: Action


def find_cues(sentence: str) -> list[Cue]:
    """Non-overlapping operative cues of ``sentence``, in text order."""
    found: list[Cue] = []
    for kind, pattern in CUES:
        for hit in pattern.finditer(sentence):
            if any(hit.start() < cue.end and cue.start < hit.end() for cue in found):
                continue
            if not _OPERATIVE.search(sentence, 0, hit.end()):
                continue
            words = " ".join(_AUXILIARY.sub("", hit.group(0)).split())
            found.append(Cue(hit.start(), hit.end(), Action(kind, words)))
    return sorted(found, key=lambda cue: cue.start)


def context_action(text: str) -> Action | None:
    """The action a list heading or lead-in orders, ``None`` when it orders none."""
    for kind, pattern in _CONTEXT:
        hit = pattern.search(text)
        if hit is not None:
            return Action(kind, " ".join(hit.group(0).split()))
    return None


def classify(words: str) -> Action:
    """The action ``words`` order ("withdraw from", "suspend participation in" → ``other``)."""
    found = context_action(words)
    return found if found is not None else Action("other", " ".join(words.split()))
