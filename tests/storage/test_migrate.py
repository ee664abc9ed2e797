"""Migrations apply once, are recorded, and re-running them changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text

from ioreview.exc import ConfigurationError
from ioreview.storage import current_version, migrate, open_engine
from ioreview.storage.migrate import MIGRATIONS


def test_fresh_database_reaches_latest_version(db_url: str) -> None:
    engine = open_engine(db_url)
    assert current_version(engine) == 0
    applied = migrate(engine)
    assert applied == [name for name, _ in MIGRATIONS]
    assert current_version(engine) == len(MIGRATIONS)
    assert {"body", "leaf", "node", "checkpoint", "log_state"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_second_migrate_is_a_no_op(engine: Engine) -> None:
    before = current_version(engine)
    assert migrate(engine) == []
    assert current_version(engine) == before


def test_ledger_tables_reject_update_and_delete(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO leaf (idx, entry, leaf_hash) VALUES (0, :e, :h)"),
            {"e": b"{}", "h": b"\x00" * 32},
        )
    for statement in ("UPDATE leaf SET entry = :e", "DELETE FROM leaf"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement), {"e": b"x"} if ":e" in statement else {})
    with engine.connect() as connection:
        assert connection.execute(text("SELECT entry FROM leaf")).scalar() == b"{}"


def test_sqlite_uses_wal_and_full_sync(tmp_path: object) -> None:
    engine = open_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        # 2 = FULL
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url at all", "oracle+cx://x"])
def test_unsupported_url_is_named(url: str) -> None:
    with pytest.raises(ConfigurationError, match="expected"):
        open_engine(url)
