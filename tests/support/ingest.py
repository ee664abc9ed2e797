"""Helpers for importer tests: a project without the bundled loads, a data folder with fixtures."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from ioreview.ingest.meta import load_meta
from ioreview.ledger.note import generate_signer
from ioreview.project import Project
from ioreview.registry import Registry, data_root, load_bundled_registry, save_registry
from ioreview.settings import Settings
from ioreview.storage import migrate, open_engine


@cache
def bundled_registry() -> Registry:
    """The bundled registry, built once per test session (it is immutable)."""
    return load_bundled_registry()


def bare_project(db_url: str, data_dir: Path) -> Project:
    """A migrated project with its key, an empty ledger and the bundled registry.

    Unlike ``init_project`` it runs no bundled importer, so a test loads only what it names.
    """
    settings = Settings(db_url=db_url, data_dir=data_dir)
    engine = open_engine(db_url)
    migrate(engine)
    settings.signing_key_path.parent.mkdir(parents=True, exist_ok=True)
    generate_signer(settings.log_origin).save(settings.signing_key_path)
    project = Project(settings=settings, engine=engine)
    project.ledger.create()
    save_registry(engine, bundled_registry())
    return project


def data_folder(target: Path, importer: str, replace: dict[str, Path] | None = None) -> Path:
    """A ``data/`` folder holding the importer's files, with ``replace`` (role → file) swapped in.

    Point ``IOREVIEW_DATA`` at the result to run the importer on fixtures for files other than
    its main one.
    """
    meta = load_meta(importer)
    swaps = replace or {}
    unknown = set(swaps) - set(meta.files)
    if unknown:
        raise ValueError(f"{importer} has no file roles {sorted(unknown)}")
    (target / "sources").mkdir(parents=True, exist_ok=True)
    for role, relative in meta.files.items():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(swaps.get(role, data_root() / relative), destination)
    return target


#: The backends of ``tests/conftest.py``, for module-scoped fixtures of importer tests.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@contextmanager
def database_url(backend: str, directory: Path) -> Iterator[str]:
    """An empty database on ``backend`` for as long as the block runs (as ``db_url`` does)."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'test.db'}"
        return
    base = os.environ.get("DATABASE_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("DATABASE_URL is not set under CI: the PostgreSQL half must run")
        pytest.skip("DATABASE_URL not set; run `make test` or source scripts/pg.sh && pg_start")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
