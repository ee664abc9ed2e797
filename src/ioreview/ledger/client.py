"""Client-side verification: remember the last verified checkpoint, check every new one against it.

The state file lives outside the database (in the data directory), so a rewrite by whoever
controls the database is caught by a client that verified an earlier checkpoint. It is keyed by
the configured origin and key, never by anything the log reports about itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ioreview.ledger import merkle
from ioreview.ledger.checkpoint import Checkpoint, verify_checkpoint
from ioreview.ledger.errors import ForkDetected, InvalidProof, RootMismatch, Truncated
from ioreview.ledger.log import Ledger
from ioreview.ledger.note import Verifier


class SplitView(ForkDetected):
    """A new checkpoint that does not extend the remembered one; carries both notes and the proof."""

    def __init__(
        self,
        *,
        old: Checkpoint,
        new: Checkpoint,
        old_note: str,
        new_note: str,
        proof: list[bytes],
        reason: str,
    ) -> None:
        super().__init__(size=new.size, root=new.root, seen_size=old.size, seen_root=old.root)
        self.message = f"{self.message}: {reason}"
        self.args = (self.message,)
        self.old_note, self.new_note, self.proof = old_note, new_note, proof

    def evidence(self) -> str:
        """Both signed notes and the consistency proof, for a report that outlives the server."""
        import base64

        hashes = "\n".join(base64.b64encode(h).decode() for h in self.proof) or "(empty)"
        return (
            f"remembered checkpoint:\n{self.old_note}\nnew checkpoint:\n{self.new_note}\n"
            f"consistency proof {self.seen_size} -> {self.size}:\n{hashes}\n"
        )


@dataclass(frozen=True)
class Verified:
    checkpoint: Checkpoint
    note: str
    previous_size: int | None


def read_state(path: Path, verifier: Verifier, origin: str) -> tuple[Checkpoint, str] | None:
    if not path.exists():
        return None
    note = path.read_text(encoding="utf-8")
    return verify_checkpoint(note, verifier, origin), note


def write_state(path: Path, note: str) -> None:
    # Write then rename, so a crash never leaves a half-written remembered checkpoint.
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(note, encoding="utf-8")
    os.replace(temporary, path)


def verify_latest(ledger: Ledger, verifier: Verifier, state_path: Path) -> Verified:
    """Verify the latest checkpoint: signature, root against the stored tree, consistency."""
    latest = ledger.latest_checkpoint()
    if latest is None:
        raise Truncated(size=0, seen_size=_remembered_size(state_path, verifier, ledger.origin))
    new = verify_checkpoint(latest.note, verifier, ledger.origin)
    stored_root = ledger.root(new.size)
    if stored_root != new.root:
        raise RootMismatch(size=new.size, computed=stored_root, expected=new.root)
    remembered = read_state(state_path, verifier, ledger.origin)
    previous_size = None
    if remembered is not None:
        old, old_note = remembered
        previous_size = old.size
        check_extends(ledger, old, old_note, new, latest.note)
    write_state(state_path, latest.note)
    return Verified(checkpoint=new, note=latest.note, previous_size=previous_size)


def check_extends(
    ledger: Ledger, old: Checkpoint, old_note: str, new: Checkpoint, new_note: str
) -> None:
    """Raise unless ``new`` is an append-only extension of ``old``."""
    if new.size < old.size:
        raise Truncated(size=new.size, seen_size=old.size)
    if new.size == old.size:
        if new.root != old.root:
            raise SplitView(
                old=old,
                new=new,
                old_note=old_note,
                new_note=new_note,
                proof=[],
                reason="same size, different root",
            )
        return
    proof = ledger.consistency_proof(old.size, new.size)
    try:
        merkle.verify_consistency(old.size, new.size, old.root, new.root, proof)
    except InvalidProof as error:
        raise SplitView(
            old=old,
            new=new,
            old_note=old_note,
            new_note=new_note,
            proof=proof,
            reason=error.message,
        ) from error


def _remembered_size(path: Path, verifier: Verifier, origin: str) -> int:
    remembered = read_state(path, verifier, origin)
    return 0 if remembered is None else remembered[0].size
