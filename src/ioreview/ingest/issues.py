"""The issue log of one import: warnings and rejected records, each with file:line:column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    level: str  # "warning" | "rejected"
    file: str
    line: int | None
    column: str | None
    message: str

    def where(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
        if self.column is not None:
            parts.append(self.column)
        return ":".join(parts)

    def to_json(self) -> dict[str, object]:
        return {
            "level": self.level, "file": self.file, "line": self.line, "column": self.column,
            "message": self.message,
        }  # fmt: skip

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"
