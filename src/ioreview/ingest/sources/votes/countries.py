"""UN vote country codes → registry actors.

A code is the ``iso2`` of exactly one registry actor (Namibia's is the string ``"NA"``: every
cell is read as text), or an entry of ``data/registry/unga-countries.yaml`` (dissolved states
with package codes, and rows without a code told apart by their country name).
"""

from __future__ import annotations

from pathlib import Path

from ioreview.exc import InvalidData
from ioreview.registry import Registry
from ioreview.registry.yamlread import fields, listing, read_yaml, text, urls


class Countries:
    """Resolves (country_code, country) of a vote row to an actor id."""

    def __init__(self, by_code: dict[str, str], by_name: dict[str, str]) -> None:
        self._by_code = by_code
        #: For rows without a code only.
        self._by_name = by_name

    def actor(self, code: str, country: str) -> str | None:
        if code == "":
            return self._by_name.get(country)
        return self._by_code.get(code)


def load_countries(path: Path, registry: Registry) -> Countries:
    by_code: dict[str, str] = {}
    twice: set[str] = set()
    for state in registry.actors:
        if state.iso2 is not None:
            if state.iso2 in by_code:
                twice.add(state.iso2)
            by_code[state.iso2] = state.id
    for code in twice:
        del by_code[code]  # ambiguous: only a curated entry may name it
    known = {state.id for state in registry.actors}
    by_name: dict[str, str] = {}
    document = fields(read_yaml(path), path.name, ("urls", "countries"))
    for n, raw in enumerate(listing(document["countries"], path.name), 1):
        where = f"{path.name} entry {n}"
        entry = fields(raw, where, ("code", "country", "actor", "basis", "sources"))
        urls(entry["sources"], f"{where} sources")
        code, country = entry["code"], text(entry["country"], f"{where} country")
        actor = text(entry["actor"], f"{where} actor")
        if actor not in known:
            raise InvalidData(f"{where}: actor {actor!r} is not in the registry")
        if not isinstance(code, str):
            raise InvalidData(f'{where}: code {code!r}, expected text ("" for no code)')
        if code == "":
            by_name[country] = actor
        elif code in by_code and by_code[code] != actor:
            raise InvalidData(f"{where}: code {code!r} is already actor {by_code[code]!r}'s")
        else:
            by_code[code] = actor
    return Countries(by_code, by_name)
