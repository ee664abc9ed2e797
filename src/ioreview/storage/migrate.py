"""Versioned migrations, applied in order and recorded in ``schema_migration``.

A migration is a name and a function of a connection. New migrations are appended to
``MIGRATIONS``; an applied migration is never edited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Table, func, inspect, select

from ioreview.storage import (
    ceb_tables,
    cow_tables,
    projection_tables,
    review_tables,
    tables,
    votes_tables,
    web_tables,
)
from ioreview.storage.db import write_transaction

MigrationStep = Callable[[Connection], None]


def _create(*group: Table) -> MigrationStep:
    def step(connection: Connection) -> None:
        for table in group:
            table.create(connection)

    return step


def _ledger_guards(connection: Connection) -> None:
    # Guards against mistakes (an UPDATE or DELETE issued by hand); they are not a security
    # control: tamper evidence comes from checkpoints held outside the database.
    guarded = ("leaf", "node", "checkpoint")
    if connection.dialect.name == "sqlite":
        for name in guarded:
            for action in ("UPDATE", "DELETE"):
                connection.exec_driver_sql(
                    f"CREATE TRIGGER {name}_no_{action.lower()} BEFORE {action} ON {name} "
                    f"BEGIN SELECT RAISE(ABORT, '{name} is append-only'); END"
                )
    else:
        connection.exec_driver_sql(
            "CREATE FUNCTION ioreview_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME; END $$"
        )
        for name in guarded:
            connection.exec_driver_sql(
                f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
                "FOR EACH ROW EXECUTE FUNCTION ioreview_append_only()"
            )


MIGRATIONS: Sequence[tuple[str, MigrationStep]] = (
    ("registry tables", _create(*tables.REGISTRY_TABLES)),
    ("ledger tables", _create(*tables.LEDGER_TABLES)),
    ("ledger append-only guards", _ledger_guards),
    ("projection tables", _create(*projection_tables.PROJECTION_TABLES)),
    ("web tables", _create(*web_tables.TABLES)),
    ("ceb tables", _create(*ceb_tables.TABLES)),
    ("votes tables", _create(*votes_tables.TABLES)),
    ("cow tables", _create(*cow_tables.TABLES)),
    ("review tables", _create(*review_tables.TABLES)),
)


def current_version(engine: Engine) -> int:
    """The highest applied migration, 0 for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("schema_migration"):
            return 0
        version = connection.execute(select(func.max(tables.schema_migration.c.version)))
        return int(version.scalar() or 0)


def migrate(engine: Engine) -> list[str]:
    """Apply every pending migration in one transaction; return the names applied."""
    applied: list[str] = []
    with write_transaction(engine) as connection:
        if not inspect(connection).has_table("schema_migration"):
            tables.schema_migration.create(connection)
        done = connection.execute(select(func.max(tables.schema_migration.c.version))).scalar()
        for version, (name, step) in enumerate(MIGRATIONS, start=1):
            if version <= int(done or 0):
                continue
            step(connection)
            connection.execute(
                tables.schema_migration.insert().values(
                    version=version, name=name, applied_at=datetime.now(UTC).isoformat()
                )
            )
            applied.append(name)
    return applied
