"""Importer metadata: one YAML file per source, beside the importer's one function.

A metadata file names the source, its citation and licence, the bundled file(s) it reads
(relative to the data folder), and assertions on what a load must produce, so a source that
changes shape fails loudly instead of loading half of itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ioreview.exc import InvalidData, NotFound

if TYPE_CHECKING:
    from ioreview.ingest.context import Context

SOURCES = Path(__file__).resolve().parent / "sources"
KNOWN_KEYS = {
    "name", "title", "citation", "licence", "source_url", "files", "assertions", "bundled",
    "order", "notes",
}  # fmt: skip


@dataclass(frozen=True)
class Bounds:
    minimum: int | None = None
    maximum: int | None = None

    def check(self, importer: str, counter: str, value: int) -> None:
        if self.minimum is not None and value < self.minimum:
            raise InvalidData(
                f"{importer}: {counter} = {value}, expected at least {self.minimum}"
            )
        if self.maximum is not None and value > self.maximum:
            raise InvalidData(f"{importer}: {counter} = {value}, expected at most {self.maximum}")


@dataclass(frozen=True)
class ImporterMeta:
    name: str
    title: str
    citation: str
    licence: str
    source_url: str
    #: Role → path relative to the data folder; the first one is the file a user may replace.
    files: dict[str, str]
    assertions: dict[str, Bounds] = field(default_factory=dict)
    #: Loaded by ``ioreview init`` unless ``--no-data``; ``order`` sorts the bundled loads.
    bundled: bool = True
    order: int = 100

    @property
    def main_file(self) -> str:
        return next(iter(self.files))


Loader = Callable[["Context"], None]


def load_meta(name: str) -> ImporterMeta:
    path = SOURCES / name / f"{name}.yml"
    if not path.exists():
        known = ", ".join(sorted(available()))
        raise NotFound(f"no importer {name!r}; known importers: {known}")
    document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise InvalidData(f"{path.name}: expected a mapping")
    unknown = set(document) - KNOWN_KEYS
    if unknown:
        raise InvalidData(f"{path.name}: unknown key {sorted(unknown)[0]!r}")
    if document.get("name") != name:
        raise InvalidData(f"{path.name}: name {document.get('name')!r}, expected {name!r}")
    files = document.get("files")
    if not isinstance(files, dict) or not files:
        raise InvalidData(f"{path.name}: 'files' must map roles to bundled paths")
    assertions = {
        counter: Bounds(bounds.get("min"), bounds.get("max"))
        for counter, bounds in (document.get("assertions") or {}).items()
    }
    return ImporterMeta(
        name=name,
        title=str(document["title"]),
        citation=" ".join(str(document["citation"]).split()),
        licence=str(document["licence"]),
        source_url=str(document["source_url"]),
        files={str(role): str(rel) for role, rel in files.items()},
        assertions=assertions,
        bundled=bool(document.get("bundled", True)),
        order=int(document.get("order", 100)),
    )


def load_function(name: str) -> Loader:
    module = importlib.import_module(f"ioreview.ingest.sources.{name}.importer")
    loader: Loader = module.load
    return loader


def available() -> list[str]:
    return sorted(
        child.name for child in SOURCES.iterdir() if (child / f"{child.name}.yml").exists()
    )
