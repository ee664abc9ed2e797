"""Helpers for importer tests (shared by the importer engineers: add functions, change none)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.engine import make_url

from ioreview.ingest.meta import load_meta
from ioreview.ledger.note import generate_signer
from ioreview.project import Project, init_project, open_project
from ioreview.registry import Registry, data_root, load_bundled_registry, save_registry
from ioreview.settings import Settings, load_settings
from ioreview.storage import migrate, open_engine
from support.databases import empty_database

COW_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest" / "cow"


def seeded_project(db_url: str, folder: Path) -> Project:
    """An initialised project (registry and seed history) without any bundled import.

    A full ``init`` runs every bundled importer, tens of seconds per project; an importer test
    starts from here and runs its own importer explicitly. On SQLite the project is a copy of
    one initialised per test process (database file and key folder), which saves the init.
    """
    settings = load_settings({"IOREVIEW_DATA_DIR": str(folder / "data")}, db_url=db_url)
    target = make_url(db_url).database if db_url.startswith("sqlite:///") else None
    if target is None:
        init_project(settings, importers=[])
        return open_project(settings)
    template = _sqlite_template()
    shutil.copyfile(template / "seeded.db", target)
    if (template / "seeded.db-wal").exists():  # normally checkpointed away on close
        shutil.copyfile(template / "seeded.db-wal", f"{target}-wal")
    shutil.copytree(template / "data", folder / "data")
    return open_project(settings)


@cache
def _sqlite_template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ioreview-seeded-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    settings = load_settings(
        {"IOREVIEW_DATA_DIR": str(folder / "data")}, db_url=f"sqlite:///{folder / 'seeded.db'}"
    )
    # init disposes its engine: the WAL is checkpointed into the file, which copies whole.
    init_project(settings, importers=[])
    return folder


def data_root_with(folder: Path, files: dict[str, Path]) -> Path:
    """A data folder (for ``IOREVIEW_DATA``) holding ``files``: relative path → source file.

    The importer runner reads every input role from the data folder except the main file, so
    a test that replaces a secondary file (the COW state-year file) points the runner here.
    """
    root = folder / "data-root"
    (root / "sources").mkdir(parents=True, exist_ok=True)
    for relative, source in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return root


def cow_fixture_root(folder: Path, state_year: Path | None = None) -> Path:
    """A data folder whose COW files are the small fixtures (or ``state_year`` instead)."""
    return data_root_with(
        folder,
        {
            "sources/cow-igo-v3/igo_year_formatv3.csv.gz": COW_FIXTURES / "igo_year.csv.gz",
            "sources/cow-igo-v3/state_year_formatv3.csv.gz": state_year
            or COW_FIXTURES / "state_year.csv.gz",
            "ledger/corrections.yaml": data_root() / "ledger" / "corrections.yaml",
        },
    )


def row_count(project: Project, table: Table) -> int:
    with project.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


# --- CEB, votes and events importers ---------------------------------------------------------


@cache
def bundled_registry() -> Registry:
    """The bundled registry, built once per test session (it is immutable)."""
    return load_bundled_registry()


def bare_project(db_url: str, data_dir: Path) -> Project:
    """A migrated project with its key, an empty ledger and the bundled registry.

    Unlike ``init_project`` it neither records the seed history nor runs a bundled importer,
    and it builds the registry once per session, so a test loads only what it names.
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
    with empty_database(backend, directory, "test.db") as url:
        yield url


def snapshot(project: Project) -> dict[str, int]:
    """Row counts of every table and the ledger size: equal before and after a refused load."""
    from ioreview.storage.projection_tables import projection_metadata
    from ioreview.storage.tables import metadata  # every dataset table module registers here

    counts: dict[str, int] = {"ledger size": project.ledger.size()}
    tables = {**metadata.tables, **projection_metadata.tables}
    with project.engine.connect() as connection:
        for name, table in sorted(tables.items()):
            counts[name] = int(
                connection.execute(select(func.count()).select_from(table)).scalar() or 0
            )
    return counts
