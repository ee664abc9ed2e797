"""C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys (signature type 0x01)."""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from hashlib import sha256

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ioreview.exc import ConfigurationError, IoreviewError, NotFound
from ioreview.ledger.errors import InvalidKey, InvalidNote, SignatureMismatch, UnknownKey

ALG_ED25519 = 0x01
#: Go's note package rejects more; C2SP requires accepting at least 16.
MAX_SIGNATURES = 100
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_HEX8 = re.compile(r"[0-9a-fA-F]{8}")
_GO_PRIVATE_PREFIX = "PRIVATE+KEY+"

StrPath = str | os.PathLike[str]


def valid_key_name(name: str) -> bool:
    """Return whether ``name`` is non-empty, has no Unicode space, no ``+`` and no control."""
    if not name or "+" in name or _CONTROL.search(name):
        return False
    return not any(c.isspace() for c in name)


def key_id(name: str, public_key: bytes, alg: int = ALG_ED25519) -> bytes:
    """Return SHA-256(name || 0x0A || alg || public key)[:4], the C2SP key ID."""
    return sha256(name.encode() + b"\n" + bytes([alg]) + public_key).digest()[:4]


def b64decode_strict(text: str, what: str, error: type[IoreviewError]) -> bytes:
    """Decode standard base64, rejecting anything but its one canonical encoding."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise error(f"{what} is not valid base64: {text!r}") from None
    # Re-encoding catches non-zero padding bits, which would make two texts of one value.
    if base64.b64encode(raw).decode() != text:
        raise error(f"{what} is not canonical base64: {text!r}")
    return raw


@dataclass(frozen=True)
class Verifier:
    """A trusted Ed25519 public key under a name, as in ``<name>+<hex id>+<base64 key>``."""

    name: str
    key_id: bytes
    public_key: bytes
    _key: Ed25519PublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not valid_key_name(self.name):
            raise InvalidKey(f"invalid key name {self.name!r}")
        if len(self.public_key) != 32:
            raise InvalidKey(f"Ed25519 public key for {self.name!r} is not 32 bytes")
        if self.key_id != key_id(self.name, self.public_key):
            raise InvalidKey(f"key id {self.key_id.hex()!r} does not match key {self.name!r}")
        try:
            object.__setattr__(self, "_key", Ed25519PublicKey.from_public_bytes(self.public_key))
        except ValueError:
            raise InvalidKey(f"invalid Ed25519 public key for {self.name!r}") from None

    def key_string(self) -> str:
        """Return the verifier key string ``<name>+<hex key id>+<base64(0x01 || key)>``."""
        encoded = base64.b64encode(bytes([ALG_ED25519]) + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Return whether ``signature`` is this key's Ed25519 signature of ``message``."""
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


def parse_verifier_key(text: str) -> Verifier:
    """Parse a verifier key string ``<name>+<hex key id>+<base64(0x01 || key)>``."""
    parts = text.split("+", 2)  # the base64 key may itself contain "+"
    if len(parts) != 3 or not _HEX8.fullmatch(parts[1]):
        raise InvalidKey(f"malformed verifier key {text!r}")
    name, hex_id, encoded = parts
    raw = b64decode_strict(encoded, "verifier key", InvalidKey)
    if len(raw) != 33 or raw[0] != ALG_ED25519:
        raise InvalidKey(f"verifier key {text!r} is not an Ed25519 (0x01) key")
    return Verifier(name, bytes.fromhex(hex_id), raw[1:])


class Signer:
    """An Ed25519 private key under a key name; the name of a log key is its origin."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        if not valid_key_name(name):
            raise InvalidKey(f"invalid key name {name!r}")
        self.name = name
        self._key = private_key
        self.public_key = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id = key_id(name, self.public_key)

    def __repr__(self) -> str:
        return f"Signer(name={self.name!r}, key_id={self.key_id.hex()!r})"

    @classmethod
    def from_seed(cls, name: str, seed: bytes) -> Signer:
        """Build a signer from a 32-byte RFC 8032 private key seed."""
        if len(seed) != 32:
            raise InvalidKey(f"Ed25519 seed for {name!r} is not 32 bytes")
        return cls(name, Ed25519PrivateKey.from_private_bytes(seed))

    def verifier(self) -> Verifier:
        """Return the matching public verifier."""
        return Verifier(self.name, self.key_id, self.public_key)

    def sign(self, message: bytes) -> bytes:
        """Return the raw 64-byte Ed25519 signature of ``message``."""
        return self._key.sign(message)

    def save(self, path: StrPath) -> None:
        """Write the key as unencrypted PKCS#8 PEM to a new file readable by the owner only."""
        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            # O_EXCL: never overwrite a key, and never follow a planted symlink.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise ConfigurationError(f"key file {os.fspath(path)!r} already exists") from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())


def generate_signer(name: str) -> Signer:
    """Return a signer with a fresh random Ed25519 key."""
    return Signer(name, Ed25519PrivateKey.generate())


def parse_signer_key(text: str) -> Signer:
    """Parse a Go ``note`` private key ``PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>``."""
    parts = text.removeprefix(_GO_PRIVATE_PREFIX).split("+", 2)
    if not text.startswith(_GO_PRIVATE_PREFIX) or len(parts) != 3 or not _HEX8.fullmatch(parts[1]):
        raise InvalidKey("malformed private key string")
    name, hex_id, encoded = parts
    raw = b64decode_strict(encoded, "private key", InvalidKey)
    if len(raw) != 33 or raw[0] != ALG_ED25519:
        raise InvalidKey(f"private key for {name!r} is not an Ed25519 (0x01) key")
    signer = Signer.from_seed(name, raw[1:])
    if signer.key_id != bytes.fromhex(hex_id):
        raise InvalidKey(f"key id {hex_id!r} does not match private key {name!r}")
    return signer


def load_signer(path: StrPath, name: str) -> Signer:
    """Load a signer from a PKCS#8 PEM file, a raw 32-byte seed file or a Go key string."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise NotFound(f"key file {os.fspath(path)!r} does not exist") from None
    if data.startswith(_GO_PRIVATE_PREFIX.encode()):
        signer = parse_signer_key(data.decode("ascii", "replace").strip())
        if signer.name != name:
            raise InvalidKey(f"key file names {signer.name!r}, expected {name!r}")
        return signer
    if len(data) == 32:
        return Signer.from_seed(name, data)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise InvalidKey(f"key file {os.fspath(path)!r} is not an unencrypted PEM key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidKey(f"key file {os.fspath(path)!r} does not hold an Ed25519 key")
    return Signer(name, key)


def _check_text(text: str) -> bytes:
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidNote("note is not valid UTF-8") from None
    if _CONTROL.search(text):
        raise InvalidNote("note contains a control character other than newline")
    return raw


def sign_note(text: str, *signers: Signer) -> str:
    """Return ``text`` followed by a blank line and one signature line per signer."""
    if not signers:
        raise ConfigurationError("sign_note needs at least one signer")
    if not text.endswith("\n"):
        raise InvalidNote(f"note text must end with a newline: {text[-20:]!r}")
    message = _check_text(text)
    lines = []
    for signer in signers:
        signature = base64.b64encode(signer.key_id + signer.sign(message)).decode()
        lines.append(f"{SIGNATURE_PREFIX}{signer.name} {signature}\n")
    return text + "\n" + "".join(lines)


def _parse_signature(line: str) -> tuple[str, bytes, bytes]:
    if not line.startswith(SIGNATURE_PREFIX):
        raise InvalidNote(f"malformed signature line {line!r}")
    parts = line[len(SIGNATURE_PREFIX) :].split(" ")
    if len(parts) != 2 or not valid_key_name(parts[0]):
        raise InvalidNote(f"malformed signature line {line!r}")
    raw = b64decode_strict(parts[1], "signature", InvalidNote)
    if len(raw) < 5:
        raise InvalidNote(f"signature too short in line {line!r}")
    return parts[0], raw[:4], raw[4:]


def _index(verifiers: Iterable[Verifier]) -> dict[tuple[str, bytes], Verifier]:
    known: dict[tuple[str, bytes], Verifier] = {}
    for v in verifiers:
        other = known.setdefault((v.name, v.key_id), v)
        if other != v:
            raise ConfigurationError(f"two verifier keys share name and id: {v.key_string()!r}")
    return known


def open_note(note: str | bytes, verifiers: Iterable[Verifier]) -> tuple[str, list[str]]:
    """Verify a signed note; return its text and the names of the known keys that signed it.

    Signatures from unknown keys are ignored; a failing signature from a known key rejects the
    note, and so does the absence of any signature from a known key.
    """
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidNote("note is not valid UTF-8") from None
    _check_text(note)
    split = note.rfind("\n\n")
    if split < 0:
        raise InvalidNote("note has no blank line before its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not block.endswith("\n"):
        raise InvalidNote("note does not end with a signature line and newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise InvalidNote(f"note has {len(lines)!r} signatures, more than {MAX_SIGNATURES}")
    signatures = [_parse_signature(line) for line in lines]
    known = _index(verifiers)
    message = text.encode("utf-8")
    verified: list[str] = []
    for name, kid, signature in signatures:
        verifier = known.get((name, kid))
        if verifier is None:
            continue
        if not verifier.verify(message, signature):
            raise SignatureMismatch(f"signature by {name!r} (key id {kid.hex()!r}) fails")
        if name not in verified:
            verified.append(name)
    if not verified:
        names = sorted({name for name, _, _ in signatures})
        raise UnknownKey(f"note has no signature from a known key; signed by {names!r}")
    return text, verified
