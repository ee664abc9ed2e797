"""Name matching: from a name as written in a document to registry bodies.

Stages, best first (``Match.method``):

1. ``exact`` — the text is a body id or a body's name, character for character;
2. ``alias`` — the text is one of a body's aliases, character for character;
3. ``normalized`` — ``normalize_name`` of the text equals that of an alias (case, punctuation,
   dashes, non-breaking spaces, "the", "&", "UN"/"United Nations", spelling pairs). A text
   "PARENT — CHILD" ("ECOSOC — Economic Commission for Africa") also matches CHILD when
   PARENT names one of CHILD's ancestors;
4. ``fuzzy`` — rapidfuzz ``token_sort_ratio`` on normalized texts, at least ``FUZZY_CUTOFF``.
   A fuzzy score never reaches 100 (capped at 99): 100 is kept for identities.

Every body that matches is returned; an alias shared by several bodies returns all of them.
``resolve`` picks a body only when one body stands alone at the best stage (for fuzzy matches:
score ≥ ``RESOLVE_MIN`` and no other body within ``RESOLVE_MARGIN`` points).
The index is built once per ``Matcher``; a query costs one dictionary lookup per stage plus one
rapidfuzz scan of the normalized aliases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ioreview.registry.model import Body
from ioreview.registry.normalize import QUALIFIER_RE, normalize_name

#: Lowest ``token_sort_ratio`` (0–100) a fuzzy candidate needs to be returned.
FUZZY_CUTOFF = 85.0
#: Lowest fuzzy score ``resolve`` accepts on its own.
RESOLVE_MIN = 90.0
#: Fuzzy candidates within this many points of the best one make a query ambiguous.
RESOLVE_MARGIN = 5.0
FUZZY_CAP = 99.0

METHODS = ("exact", "alias", "normalized", "fuzzy")
_RANK = {method: rank for rank, method in enumerate(METHODS)}


@dataclass(frozen=True)
class Match:
    """One candidate body for a query."""

    body_id: str
    name: str
    method: str
    score: float
    #: The id, name or alias that matched.
    alias: str


@dataclass(frozen=True)
class Resolution:
    """The outcome of ``Matcher.resolve``: a single match, or candidates and a flag."""

    query: str
    match: Match | None
    candidates: tuple[Match, ...]
    ambiguous: bool

    @property
    def resolved(self) -> bool:
        return self.match is not None


class Matcher:
    """An index of body ids, names and aliases."""

    def __init__(self, bodies: Iterable[Body]) -> None:
        self._names: dict[str, str] = {}
        self._parents: dict[str, str | None] = {}
        self._exact: dict[str, dict[str, str]] = {}
        self._alias: dict[str, dict[str, str]] = {}
        self._norm: dict[str, dict[str, str]] = {}
        for body in bodies:
            self._names[body.id] = body.name
            self._parents[body.id] = body.parent
            for text in (body.id, body.name):
                self._exact.setdefault(text, {}).setdefault(body.id, text)
            for alias in body.aliases:
                self._alias.setdefault(alias.text, {}).setdefault(body.id, alias.text)
                self._norm.setdefault(alias.norm, {}).setdefault(body.id, alias.text)
            self._norm.setdefault(normalize_name(body.name), {}).setdefault(body.id, body.name)
        self._choices = list(self._norm)

    def __len__(self) -> int:
        return len(self._names)

    def search(self, text: str, limit: int = 10, cutoff: float = FUZZY_CUTOFF) -> list[Match]:
        """Candidates for ``text``, best first (stage, then score, then id)."""
        best: dict[str, Match] = {}
        for match in self._direct(text.strip()):
            _keep(best, match)
        if not best:
            for match in self._qualified(text.strip()):
                _keep(best, match)
        for match in self._fuzzy(text, cutoff, limit + len(best)):
            _keep(best, match)
        ranked = sorted(best.values(), key=lambda m: (_RANK[m.method], -m.score, m.body_id))
        return ranked[:limit]

    def resolve(self, text: str, cutoff: float = FUZZY_CUTOFF) -> Resolution:
        """The single body ``text`` names, or the candidates when it is not clear."""
        direct = list(self._direct(text.strip())) or list(self._qualified(text.strip()))
        if direct:
            top = min(_RANK[m.method] for m in direct)
            tier: dict[str, Match] = {}
            for match in direct:
                if _RANK[match.method] == top:
                    _keep(tier, match)
            found = tuple(sorted(tier.values(), key=lambda m: m.body_id))
            if len(found) == 1:
                return Resolution(text, found[0], found, False)
            return Resolution(text, None, found, True)
        fuzzy = self.search(text, limit=10, cutoff=cutoff)
        if not fuzzy:
            return Resolution(text, None, (), False)
        close = tuple(m for m in fuzzy if m.score >= fuzzy[0].score - RESOLVE_MARGIN)
        if len(close) > 1:
            return Resolution(text, None, close, True)
        if fuzzy[0].score >= RESOLVE_MIN:
            return Resolution(text, fuzzy[0], tuple(fuzzy), False)
        return Resolution(text, None, tuple(fuzzy), False)

    def _direct(self, text: str) -> Iterable[Match]:
        for body_id, alias in self._exact.get(text, {}).items():
            yield Match(body_id, self._names[body_id], "exact", 100.0, alias)
        for body_id, alias in self._alias.get(text, {}).items():
            yield Match(body_id, self._names[body_id], "alias", 100.0, alias)
        for body_id, alias in self._norm.get(normalize_name(text), {}).items():
            yield Match(body_id, self._names[body_id], "normalized", 100.0, alias)

    def _qualified(self, text: str) -> Iterable[Match]:
        parts = QUALIFIER_RE.split(text, maxsplit=1)
        if len(parts) != 2:
            return
        qualifiers = {m.body_id for m in self._direct(parts[0].strip())}
        if not qualifiers:
            return
        for match in self._direct(parts[1].strip()):
            if qualifiers & self._ancestors(match.body_id):
                yield Match(match.body_id, match.name, "normalized", 100.0, match.alias)

    def _ancestors(self, body_id: str) -> set[str]:
        found: set[str] = set()
        current = self._parents.get(body_id)
        while current is not None and current not in found:
            found.add(current)
            current = self._parents.get(current)
        return found

    def _fuzzy(self, text: str, cutoff: float, limit: int) -> Iterable[Match]:
        key = normalize_name(text)
        if key == "":
            return
        hits = process.extract(
            key, self._choices, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=limit
        )
        for choice, score, _ in hits:
            for body_id, alias in self._norm[choice].items():
                yield Match(
                    body_id, self._names[body_id], "fuzzy", min(float(score), FUZZY_CAP), alias
                )


def _keep(best: dict[str, Match], match: Match) -> None:
    known = best.get(match.body_id)
    if known is None or (_RANK[match.method], -match.score) < (_RANK[known.method], -known.score):
        best[match.body_id] = match
