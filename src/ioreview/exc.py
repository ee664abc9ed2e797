"""The errors ioreview raises.

Every error derives from one root, so a caller can catch broadly and recover narrowly::

    IoreviewError
     ├── NotFound            an id, seq or file that does not exist
     ├── InvalidData         input that does not meet its schema (names the offending value)
     │    └── InvalidLens    a lens file that fails validation
     ├── ConfigurationError  settings, keys or origins that are missing or inconsistent
     ├── IntegrityError      stored data that contradicts itself or a signed checkpoint
     │    └── (ledger.errors) one subclass per tamper kind, so each is told apart
     └── ProofError          a proof or signed note that does not verify

The CLI maps every ``IoreviewError`` to exit code 2 and a one-line message; the web API maps
each to its ``status``.
"""

from __future__ import annotations


class IoreviewError(Exception):
    """Root of every error raised by this library."""

    status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(IoreviewError):
    """An identifier that names nothing stored."""

    status = 404


class InvalidData(IoreviewError):
    """Input that does not meet its schema; the message names the offending value."""

    status = 422


class InvalidLens(InvalidData):
    """A lens file that fails validation."""


class ConfigurationError(IoreviewError):
    """Settings, keys or origins that are missing or inconsistent."""

    status = 500


class IntegrityError(IoreviewError):
    """Stored data that contradicts itself or a signed checkpoint."""

    status = 500


class ProofError(IoreviewError):
    """A proof, checkpoint or signed note that does not verify."""

    status = 422


class Conflict(IoreviewError):
    """An action that the current state forbids (for example a duplicate import)."""

    status = 409


class Unauthorized(IoreviewError):
    """A write without a valid token."""

    status = 401


class Forbidden(IoreviewError):
    """A write with a token whose role does not allow it."""

    status = 403
