"""The registry of bodies and actors: bundled data, validation, name matching, storage.

Typical use::

    from ioreview.registry import load_bundled_registry, save_registry, search

    registry = load_bundled_registry()          # built from data/ and validated
    registry.resolve("ECOSOC — Economic Commission for Africa").match   # → eca
    search("UN Water")                          # the same, against the bundled registry
    save_registry(engine, registry)             # idempotent
"""

from ioreview.registry.actors import Actor, Spell
from ioreview.registry.build import SourceFiles, build_registry, load_bundled_registry
from ioreview.registry.catalog import Registry, RegistryReport
from ioreview.registry.lookup import resolve, search
from ioreview.registry.matcher import FUZZY_CUTOFF, Match, Matcher, Resolution
from ioreview.registry.model import (
    Alias,
    Body,
    Conflict,
    ExternalIds,
    MemoRef,
    SourcedValue,
    Years,
)
from ioreview.registry.normalize import normalize_name
from ioreview.registry.paths import data_root
from ioreview.registry.store import (
    SaveResult,
    list_actors,
    list_bodies,
    load_actor,
    load_body,
    load_registry,
    save_registry,
)
from ioreview.registry.validate import AmbiguousAlias, validate_bodies

__all__ = [
    "FUZZY_CUTOFF",
    "Actor",
    "Alias",
    "AmbiguousAlias",
    "Body",
    "Conflict",
    "ExternalIds",
    "Match",
    "Matcher",
    "MemoRef",
    "Registry",
    "RegistryReport",
    "Resolution",
    "SaveResult",
    "SourceFiles",
    "SourcedValue",
    "Spell",
    "Years",
    "build_registry",
    "data_root",
    "list_actors",
    "list_bodies",
    "load_actor",
    "load_body",
    "load_bundled_registry",
    "load_registry",
    "normalize_name",
    "resolve",
    "save_registry",
    "search",
    "validate_bodies",
]
