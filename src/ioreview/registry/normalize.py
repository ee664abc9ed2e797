"""Name normalization and slugs.

``normalize_name`` maps spellings of one name to one key: case, punctuation, dashes and em
dashes, non-breaking spaces, "&"/"and", "the", "UN"/"United Nations" and a few British/American
spelling pairs. It is used for the alias index, for merging sources and for fuzzy matching.
"""

from __future__ import annotations

import re
import unicodedata

# Spelling pairs seen in the bundled sources (COW "Labour" vs UN list "Labor", the
# memorandum's "Combatting" vs "Combating"); each maps to one form.
SPELLING_VARIANTS: dict[str, str] = {
    "centre": "center",
    "centres": "centers",
    "combatting": "combating",
    "defence": "defense",
    "labour": "labor",
    "organisation": "organization",
    "organisations": "organizations",
    "programme": "program",
    "programmes": "programs",
}

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d-"
_DASH_RE = re.compile(f"[{_DASHES}]")
_APOSTROPHES_RE = re.compile("['\u2018\u2019\u02bc`\u00b4]")
_STOPWORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to"})
_SLUG_RE = re.compile(r"[^a-z0-9]+")
#: Separators between a parent and a child in texts like "ECOSOC — Economic Commission for Africa".
QUALIFIER_RE = re.compile(r"\s+[\u2013\u2014\u2015]\s+|\s+-{1,2}\s+")


def _normalize_once(text: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    folded = _DASH_RE.sub(" ", folded)
    folded = folded.replace("&", " and ")
    folded = _APOSTROPHES_RE.sub("", folded)
    cleaned = "".join(char if char.isalnum() else " " for char in folded)
    tokens = [SPELLING_VARIANTS.get(token, token) for token in cleaned.split() if token != "the"]
    merged: list[str] = []
    index = 0
    while index < len(tokens):
        pair = tokens[index : index + 2]
        if pair in (["united", "nations"], ["u", "n"]):
            merged.append("un")
            index += 2
        else:
            merged.append(tokens[index])
            index += 1
    return " ".join(merged)


def normalize_name(text: str) -> str:
    """Return the matching key of ``text``; idempotent, never raises on a ``str``."""
    current = _normalize_once(text)
    # Unicode case folding and compatibility forms can expose new tokens on a second pass
    # (rare scripts, "the" between "united" and "nations"); iterate to a fixed point.
    for _ in range(8):
        following = _normalize_once(current)
        if following == current:
            return current
        current = following
    return current


def strip_leading_un(key: str) -> str:
    """Drop a leading "un " from a normalized key ("un human rights council" → "human rights council")."""
    return key[3:] if key.startswith("un ") else key


def strip_trailing_parenthetical(text: str) -> tuple[str, str | None]:
    """Split "Name (X)" into ("Name", "X"); other texts come back unchanged with ``None``."""
    match = re.fullmatch(r"\s*(.*?\S)\s*\(([^()]+)\)\s*", text)
    if match is None:
        return text.strip(), None
    return match.group(1), match.group(2).strip()


def slugify(text: str) -> str:
    """Lower-case ASCII slug: "UN-Habitat" → "un-habitat", "24/7 CFE Compact" → "24-7-cfe-compact"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_RE.sub("-", ascii_text.lower()).strip("-")


def short_slug(text: str, max_words: int | None = 6) -> str:
    """Slug of a name without stop words, cut to ``max_words`` words (``None``: all words)."""
    words = [word for word in slugify(text).split("-") if word and word not in _STOPWORDS]
    if max_words is not None:
        words = words[:max_words]
    return "-".join(words)
