"""Name lookup against the bundled registry, for callers that hold no ``Registry``.

The registry and its matcher index are built once per process (``load_bundled_registry``
caches them).
"""

from __future__ import annotations

from ioreview.registry.build import load_bundled_registry
from ioreview.registry.matcher import FUZZY_CUTOFF, Match, Resolution


def search(text: str, limit: int = 10, cutoff: float = FUZZY_CUTOFF) -> list[Match]:
    """Candidate bodies for ``text``, best first (see ``Matcher.search``)."""
    return load_bundled_registry().matcher.search(text, limit=limit, cutoff=cutoff)


def resolve(text: str) -> Resolution:
    """The single body ``text`` names, or the candidates and an ambiguity flag."""
    return load_bundled_registry().matcher.resolve(text)
