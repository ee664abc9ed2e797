"""One envelope for every result and error, documented in OpenAPI; security headers everywhere."""

from __future__ import annotations

from typing import Any

import pytest

from support.web import ApiClient

HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def test_single_resource_envelope(api: ApiClient) -> None:
    response = api.get("/api/v1/bodies/unesco")
    assert response.status_code == 200
    document = response.json()
    assert set(document) == {"ok", "data", "meta"}
    assert document["ok"] is True and document["meta"] == {}
    assert document["data"]["id"] == "unesco"


def test_list_envelope_carries_pagination(api: ApiClient) -> None:
    document = api.get("/api/v1/bodies", params={"limit": 7, "offset": 3}).json()
    assert set(document) == {"ok", "data", "meta"}
    assert set(document["meta"]) == {"limit", "offset", "total"}
    assert document["meta"]["limit"] == 7 and document["meta"]["offset"] == 3
    assert len(document["data"]) == 7
    assert document["meta"]["total"] > 7


@pytest.mark.parametrize(
    "method,url,status,needle",
    [
        ("GET", "/api/v1/bodies/no-such-body", 404, "'no-such-body'"),
        ("GET", "/api/v1/bodies?limit=0", 422, "limit"),
        ("GET", "/api/v1/status/USA/unesco?on=2026-02-30", 422, "'2026-02-30'"),
        ("GET", "/api/v1/no/such/route", 404, "'/api/v1/no/such/route'"),
        ("DELETE", "/api/v1/bodies", 405, "DELETE"),
        ("POST", "/api/v1/events", 401, "bearer token"),
        ("GET", "/api/v1/ledger/proof/999999", 422, "999999"),
    ],
)
def test_error_envelope(api: ApiClient, method: str, url: str, status: int, needle: str) -> None:
    response = api.request(method, url)
    assert response.status_code == status
    document = response.json()
    assert set(document) == {"ok", "error"}
    assert document["ok"] is False
    assert set(document["error"]) == {"status", "message"}
    assert document["error"]["status"] == status
    assert needle in document["error"]["message"]


def test_page_errors_are_html_with_the_same_status(api: ApiClient) -> None:
    response = api.get("/bodies/no-such-body")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no body &#39;no-such-body&#39;" in response.text


def test_every_route_has_a_response_model_and_documented_errors(api: ApiClient) -> None:
    schema = api.get("/openapi.json").json()
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) >= 15
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        assert path.startswith("/api/v1/"), where
        assert operation.get("summary"), where
        success = operation["responses"]["200"]["content"]
        assert success, where
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorEnvelope"), (where, status)
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in operation["responses"], where
        assert "401" in operation["responses"], where


def test_only_the_api_is_in_openapi_and_no_cdn_docs(api: ApiClient) -> None:
    assert api.get("/docs").status_code == 404
    assert api.get("/redoc").status_code == 404
    schema: dict[str, Any] = api.get("/openapi.json").json()
    assert "/api/v1/events" in schema["paths"]
    assert "bearer" in str(schema["paths"]["/api/v1/events"]["post"].get("security")).lower()


@pytest.mark.parametrize(
    "url",
    ["/", "/bodies/unesco", "/ledger", "/api/v1/bodies", "/api/v1/nope", "/static/style.css",
     "/api/v1/ledger/receipt/0"],
)  # fmt: skip
def test_security_headers_and_no_cookies(api: ApiClient, url: str) -> None:
    response = api.get(url)
    for name, value in HEADERS.items():
        assert response.headers[name] == value, (url, name)
    policy = response.headers["content-security-policy"]
    assert policy.split(";")[0] == "default-src 'self'"
    assert "set-cookie" not in response.headers
