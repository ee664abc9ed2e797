"""Source URIs of directive texts.

A ledger event cites where its document was published, never a local ``file:`` path.
``source_uri_for`` gives, in order: an explicit URI (the CLI's ``--source-url``), the text's
own front matter ``source_url``, or the ``source_url`` of a bundled White House text
(``data/sources/*/texts/*.md``) with the same title and date, which covers the plain-text copy
``data/sources/memorandum-2026/memorandum.txt`` of the 2026 memorandum. It raises
``InvalidData`` when none applies, asking for ``--source-url``.
"""

from __future__ import annotations

from pathlib import Path

from ioreview.directives.parse import ParsedDirective
from ioreview.directives.text import split_front_matter
from ioreview.exc import ConfigurationError, InvalidData
from ioreview.registry.normalize import normalize_name
from ioreview.registry.paths import data_root


def source_uri_for(
    parsed: ParsedDirective, given: str | None = None, data_dir: Path | None = None
) -> str:
    """The URI to cite for ``parsed`` (see the module docstring)."""
    if given is not None:
        if given.strip() == "" or any(char.isspace() for char in given.strip()):
            raise InvalidData(f"source URL {given!r}: expected a URL without spaces")
        return given.strip()
    if parsed.source_url is not None:
        return parsed.source_url.strip()
    bundled = bundled_source_url(parsed, data_dir)
    if bundled is not None:
        return bundled
    name = parsed.filename or "text"
    raise InvalidData(f"{name}: no source URL in the text; pass --source-url URL")


def bundled_source_url(parsed: ParsedDirective, data_dir: Path | None = None) -> str | None:
    """The ``source_url`` of the bundled Markdown text with the title and date of ``parsed``."""
    if parsed.title is None:
        return None
    try:
        root = data_root() if data_dir is None else data_dir
    except ConfigurationError:
        return None
    wanted = normalize_name(parsed.title)
    for path in sorted((root / "sources").glob("*/texts/*.md")):
        try:
            front, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError, InvalidData):
            continue
        title, url = front.get("title"), front.get("source_url")
        if not (isinstance(title, str) and isinstance(url, str)):
            continue
        if normalize_name(title) == wanted and str(front.get("date")) == parsed.date.isoformat():
            return url.strip()
    return None
