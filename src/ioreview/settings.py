"""One settings object, read from arguments and ``IOREVIEW_*`` environment variables.

Nothing here runs at import time: call :func:`load_settings` where settings are needed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///ioreview.db"
DEFAULT_ORIGIN_PREFIX = "ioreview.local"


@dataclass(frozen=True)
class Settings:
    """Where ioreview keeps its data and how it signs."""

    #: SQLAlchemy URL of the project database (``sqlite:///…`` or ``postgresql+psycopg://…``).
    db_url: str = DEFAULT_DB_URL
    #: Folder for the signing key, verifier state and exports.
    data_dir: Path = Path(".ioreview")
    #: Path of the Ed25519 signing key; defaults to ``<data_dir>/ledger.key``.
    key_path: Path | None = None
    #: Log origin (first line of every checkpoint); defaults to ``ioreview.local/<actor>``.
    origin: str | None = None
    #: The actor whose portfolio the default review covers (ISO 3166 alpha-3).
    actor: str = "USA"

    @property
    def signing_key_path(self) -> Path:
        return self.key_path if self.key_path is not None else self.data_dir / "ledger.key"

    @property
    def log_origin(self) -> str:
        if self.origin is not None:
            return self.origin
        return f"{DEFAULT_ORIGIN_PREFIX}/{self.actor.lower()}"

    @property
    def verifier_state_path(self) -> Path:
        return self.data_dir / "verified-checkpoint.txt"

    def with_db(self, db_url: str | None) -> Settings:
        return self if db_url is None else replace(self, db_url=db_url)


def load_settings(
    environ: Mapping[str, str] | None = None, *, db_url: str | None = None
) -> Settings:
    """Build settings from ``environ`` (default ``os.environ``); ``db_url`` wins over the env."""
    env = os.environ if environ is None else environ
    key = env.get("IOREVIEW_KEY")
    return Settings(
        db_url=db_url or env.get("IOREVIEW_DB") or DEFAULT_DB_URL,
        data_dir=Path(env.get("IOREVIEW_DATA_DIR", ".ioreview")),
        key_path=Path(key) if key else None,
        origin=env.get("IOREVIEW_ORIGIN") or None,
        actor=env.get("IOREVIEW_ACTOR", "USA"),
    )
