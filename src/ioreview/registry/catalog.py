"""The registry: a validated, immutable set of bodies and actors, with a report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from ioreview.exc import NotFound
from ioreview.registry.actors import Actor
from ioreview.registry.matcher import Match, Matcher, Resolution
from ioreview.registry.model import Body, Conflict
from ioreview.registry.validate import AmbiguousAlias, validate_actors, validate_bodies


@dataclass(frozen=True)
class RegistryReport:
    """What the registry holds and what its build had to record."""

    bodies: int
    by_kind: dict[str, int]
    memo_by_section: dict[str, int]
    with_cow: int
    with_un_entity: int
    with_ceb: int
    merged: dict[str, int]
    ambiguous_aliases: tuple[AmbiguousAlias, ...]
    conflicts: tuple[tuple[str, Conflict], ...]
    actors: int
    actor_id_rules: dict[str, int]
    excluded: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "bodies": self.bodies,
            "by_kind": self.by_kind,
            "memo_by_section": self.memo_by_section,
            "with_external_id": {
                "cow": self.with_cow,
                "un_entity": self.with_un_entity,
                "ceb": self.with_ceb,
            },
            "merged": self.merged,
            "ambiguous_aliases": [
                {"norm": a.norm, "aliases": list(a.aliases), "bodies": list(a.body_ids)}
                for a in self.ambiguous_aliases
            ],
            "conflicts": [{"body": body_id, **c.to_json()} for body_id, c in self.conflicts],
            "actors": self.actors,
            "actor_id_rules": self.actor_id_rules,
            "excluded": list(self.excluded),
        }

    def format(self) -> str:
        """A plain-text summary for terminals and logs."""
        lines = [f"{self.bodies} bodies; {self.actors} actors"]
        lines += [f"  kind {kind}: {count}" for kind, count in sorted(self.by_kind.items())]
        lines.append(f"  memorandum: {self.memo_by_section}")
        lines.append(
            f"  external ids: cow {self.with_cow}, un_entity {self.with_un_entity}, ceb {self.with_ceb}"
        )
        lines.append(f"  bodies merged from several datasets: {self.merged}")
        lines.append(f"{len(self.ambiguous_aliases)} ambiguous aliases")
        for alias in self.ambiguous_aliases:
            lines.append(f"  {alias.aliases[0]!r}: {', '.join(alias.body_ids)}")
        lines.append(f"{len(self.conflicts)} conflicts")
        for body_id, conflict in self.conflicts:
            values = "; ".join(f"{v.value!r} ({v.origin})" for v in conflict.values)
            lines.append(f"  {body_id} {conflict.field}: shows {conflict.shown!r}; {values}")
        return "\n".join(lines)


class Registry:
    """Bodies and actors that passed validation; bodies keep their given order."""

    def __init__(
        self,
        bodies: Iterable[Body],
        actors: Iterable[Actor] = (),
        kinds: Collection[str] | None = None,
        excluded: Iterable[str] = (),
    ) -> None:
        given = tuple(bodies)
        self.ambiguous = validate_bodies(given, kinds)
        shared: dict[str, set[str]] = {}
        for entry in self.ambiguous:
            for body_id in entry.body_ids:
                shared.setdefault(body_id, set()).update(entry.aliases)
        self.bodies: tuple[Body, ...] = tuple(
            replace(
                body,
                ambiguous_aliases=tuple(
                    sorted(a.text for a in body.aliases if a.text in shared.get(body.id, set()))
                ),
            )
            for body in given
        )
        self.actors: tuple[Actor, ...] = tuple(actors)
        validate_actors(self.actors)
        self.excluded = tuple(excluded)
        self._by_id = {body.id: body for body in self.bodies}

    def __len__(self) -> int:
        return len(self.bodies)

    def __contains__(self, body_id: object) -> bool:
        return body_id in self._by_id

    def body(self, body_id: str) -> Body:
        """The body with ``body_id``; ``NotFound`` names the closest ids."""
        found = self._by_id.get(body_id)
        if found is None:
            closest = ", ".join(m.body_id for m in self.matcher.search(body_id, limit=3, cutoff=0))
            raise NotFound(f"no body {body_id!r}; closest: {closest}")
        return found

    def memo_bodies(self) -> list[Body]:
        """The 66 memorandum bodies in memorandum order."""
        return sorted(
            (b for b in self.bodies if b.memo_order is not None), key=lambda b: b.memo_order or 0
        )

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.bodies)

    def search(self, text: str, limit: int = 10) -> list[Match]:
        return self.matcher.search(text, limit=limit)

    def resolve(self, text: str) -> Resolution:
        return self.matcher.resolve(text)

    def report(self) -> RegistryReport:
        merged: Counter[str] = Counter()
        for body in self.bodies:
            parts = [
                p.split("/")[1 if p.startswith("sources/") else 0]
                for p in body.details.get("merged_from", [])
            ]
            datasets = sorted(set(parts) - {"us-withdrawal-directives-2025-2026"})
            if len(datasets) > 1:
                merged["+".join(datasets)] += 1
        return RegistryReport(
            bodies=len(self.bodies),
            by_kind=dict(sorted(Counter(b.kind for b in self.bodies).items())),
            memo_by_section=dict(
                sorted(Counter(b.memo.section for b in self.bodies if b.memo).items())
            ),
            with_cow=sum(b.external_ids.cow is not None for b in self.bodies),
            with_un_entity=sum(b.external_ids.un_entity is not None for b in self.bodies),
            with_ceb=sum(b.external_ids.ceb is not None for b in self.bodies),
            merged=dict(sorted(merged.items())),
            ambiguous_aliases=self.ambiguous,
            conflicts=tuple((b.id, c) for b in self.bodies for c in b.conflicts),
            actors=len(self.actors),
            actor_id_rules=dict(sorted(Counter(a.id_rule for a in self.actors).items())),
            excluded=self.excluded,
        )
