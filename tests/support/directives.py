"""A project for the directive tests: the registry, the seed history, the 2026 memorandum and
the US funding figures, without the large bundled datasets (CEB, COW) that ``ioreview init``
also loads. On SQLite the project is built once per test process and copied for each test."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from ioreview.directives.record import record_directive
from ioreview.directives.records import Directive, list_directives
from ioreview.ingest.history import MEMORANDUM, seed_history
from ioreview.ingest.runner import run_import
from ioreview.project import Project, init_project, open_project
from ioreview.registry import Registry, data_root, load_bundled_registry, save_registry
from ioreview.settings import load_settings


@cache
def bundled_registry() -> Registry:
    return load_bundled_registry()


def light_project(db_url: str, data_dir: Path) -> Project:
    """A migrated, keyed project holding the directive test data (see the module docstring)."""
    prefix = "sqlite:///"
    if db_url.startswith(prefix):
        template = _sqlite_template()
        target = Path(db_url[len(prefix) :])
        shutil.copyfile(template / "template.db", target)
        shutil.copytree(template / "data", data_dir)
        return open_project(replace(load_settings(db_url=db_url), data_dir=data_dir))
    return _build(db_url, data_dir)


@cache
def _sqlite_template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ioreview-directives-"))
    atexit.register(shutil.rmtree, folder, True)
    _build(f"sqlite:///{folder / 'template.db'}", folder / "data").close()
    for suffix in ("-wal", "-shm"):
        if (folder / f"template.db{suffix}").exists():
            raise RuntimeError("the template database was not checkpointed on close")
    return folder


def _build(db_url: str, data_dir: Path) -> Project:
    settings = replace(load_settings(db_url=db_url), data_dir=data_dir)
    init_project(settings, load_data=False)
    project = open_project(settings)
    registry = bundled_registry()
    save_registry(project.engine, registry)
    project.ledger.append(seed_history(registry, data_root()).events)
    record_directive(project, data_root() / MEMORANDUM)
    run_import(project, "us_funding")
    return project


def directive_on(project: Project, issued: str, items: int | None = None) -> Directive:
    """The directive issued on ``issued`` (with ``items`` items): ids are looked up, not typed."""
    with project.engine.connect() as connection:
        found = [
            d for d in list_directives(connection)
            if d.date is not None and d.date.isoformat() == issued
            and (items is None or len(d.items) == items)
        ]  # fmt: skip
    assert len(found) == 1, [d.id for d in found]
    return found[0]
