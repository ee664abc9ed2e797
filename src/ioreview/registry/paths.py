"""Where the bundled data lives.

One function decides, so that the CLI, the web app and the tests all read the same files.
"""

from __future__ import annotations

import os
from pathlib import Path

from ioreview.exc import ConfigurationError

#: Environment variable that points at a ``data/`` folder (wins over the checkout's own).
DATA_ENV = "IOREVIEW_DATA"


def data_root() -> Path:
    """Return the ``data/`` folder: ``$IOREVIEW_DATA`` if set, else ``<repo>/data``.

    ``<repo>`` is found relative to this file (``src/ioreview/registry/paths.py``), which is
    where an editable install or a source checkout keeps it.
    """
    configured = os.environ.get(DATA_ENV)
    if configured is not None and configured != "":
        root = Path(configured)
        if not (root / "sources").is_dir():
            raise ConfigurationError(
                f"{DATA_ENV}={configured!r} has no 'sources' folder; point it at ioreview's data/"
            )
        return root
    root = Path(__file__).resolve().parents[3] / "data"
    if not (root / "sources").is_dir():
        raise ConfigurationError(
            f"bundled data not found at {root}; set {DATA_ENV} to the folder holding "
            "'sources/' and 'registry/'"
        )
    return root


def sources_dir(root: Path | None = None) -> Path:
    """The folder of copied source datasets (``data/sources``)."""
    return (data_root() if root is None else root) / "sources"


def registry_dir(root: Path | None = None) -> Path:
    """The folder of hand-curated registry files (``data/registry``)."""
    return (data_root() if root is None else root) / "registry"
