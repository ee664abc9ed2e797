"""Actors from the COW state system, with ISO 3166 codes where a crosswalk gives them.

- One actor per (COW abbreviation, COW code) pair; its spells are the state list's rows.
- ISO alpha-3/alpha-2 come from the countrycode row with the same ``cowc`` and ``cown``, or
  from ``actors.yaml`` (Serbia: countrycode gives COW 345 to Yugoslavia only).
- Id: the ISO alpha-3 code when known, else the COW abbreviation; a COW abbreviation that is
  another state's ISO alpha-3 (COW "CZE" Czechoslovakia vs ISO "CZE" Czechia, COW "KOR" Korea
  1887–1905 vs ISO "KOR" South Korea) becomes ``<abbreviation>-<code>`` (``CZE-315``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ioreview.exc import InvalidData
from ioreview.registry.curated import ActorIso
from ioreview.registry.model import JsonValue, canonical_json
from ioreview.registry.sources_data import CountryCodeRow, StateSpellRow


@dataclass(frozen=True)
class Spell:
    """One spell of state-system membership (ISO dates, both ends as the source gives them)."""

    start: str
    end: str


@dataclass(frozen=True)
class Actor:
    """Who engages: here, a state of the COW state system."""

    id: str
    name: str
    kind: str
    iso3: str | None
    iso2: str | None
    cow_code: int | None
    cow_abb: str | None
    spells: tuple[Spell, ...] = ()
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: How the id was chosen ("iso3", "cow_abb", "cow_abb-ccode").
    id_rule: str = "iso3"

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "iso3": self.iso3,
            "iso2": self.iso2,
            "cow_code": self.cow_code,
            "cow_abb": self.cow_abb,
            "spells": [{"start": s.start, "end": s.end} for s in self.spells],
            "sources": {key: urls[0] for key, urls in sorted(self.sources.items())},
            "source_urls": {key: list(urls) for key, urls in sorted(self.sources.items())},
            "id_rule": self.id_rule,
        }

    def canonical_json(self) -> str:
        return canonical_json(self.to_json())

    @classmethod
    def from_json(cls, document: Mapping[str, JsonValue]) -> Actor:
        try:
            return cls(
                id=document["id"],
                name=document["name"],
                kind=document["kind"],
                iso3=document["iso3"],
                iso2=document["iso2"],
                cow_code=document["cow_code"],
                cow_abb=document["cow_abb"],
                spells=tuple(Spell(s["start"], s["end"]) for s in document["spells"]),
                sources={key: tuple(urls) for key, urls in document["source_urls"].items()},
                id_rule=document["id_rule"],
            )
        except (KeyError, TypeError) as error:
            raise InvalidData(f"actor document {document.get('id')!r} lacks {error}") from error


def build_actors(
    spells: list[StateSpellRow],
    codes: list[CountryCodeRow],
    overrides: tuple[ActorIso, ...],
    urls: Mapping[str, str],
) -> tuple[Actor, ...]:
    """One actor per COW state; ISO codes where countrycode or ``actors.yaml`` link them."""
    states: dict[tuple[str, int], list[StateSpellRow]] = {}
    for spell in spells:
        states.setdefault((spell.stateabb, spell.ccode), []).append(spell)
    by_cow: dict[tuple[str, int], CountryCodeRow] = {}
    for code in codes:
        if code.cowc is not None and code.cown is not None:
            if (code.cowc, code.cown) in by_cow:
                raise InvalidData(
                    f"countrycode line {code.line}: COW {code.cowc}/{code.cown} repeated"
                )
            by_cow[(code.cowc, code.cown)] = code
    linked = {(o.cow_abb, o.cow_code): o for o in overrides}
    for key, override in linked.items():
        rows = states.get(key)
        if rows is None or rows[0].name != override.name:
            raise InvalidData(f"actors.yaml: COW {key} {override.name!r} is not in the state list")
        if key in by_cow:
            raise InvalidData(f"actors.yaml: COW {key} is already linked by countrycode")
    drafts: list[tuple[str, int, str, str | None, str | None, tuple[str, ...]]] = []
    for (abb, ccode), rows in states.items():
        names = {row.name for row in rows}
        if len(names) != 1:
            raise InvalidData(f"statelist: COW {abb}/{ccode} has several names {sorted(names)}")
        crosswalk = by_cow.get((abb, ccode))
        linked_by_hand = linked.get((abb, ccode))
        iso3: str | None = None
        iso2: str | None = None
        iso_urls: tuple[str, ...] = ()
        if linked_by_hand is not None:
            iso3, iso2, iso_urls = linked_by_hand.iso3, linked_by_hand.iso2, linked_by_hand.sources
        elif crosswalk is not None:
            iso3, iso2, iso_urls = crosswalk.iso3, crosswalk.iso2, (urls["countrycode"],)
        drafts.append((abb, ccode, rows[0].name, iso3, iso2, iso_urls))
    iso_ids = [d[3] for d in drafts if d[3] is not None]
    if len(iso_ids) != len(set(iso_ids)):
        raise InvalidData(f"two COW states map to one ISO alpha-3 code: {sorted(iso_ids)}")
    taken = set(iso_ids)
    actors = []
    state_url = urls["cow-state-system"]
    for abb, ccode, name, iso3, iso2, iso_urls in drafts:
        actor_id: str
        if iso3 is not None:
            actor_id, rule = iso3, "iso3"
        elif abb not in taken:
            actor_id, rule = abb, "cow_abb"
        else:
            actor_id, rule = f"{abb}-{ccode}", "cow_abb-ccode"
        if actor_id in taken and rule != "iso3":
            raise InvalidData(f"actor id {actor_id!r} for COW {abb}/{ccode} is already used")
        taken.add(actor_id)
        sources: dict[str, tuple[str, ...]] = {
            key: (state_url,) for key in ("name", "cow_code", "cow_abb", "spells")
        }
        if iso3 is not None:
            sources["iso3"] = iso_urls
        if iso2 is not None:
            sources["iso2"] = iso_urls
        spells_of = states[(abb, ccode)]
        actors.append(
            Actor(
                id=actor_id,
                name=name,
                kind="state",
                iso3=iso3,
                iso2=iso2,
                cow_code=ccode,
                cow_abb=abb,
                spells=tuple(Spell(s.start.isoformat(), s.end.isoformat()) for s in spells_of),
                sources=sources,
                id_rule=rule,
            )
        )
    return tuple(actors)
