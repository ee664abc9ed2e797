"""Paths and loaders shared by the directive tests."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from ioreview.directives.parse import ParsedDirective, parse_directive
from ioreview.directives.text import DirectiveFile, read_directive_file

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "directives"
MEMO_DATE = dt.date(2026, 1, 7)
MEMO_URL = (
    "https://www.whitehouse.gov/presidential-actions/2026/01/withdrawing-the-united-states-from-"
    "international-organizations-conventions-and-treaties-that-are-contrary-to-the-interests-of-"
    "the-united-states/"
)


def data_file(relative: str) -> Path:
    """A file of the bundled data (``data/sources``)."""
    return REPO / "data" / "sources" / relative


def memo_text_path() -> Path:
    return data_file("memorandum-2026/memorandum.txt")


def memo_markdown_path() -> Path:
    folder = data_file("us-withdrawal-directives-2025-2026/texts")
    return next(folder.glob("2026-01-07-withdrawing-*.md"))


def fact_sheet_path() -> Path:
    folder = data_file("us-withdrawal-directives-2025-2026/texts")
    return next(folder.glob("2026-01-07-fact-sheet-*.md"))


def memo_forms() -> dict[str, tuple[DirectiveFile, ParsedDirective]]:
    """Both forms of the 2026 memorandum, read and parsed (the plain text needs the date)."""
    plain = read_directive_file(memo_text_path())
    markdown = read_directive_file(memo_markdown_path())
    return {
        "text": (plain, parse_directive(plain.text, date=MEMO_DATE, filename="memorandum.txt")),
        "markdown": (markdown, parse_directive(markdown.text, filename=markdown.path.name)),
    }


def memo_rows() -> list[dict[str, str]]:
    """``memorandum_2026-01-07_bodies.csv``: section, item, name of the 66 items."""
    path = data_file("us-withdrawal-directives-2025-2026/memorandum_2026-01-07_bodies.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
