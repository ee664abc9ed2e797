"""UN vote country codes → registry actors.

A code is the ``iso2`` of exactly one registry actor (Namibia's is the string ``"NA"``: every
cell is read as text), or an entry of ``data/registry/unga-countries.yaml``: dissolved states
with package codes, rows without a code told apart by their country name, and codes that stand
for one COW code held by two registry actors in turn (``split``: Yugoslavia, then Serbia).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ioreview.exc import InvalidData
from ioreview.registry import Registry
from ioreview.registry.yamlread import fields, listing, read_yaml, text, urls


@dataclass(frozen=True)
class Mapping:
    actor: str
    #: Roll calls dated on or after ``split_date`` go to ``split_actor``.
    split_date: date | None = None
    split_actor: str | None = None

    def on(self, day: date) -> str:
        if self.split_date is not None and self.split_actor is not None and day >= self.split_date:
            return self.split_actor
        return self.actor


class Countries:
    """Resolves (country_code, country, roll-call date) of a vote row to an actor id."""

    def __init__(self, by_code: dict[str, Mapping], by_name: dict[str, Mapping]) -> None:
        self._by_code = by_code
        #: For rows without a code only.
        self._by_name = by_name

    def actor(self, code: str, country: str, day: date) -> str | None:
        found = self._by_name.get(country) if code == "" else self._by_code.get(code)
        return None if found is None else found.on(day)


def load_countries(path: Path, registry: Registry) -> Countries:
    by_code: dict[str, Mapping] = {}
    twice: set[str] = set()
    for state in registry.actors:
        if state.iso2 is not None:
            if state.iso2 in by_code:
                twice.add(state.iso2)
            by_code[state.iso2] = Mapping(state.id)
    for code in twice:
        del by_code[code]  # ambiguous: only a curated entry may name it
    known = {state.id for state in registry.actors}
    by_name: dict[str, Mapping] = {}
    document = fields(read_yaml(path), path.name, ("urls", "countries"))
    for n, raw in enumerate(listing(document["countries"], path.name), 1):
        where = f"{path.name} entry {n}"
        entry = fields(raw, where, ("code", "country", "actor", "basis", "sources"), ("split",))
        urls(entry["sources"], f"{where} sources")
        code, country = entry["code"], text(entry["country"], f"{where} country")
        mapping = _mapping(entry, where, known)
        if not isinstance(code, str):
            raise InvalidData(f'{where}: code {code!r}, expected text ("" for no code)')
        if code == "":
            by_name[country] = mapping
        elif code in by_code and by_code[code].actor != mapping.actor:
            raise InvalidData(f"{where}: code {code!r} is already actor {by_code[code].actor!r}'s")
        else:
            by_code[code] = mapping
    return Countries(by_code, by_name)


def _mapping(entry: dict[str, object], where: str, known: set[str]) -> Mapping:
    actor = text(entry["actor"], f"{where} actor")
    split = entry.get("split")
    actors = [actor]
    split_date: date | None = None
    split_actor: str | None = None
    if split is not None:
        parts = fields(split, f"{where} split", ("date", "actor"))
        if not isinstance(parts["date"], date):
            raise InvalidData(f"{where} split: date {parts['date']!r}, expected YYYY-MM-DD")
        split_date = parts["date"]
        split_actor = text(parts["actor"], f"{where} split actor")
        actors.append(split_actor)
    for name in actors:
        if name not in known:
            raise InvalidData(f"{where}: actor {name!r} is not in the registry")
    return Mapping(actor, split_date, split_actor)
