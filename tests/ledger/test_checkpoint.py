"""C2SP tlog-checkpoint bodies, signed checkpoints and the extends check (R11)."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioreview.exc import ConfigurationError, IoreviewError
from ioreview.ledger.checkpoint import (
    MAX_SIZE,
    Checkpoint,
    parse_checkpoint,
    signed_checkpoint,
    verify_checkpoint,
    verify_extends,
)
from ioreview.ledger.errors import (
    InconsistentCheckpoint,
    InvalidCheckpoint,
    OriginMismatch,
    SignatureMismatch,
    UnknownKey,
)
from ioreview.ledger.merkle import EMPTY_ROOT, InMemoryTree
from ioreview.ledger.note import Signer, generate_signer, open_note, sign_note

ORIGIN = "example.org/engagement-ledger/test"
ROOT_B64 = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="  # from the C2SP tlog-checkpoint example
ROOT = base64.b64decode(ROOT_B64)


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer.from_seed(ORIGIN, bytes(range(32)))


VALID = [
    # The C2SP tlog-checkpoint example body.
    (
        f"example.com/behind-the-sofa\n20852163\n{ROOT_B64}\n",
        Checkpoint("example.com/behind-the-sofa", 20852163, ROOT),
    ),
    (f"{ORIGIN}\n0\n{base64.b64encode(EMPTY_ROOT).decode()}\n", Checkpoint(ORIGIN, 0, EMPTY_ROOT)),
    (f"{ORIGIN}\n{MAX_SIZE}\n{ROOT_B64}\n", Checkpoint(ORIGIN, MAX_SIZE, ROOT)),
    (f"{ORIGIN}\n1\n{ROOT_B64}\nextension one\nextension two\n", Checkpoint(ORIGIN, 1, ROOT)),
    (
        f"Log with spaces – ünïcode\n42\n{ROOT_B64}\n",
        Checkpoint("Log with spaces – ünïcode", 42, ROOT),
    ),
]

INVALID = {
    "too few lines": f"{ORIGIN}\n1\n",
    "only origin": f"{ORIGIN}\n",
    "empty": "",
    "empty origin": f"\n1\n{ROOT_B64}\n",
    "missing trailing newline": f"{ORIGIN}\n1\n{ROOT_B64}",
    "non-numeric size": f"{ORIGIN}\nten\n{ROOT_B64}\n",
    "negative size": f"{ORIGIN}\n-1\n{ROOT_B64}\n",
    "leading zero": f"{ORIGIN}\n01\n{ROOT_B64}\n",
    "plus sign": f"{ORIGIN}\n+1\n{ROOT_B64}\n",
    "space in size": f"{ORIGIN}\n 1\n{ROOT_B64}\n",
    "underscore in size": f"{ORIGIN}\n1_0\n{ROOT_B64}\n",
    "non-ASCII digit": f"{ORIGIN}\n\u0661\n{ROOT_B64}\n",
    "size 2**63": f"{ORIGIN}\n{2**63}\n{ROOT_B64}\n",
    "size 2**64": f"{ORIGIN}\n{2**64}\n{ROOT_B64}\n",
    "bad base64": f"{ORIGIN}\n1\nnot base64!\n",
    "unpadded base64": f"{ORIGIN}\n1\n{ROOT_B64.rstrip('=')}\n",
    "non-canonical base64": f"{ORIGIN}\n1\n{ROOT_B64[:-2]}3=\n",
    "short root": f"{ORIGIN}\n1\n{base64.b64encode(ROOT[:31]).decode()}\n",
    "long root": f"{ORIGIN}\n1\n{base64.b64encode(ROOT + b'x').decode()}\n",
    "empty extension line": f"{ORIGIN}\n1\n{ROOT_B64}\n\nextension\n",
    "blank root": f"{ORIGIN}\n1\n\n",
}


@pytest.mark.parametrize(("text", "want"), VALID)
def test_valid_checkpoints(text: str, want: Checkpoint) -> None:
    assert parse_checkpoint(text) == want


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_invalid_checkpoints(text: str) -> None:
    with pytest.raises(InvalidCheckpoint):
        parse_checkpoint(text)


def test_body_round_trip_and_never_writes_extensions() -> None:
    checkpoint = Checkpoint(ORIGIN, 1, ROOT)
    assert checkpoint.body() == f"{ORIGIN}\n1\n{ROOT_B64}\n"
    parsed = parse_checkpoint(f"{ORIGIN}\n1\n{ROOT_B64}\next\n")
    assert parsed.body() == checkpoint.body()


@pytest.mark.parametrize(
    ("origin", "size", "root"),
    [("", 1, ROOT), ("a\nb", 1, ROOT), (ORIGIN, -1, ROOT), (ORIGIN, 2**63, ROOT), (ORIGIN, 1, b"")],
)
def test_checkpoint_constructor_validates(origin: str, size: int, root: bytes) -> None:
    with pytest.raises(InvalidCheckpoint):
        Checkpoint(origin, size, root)


def test_signed_checkpoint_verifies(signer: Signer) -> None:
    checkpoint = Checkpoint(ORIGIN, 5, ROOT)
    note = signed_checkpoint(checkpoint, signer)
    assert note.startswith(checkpoint.body() + "\n\u2014 " + ORIGIN + " ")
    assert verify_checkpoint(note, signer.verifier(), ORIGIN) == checkpoint
    # A witness cosignature from a key the verifier does not know is ignored.
    body = checkpoint.body()
    cosigned = note + sign_note(body, generate_signer("witness.example"))[len(body) + 1 :]
    assert verify_checkpoint(cosigned, signer.verifier(), ORIGIN) == checkpoint


def test_signed_checkpoint_needs_key_named_after_origin() -> None:
    with pytest.raises(ConfigurationError):
        signed_checkpoint(Checkpoint(ORIGIN, 1, ROOT), generate_signer("other.example"))


def test_verify_checkpoint_failures(signer: Signer) -> None:
    note = signed_checkpoint(Checkpoint(ORIGIN, 5, ROOT), signer)
    with pytest.raises(ConfigurationError):
        verify_checkpoint(note, signer.verifier(), "other.example")
    with pytest.raises(UnknownKey):
        verify_checkpoint(note, generate_signer(ORIGIN).verifier(), ORIGIN)
    with pytest.raises(SignatureMismatch):
        verify_checkpoint(note.replace("\n5\n", "\n6\n"), signer.verifier(), ORIGIN)
    # Signed by the right key but naming another log.
    foreign = sign_note(Checkpoint("other.example", 5, ROOT).body(), signer)
    with pytest.raises(OriginMismatch):
        verify_checkpoint(foreign, signer.verifier(), ORIGIN)
    # A well-signed note whose text is not a checkpoint.
    with pytest.raises(InvalidCheckpoint):
        not_a_checkpoint = sign_note(f"{ORIGIN}\n05\n{ROOT_B64}\n", signer)
        verify_checkpoint(not_a_checkpoint, signer.verifier(), ORIGIN)


def test_ledger_reference_example_parses() -> None:
    """The example checkpoint in docs/reference/ledger.md has a well-formed body and note."""
    note = (
        "example.org/engagement-ledger/usa\n1000000\nyj39RTK9w89CO7ZHsyDLPuKZYSkGbp6ev4IDYBtPcW4=\n"
        "\n\u2014 example.org/engagement-ledger/usa 9OZoKxcAg1SMFIhmJ5RNHZ1qct1sNGKjF1B40XNXPkdovD"
        "foSELOxEJ02GWWppO8DYGhSvdWW1PnEWnJHxLL9xt1igU=\n"
    )
    with pytest.raises(UnknownKey):  # its public key is not published
        open_note(note, [])
    body = note.split("\n\n")[0] + "\n"
    assert parse_checkpoint(body).size == 1_000_000


def test_verify_extends() -> None:
    tree = InMemoryTree(f"e{i}".encode() for i in range(20))
    cp = {n: Checkpoint(ORIGIN, n, tree.root(n)) for n in range(21)}
    verify_extends(cp[7], cp[20], tree.consistency_proof(7, 20))
    verify_extends(cp[20], cp[20], [])
    verify_extends(cp[0], cp[20], [])
    forked = Checkpoint(ORIGIN, 20, bytes(32))
    failures = [
        (cp[20], cp[7], []),
        (cp[7], forked, tree.consistency_proof(7, 20)),
        (cp[20], forked, []),
        (cp[7], cp[20], tree.consistency_proof(6, 20)),
        (cp[0], cp[20], [ROOT]),
        (Checkpoint("other", 7, tree.root(7)), cp[20], tree.consistency_proof(7, 20)),
    ]
    for old, new, proof in failures:
        with pytest.raises(InconsistentCheckpoint):
            verify_extends(old, new, proof)


CHECKPOINT_LIKE = r"[a-z./]{0,9}\n-?[0-9]{0,21}\n[A-Za-z0-9+/=]{0,46}\n(x*\n)?"


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=200), st.from_regex(CHECKPOINT_LIKE, fullmatch=True)))
def test_fuzz_parse_checkpoint(text: str) -> None:
    try:
        checkpoint = parse_checkpoint(text)
    except IoreviewError:
        return
    assert 0 <= checkpoint.size <= MAX_SIZE and len(checkpoint.root) == 32
    assert parse_checkpoint(checkpoint.body()) == checkpoint


@settings(max_examples=200, deadline=None)
@given(
    origin=st.text(min_size=1, max_size=40).filter(lambda o: "\n" not in o),
    size=st.integers(0, MAX_SIZE),
    root=st.binary(min_size=32, max_size=32),
)
def test_body_parse_round_trip(origin: str, size: int, root: bytes) -> None:
    checkpoint = Checkpoint(origin, size, root)
    assert parse_checkpoint(checkpoint.body()) == checkpoint
