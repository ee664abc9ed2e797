"""Strict CSV reading: every column is expected, every cell is taken exactly once.

Cells are read with the ``csv`` module as strings, so a value such as Namibia's ISO code "NA"
stays "NA". A reader pops the columns it maps; ``CsvRow.done`` fails on any cell left over, and
every error names ``file:line``, the column and the value.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from ioreview.exc import InvalidData


class CsvRow:
    """One record of a CSV file, consumed column by column."""

    def __init__(self, path: Path, line: int, cells: dict[str, str]) -> None:
        self.path = path
        self.line = line
        self._cells = cells

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"

    def error(self, message: str) -> InvalidData:
        return InvalidData(f"{self.where}: {message}")

    def pop(self, column: str) -> str:
        """The cell of ``column``, stripped of surrounding whitespace."""
        try:
            return self._cells.pop(column).strip()
        except KeyError:
            raise self.error(f"column {column!r} read twice or missing") from None

    def pop_optional(self, column: str) -> str | None:
        """The cell, or ``None`` when it is empty."""
        value = self.pop(column)
        return None if value == "" else value

    def pop_required(self, column: str) -> str:
        value = self.pop(column)
        if value == "":
            raise self.error(f"column {column!r} is empty")
        return value

    def pop_int(self, column: str) -> int:
        value = self.pop_required(column)
        return self._to_int(column, value)

    def pop_optional_int(self, column: str) -> int | None:
        value = self.pop_optional(column)
        return None if value is None else self._to_int(column, value)

    def pop_choice(self, column: str, allowed: Collection[str]) -> str:
        value = self.pop(column)
        if value not in allowed:
            raise self.error(f"column {column!r} has {value!r}; expected one of {sorted(allowed)}")
        return value

    def pop_flag(self, column: str, true: str = "1", false: str = "0") -> bool:
        return self.pop_choice(column, (true, false)) == true

    def _to_int(self, column: str, value: str) -> int:
        text = value[1:] if value.startswith("-") else value
        if not text.isdigit():
            raise self.error(f"column {column!r} has {value!r}; expected an integer")
        return int(value)

    def done(self) -> None:
        """Fail if a cell was not consumed: the reader does not know what it means."""
        if self._cells:
            left = ", ".join(f"{key}={value!r}" for key, value in self._cells.items())
            raise self.error(f"unmapped columns: {left}")


def read_csv(path: Path, columns: Sequence[str]) -> Iterator[CsvRow]:
    """Yield the records of ``path``; its header must be exactly ``columns``."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise InvalidData(f"{path}: file not found") from None
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise InvalidData(f"{path.name}: empty file") from None
        except (csv.Error, UnicodeDecodeError) as error:
            raise InvalidData(f"{path.name}:1: {error}") from error
        if header != list(columns):
            missing = [c for c in columns if c not in header]
            extra = [c for c in header if c not in columns]
            raise InvalidData(
                f"{path.name}:1: header {header!r} does not match the expected columns "
                f"(missing {missing}, unexpected {extra}, order must be {list(columns)})"
            )
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as error:
                raise InvalidData(f"{path.name}:{line}: {error}") from error
            if len(cells) != len(header):
                raise InvalidData(
                    f"{path.name}:{line}: {len(cells)} cells, expected {len(header)}: {cells!r}"
                )
            yield CsvRow(path, line, dict(zip(header, cells, strict=True)))
