"""C2SP checkpoints (https://c2sp.org/tlog-checkpoint): the signed head of a Merkle log."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ioreview.exc import ConfigurationError
from ioreview.ledger.errors import (
    InconsistentCheckpoint,
    InvalidCheckpoint,
    InvalidProof,
    OriginMismatch,
)
from ioreview.ledger.merkle import HASH_SIZE, verify_consistency
from ioreview.ledger.note import Signer, Verifier, b64decode_strict, open_note, sign_note

#: Sizes are uint64 upstream; staying below 2**63 keeps them in a signed SQL integer.
MAX_SIZE = 2**63 - 1
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


def parse_size(text: str, what: str = "tree size") -> int:
    """Parse an ASCII decimal with no leading zeroes, below 2**63."""
    # An explicit ASCII pattern: int() would accept "+1", " 1", "1_0" and non-ASCII digits.
    if len(text) > 19 or not _DECIMAL.fullmatch(text):
        raise InvalidCheckpoint(f"{what} is not a canonical decimal: {text!r}")
    value = int(text)
    if value > MAX_SIZE:
        raise InvalidCheckpoint(f"{what} {value!r} is too large")
    return value


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: log origin, tree size and RFC 6962 root hash."""

    origin: str
    size: int
    root: bytes

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise InvalidCheckpoint(f"invalid checkpoint origin {self.origin!r}")
        if not 0 <= self.size <= MAX_SIZE:
            raise InvalidCheckpoint(f"invalid checkpoint size {self.size!r}")
        if len(self.root) != HASH_SIZE:
            raise InvalidCheckpoint(f"checkpoint root is not {HASH_SIZE} bytes: {self.root!r}")

    def body(self) -> str:
        """Return the note text ``<origin>\\n<size>\\n<base64 root>\\n`` (no extension lines)."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse checkpoint note text; extension lines are accepted and dropped."""
    if not text.endswith("\n"):
        raise InvalidCheckpoint("checkpoint does not end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise InvalidCheckpoint(f"checkpoint has {len(lines)!r} lines, needs at least 3")
    origin, size, root = lines[:3]
    if not origin:
        raise InvalidCheckpoint("checkpoint origin is empty")
    if any(not line for line in lines[3:]):
        raise InvalidCheckpoint("checkpoint has an empty extension line")
    return Checkpoint(
        origin, parse_size(size), b64decode_strict(root, "checkpoint root", InvalidCheckpoint)
    )


def signed_checkpoint(checkpoint: Checkpoint, signer: Signer) -> str:
    """Return the checkpoint as a signed note; the key name must equal the origin."""
    if signer.name != checkpoint.origin:
        raise ConfigurationError(
            f"key name {signer.name!r} differs from log origin {checkpoint.origin!r}"
        )
    return sign_note(checkpoint.body(), signer)


def verify_checkpoint(note: str | bytes, verifier: Verifier, origin: str) -> Checkpoint:
    """Return the checkpoint in ``note`` once the log key for ``origin`` has verified it."""
    if verifier.name != origin:
        raise ConfigurationError(f"verifier key {verifier.name!r} is not named {origin!r}")
    text, _ = open_note(note, [verifier])
    checkpoint = parse_checkpoint(text)
    if checkpoint.origin != origin:
        raise OriginMismatch(f"checkpoint origin {checkpoint.origin!r}, expected {origin!r}")
    return checkpoint


def verify_extends(old: Checkpoint, new: Checkpoint, proof: Sequence[bytes]) -> None:
    """Raise ``InconsistentCheckpoint`` unless ``new`` is an append-only extension of ``old``."""
    if old.origin != new.origin:
        raise InconsistentCheckpoint(f"origins differ: {old.origin!r} and {new.origin!r}")
    if new.size < old.size:
        raise InconsistentCheckpoint(f"size went back from {old.size!r} to {new.size!r}")
    if old.size == 0:
        # Every tree extends the empty tree; RFC 9162 defines no proof for it.
        if proof:
            raise InconsistentCheckpoint("a proof from the empty tree must be empty")
        return
    try:
        verify_consistency(old.size, new.size, old.root, new.root, proof)
    except InvalidProof as exc:
        raise InconsistentCheckpoint(
            f"checkpoint {new.size!r} does not extend {old.size!r}: {exc.message}"
        ) from exc
