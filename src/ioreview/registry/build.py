"""Build the registry from the bundled data (or any folder laid out like it).

``data/`` holds ``sources/<dataset>/…`` (copies of the source files) and ``registry/*.yaml``
(curated additions). ``build_registry`` reads both, merges the records of each body
(``merge``), gives ids (``ids``), assembles bodies (``assemble``), builds actors (``actors``)
and validates the result (``validate``). Any input it does not understand stops it with
``InvalidData``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ioreview.exc import InvalidData
from ioreview.registry.actors import build_actors
from ioreview.registry.assemble import assemble
from ioreview.registry.catalog import Registry
from ioreview.registry.curated import load_curated
from ioreview.registry.ids import assign_ids
from ioreview.registry.merge import attach_cow, attach_un, seed_drafts
from ioreview.registry.paths import data_root
from ioreview.registry.sources_data import (
    read_countrycodes,
    read_cow_igos,
    read_states,
    read_un_entities,
)
from ioreview.registry.sources_memo import read_bodies, read_crosswalk, read_memorandum_items


@dataclass(frozen=True)
class SourceFiles:
    """The files a registry is built from."""

    bodies: Path
    memorandum: Path
    crosswalk: Path
    un_entities: Path
    cow_igos: Path
    states: Path
    countrycodes: Path
    registry: Path

    @classmethod
    def under(cls, root: Path) -> SourceFiles:
        """The standard layout below a ``data/`` folder."""
        sources = root / "sources"
        return cls(
            bodies=sources / "memorandum-2026" / "bodies.csv",
            memorandum=sources / "memorandum-2026" / "memorandum.txt",
            crosswalk=sources
            / "us-withdrawal-directives-2025-2026"
            / "memorandum_2026-01-07_bodies.csv",
            un_entities=sources / "un-system-entities" / "un_system_entities.csv",
            cow_igos=sources / "cow-igo-v3" / "igo_list_derived.csv",
            states=sources / "cow-state-system" / "statelist2024.csv",
            countrycodes=sources / "country-code-crosswalk" / "countrycode_codelist_subset.csv",
            registry=root / "registry",
        )


def build_registry(files: SourceFiles) -> Registry:
    """Read, merge and validate; the result lists memorandum bodies first, in Sec. 2 order."""
    curated = load_curated(files.registry)
    drafts = seed_drafts(
        read_bodies(files.bodies),
        read_crosswalk(files.crosswalk),
        read_memorandum_items(files.memorandum),
        curated,
    )
    drafts = attach_un(drafts, read_un_entities(files.un_entities), curated)
    drafts = attach_cow(drafts, read_cow_igos(files.cow_igos), curated)
    assign_ids(drafts, curated.id_overrides)
    ids = {draft.id for draft in drafts}
    parents = {}
    for link in curated.parents:
        if link.body not in ids:
            raise InvalidData(f"parents.yaml: body {link.body!r} is not in the registry")
        if link.body in parents:
            raise InvalidData(f"parents.yaml: body {link.body!r} is listed twice")
        parents[link.body] = link
    bodies = [assemble(draft, curated, parents) for draft in drafts]
    actors = build_actors(
        read_states(files.states),
        read_countrycodes(files.countrycodes),
        curated.actor_iso,
        curated.dataset_urls,
    )
    return Registry(
        bodies,
        actors,
        kinds=curated.kinds.descriptions,
        excluded=sorted(curated.excluded_un_entities),
    )


def load_bundled_registry(data_dir: Path | None = None) -> Registry:
    """The registry of the bundled data (``paths.data_root()`` unless ``data_dir`` is given).

    The result is cached per folder: the registry is immutable.
    """
    root = data_root() if data_dir is None else data_dir
    return _load(root.resolve())


@lru_cache(maxsize=4)
def _load(root: Path) -> Registry:
    return build_registry(SourceFiles.under(root))
