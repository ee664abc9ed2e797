"""Offline receipts in the C2SP tlog-proof@v1 format (https://c2sp.org/tlog-proof).

A receipt is ``c2sp.org/tlog-proof@v1``, an optional ``extra <base64>`` line, ``index <N>``, one
base64 inclusion-proof hash per line, an empty line, then the signed checkpoint note verbatim.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from ioreview.ledger.checkpoint import MAX_SIZE, Checkpoint, parse_size, verify_checkpoint
from ioreview.ledger.errors import InvalidCheckpoint, InvalidReceipt
from ioreview.ledger.merkle import HASH_SIZE, leaf_hash, verify_inclusion
from ioreview.ledger.note import Verifier, b64decode_strict

HEADER = "c2sp.org/tlog-proof@v1"
#: A tree below 2**63 leaves has inclusion paths of at most 63 hashes.
MAX_PROOF_HASHES = 63


@dataclass(frozen=True)
class Receipt:
    """A parsed receipt; ``extra`` is opaque and unauthenticated."""

    index: int
    proof: tuple[bytes, ...]
    note: str
    extra: bytes | None = None


def format_receipt(
    index: int, proof_hashes: Sequence[bytes], signed_note: str, extra: bytes | None = None
) -> str:
    """Return the tlog-proof@v1 text for entry ``index`` under the checkpoint ``signed_note``."""
    if not 0 <= index <= MAX_SIZE:
        raise InvalidReceipt(f"receipt index {index!r} is out of range")
    if any(len(h) != HASH_SIZE for h in proof_hashes) or len(proof_hashes) > MAX_PROOF_HASHES:
        raise InvalidReceipt(f"receipt proof is not a list of {HASH_SIZE}-byte hashes")
    if not signed_note.endswith("\n"):
        raise InvalidReceipt("signed checkpoint note must end with a newline")
    lines = [HEADER]
    if extra is not None:
        lines.append(f"extra {base64.b64encode(extra).decode()}")
    lines.append(f"index {index}")
    lines.extend(base64.b64encode(h).decode() for h in proof_hashes)
    return "\n".join(lines) + "\n\n" + signed_note


def parse_receipt(text: str) -> Receipt:
    """Parse tlog-proof@v1 text; the checkpoint note is returned verbatim, not yet verified."""
    lines = text.split("\n")
    if lines[0] != HEADER:
        raise InvalidReceipt(f"receipt does not start with {HEADER!r}: {lines[0][:40]!r}")
    at = 1
    extra = None
    if len(lines) > at and lines[at].startswith("extra "):
        extra = b64decode_strict(lines[at][len("extra ") :], "receipt extra data", InvalidReceipt)
        at += 1
    if len(lines) <= at or not lines[at].startswith("index "):
        raise InvalidReceipt("receipt has no 'index <N>' line")
    try:
        index = parse_size(lines[at][len("index ") :], "receipt index")
    except InvalidCheckpoint as exc:
        raise InvalidReceipt(exc.message) from None
    at += 1
    proof: list[bytes] = []
    while at < len(lines) and lines[at]:
        if len(proof) == MAX_PROOF_HASHES:
            raise InvalidReceipt(f"receipt has more than {MAX_PROOF_HASHES} proof hashes")
        h = b64decode_strict(lines[at], f"receipt proof hash {len(proof)!r}", InvalidReceipt)
        if len(h) != HASH_SIZE:
            raise InvalidReceipt(f"receipt proof hash {len(proof)!r} is not {HASH_SIZE} bytes")
        proof.append(h)
        at += 1
    if at >= len(lines) - 1:
        raise InvalidReceipt("receipt has no empty line and checkpoint after its proof")
    note = "\n".join(lines[at + 1 :])
    return Receipt(index, tuple(proof), note, extra)


def verify_receipt(text: str, entry: bytes, verifier: Verifier, origin: str) -> Checkpoint:
    """Verify that ``entry`` is in the log ``origin`` per the receipt; return its checkpoint.

    Checks the checkpoint signature by the configured key, the origin, and the inclusion of
    ``leaf_hash(entry)`` at the receipt's index under the checkpoint's size and root.
    """
    receipt = parse_receipt(text)
    checkpoint = verify_checkpoint(receipt.note, verifier, origin)
    verify_inclusion(
        leaf_hash(entry), receipt.index, checkpoint.size, receipt.proof, checkpoint.root
    )
    return checkpoint
