"""Strict CSV reading for importers: exact header, line numbers, no silent NA guessing."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ioreview.exc import InvalidData


def read_rows(
    path: Path, expected: list[str], *, encoding: str = "utf-8-sig"
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; the header must be exactly ``expected``."""
    try:
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as error:
        raise InvalidData(
            f"{path.name}: byte {error.start} is not {encoding} text: expected a UTF-8 CSV file"
        ) from error
    if not text.strip():
        raise InvalidData(f"{path.name}: the file is empty: expected a header line {expected!r}")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        raise InvalidData(
            f"{path.name}:1: header {header!r} does not match: missing {missing!r}, "
            f"unexpected {extra!r}"
        )
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != len(expected):
            raise InvalidData(
                f"{path.name}:{line}: {len(row)} fields, expected {len(expected)} ({expected!r})"
            )
        yield line, dict(zip(expected, row, strict=True))
