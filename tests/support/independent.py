"""A verifier that knows only the public formats: RFC 9162, C2SP signed-note and checkpoint.

It imports nothing from ioreview, so a CLI output that verifies here verifies for any outside
auditor with the same specifications.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def parse_vkey(vkey: str) -> tuple[str, bytes, bytes]:
    name, key_id_hex, encoded = vkey.strip().split("+", 2)
    raw = base64.b64decode(encoded, validate=True)
    if raw[0] != 0x01 or len(raw) != 33:
        raise ValueError("not an Ed25519 verifier key")
    public = raw[1:]
    expected_id = hashlib.sha256(name.encode() + b"\n" + b"\x01" + public).digest()[:4]
    if bytes.fromhex(key_id_hex) != expected_id:
        raise ValueError("key id does not match the key")
    return name, expected_id, public


def open_checkpoint(note: str, vkey: str) -> tuple[str, int, bytes]:
    """Verify the note's signature from ``vkey``; return (origin, size, root)."""
    name, key_id, public = parse_vkey(vkey)
    text, _, signatures = note.rpartition("\n\n")
    text += "\n"
    verified = False
    for line in signatures.splitlines():
        prefix = "\u2014 " + name + " "
        if not line.startswith(prefix):
            continue
        blob = base64.b64decode(line[len(prefix) :], validate=True)
        if blob[:4] != key_id:
            continue
        Ed25519PublicKey.from_public_bytes(public).verify(blob[4:], text.encode())
        verified = True
    if not verified:
        raise ValueError("no signature from the verifier key")
    origin, size, root = text.splitlines()[:3]
    if origin != name:
        raise ValueError("checkpoint origin differs from the key name")
    return origin, int(size), base64.b64decode(root, validate=True)


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(entry: bytes, index: int, size: int, proof: list[bytes], root: bytes) -> None:
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        raise ValueError("index beyond tree size")
    fn, sn = index, size - 1
    r = hashlib.sha256(b"\x00" + entry).digest()
    for p in proof:
        if sn == 0:
            raise ValueError("proof too long")
        if fn & 1 or fn == sn:
            r = _node(p, r)
            if not fn & 1:
                while fn != 0 and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("proof too short")
    if r != root:
        raise ValueError("root mismatch")
