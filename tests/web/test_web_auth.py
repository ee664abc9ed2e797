"""Writes need a token of the right role; reads are open on loopback only; tokens are stored
as hashes; appends are all or nothing.

The module shares one project: every test compares ledger sizes before and after itself.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import select

from ioreview.exc import Unauthorized
from ioreview.project import open_project
from ioreview.settings import Settings
from ioreview.storage.web_tables import api_token
from ioreview.tokens import authenticate, create_token, revoke_token
from support.cli import run
from support.independent import open_checkpoint
from support.web import ApiClient, bearer


def contribution(body: str = "unesco", amount: str = "1250000.00") -> dict[str, Any]:
    return {
        "kind": "contribution",
        "actor": "USA",
        "body": body,
        "valid_from": "2024-01-01",
        "payload": {"amount": amount, "currency": "USD", "year": 2024},
        "source": {"uri": "https://example.org/test/contribution", "locator": "row 1"},
    }


def token(settings: Settings, role: str) -> str:
    project = open_project(settings)
    try:
        return create_token(project.engine, role, f"test {role}").secret
    finally:
        project.close()


def size(api: ApiClient) -> int:
    return int(api.data("/api/v1/ledger")["size"])


def test_write_without_a_token_is_401(api: ApiClient) -> None:
    before = size(api)
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, bearer("ior_" + "x" * 43)):
        response = api.post("/api/v1/events", json=[contribution()], headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["error"]["status"] == 401
        assert response.headers["www-authenticate"] == "Bearer"
    assert size(api) == before


def test_write_with_a_reader_token_is_403(api: ApiClient, shared_project: Settings) -> None:
    before = size(api)
    response = api.post(
        "/api/v1/events", json=[contribution()], headers=bearer(token(shared_project, "reader"))
    )
    assert response.status_code == 403
    assert "'reader'" in response.json()["error"]["message"]
    assert size(api) == before


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_write_with_an_analyst_token_appends(
    api: ApiClient, shared_project: Settings, role: str
) -> None:
    before = size(api)
    events = [contribution(), contribution("who", "10.50")]
    response = api.post("/api/v1/events", json=events, headers=bearer(token(shared_project, role)))
    assert response.status_code == 200, response.text
    result = response.json()["data"]
    assert result["appended"] == [before, before + 1]
    assert result["size"] == before + 2 == size(api)
    vkey = api.data("/api/v1/ledger/vkey")["vkey"]
    assert open_checkpoint(result["checkpoint"], vkey)[1] == before + 2
    stored = api.data(f"/api/v1/events/{before + 1}")
    assert stored["body"] == "who" and stored["payload"]["amount"] == "10.50"


@pytest.mark.parametrize(
    "bad,needle",
    [
        ({"kind": "contribution", "source": {"uri": "x"}}, "actor"),
        ({**contribution(), "payload": {"amount": 12.5, "currency": "USD"}}, "amount"),
        (contribution(body="no-such-body"), "'no-such-body' is not in the registry"),
        ({**contribution(), "seq": 4}, "the ledger assigns it"),
        ({**contribution(), "colour": "red"}, "'colour'"),
        ({**contribution(), "supersedes": [10**6]}, "supersedes"),
    ],
)
def test_one_bad_event_rejects_the_whole_list(
    api: ApiClient, shared_project: Settings, bad: dict[str, Any], needle: str
) -> None:
    before = size(api)
    response = api.post(
        "/api/v1/events",
        json=[contribution(), bad],
        headers=bearer(token(shared_project, "analyst")),
    )
    assert response.status_code == 422, response.text
    message = response.json()["error"]["message"]
    assert needle in message
    if "supersedes" not in needle:
        assert message.startswith("event 1: ")
    assert size(api) == before


@pytest.mark.parametrize(
    "body", [b"", b"{}", b"[]", b"[1, 2]", b"not json", b'[{"kind": "a", "kind": "b"}]']
)
def test_malformed_bodies_are_422(api: ApiClient, shared_project: Settings, body: bytes) -> None:
    response = api.post(
        "/api/v1/events",
        content=body,
        headers={**bearer(token(shared_project, "analyst")), "content-type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["ok"] is False


def test_oversized_body_is_413(api: ApiClient, shared_project: Settings) -> None:
    from ioreview.web.limits import MAX_BODY_BYTES

    response = api.post(
        "/api/v1/events",
        content=b"[" + b" " * MAX_BODY_BYTES + b"]",
        headers={**bearer(token(shared_project, "analyst")), "content-type": "application/json"},
    )
    assert response.status_code == 413


def test_revoked_token_is_refused(api: ApiClient, shared_project: Settings) -> None:
    project = open_project(shared_project)
    try:
        created = create_token(project.engine, "analyst")
        revoke_token(project.engine, created.info.id)
    finally:
        project.close()
    response = api.post("/api/v1/events", json=[contribution()], headers=bearer(created.secret))
    assert response.status_code == 401 and "revoked" in response.json()["error"]["message"]


def test_reads_from_other_hosts_need_a_token(api: ApiClient, shared_project: Settings) -> None:
    assert api.get("/api/v1/bodies").status_code == 200
    with api.seen_from(("192.0.2.10", 40000)) as remote:
        assert remote.get("/api/v1/bodies").status_code == 401
        assert remote.get("/").status_code == 401
        reader = bearer(token(shared_project, "reader"))
        assert remote.get("/api/v1/bodies", headers=reader).status_code == 200
    with api.seen_from(("::1", 40000)) as loopback6:
        assert loopback6.get("/api/v1/bodies").status_code == 200


def test_only_the_hash_is_stored(shared_project: Settings) -> None:
    project = open_project(shared_project)
    try:
        created = create_token(project.engine, "reader")
        with project.engine.connect() as connection:
            query = select(api_token).where(api_token.c.id == created.info.id)
            rows = [dict(r._mapping) for r in connection.execute(query)]
        assert authenticate(project.engine, created.secret).id == created.info.id
        with pytest.raises(Unauthorized):
            other = "B" if created.secret.endswith("A") else "A"
            authenticate(project.engine, created.secret[:-1] + other)
    finally:
        project.close()
    assert len(rows) == 1
    assert rows[0]["token_sha256"] == hashlib.sha256(created.secret.encode()).hexdigest()
    assert all(created.secret not in str(value) for value in rows[0].values())


def test_token_commands(
    shared_project: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("IOREVIEW_DB", shared_project.db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(shared_project.data_dir))
    created = run(capsys, "token", "create", "--role", "analyst", "--name", "ci", "--json")
    assert created.code == 0, created.err
    secret = created.json()["token"]
    listed = run(capsys, "token", "list", "--json").json()
    mine = [t for t in listed if t["id"] == created.json()["id"]]
    assert [(t["role"], t["name"], t["active"]) for t in mine] == [("analyst", "ci", True)]
    assert secret not in run(capsys, "token", "list").out
    assert run(capsys, "token", "create", "--role", "owner").code == 2
    revoked = run(capsys, "token", "revoke", str(created.json()["id"]))
    assert revoked.code == 0 and "revoked" in revoked.out
    again = run(capsys, "token", "revoke", str(created.json()["id"]))
    assert again.code == 2 and "already revoked" in again.err
    assert run(capsys, "token", "revoke", "999").code == 2


def test_running_a_review_needs_an_analyst_and_records_determinations(
    api: ApiClient, shared_project: Settings
) -> None:
    from ioreview.lenses import builtin_ids

    request = {"lens": builtin_ids()[0], "actor": "USA", "samples": 20, "seed": 3}
    assert api.post("/api/v1/reviews", json=request).status_code == 401
    reader = bearer(token(shared_project, "reader"))
    assert api.post("/api/v1/reviews", json=request, headers=reader).status_code == 403
    before = size(api)
    analyst = bearer(token(shared_project, "analyst"))
    response = api.post("/api/v1/reviews", json=request, headers=analyst)
    assert response.status_code == 200, response.text
    review = response.json()["data"]
    assert size(api) == before + len(review["results"]) > before
    stored = api.data(f"/api/v1/reviews/{review['id']}")
    assert stored == review
    listed = api.data("/api/v1/reviews")
    assert review["id"] in [r["id"] for r in listed]
    bad = api.post("/api/v1/reviews", json={**request, "lens": "/etc/passwd"}, headers=analyst)
    assert bad.status_code == 404 and size(api) == before + len(review["results"])


def test_tracking_a_directive_item_needs_an_analyst(
    api: ApiClient, shared_project: Settings
) -> None:
    directives = api.data("/api/v1/directives", params={"limit": 500})
    memorandum = max(directives, key=lambda d: d["items"])
    item = api.data(f"/api/v1/directives/{memorandum['id']}")["item_list"][0]
    step = {
        "body": item["body_id"],
        "status": "notified",
        "date": memorandum["date"],
        "source": "https://example.org/test/notification",
    }
    url = f"/api/v1/directives/{memorandum['id']}/track"
    assert api.post(url, json=step).status_code == 401
    assert (
        api.post(url, json=step, headers=bearer(token(shared_project, "reader"))).status_code == 403
    )
    before = size(api)
    analyst = bearer(token(shared_project, "analyst"))
    response = api.post(url, json=step, headers=analyst)
    assert response.status_code == 200, response.text
    result = response.json()["data"]
    assert result["appended"] == before and result["status"] == "notified"
    again = api.post(url, json=step, headers=analyst)
    assert again.status_code == 409 and size(api) == before + 1
