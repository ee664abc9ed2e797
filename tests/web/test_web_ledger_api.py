"""Status, history, events and the ledger over the API agree with the library, and every
proof the API serves verifies with an outside verifier (``support.independent``)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from datetime import date

import pytest

from ioreview.engagements import history, status
from ioreview.ledger.receipt import verify_receipt
from ioreview.project import Project, open_project
from ioreview.settings import Settings
from support.independent import open_checkpoint, verify_inclusion
from support.web import ApiClient


@pytest.fixture(scope="module")
def project(shared_project: Settings) -> Iterator[Project]:
    opened = open_project(shared_project)
    yield opened
    opened.close()


def test_status_matches_the_library(api: ApiClient, project: Project) -> None:
    for body, on, known in [
        ("unesco", None, None),
        ("unesco", "2020-01-01", None),
        ("who", "2026-06-01", "2025-01-01"),
        ("ipcc", "2026-02-01", None),
    ]:
        params = {k: v for k, v in {"on": on, "as_known": known}.items() if v}
        got = api.data(f"/api/v1/status/USA/{body}", params=params)
        expected = status(
            project,
            "USA",
            body,
            date.fromisoformat(on) if on else date.today(),
            date.fromisoformat(known) if known else None,
        )
        assert got == expected.to_json()


def test_status_names_bad_input(api: ApiClient) -> None:
    assert "no actor 'XXQ'" in api.get("/api/v1/status/XXQ/unesco").json()["error"]["message"]
    bad = api.get("/api/v1/status/USA/unesco", params={"as_known": "2026-13-01"}).json()
    assert bad["error"]["status"] == 422 and "as_known '2026-13-01'" in bad["error"]["message"]
    assert api.get("/api/v1/status/USA/unesco", params={"on": "yesterday"}).status_code == 422


def test_history_pages_match_the_library(api: ApiClient, project: Project) -> None:
    expected = [e.to_json() for e in history(project, "USA")]
    got: list[object] = []
    for offset in range(0, len(expected), 30):
        document = api.get("/api/v1/history/USA", params={"limit": 30, "offset": offset}).json()
        assert document["meta"]["total"] == len(expected)
        got.extend(document["data"])
    assert got == expected and len(expected) > 30
    one = api.data("/api/v1/history/USA", params={"body": "who"})
    assert one == [e.to_json() for e in history(project, "USA", "who")]
    assert all(item["source"]["uri"] for item in one)


def test_events_filter_and_single_event(api: ApiClient, project: Project) -> None:
    size = project.ledger.size()
    document = api.get("/api/v1/events", params={"kind": "withdrawal_directed", "limit": 500})
    items = document.json()["data"]
    assert items and all(item["kind"] == "withdrawal_directed" for item in items)
    last = api.data(f"/api/v1/events/{size - 1}")
    assert last["seq"] == size - 1
    assert api.get(f"/api/v1/events/{size}").status_code == 404


def test_checkpoint_and_vkey_verify_independently(api: ApiClient, project: Project) -> None:
    vkey = api.data("/api/v1/ledger/vkey")["vkey"]
    assert vkey == project.verifier.key_string()
    checkpoint = api.data("/api/v1/ledger/checkpoint")
    origin, size, root = open_checkpoint(checkpoint["note"], vkey)
    assert (origin, size) == (project.origin, project.ledger.size())
    assert base64.b64decode(checkpoint["root"]) == root
    summary = api.data("/api/v1/ledger")
    assert summary["checkpoint"] == checkpoint and summary["size"] == size


def test_entries_rebuild_the_signed_root(api: ApiClient) -> None:
    checkpoint = api.data("/api/v1/ledger/checkpoint")
    _, size, root = open_checkpoint(checkpoint["note"], api.data("/api/v1/ledger/vkey")["vkey"])
    leaves = []
    for offset in range(0, size, 40):
        page = api.data("/api/v1/ledger/entries", params={"offset": offset, "limit": 40})
        leaves += [hashlib.sha256(b"\0" + base64.b64decode(e["entry"])).digest() for e in page]
    assert len(leaves) == size
    assert tree_hash(leaves) == root


def tree_hash(leaves: list[bytes]) -> bytes:
    """RFC 9162 section 2.1.1, written from the specification."""
    if len(leaves) == 1:
        return leaves[0]
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    left, right = tree_hash(leaves[:split]), tree_hash(leaves[split:])
    return hashlib.sha256(b"\x01" + left + right).digest()


def test_inclusion_proofs_and_receipts_verify(api: ApiClient, project: Project) -> None:
    size = project.ledger.size()
    checkpoint = api.data("/api/v1/ledger/checkpoint")
    root = base64.b64decode(checkpoint["root"])
    for seq in (0, size // 2, size - 1):
        proof = api.data(f"/api/v1/ledger/proof/{seq}")
        entry = base64.b64decode(proof["leaf"])
        hashes = [base64.b64decode(h) for h in proof["hashes"]]
        verify_inclusion(entry, seq, proof["size"], hashes, root)
        receipt = api.get(f"/api/v1/ledger/receipt/{seq}")
        assert receipt.headers["content-type"].startswith("text/plain")
        assert f"receipt-{seq}.txt" in receipt.headers["content-disposition"]
        verify_receipt(receipt.text, entry, project.verifier, project.origin)
    assert api.get(f"/api/v1/ledger/receipt/{size}").status_code == 404


def test_consistency_proof_links_two_sizes(api: ApiClient, project: Project) -> None:
    from ioreview.ledger.merkle import verify_consistency

    size = project.ledger.size()
    proof = api.data("/api/v1/ledger/consistency", params={"old": 3, "new": size})
    verify_consistency(
        3,
        size,
        base64.b64decode(proof["old_root"]),
        base64.b64decode(proof["new_root"]),
        [base64.b64decode(h) for h in proof["hashes"]],
    )
    assert proof["new_root"] == api.data("/api/v1/ledger/checkpoint")["root"]
    bad = api.get("/api/v1/ledger/consistency", params={"old": 0, "new": size})
    assert bad.status_code == 422


def test_server_audit_reports_the_whole_log(api: ApiClient, project: Project) -> None:
    report = api.data("/api/v1/ledger/audit")
    assert report["size"] == project.ledger.size()
    assert report["checkpoints"] == len(project.ledger.checkpoints())


def test_directives_match_the_library(api: ApiClient, project: Project) -> None:
    from ioreview.directives.records import list_directives, load_directive

    with project.engine.connect() as connection:
        expected = [d.summary_json() for d in list_directives(connection)]
    assert api.data("/api/v1/directives", params={"limit": 500}) == expected
    memorandum = max(expected, key=lambda d: d["items"])["id"]
    detail = api.data(f"/api/v1/directives/{memorandum}")
    with project.engine.connect() as connection:
        directive = load_directive(connection, memorandum)
    assert detail["item_list"] == [item.detail_json() for item in directive.items]
    assert detail["events"][0]["kind"] == "directive_issued"
    assert all(e["payload"]["directive"] == memorandum for e in detail["events"])
    assert api.get("/api/v1/directives/no-such-directive").status_code == 404


def test_directive_timeline_matches_the_library(api: ApiClient, project: Project) -> None:
    from ioreview.directives.records import load_directive
    from ioreview.directives.rule_table import load_rules
    from ioreview.directives.timeline import directive_timeline

    with project.engine.connect() as connection:
        expected = directive_timeline(
            connection,
            load_directive(connection, "earlier-exits"),
            load_rules(project.registry()),
            date(2026, 2, 1),
        ).to_json()
    got = api.data("/api/v1/directives/earlier-exits/timeline", params={"on": "2026-02-01"})
    assert got == expected and got["items"]


def test_lenses_are_the_builtin_ones(api: ApiClient) -> None:
    from ioreview.lenses import builtin_lenses, load_lens

    listed = api.data("/api/v1/lenses")
    assert [item["id"] for item in listed] == [lens.id for lens in builtin_lenses()]
    first = listed[0]["id"]
    assert api.data(f"/api/v1/lenses/{first}") == load_lens(first).to_json()
    for bad in ("no-such-lens", "..%2F..%2Fpyproject.toml", "transactional.toml"):
        assert api.get(f"/api/v1/lenses/{bad}").status_code == 404, bad
