"""The ledger commands: verification, proofs that an outside verifier accepts, status, history."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest

from support import independent
from support.cli import Outcome, run


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def test_fresh_init_verifies_fully(
    initialised: Outcome, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "ledger", "verify", "--full", "--json")
    assert result.code == 0, result.err
    document = result.json()
    assert document["ok"] is True
    assert document["size"] == initialised.json()["ledger_size"] > 66


def test_checkpoint_and_proof_verify_independently(
    initialised: Outcome, capsys: pytest.CaptureFixture[str]
) -> None:
    note = run(capsys, "ledger", "checkpoint").out
    vkey = run(capsys, "ledger", "vkey").out.strip()
    origin, size, root = independent.open_checkpoint(note, vkey)
    assert origin == "ioreview.local/usa"
    for seq in (0, 3, size - 1):
        proof = run(capsys, "ledger", "prove", str(seq), "--json").json()
        assert proof["size"] == size and _b64(proof["root"]) == root
        independent.verify_inclusion(
            _b64(proof["leaf"]),
            proof["index"],
            proof["size"],
            [_b64(h) for h in proof["hashes"]],
            root,
        )
        entry = json.loads(_b64(proof["leaf"]))
        assert entry["seq"] == seq and entry["source"]["uri"].startswith(("https://", "urn:"))
    with pytest.raises(ValueError, match="root mismatch"):
        proof = run(capsys, "ledger", "prove", "3", "--json").json()
        independent.verify_inclusion(
            _b64(proof["leaf"]) + b" ", 3, size, [_b64(h) for h in proof["hashes"]], root
        )


def test_consistency_and_receipt(initialised: Outcome, capsys: pytest.CaptureFixture[str]) -> None:
    size = initialised.json()["ledger_size"]
    proof = run(capsys, "ledger", "consistency", "10", str(size), "--json").json()
    assert proof["old"] == 10 and proof["new"] == size and proof["hashes"]
    receipt = run(capsys, "ledger", "receipt", "5").out
    assert receipt.startswith("c2sp.org/tlog-proof@v1\n")
    assert "index 5\n" in receipt
    bad = run(capsys, "ledger", "consistency", "0", str(size))
    assert bad.code == 2 and "0" in bad.err


def test_editing_one_byte_of_an_entry_is_caught(
    initialised: Outcome, capsys: pytest.CaptureFixture[str], project_env: str
) -> None:
    if not project_env.startswith("sqlite"):
        pytest.skip("edits the SQLite file directly; the tamper matrix covers PostgreSQL")
    path = Path(project_env.removeprefix("sqlite:///"))
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER leaf_no_update")
    entry = connection.execute("SELECT entry FROM leaf WHERE idx = 10").fetchone()[0]
    # One byte of the recorded_at year: the entry stays canonical JSON, only its bytes change.
    at = entry.index(b'"recorded_at":"') + len(b'"recorded_at":"') + 3
    edited = entry[:at] + bytes([entry[at] ^ 0x01]) + entry[at + 1 :]
    assert edited != entry
    connection.execute("UPDATE leaf SET entry = ? WHERE idx = 10", (edited,))
    connection.commit()
    connection.close()
    result = run(capsys, "ledger", "verify", "--full")
    assert result.code == 2
    assert "entry 10" in result.err


def test_status_on_dates_for_unesco(
    initialised: Outcome, capsys: pytest.CaptureFixture[str]
) -> None:
    during = run(capsys, "status", "USA", "unesco", "--on", "2026-06-01", "--json").json()
    assert during["status"] == "withdrawing"
    after = run(capsys, "status", "USA", "unesco", "--on", "2027-01-01", "--json").json()
    assert after["status"] == "none"
    assert set(during) >= {"actor", "body", "on", "status", "since", "events"}
    before_ledger = run(
        capsys,
        "status",
        "USA",
        "unesco",
        "--on",
        "2026-06-01",
        "--as-known",
        "2000-01-01",
        "--json",
    ).json()
    assert before_ledger["status"] == "none" and before_ledger["ledger_size"] == 0


def test_status_of_earlier_exits(initialised: Outcome, capsys: pytest.CaptureFixture[str]) -> None:
    def status(body: str, on: str) -> str:
        return str(run(capsys, "status", "USA", body, "--on", on, "--json").json()["status"])

    assert status("paris-agreement", "2025-06-01") == "withdrawing"
    assert status("paris-agreement", "2026-02-01") == "none"
    assert status("who", "2025-12-31") == "withdrawing"
    assert status("who", "2026-01-22") == "none"


def test_history_lists_sources_oldest_first(
    initialised: Outcome, capsys: pytest.CaptureFixture[str]
) -> None:
    events = run(capsys, "history", "USA", "unesco", "--json").json()
    assert [e["kind"] for e in events] == ["withdrawal_notified", "withdrawal_effective"]
    assert all(e["source"]["uri"].startswith("https://") for e in events)
    seqs = [e["seq"] for e in events]
    assert seqs == sorted(seqs)


def test_append_is_all_or_nothing(
    initialised: Outcome, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    size = initialised.json()["ledger_size"]
    good = {
        "kind": "pledge",
        "actor": "USA",
        "body": "unesco",
        "valid_from": "2026-03-01",
        "payload": {"amount": "10.00", "currency": "USD"},
        "source": {"uri": "https://example.org/pledge"},
    }
    bad = dict(good, payload={"amount": 10.5, "currency": "USD"})
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    rejected = run(capsys, "ledger", "append", str(path))
    assert rejected.code == 2 and "line 2" in rejected.err
    assert run(capsys, "ledger", "verify", "--json").json()["size"] == size
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    accepted = run(capsys, "ledger", "append", str(path), "--json").json()
    assert accepted == {"appended": [size], "size": size + 1}
    assert run(capsys, "ledger", "verify", "--json").json()["previous_size"] == size
