"""A project: one database (registry, ledger, datasets) plus its signing key and verifier state.

``init_project`` is idempotent: a second run with the same bundled data changes nothing.
``open_project`` refuses a database that ``init`` has not prepared.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine, select

from ioreview.exc import ConfigurationError
from ioreview.ingest.history import seed_history
from ioreview.ledger import projection
from ioreview.ledger.events import Event
from ioreview.ledger.log import Ledger, StoredCheckpoint
from ioreview.ledger.note import Signer, Verifier, generate_signer, load_signer, parse_verifier_key
from ioreview.registry import Registry, data_root, load_bundled_registry, load_registry
from ioreview.registry import save_registry as _save_registry
from ioreview.settings import Settings
from ioreview.storage import current_version, migrate, open_engine
from ioreview.storage.migrate import MIGRATIONS
from ioreview.storage.projection_tables import event_index


@dataclass
class Project:
    """The open database and keys of one ioreview project."""

    settings: Settings
    engine: Engine

    @property
    def origin(self) -> str:
        return self.settings.log_origin

    @cached_property
    def signer(self) -> Signer | None:
        path = self.settings.signing_key_path
        return load_signer(path, self.origin) if path.exists() else None

    @cached_property
    def verifier(self) -> Verifier:
        """The configured verifier key: the vkey file, else the one derived from the signer."""
        vkey = self.settings.data_dir / "ledger.vkey"
        if vkey.exists():
            verifier = parse_verifier_key(vkey.read_text(encoding="utf-8").strip())
            if verifier.name != self.origin:
                raise ConfigurationError(
                    f"verifier key {str(vkey)!r} is for {verifier.name!r}, not the log "
                    f"origin {self.origin!r}"
                )
            return verifier
        if self.signer is None:
            raise ConfigurationError(
                f"no verifier key: neither {str(vkey)!r} nor the signing key "
                f"{str(self.settings.signing_key_path)!r} exists"
            )
        return self.signer.verifier()

    @cached_property
    def ledger(self) -> Ledger:
        return Ledger(
            self.engine,
            self.origin,
            self.signer,
            on_append=[projection.apply],
            publish=self._publish,
        )

    def registry(self) -> Registry:
        with self.engine.connect() as connection:
            return load_registry(connection)

    def _publish(self, checkpoint: StoredCheckpoint) -> None:
        # A copy outside the database: what a rewrite of the database cannot take back.
        target = self.settings.data_dir / "checkpoint.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(checkpoint.note, encoding="utf-8")
        temporary.replace(target)

    def close(self) -> None:
        self.engine.dispose()


def open_project(settings: Settings) -> Project:
    engine = open_engine(settings.db_url)
    version = current_version(engine)
    if version < len(MIGRATIONS):
        engine.dispose()
        raise ConfigurationError(
            f"database {settings.db_url!r} is at schema version {version} of "
            f"{len(MIGRATIONS)}: run `ioreview init`"
        )
    return Project(settings=settings, engine=engine)


@dataclass
class InitReport:
    db_url: str
    origin: str
    migrations: list[str] = field(default_factory=list)
    key_created: bool = False
    registry_changed: bool = False
    bodies: int = 0
    actors: int = 0
    events_appended: int = 0
    ledger_size: int = 0
    missing: list[dict[str, str]] = field(default_factory=list)
    #: Importer name → events appended by this run (0 for an unchanged source).
    imports: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(
            self.migrations or self.key_created or self.registry_changed or self.events_appended
            or any(self.imports.values())
        )

    def to_json(self) -> dict[str, object]:
        return {
            "db": self.db_url, "origin": self.origin, "migrations": self.migrations,
            "key_created": self.key_created, "registry_changed": self.registry_changed,
            "bodies": self.bodies, "actors": self.actors,
            "events_appended": self.events_appended, "ledger_size": self.ledger_size,
            "changed": self.changed, "missing": self.missing, "imports": self.imports,
        }  # fmt: skip


def init_project(
    settings: Settings,
    *,
    force: bool = False,
    load_data: bool = True,
    importers: Sequence[str] | None = None,
) -> InitReport:
    """Create or update the database, the signing key and the bundled data; idempotent.

    ``importers`` limits the bundled datasets loaded (default: every bundled importer).
    ``force`` also rebuilds the projections (caches derived from the ledger) from every entry;
    nothing in the ledger itself is ever removed or rewritten.
    """
    engine = open_engine(settings.db_url)
    report = InitReport(db_url=settings.db_url, origin=settings.log_origin)
    try:
        report.migrations = migrate(engine)
        report.key_created = _ensure_key(settings)
        project = Project(settings=settings, engine=engine)
        project.ledger.create()
        _write_vkey(settings, project.verifier)
        if load_data:
            registry = load_bundled_registry()
            saved = _save_registry(engine, registry)
            report.registry_changed = saved.changed
            report.bodies, report.actors = len(registry), len(registry.actors)
            history = seed_history(registry, data_root())
            report.missing = history.missing
            new = _not_yet_recorded(engine, history.events)
            report.events_appended = len(project.ledger.append(new))
            report.events_appended += _record_memorandum(project)
            report.events_appended += _record_published_assessments(project)
            report.imports = _run_bundled_importers(project, importers)
        if force:
            with engine.begin() as connection:
                projection.rebuild(connection, list(project.ledger.events()))
        report.ledger_size = project.ledger.size()
    finally:
        engine.dispose()
    return report


def _record_memorandum(project: Project) -> int:
    # Imported here: directive recording builds on this module's Project.
    from ioreview.directives.record import record_directive
    from ioreview.ingest.history import MEMORANDUM

    return len(record_directive(project, data_root() / MEMORANDUM).appended)


def _record_published_assessments(project: Project) -> int:
    # Imported here: the review package builds on this module's Project.
    from ioreview.review import load_published_assessments

    return load_published_assessments(project)


def _run_bundled_importers(project: Project, only: Sequence[str] | None) -> dict[str, int]:
    # Imported here: the importers build on this module's Project.
    from ioreview.ingest.runner import bundled_importers, check_known, run_import

    names = bundled_importers()
    if only is not None:
        for name in only:
            check_known(name)
        names = [name for name in names if name in only]
    results: dict[str, int] = {}
    for name in names:
        report = run_import(project, name)
        # Each load that is not a no-op also appends its dataset_loaded event.
        changes = report.appended + report.superseded + report.retracted + 1
        results[name] = 0 if report.unchanged else changes
    return results


def _ensure_key(settings: Settings) -> bool:
    path = settings.signing_key_path
    if path.exists():
        load_signer(path, settings.log_origin)  # fails early on a key for another origin
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    generate_signer(settings.log_origin).save(path)
    return True


def _write_vkey(settings: Settings, verifier: Verifier) -> None:
    path = settings.data_dir / "ledger.vkey"
    text = verifier.key_string() + "\n"
    if not path.exists():
        path.write_text(text, encoding="utf-8")


def _not_yet_recorded(engine: Engine, events: list[Event]) -> list[Event]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(event_index.c.payload).where(event_index.c.payload.like('%"seed":%'))
        ).scalars()
        seen = {json.loads(payload).get("seed") for payload in rows}
    return [event for event in events if event.payload.get("seed") not in seen]
