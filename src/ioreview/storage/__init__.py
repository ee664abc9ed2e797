"""Storage: engine from URL, tables, versioned migrations."""

from ioreview.storage.db import open_engine, write_transaction
from ioreview.storage.migrate import current_version, migrate

__all__ = ["current_version", "migrate", "open_engine", "write_transaction"]
