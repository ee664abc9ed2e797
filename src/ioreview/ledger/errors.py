"""Ledger errors: one class per way a proof, note or stored log can fail.

Malformed input derives from both ``InvalidData`` and ``ProofError``: it does not meet its format,
so it does not verify either. Integrity errors carry the offending values as attributes, so a
full audit reports each tamper kind with a distinct class and a message that names the values.
"""

from __future__ import annotations

from ioreview.exc import IntegrityError, InvalidData, ProofError


def _hex(value: bytes) -> str:
    return value.hex()


# --- proofs, notes, checkpoints -------------------------------------------------------------


class InvalidProof(ProofError):
    """An inclusion or consistency proof that does not verify; the message gives the reason."""


class InvalidProofRequest(InvalidData):
    """A proof asked for an index or size outside the tree."""


class InvalidKey(InvalidData):
    """A signer or verifier key that cannot be parsed or does not match its name."""


class InvalidNote(InvalidData, ProofError):
    """Signed-note text that does not follow c2sp.org/signed-note."""


class InvalidCheckpoint(InvalidData, ProofError):
    """Checkpoint text that does not follow c2sp.org/tlog-checkpoint."""


class InvalidReceipt(InvalidData, ProofError):
    """Receipt text that does not follow c2sp.org/tlog-proof@v1."""


class SignatureMismatch(ProofError):
    """A signature line from a known key that does not verify."""


class UnknownKey(ProofError):
    """A note that carries no signature from any known key."""


class OriginMismatch(ProofError):
    """A checkpoint whose origin is not the one the verifier expects."""


class InconsistentCheckpoint(ProofError):
    """A newer checkpoint that does not extend a remembered one."""


# --- stored log integrity (raised by a full audit) ------------------------------------------


class EntryHashMismatch(IntegrityError):
    """Stored entry bytes that do not hash to the stored leaf hash."""

    def __init__(self, *, index: int, stored: bytes, computed: bytes) -> None:
        super().__init__(
            f"entry {index!r}: stored leaf hash {_hex(stored)!r} != hash of entry bytes "
            f"{_hex(computed)!r}"
        )
        self.index, self.stored, self.computed = index, stored, computed


class NodeHashMismatch(IntegrityError):
    """A stored interior node that differs from the hash of its children."""

    def __init__(self, *, level: int, index: int, stored: bytes, computed: bytes) -> None:
        super().__init__(
            f"node (level {level!r}, index {index!r}): stored {_hex(stored)!r} != "
            f"recomputed {_hex(computed)!r}"
        )
        self.level, self.index, self.stored, self.computed = level, index, stored, computed


class RootMismatch(IntegrityError):
    """A rebuilt root that differs from the root a checkpoint signed."""

    def __init__(self, *, size: int, computed: bytes, expected: bytes) -> None:
        super().__init__(
            f"tree size {size!r}: rebuilt root {_hex(computed)!r} != checkpoint root "
            f"{_hex(expected)!r}"
        )
        self.size, self.computed, self.expected = size, computed, expected


class MissingLeaf(IntegrityError):
    """A leaf index below the log size with no stored row."""

    def __init__(self, *, index: int) -> None:
        super().__init__(f"leaf {index!r} is missing")
        self.index = index


class NonContiguousLeaves(IntegrityError):
    """Leaf rows whose indexes skip or repeat."""

    def __init__(self, *, expected: int, found: int) -> None:
        super().__init__(f"expected leaf index {expected!r}, found {found!r}")
        self.expected, self.found = expected, found


class Truncated(IntegrityError):
    """A log smaller than a checkpoint already seen."""

    def __init__(self, *, size: int, seen_size: int) -> None:
        super().__init__(f"log size {size!r} is smaller than seen checkpoint size {seen_size!r}")
        self.size, self.seen_size = size, seen_size


class ForkDetected(IntegrityError):
    """A tree head that contradicts a remembered checkpoint (a split view)."""

    def __init__(self, *, size: int, root: bytes, seen_size: int, seen_root: bytes) -> None:
        if size == seen_size:
            message = (
                f"tree size {size!r}: root {_hex(root)!r} != remembered root {_hex(seen_root)!r}"
            )
        else:
            message = (
                f"tree (size {size!r}, root {_hex(root)!r}) is not consistent with remembered "
                f"(size {seen_size!r}, root {_hex(seen_root)!r})"
            )
        super().__init__(message)
        self.size, self.root, self.seen_size, self.seen_root = size, root, seen_size, seen_root


class CheckpointSignatureInvalid(IntegrityError):
    """A stored checkpoint whose signature does not verify with the log key."""

    def __init__(self, *, size: int, reason: str) -> None:
        super().__init__(f"stored checkpoint for size {size!r} does not verify: {reason}")
        self.size, self.reason = size, reason
