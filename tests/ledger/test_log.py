"""The database-backed log against the in-memory reference tree, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ioreview.exc import ConfigurationError
from ioreview.ledger import merkle
from ioreview.ledger.audit import audit
from ioreview.ledger.checkpoint import verify_checkpoint
from ioreview.ledger.errors import InvalidProofRequest
from ioreview.ledger.events import event_from_entry
from ioreview.ledger.log import STEPS, Ledger
from ioreview.ledger.note import Signer
from ioreview.ledger.receipt import format_receipt, verify_receipt
from support.events import ORIGIN, make_event


def _entries(ledger: Ledger) -> list[bytes]:
    return ledger.entries()


def test_appends_match_reference_tree_and_every_proof_verifies(
    ledger: Ledger, signer: Signer
) -> None:
    for batch in ([0], [1, 2], [3, 4, 5, 6, 7], list(range(8, 21))):
        ledger.append([make_event(n) for n in batch])
    entries = _entries(ledger)
    hashes = [merkle.leaf_hash(e) for e in entries]
    assert ledger.size() == 21
    assert ledger.root() == merkle.root_from_leaf_hashes(hashes)
    checkpoints = ledger.checkpoints()
    assert [c.size for c in checkpoints] == [1, 3, 8, 21]
    verifier = signer.verifier()
    for stored in checkpoints:
        signed = verify_checkpoint(stored.note, verifier, ORIGIN)
        assert signed.root == merkle.root_from_leaf_hashes(hashes[: signed.size]) == stored.root
        for seq in range(signed.size):
            size, proof = ledger.inclusion_proof(seq, signed.size)
            merkle.verify_inclusion(hashes[seq], seq, size, proof, signed.root)
    for old in checkpoints:
        for new in checkpoints:
            if old.size <= new.size:
                proof = ledger.consistency_proof(old.size, new.size)
                merkle.verify_consistency(old.size, new.size, old.root, new.root, proof)
    assert audit(ledger, verifier).size == 21


def test_entries_are_canonical_envelopes_in_seq_order(ledger: Ledger) -> None:
    ledger.append([make_event(n) for n in range(5)])
    ledger.append([make_event(9)])
    events = list(ledger.events())
    assert [e.seq for e in events] == list(range(6))
    stamps = [e.recorded_at for e in events]
    assert all(s is not None for s in stamps)
    assert stamps == sorted(stamps)  # type: ignore[type-var]
    for seq, event in enumerate(events):
        assert ledger.entry(seq) == event.to_entry()
        assert event_from_entry(ledger.entry(seq), seq=seq) == event


def test_receipt_for_an_entry_verifies_offline(ledger: Ledger, signer: Signer) -> None:
    ledger.append([make_event(n) for n in range(7)])
    latest = ledger.latest_checkpoint()
    assert latest is not None
    size, proof = ledger.inclusion_proof(4)
    receipt = format_receipt(4, proof, latest.note)
    checkpoint = verify_receipt(receipt, ledger.entry(4), signer.verifier(), ORIGIN)
    assert checkpoint.size == size == 7


def test_append_without_signing_key_stores_nothing(ledger: Ledger) -> None:
    readonly = Ledger(ledger.engine, ORIGIN, None)
    with pytest.raises(ConfigurationError, match="signing key"):
        readonly.append([make_event(1)])
    assert ledger.size() == 0


def test_second_log_origin_in_one_database_is_refused(ledger: Ledger, signer: Signer) -> None:
    with pytest.raises(ConfigurationError, match="IOREVIEW_ORIGIN"):
        Ledger(ledger.engine, "other.example/log", signer).create()
    assert ledger.create() is False


@pytest.mark.parametrize("bad", [(-1, None), (3, None), (0, 4), (2, 2)])
def test_proof_requests_outside_the_tree_are_refused(
    ledger: Ledger, bad: tuple[int, int | None]
) -> None:
    ledger.append([make_event(n) for n in range(3)])
    seq, size = bad
    with pytest.raises(InvalidProofRequest):
        ledger.inclusion_proof(seq, size)


@pytest.mark.parametrize("pair", [(0, 0), (-1, 0), (0, 2), (2, 1), (10_000_000, 10_000_000)])
def test_consistency_requests_that_must_fail(ledger: Ledger, pair: tuple[int, int]) -> None:
    # Trillian's integration probes that must fail (reference/ledger.md R10).
    ledger.append([make_event(n) for n in range(3)])
    with pytest.raises(InvalidProofRequest):
        ledger.consistency_proof(*pair)


class InjectedFault(Exception):
    pass


@pytest.mark.parametrize("step", STEPS)
def test_fault_at_each_persistence_step_leaves_a_consistent_log(
    ledger: Ledger, signer: Signer, step: str
) -> None:
    ledger.append([make_event(n) for n in range(3)])
    before = ledger.latest_checkpoint()

    def fail(at: str) -> None:
        if at == step:
            raise InjectedFault(at)

    ledger.fault = fail
    with pytest.raises(InjectedFault):
        ledger.append([make_event(n) for n in range(3, 6)])
    ledger.fault = lambda at: None
    # Reopen through a new Ledger object: nothing cached survives.
    reopened = Ledger(ledger.engine, ORIGIN, signer)
    persisted = step == "publish"  # the commit returned before the fault
    assert reopened.size() == (6 if persisted else 3)
    latest = reopened.latest_checkpoint()
    assert latest is not None and before is not None
    assert latest.size == reopened.size()
    proof = reopened.consistency_proof(before.size, latest.size)
    merkle.verify_consistency(before.size, latest.size, before.root, latest.root, proof)
    audit(reopened, signer.verifier())
    reopened.append([make_event(99)])
    assert audit(reopened, signer.verifier()).size == reopened.size()


_fraction = st.floats(min_value=0, max_value=1, exclude_max=True)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    batches=st.lists(st.tuples(st.integers(1, 40), _fraction, _fraction), min_size=1, max_size=5)
)
def test_differential_against_recursive_tree_hash(
    ledger: Ledger, batches: list[tuple[int, float, float]]
) -> None:
    # One log grows across examples, so probes are drawn as fractions of whatever size it has;
    # the oracle re-reads every stored entry each time.
    for count, old_at, seq_at in batches:
        start = ledger.size()
        ledger.append([make_event(start + i) for i in range(count)])
        hashes = [merkle.leaf_hash(e) for e in _entries(ledger)]
        size = len(hashes)
        assert ledger.root() == merkle.root_from_leaf_hashes(hashes)
        old = 1 + int(old_at * size)
        assert ledger.root(old) == merkle.root_from_leaf_hashes(hashes[:old])
        merkle.verify_consistency(
            old, size, ledger.root(old), ledger.root(), ledger.consistency_proof(old, size)
        )
        seq = int(seq_at * size)
        tree_size, proof = ledger.inclusion_proof(seq)
        merkle.verify_inclusion(hashes[seq], seq, tree_size, proof, ledger.root())
