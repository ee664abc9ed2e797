"""Strict CSV reading for importers whose files may be gzip-compressed.

Like ``ingest.csvread`` (line numbers, no NA guessing: every cell is text and only an empty
cell is empty), plus: gzip files are read by their magic bytes whatever their name, a byte that
is not valid text is reported with its line and column, and ``columns`` may list optional
columns (any order) for files written by hand.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ioreview.exc import InvalidData

GZIP_MAGIC = b"\x1f\x8b"


def read_text(path: Path, encoding: str = "utf-8-sig", expected: str = "a CSV file") -> str:
    """The decoded text of ``path``, gunzipped when it is a gzip file."""
    data = path.read_bytes()
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise InvalidData(
                f"{path.name}: not a readable gzip file ({error}): expected {expected}, "
                "plain or gzip-compressed"
            ) from error
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        start = data.rfind(b"\n", 0, error.start) + 1
        # The fields before the bad byte, read as CSV so that quoted commas do not count.
        prefix = data[start : error.start].decode(encoding, errors="replace")
        field = len(next(csv.reader([prefix]), [""])) - 1
        header = data.split(b"\n", 1)[0].decode(encoding, errors="replace").rstrip("\r")
        names = header.split(",")
        column = names[field] if line > 1 and field < len(names) else f"field {field + 1}"
        raise InvalidData(
            f"{path.name}:{line}:{column}: byte {data[error.start]:#04x} is not {encoding} "
            f"text: expected {expected} in UTF-8"
        ) from error


def read_lists(
    path: Path, expected: Sequence[str], *, encoding: str = "utf-8-sig"
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells in ``expected`` order); the header must be exactly ``expected``."""
    reader, header = _open(path, expected, encoding)
    if header != list(expected):
        _header_error(path, header, expected, ())
    width = len(expected)
    for line, row in _rows(path, reader):
        if len(row) != width:
            raise InvalidData(
                f"{path.name}:{line}: {len(row)} fields, expected {width} ({', '.join(expected)})"
            )
        yield line, row


def read_dicts(
    path: Path,
    required: Sequence[str],
    optional: Sequence[str] = (),
    *,
    encoding: str = "utf-8-sig",
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) with every ``required`` column; absent optional columns read ``""``."""
    reader, header = _open(path, [*required, *optional], encoding)
    known = {*required, *optional}
    if [c for c in required if c not in header] or [c for c in header if c not in known]:
        _header_error(path, header, required, optional)
    if len(set(header)) != len(header):
        twice = sorted({c for c in header if header.count(c) > 1})
        raise InvalidData(f"{path.name}:1: column {twice[0]!r} appears twice: expected it once")
    blank = dict.fromkeys(optional, "")
    for line, row in _rows(path, reader):
        if len(row) != len(header):
            raise InvalidData(
                f"{path.name}:{line}: {len(row)} fields, expected {len(header)} "
                f"({', '.join(header)})"
            )
        yield line, {**blank, **dict(zip(header, row, strict=True))}


def _open(path: Path, expected: Sequence[str], encoding: str) -> tuple[Any, list[str]]:
    text = read_text(path, encoding)
    if not text.strip():
        raise InvalidData(
            f"{path.name}:1: the file is empty: expected a header line "
            f"{','.join(expected)!r} and data rows"
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise InvalidData(f"{path.name}:1: {error}: expected a CSV header line") from error
    return reader, header


def _rows(path: Path, reader: Any) -> Iterator[tuple[int, list[str]]]:
    # csv.Error (an unclosed quote, a stray NUL) becomes InvalidData naming its line.
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InvalidData(
                f"{path.name}:{reader.line_num}: {error}: expected well-formed CSV"
            ) from error
        if row:
            yield reader.line_num, row


def _header_error(
    path: Path, header: list[str], required: Sequence[str], optional: Sequence[str]
) -> None:
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required and c not in optional]
    problems = []
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        problems.append(f"missing column {missing[0]!r}{more}")
    if unknown:
        problems.append(f"unknown column {unknown[0]!r}")
    if not problems:
        problems.append(f"columns {','.join(header)!r} out of order")
    extra = f" (optional: {', '.join(optional)})" if optional else ""
    raise InvalidData(
        f"{path.name}:1: {'; '.join(problems)}: expected the header {','.join(required)!r}{extra}"
    )
