"""Predictions over the API and on their page, and the lens comparison on the review page.

The fixture project holds no money and no COW history (``init_small``): gaps come back in
their documented "missing" shape, and the series answers 404 naming the missing ingest.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

import pytest

from ioreview.directives.records import load_directive
from ioreview.predict.gap import ACTIONS
from ioreview.project import open_project
from ioreview.review.compare import compare_with
from ioreview.review.store import load_review
from ioreview.settings import Settings
from ioreview.web.app import create_app
from ioreview.web.views.reviews import default_compare
from support.web import (
    HOSTILE_DIRECTIVE,
    HOSTILE_NAME,
    ApiClient,
    add_hostile_body,
    add_review,
    api_client,
)

DIRECTIVE = "earlier-exits"


@pytest.fixture(scope="module")
def review_id(shared_project: Settings) -> int:
    found = add_review(shared_project, samples=20)
    add_hostile_body(shared_project)
    return found


@pytest.fixture(scope="module")
def client(shared_project: Settings, review_id: int) -> Iterator[ApiClient]:
    with api_client(create_app(shared_project)) as opened:
        yield opened


def directive_bodies(settings: Settings, directive: str) -> list[str]:
    project = open_project(settings)
    try:
        with project.engine.connect() as connection:
            found = load_directive(connection, directive)
    finally:
        project.close()
    return sorted({item.body_id for item in found.items if item.action in ACTIONS})


def contribution_count(settings: Settings) -> int:
    project = open_project(settings)
    try:
        return sum(1 for event in project.ledger.events() if event.kind == "contribution")
    finally:
        project.close()


def test_gap_lists_every_withdrawal_item_of_the_directive(
    client: ApiClient, shared_project: Settings
) -> None:
    document = client.get("/api/v1/predictions/gap", params={"directive": DIRECTIVE}).json()
    assert document["ok"] is True and document["meta"] == {}
    assert document["data"]["directive"] == DIRECTIVE
    items = document["data"]["items"]
    expected = directive_bodies(shared_project, DIRECTIVE)
    assert expected and sorted(item["body_id"] for item in items) == expected


def test_gap_without_money_reports_what_is_missing(
    client: ApiClient, shared_project: Settings
) -> None:
    assert contribution_count(shared_project) == 0, "the fixture is expected to hold no money"
    items = client.data("/api/v1/predictions/gap", params={"directive": DIRECTIVE})["items"]
    for item in items:
        assert item["gap_usd"] is None and item["year"] is None and item["scenarios"] == {}
        assert item["exact_usd"] == {"actor_contribution": None, "revenue": None, "gap": None}
        assert any(item["body_id"] in line for line in item["missing"]), item


def test_gap_of_one_body_and_its_errors(client: ApiClient) -> None:
    every = client.data("/api/v1/predictions/gap", params={"directive": DIRECTIVE})["items"]
    body = every[-1]["body_id"]
    one = client.data("/api/v1/predictions/gap", params={"directive": DIRECTIVE, "body": body})
    assert [item["body_id"] for item in one["items"]] == [body]
    missing = client.get("/api/v1/predictions/gap", params={"directive": "no-such-directive"})
    assert missing.status_code == 404 and missing.json()["ok"] is False
    outside = client.get("/api/v1/predictions/gap", params={"directive": DIRECTIVE, "body": "un"})
    assert outside.status_code == 404 and "'un'" in outside.json()["error"]["message"]
    bad = client.get("/api/v1/predictions/gap", params={"directive": DIRECTIVE, "year": "x"})
    assert bad.status_code == 422 and "query.year" in bad.json()["error"]["message"]


def test_series_without_cow_history_is_a_documented_404(client: ApiClient) -> None:
    response = client.get("/api/v1/predictions/series", params={"actor": "USA"})
    assert response.status_code == 404
    assert "ingest cow" in response.json()["error"]["message"]
    schema = client.get("/openapi.json").json()["paths"]["/api/v1/predictions/series"]["get"]
    assert "404" in schema["responses"]


def test_predictions_page_shows_the_gap_table(client: ApiClient) -> None:
    response = client.get("/predictions")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert 'id="gaps"' in html and 'aria-current="page">Predictions' in html
    for item in client.data("/api/v1/predictions/gap", params={"directive": DIRECTIVE})["items"]:
        assert f"/bodies/{item['body_id']}" in html
        assert escape(item["missing"][0], quote=False) in html
    # No money in the fixture: no gap chart, and the series says what is missing.
    assert "gap.svg" not in html and "ingest cow" in html


def test_predictions_page_escapes_body_names(client: ApiClient) -> None:
    response = client.get("/predictions", params={"directive": HOSTILE_DIRECTIVE})
    assert response.status_code == 200
    assert HOSTILE_NAME not in response.text
    assert escape(HOSTILE_NAME) in response.text


def test_gap_chart_is_served_as_svg(client: ApiClient) -> None:
    response = client.get("/predictions/gap.svg", params={"directive": DIRECTIVE})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.lstrip().startswith("<svg")
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_review_page_compares_with_the_default_lens(
    client: ApiClient, shared_project: Settings, review_id: int
) -> None:
    project = open_project(shared_project)
    try:
        review = load_review(project, review_id)
        other = default_compare(review)
        expected = compare_with(project, review, other)
    finally:
        project.close()
    assert other != review.lens
    html = client.get(f"/reviews/{review_id}").text
    assert 'id="comparison"' in html and f"/lenses/{other}" in html
    assert f'<strong id="agreements">{expected["agreements"]}</strong>' in html
    for row in expected["disagreements"]:
        assert f"/bodies/{row['body_id']}" in html.split('id="disagreements"')[1]


def test_review_page_compares_with_a_chosen_lens(client: ApiClient, review_id: int) -> None:
    html = client.get(f"/reviews/{review_id}", params={"compare": "global-governance"}).text
    assert 'Compared with lens <a href="/lenses/global-governance"' in html
    unknown = client.get(f"/reviews/{review_id}", params={"compare": "no-such-lens"})
    assert unknown.status_code == 404 and "no-such-lens" in unknown.text
