"""C2SP tlog-proof@v1 receipts: format, round trips and tampering."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioreview.exc import IoreviewError
from ioreview.ledger.checkpoint import Checkpoint, signed_checkpoint
from ioreview.ledger.errors import (
    InvalidProof,
    InvalidReceipt,
    OriginMismatch,
    SignatureMismatch,
    UnknownKey,
)
from ioreview.ledger.merkle import InMemoryTree
from ioreview.ledger.note import Signer, generate_signer, sign_note
from ioreview.ledger.receipt import (
    HEADER,
    Receipt,
    format_receipt,
    parse_receipt,
    verify_receipt,
)

ORIGIN = "example.org/engagement-ledger/test"
ENTRIES = [f'{{"seq":{i},"kind":"joined"}}'.encode() for i in range(11)]

# The example in the C2SP tlog-proof specification (its signatures are elided, so only the
# receipt layer is checked here).
SPEC_EXAMPLE = """c2sp.org/tlog-proof@v1
extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
index 73894
gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

example.com/fancylog
109482
sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

— example.com/fancylog hI2DJw[...]1roloI=
— witness1.example mJirIklj[...]qY9v2B/5bg==
"""


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer.from_seed(ORIGIN, bytes(range(32)))


@pytest.fixture(scope="module")
def tree() -> InMemoryTree:
    return InMemoryTree(ENTRIES)


@pytest.fixture(scope="module")
def note(signer: Signer, tree: InMemoryTree) -> str:
    return signed_checkpoint(Checkpoint(ORIGIN, tree.size, tree.root()), signer)


def _receipt(tree: InMemoryTree, note: str, index: int, extra: bytes | None = None) -> str:
    return format_receipt(index, tree.inclusion_proof(index), note, extra)


def test_spec_example_parses() -> None:
    receipt = parse_receipt(SPEC_EXAMPLE)
    assert receipt.index == 73894
    assert len(receipt.proof) == 5
    assert receipt.extra is not None and receipt.extra.startswith(b"age-v1.2.1-darwin-arm64")
    assert receipt.note.startswith("example.com/fancylog\n109482\n")
    assert format_receipt(receipt.index, receipt.proof, receipt.note, receipt.extra) == SPEC_EXAMPLE


def test_format_layout(tree: InMemoryTree, note: str) -> None:
    text = _receipt(tree, note, 3)
    proof = tree.inclusion_proof(3)
    want = [HEADER, "index 3", *(base64.b64encode(h).decode() for h in proof), ""]
    assert text == "\n".join(want) + "\n" + note
    single = format_receipt(0, [], note)
    assert single == f"{HEADER}\nindex 0\n\n{note}"
    assert parse_receipt(single) == Receipt(0, (), note)


@pytest.mark.parametrize("extra", [None, b"", b"opaque context \x00\xff"])
def test_round_trip_every_index(
    tree: InMemoryTree, note: str, signer: Signer, extra: bytes | None
) -> None:
    for index, entry in enumerate(ENTRIES):
        text = _receipt(tree, note, index, extra)
        parsed = parse_receipt(text)
        assert parsed == Receipt(index, tuple(tree.inclusion_proof(index)), note, extra)
        checkpoint = verify_receipt(text, entry, signer.verifier(), ORIGIN)
        assert checkpoint == Checkpoint(ORIGIN, tree.size, tree.root())


def test_single_leaf_log_has_no_proof_hashes(signer: Signer) -> None:
    tree = InMemoryTree([b"only"])
    note = signed_checkpoint(Checkpoint(ORIGIN, 1, tree.root()), signer)
    text = format_receipt(0, [], note)
    assert verify_receipt(text, b"only", signer.verifier(), ORIGIN).size == 1


def test_tampering_fails(tree: InMemoryTree, note: str, signer: Signer) -> None:
    verifier = signer.verifier()
    text = _receipt(tree, note, 5)
    lines = text.split("\n")
    hash_line = 2
    flipped = base64.b64decode(lines[hash_line])
    flipped = bytes([flipped[0] ^ 1]) + flipped[1:]
    tampered_hash = "\n".join(
        [*lines[:hash_line], base64.b64encode(flipped).decode(), *lines[hash_line + 1 :]]
    )
    cases: list[tuple[str, bytes, type[IoreviewError]]] = [
        (text.replace("index 5\n", "index 4\n"), ENTRIES[5], InvalidProof),
        (text.replace("index 5\n", "index 6\n"), ENTRIES[5], InvalidProof),
        (tampered_hash, ENTRIES[5], InvalidProof),
        (text, ENTRIES[4], InvalidProof),
        (text, ENTRIES[5] + b" ", InvalidProof),
        (text.replace(f"\n{tree.size}\n", f"\n{tree.size + 1}\n"), ENTRIES[5], SignatureMismatch),
    ]
    for receipt, entry, error in cases:
        with pytest.raises(error):
            verify_receipt(receipt, entry, verifier, ORIGIN)
    # A checkpoint from another key, and a checkpoint for another origin.
    other = generate_signer(ORIGIN)
    other_note = signed_checkpoint(Checkpoint(ORIGIN, tree.size, tree.root()), other)
    forged = text.replace(note, other_note)
    with pytest.raises(UnknownKey):
        verify_receipt(forged, ENTRIES[5], verifier, ORIGIN)
    foreign = sign_note(Checkpoint("other.example", tree.size, tree.root()).body(), signer)
    with pytest.raises(OriginMismatch):
        verify_receipt(text.replace(note, foreign), ENTRIES[5], verifier, ORIGIN)


def test_receipt_from_an_older_checkpoint_still_verifies(
    tree: InMemoryTree, signer: Signer
) -> None:
    old = signed_checkpoint(Checkpoint(ORIGIN, 6, tree.root(6)), signer)
    text = format_receipt(2, tree.inclusion_proof(2, 6), old)
    assert verify_receipt(text, ENTRIES[2], signer.verifier(), ORIGIN).size == 6
    with pytest.raises(InvalidProof):
        moved = format_receipt(3, tree.inclusion_proof(2, 6), old)
        verify_receipt(moved, ENTRIES[3], signer.verifier(), ORIGIN)


MALFORMED = {
    "empty": "",
    "wrong header": "c2sp.org/tlog-proof@v2\nindex 0\n\nx\n",
    "no index": f"{HEADER}\n\nx\n",
    "index without space": f"{HEADER}\nindex0\n\nx\n",
    "leading zero index": f"{HEADER}\nindex 01\n\nx\n",
    "negative index": f"{HEADER}\nindex -1\n\nx\n",
    "huge index": f"{HEADER}\nindex {2**63}\n\nx\n",
    "extra after index": f"{HEADER}\nindex 0\nextra AA==\n\nx\n",
    "bad extra": f"{HEADER}\nextra *\nindex 0\n\nx\n",
    "bad hash": f"{HEADER}\nindex 0\nnot-base64\n\nx\n",
    "short hash": f"{HEADER}\nindex 0\n{base64.b64encode(bytes(31)).decode()}\n\nx\n",
    "no blank line": f"{HEADER}\nindex 0\n{base64.b64encode(bytes(32)).decode()}",
    "no checkpoint": f"{HEADER}\nindex 0\n",
    "too many hashes": f"{HEADER}\nindex 0\n"
    + f"{base64.b64encode(bytes(32)).decode()}\n" * 64
    + "\nx\n",
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_receipts(text: str) -> None:
    with pytest.raises(InvalidReceipt):
        parse_receipt(text)


def test_format_rejects_bad_input(note: str) -> None:
    calls: list[Callable[[], object]] = [
        lambda: format_receipt(-1, [], note),
        lambda: format_receipt(0, [bytes(31)], note),
        lambda: format_receipt(0, [], note.rstrip("\n")),
    ]
    for call in calls:
        with pytest.raises(InvalidReceipt):
            call()


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_fuzz_receipt_mutations(
    data: st.DataObject, tree: InMemoryTree, note: str, signer: Signer
) -> None:
    """A mutated receipt either is rejected with an IoreviewError or still proves entry 5."""
    text = _receipt(tree, note, 5)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        piece = data.draw(st.sampled_from(["", "\n", "A", "1", " ", "=", "\u2014"]))
        text = text[:at] + piece + text[at + data.draw(st.integers(0, 2)) :]
    try:
        checkpoint = verify_receipt(text, ENTRIES[5], signer.verifier(), ORIGIN)
    except IoreviewError:
        return
    assert checkpoint == Checkpoint(ORIGIN, tree.size, tree.root())


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_fuzz_parse_receipt(text: str) -> None:
    with contextlib.suppress(IoreviewError):
        parse_receipt(HEADER + "\n" + text)
