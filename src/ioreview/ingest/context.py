"""The context handed to each importer: transaction, registry, progress, issue log, outputs.

An importer holds only mapping logic. It reads its files through ``path``, maps records to
events (``emit``) and dataset rows (``insert``), and reports what it does not understand with
``reject`` (which stops the import: strict interpretation) or ``warn``. The runner owns the
single transaction, the reconciliation with earlier loads and the ``dataset_loaded`` event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import Progress
from sqlalchemy import Connection, Table, delete, insert

from ioreview.exc import InvalidData
from ioreview.ingest.issues import Issue
from ioreview.ingest.meta import ImporterMeta
from ioreview.ledger.events import Event
from ioreview.registry import Registry, load_registry

T = TypeVar("T")
FLUSH_ROWS = 5000


class Context:
    """What an importer's ``load(context)`` function works with."""

    def __init__(
        self,
        meta: ImporterMeta,
        connection: Connection,
        files: dict[str, Path],
        *,
        actor: str = "USA",
        show_progress: bool = False,
    ) -> None:
        self.meta = meta
        self.connection = connection
        self.files = files
        self.actor = actor
        self.issues: list[Issue] = []
        self.counts: Counter[str] = Counter()
        self.events: dict[str, Event] = {}
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._tables: dict[str, Table] = {}
        self._show_progress = show_progress

    # --- inputs -----------------------------------------------------------------------------

    def path(self, role: str | None = None) -> Path:
        """The file for ``role`` (default: the main file)."""
        key = self.meta.main_file if role is None else role
        if key not in self.files:
            raise InvalidData(f"{self.meta.name}: no file for role {key!r}")
        return self.files[key]

    @cached_property
    def registry(self) -> Registry:
        return load_registry(self.connection)

    def progress(self, items: Iterable[T], total: int | None = None, what: str = "") -> Iterator[T]:
        """Iterate with a progress bar on a terminal; silently elsewhere."""
        console = Console(stderr=True)
        if not (self._show_progress and console.is_terminal):
            yield from items
            return
        with Progress(console=console, transient=True) as bar:
            task = bar.add_task(what or self.meta.name, total=total)
            for item in items:
                yield item
                bar.advance(task)

    # --- outputs ----------------------------------------------------------------------------

    def emit(self, event: Event, key: str) -> None:
        """Queue ``event`` under ``key``, unique within this load; re-imports compare by key."""
        if key in self.events:
            raise InvalidData(f"{self.meta.name}: duplicate record key {key!r}")
        self.events[key] = event
        self.counts["events"] += 1

    def insert(self, table: Table, row: dict[str, Any]) -> None:
        """Add a dataset row; the table's earlier rows are replaced by this load's."""
        if table.name not in self._tables:
            self._tables[table.name] = table
            self._rows[table.name] = []
            self.connection.execute(delete(table))
        buffer = self._rows[table.name]
        buffer.append(row)
        self.counts["rows"] += 1
        self.counts[f"rows:{table.name}"] += 1
        if len(buffer) >= FLUSH_ROWS:
            self._flush(table.name)

    def flush(self) -> None:
        for name in list(self._rows):
            self._flush(name)

    def _flush(self, name: str) -> None:
        rows = self._rows[name]
        if rows:
            self.connection.execute(insert(self._tables[name]), rows)
            self._rows[name] = []

    def count(self, counter: str, amount: int = 1) -> None:
        self.counts[counter] += amount

    # --- issues -----------------------------------------------------------------------------

    def warn(
        self, message: str, *, file: str, line: int | None = None, column: str | None = None
    ) -> None:
        self.issues.append(Issue("warning", file, line, column, message))
        self.counts["warnings"] += 1

    def reject(
        self, message: str, *, file: str, line: int | None = None, column: str | None = None
    ) -> InvalidData:
        """Record a rejected record and return the error to raise: the whole load stops."""
        issue = Issue("rejected", file, line, column, message)
        self.issues.append(issue)
        return InvalidData(str(issue))
