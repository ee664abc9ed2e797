"""Empty databases for tests: a SQLite file, or a fresh schema on the test PostgreSQL server.

PostgreSQL comes from ``DATABASE_URL`` (``scripts/pg.sh`` starts a throwaway cluster). Under CI
a missing ``DATABASE_URL`` fails the PostgreSQL half instead of skipping it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text


def postgres_base_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("DATABASE_URL is not set under CI: the PostgreSQL half must run")
    pytest.skip("DATABASE_URL not set; run `make test` or source scripts/pg.sh && pg_start")


@contextmanager
def empty_database(backend: str, folder: Path, name: str = "test.db") -> Iterator[str]:
    """The URL of an empty database on ``backend`` for as long as the block runs."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / name}"
        return
    base = postgres_base_url()
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
