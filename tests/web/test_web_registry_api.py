"""Bodies and actors over the API agree with the registry library, page by page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ioreview.project import Project, open_project
from ioreview.registry import Matcher, list_actors, list_bodies, load_body
from ioreview.settings import Settings
from support.web import ApiClient


@pytest.fixture(scope="module")
def project(shared_project: Settings) -> Iterator[Project]:
    opened = open_project(shared_project)
    yield opened
    opened.close()


def every_page(api: ApiClient, url: str, limit: int, **params: Any) -> tuple[list[Any], int]:
    items: list[Any] = []
    offset, total = 0, None
    while total is None or offset < total:
        document = api.get(url, params={**params, "limit": limit, "offset": offset}).json()
        total = document["meta"]["total"]
        assert document["meta"]["limit"] == limit and document["meta"]["offset"] == offset
        items.extend(document["data"])
        offset += limit
    return items, total


def test_pages_concatenate_to_the_registry_in_id_order(api: ApiClient, project: Project) -> None:
    with project.engine.connect() as connection:
        expected = [b.id for b in list_bodies(connection)]
    items, total = every_page(api, "/api/v1/bodies", 300)
    assert total == len(expected)
    assert [item["id"] for item in items] == expected


def test_kind_and_memo_filters_match_the_library(api: ApiClient, project: Project) -> None:
    with project.engine.connect() as connection:
        memo = [b.id for b in list_bodies(connection, memo=True)]
        kind = list_bodies(connection)[0].kind
        of_kind = [b.id for b in list_bodies(connection, kind=kind)]
    items, total = every_page(api, "/api/v1/bodies", 20, memo="true")
    assert [item["id"] for item in items] == memo and total == len(memo) > 0
    assert all(item["memo"]["section"] in ("2(a)", "2(b)") for item in items)
    items, _ = every_page(api, "/api/v1/bodies", 100, kind=kind)
    assert [item["id"] for item in items] == of_kind


def test_search_puts_the_matcher_first_then_names_containing_the_text(
    api: ApiClient, project: Project
) -> None:
    with project.engine.connect() as connection:
        bodies = list_bodies(connection)
    target = next(b for b in bodies if b.acronym)
    found = api.data("/api/v1/bodies", params={"q": target.name})
    assert found[0]["id"] == Matcher(bodies).search(target.name)[0].body_id
    word = target.name.split()[-1]
    contained, total = every_page(api, "/api/v1/bodies", 500, q=word)
    ids = [item["id"] for item in contained]
    assert len(ids) == len(set(ids)) == total
    for b in bodies:
        if word.lower() in b.name.lower():
            assert b.id in ids, b.id
    nothing = api.get("/api/v1/bodies", params={"q": "zzzzqqqq xxxx"}).json()
    assert nothing["data"] == [] and nothing["meta"]["total"] == 0


def test_body_detail_is_the_stored_document(api: ApiClient, project: Project) -> None:
    with project.engine.connect() as connection:
        expected = load_body(connection, "unesco").to_json()
    assert api.data("/api/v1/bodies/unesco") == expected


def test_unknown_body_names_the_closest_ids(api: ApiClient) -> None:
    error = api.get("/api/v1/bodies/unescoo").json()["error"]
    assert error["status"] == 404
    assert "'unescoo'" in error["message"] and "unesco" in error["message"].split("closest")[1]


def test_actors_match_the_library(api: ApiClient, project: Project) -> None:
    with project.engine.connect() as connection:
        expected = [a.to_json() for a in list_actors(connection)]
    items, total = every_page(api, "/api/v1/actors", 100)
    assert items == expected and total == len(expected)
    assert api.data("/api/v1/actors/USA")["id"] == "USA"
    assert api.data("/api/v1/actors/cow:2")["id"] == "USA"
    assert api.get("/api/v1/actors/XXQ").status_code == 404
