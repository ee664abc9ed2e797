"""C2SP signed notes: Go sumdb/note reference vectors, key files, parsing and fuzzing (R11)."""

from __future__ import annotations

import base64
import contextlib
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from ioreview.exc import ConfigurationError, IoreviewError, NotFound
from ioreview.ledger.errors import InvalidKey, InvalidNote, SignatureMismatch, UnknownKey
from ioreview.ledger.note import (
    MAX_SIGNATURES,
    Signer,
    Verifier,
    generate_signer,
    key_id,
    load_signer,
    open_note,
    parse_signer_key,
    parse_verifier_key,
    sign_note,
)

# The key pair, text and signatures of golang.org/x/mod/sumdb/note's note_test.go.
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqd"
    "ngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnW"
    "Lox33WWd1RvMc+QQ=\n"
)


@pytest.fixture
def peter() -> Verifier:
    return parse_verifier_key(PETER_VKEY)


@pytest.fixture
def enoch() -> Verifier:
    return parse_verifier_key(ENOCH_VKEY)


# --- keys --------------------------------------------------------------------------------------


def test_verifier_key_round_trip(peter: Verifier) -> None:
    assert peter.name == "PeterNeumann"
    assert peter.key_id == bytes.fromhex("c74f20a3")
    assert peter.key_string() == PETER_VKEY
    assert key_id(peter.name, peter.public_key) == peter.key_id


def test_mangled_verifier_keys_are_rejected() -> None:
    raw = PETER_VKEY.encode()
    mangled = {raw[i:j] for i in range(len(raw) + 1) for j in range(i + 1, len(raw) + 1)}
    mangled.discard(raw)
    for i in range(len(raw)):
        mangled.add(raw[:i] + bytes([raw[i] + 1]) + raw[i + 1 :])
    # Wrong key length and unknown algorithm, each with a matching key id.
    mangled.add(b"PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
    mangled.add(b"PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
    for key in mangled:
        with pytest.raises(InvalidKey):
            parse_verifier_key(key.decode())


def test_signer_key_string_and_mangling() -> None:
    signer = parse_signer_key(PETER_SKEY)
    assert signer.verifier().key_string() == PETER_VKEY
    assert "PRIVATE" not in repr(signer) and "c74f20a3" in repr(signer)
    raw = PETER_SKEY.encode()
    for i in range(len(raw)):
        with pytest.raises(InvalidKey):
            parse_signer_key((raw[:i] + bytes([raw[i] + 1]) + raw[i + 1 :]).decode())
        with pytest.raises(InvalidKey):
            parse_signer_key(PETER_SKEY[:i])


@pytest.mark.parametrize("name", ["", "a b", "a+b", "a\u00a0b", "a\nb", "tab\there"])
def test_invalid_key_names(name: str) -> None:
    with pytest.raises(InvalidKey):
        generate_signer(name)


def test_generated_signer_round_trips_through_key_string() -> None:
    signer = generate_signer("example.org/log")
    verifier = parse_verifier_key(signer.verifier().key_string())
    assert verifier == signer.verifier()
    assert verifier.verify(b"hi", signer.sign(b"hi"))
    assert not verifier.verify(b"ho", signer.sign(b"hi"))


def test_key_strings_whose_base64_contains_plus() -> None:
    """The base64 part of a key may contain "+"; only the first two "+" separate fields."""
    signers = (Signer.from_seed("n", bytes([i]) * 32) for i in range(256))
    signer = next(s for s in signers if "+" in s.verifier().key_string().split("+", 2)[2])
    assert parse_verifier_key(signer.verifier().key_string()) == signer.verifier()


def test_save_writes_owner_only_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    signer = generate_signer("example.org/log")
    path = tmp_path / "log.key"
    signer.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    with pytest.raises(ConfigurationError):
        signer.save(path)
    loaded = load_signer(path, "example.org/log")
    assert loaded.verifier() == signer.verifier()


def test_load_signer_formats(tmp_path: Path) -> None:
    seed = bytes(range(32))
    (tmp_path / "seed").write_bytes(seed)
    assert load_signer(tmp_path / "seed", "n").verifier() == Signer.from_seed("n", seed).verifier()
    (tmp_path / "go").write_text(PETER_SKEY + "\n")
    assert load_signer(tmp_path / "go", "PeterNeumann").verifier().key_string() == PETER_VKEY
    with pytest.raises(InvalidKey):
        load_signer(tmp_path / "go", "SomeoneElse")
    with pytest.raises(NotFound):
        load_signer(tmp_path / "missing", "n")
    (tmp_path / "garbage").write_bytes(b"not a key")
    with pytest.raises(InvalidKey):
        load_signer(tmp_path / "garbage", "n")
    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (tmp_path / "ec.pem").write_bytes(ec_pem)
    with pytest.raises(InvalidKey):
        load_signer(tmp_path / "ec.pem", "n")


# --- signing and opening -----------------------------------------------------------------------


def test_sign_matches_go_reference_output() -> None:
    assert sign_note(TEXT, parse_signer_key(PETER_SKEY)) == TEXT + "\n" + PETER_SIG


def test_open_reference_note(peter: Verifier, enoch: Verifier) -> None:
    note = TEXT + "\n" + PETER_SIG + ENOCH_SIG
    assert open_note(note, [peter]) == (TEXT, ["PeterNeumann"])
    assert open_note(note, [peter, enoch]) == (TEXT, ["PeterNeumann", "EnochRoot"])
    assert open_note(note.encode(), [enoch]) == (TEXT, ["EnochRoot"])
    with pytest.raises(UnknownKey):
        open_note(note, [])


def test_unknown_keys_are_ignored_even_when_sharing_name_or_id(peter: Verifier) -> None:
    impostor = generate_signer("PeterNeumann")  # same name, different key id
    note = sign_note(TEXT, impostor) + PETER_SIG
    assert open_note(note, [peter]) == (TEXT, ["PeterNeumann"])
    with pytest.raises(UnknownKey):
        open_note(sign_note(TEXT, impostor), [peter])


def test_wrong_key_and_tampered_text_fail(peter: Verifier) -> None:
    with pytest.raises(UnknownKey):
        open_note(sign_note(TEXT, generate_signer("other")), [peter])
    with pytest.raises(SignatureMismatch):
        open_note(TEXT.replace("problem", "puzzle", 1) + "\n" + PETER_SIG, [peter])
    # A corrupted signature from a known key rejects the note even beside a good one.
    bad = PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(SignatureMismatch):
        open_note(TEXT + "\n" + bad, [peter])
    with pytest.raises(SignatureMismatch):
        open_note(TEXT + "\n" + PETER_SIG + bad, [peter])


def test_signature_limit(peter: Verifier) -> None:
    assert open_note(TEXT + "\n" + PETER_SIG * MAX_SIGNATURES, [peter])[1] == ["PeterNeumann"]
    for verifiers in ([peter], []):
        with pytest.raises(InvalidNote):
            open_note(TEXT + "\n" + PETER_SIG * (MAX_SIGNATURES + 1), verifiers)


def test_sixteen_cosigners_are_accepted() -> None:
    signers = [generate_signer(f"witness{i}.example") for i in range(16)]
    note = sign_note(TEXT, *signers)
    _, names = open_note(note, [s.verifier() for s in signers])
    assert names == [s.name for s in signers]


def test_text_with_blank_lines_splits_at_the_last_one(peter: Verifier) -> None:
    signer = parse_signer_key(PETER_SKEY)
    text = "first\n\nsecond\n"
    assert open_note(sign_note(text, signer), [peter]) == (text, ["PeterNeumann"])


@pytest.mark.parametrize(
    "note",
    [
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + TEXT + "\n" + PETER_SIG,
        TEXT + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FF\n",
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        TEXT + "\n" + PETER_SIG.replace("\u2014", "-"),
        TEXT + "\n" + "\u2014 PeterNeumann AAAA\n",
        TEXT + "\n" + "\u2014 PeterNeumann not*base64\n",
        TEXT + "\n" + PETER_SIG.replace("=\n", "\n"),
        TEXT.replace("\n", "\r\n") + "\n" + PETER_SIG,
    ],
)
def test_malformed_notes(note: str, peter: Verifier) -> None:
    with pytest.raises(InvalidNote):
        open_note(note, [peter])


def test_malformed_bytes_and_text() -> None:
    signer = generate_signer("n")
    with pytest.raises(InvalidNote):
        open_note(b"\xff" + (TEXT + "\n" + PETER_SIG).encode(), [signer.verifier()])
    for text in ["no newline", "bell\x07\n", "lone \ud800 surrogate\n"]:
        with pytest.raises(InvalidNote):
            sign_note(text, signer)
    with pytest.raises(ConfigurationError):
        sign_note(TEXT)


def test_conflicting_verifiers_are_a_configuration_error(peter: Verifier) -> None:
    clone = Verifier.__new__(Verifier)
    object.__setattr__(clone, "name", peter.name)
    object.__setattr__(clone, "key_id", peter.key_id)
    object.__setattr__(clone, "public_key", bytes(32))
    with pytest.raises(ConfigurationError):
        open_note(TEXT + "\n" + PETER_SIG, [peter, clone])
    assert open_note(TEXT + "\n" + PETER_SIG, [peter, peter])[1] == ["PeterNeumann"]


def test_verifier_construction_checks_the_key_id(peter: Verifier) -> None:
    with pytest.raises(InvalidKey):
        Verifier(peter.name, b"\x00\x00\x00\x00", peter.public_key)
    with pytest.raises(InvalidKey):
        Verifier(peter.name, peter.key_id, peter.public_key[:31])


# --- fuzzing: parsers return or raise an IoreviewError, never anything else -------------------


def _mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(st.sampled_from(["\n", " ", "\u2014", "+", "=", "A", "\x00", "é"]))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + piece + text[at + 1 :]
    return text


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_fuzz_open_note_mutations(data: st.DataObject) -> None:
    note = _mutate(TEXT + "\n" + PETER_SIG + ENOCH_SIG, data)
    try:
        text, names = open_note(note, [parse_verifier_key(PETER_VKEY)])
    except IoreviewError:
        return
    assert names == ["PeterNeumann"] and text == TEXT


@settings(max_examples=200, deadline=None)
@given(note=st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_fuzz_open_note_random(note: str | bytes) -> None:
    with pytest.raises(IoreviewError):
        open_note(note, [parse_verifier_key(PETER_VKEY)])


KEY_ALPHABET = "+0123456789abcdefAZ/=PeterNumn"


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=120), st.text(alphabet=KEY_ALPHABET, max_size=80)))
def test_fuzz_key_parsers(text: str) -> None:
    for parse in (parse_verifier_key, parse_signer_key):
        with contextlib.suppress(IoreviewError):
            parse(text)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_fuzz_key_parser_mutations(data: st.DataObject) -> None:
    """A mutated key either fails to parse or still denotes the very same key."""
    mutated = _mutate(PETER_VKEY, data)
    try:
        parsed = parse_verifier_key(mutated)
    except IoreviewError:
        return
    assert parsed == parse_verifier_key(PETER_VKEY)


def test_signature_type_byte_is_ed25519(peter: Verifier) -> None:
    raw = base64.b64decode(PETER_VKEY.split("+")[2])
    assert raw[0] == 0x01 and raw[1:] == peter.public_key
