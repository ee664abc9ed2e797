"""Strict reading of the COW CSV files: gzip or plain, UTF-8, line numbers, named columns.

Every cell stays text; nothing guesses missing values. Errors name the file, the line, the
column and the expected form, so the caller can raise them as rejected records.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"


class Problem(Exception):
    """Where a file breaks its expected form (raised to the importer, which rejects it)."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: str | None = None,
        *,
        file: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        #: None: the file being read when the problem was raised.
        self.file = file


@dataclass
class CsvTable:
    """A whole CSV file: its header, its data rows and the line each row starts on."""

    name: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def index(self, column: str) -> int:
        return self.header.index(column)


def read_table(path: Path, required: Sequence[str]) -> CsvTable:
    """Read ``path``; the header must hold every ``required`` column, each exactly once."""
    records = _parse(decode(path))
    try:
        _, header = next(records)
    except StopIteration:
        raise empty_file(required) from None
    if not any(cell.strip() for cell in header):
        raise empty_file(required)
    check_header(header, required)
    table = CsvTable(path.name, header)
    width = len(header)
    for line, row in records:
        if row == [] or row == [""]:
            continue
        if len(row) != width:
            column = header[min(len(row), width) - 1]
            raise Problem(
                f"{len(row)} fields, expected {width} (one per header column)", line, column
            )
        table.rows.append(row)
        table.lines.append(line)
    return table


def _parse(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for row in reader:
        # A quoted field may span lines: a record is named by the line it starts on.
        yield start, row
        start = reader.line_num + 1


def decode(path: Path) -> str:
    """The text of ``path``: gunzipped when it starts with the gzip magic, UTF-8 decoded."""
    data = path.read_bytes()
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise Problem(
                f"not a readable gzip file ({error}): expected a CSV file, plain or gzip", 1
            ) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        position = data.count(b",", line_start, error.start)
        header = data[: data.find(b"\n")].decode("utf-8", errors="replace").split(",")
        column = header[position] if position < len(header) else f"field {position + 1}"
        raise Problem(
            f"byte {data[error.start]:#04x} is not UTF-8 text: expected a UTF-8 CSV file",
            line,
            column,
        ) from error


def empty_file(required: Sequence[str]) -> Problem:
    first = ",".join(required[:3])
    return Problem(f"the file is empty: expected a header line with {first}, …", 1, required[0])


def check_header(header: list[str], required: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise Problem(f"column {name!r} appears twice: expected unique column names", 1, name)
        seen.add(name)
    missing = [name for name in required if name not in seen]
    if missing:
        raise Problem(
            f"missing column {missing[0]!r}: expected the columns {', '.join(required)}",
            1,
            missing[0],
        )
