"""Engines from URLs: SQLite (the default, WAL, ``synchronous=FULL``) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ioreview.exc import ConfigurationError

#: Execution option that makes a SQLite transaction take the write lock at BEGIN.
WRITE_OPTION = "ioreview_write"


def open_engine(url: str) -> Engine:
    """Return an engine for ``url``; SQLite connections get WAL and full fsync."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise ConfigurationError(
            f"invalid database URL {url!r}: expected sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST:PORT/DB"
        ) from error
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    raise ConfigurationError(
        f"unsupported database backend {backend!r} in {url!r}: expected sqlite or postgresql"
    )


def _sqlite_engine(url: str) -> Engine:
    # The default pool for a file keeps connections open between uses (opening one and running
    # the PRAGMAs costs about a millisecond, which dominated web requests); each process has
    # its own engine, so killed or forked writers never share a handle.
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Autocommit at the driver level; SQLAlchemy's "begin" event below issues BEGIN itself,
        # which is the documented way to get correct transactional behaviour from pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed ledger transaction survives power loss, so a published checkpoint
        # never describes a rolled-back append (reference/ledger.md, pitfall 4).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One all-or-nothing write transaction; on SQLite it holds the write lock from BEGIN."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            yield connection


def is_sqlite(connection: Connection | Engine) -> bool:
    return connection.dialect.name == "sqlite"
