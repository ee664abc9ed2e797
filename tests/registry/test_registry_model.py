"""The body JSON contract and the data folder lookup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioreview.exc import ConfigurationError, InvalidData, NotFound
from ioreview.registry import Actor, Body, Registry, data_root, load_bundled_registry
from ioreview.registry.model import canonical_json

CONTRACT = {
    "id", "name", "acronym", "kind", "parent", "founded", "hq_city", "hq_country", "members",
    "website", "instrument", "aliases", "external_ids", "memo", "sources",
}  # fmt: skip


def test_contract_keys(bundled: Registry) -> None:
    for body in bundled.bodies:
        document = body.to_json()
        assert set(document) >= CONTRACT
        assert set(document["external_ids"]) == {"cow", "un_entity", "ceb"}
        assert document["memo"] is None or set(document["memo"]) == {"section", "item", "name"}
        assert all(isinstance(url, str) for url in document["sources"].values())


def test_memo_document(bundled: Registry) -> None:
    document = bundled.body("unfccc").to_json()
    assert document["memo"] == {
        "section": "2(b)",
        "item": "xxii",
        "name": "UN Framework Convention on Climate Change",
    }
    assert document["external_ids"] == {"cow": None, "un_entity": "UNFCCC", "ceb": "UNFCCC"}
    assert "UN Framework Convention on Climate Change" in document["aliases"]
    assert document["founded_year"] == 1992


def test_json_round_trip_and_canonical_text(bundled: Registry) -> None:
    for body in bundled.bodies:
        text = body.canonical_json()
        assert text == json.dumps(
            body.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        assert Body.from_json(json.loads(text)) == body
    for actor in bundled.actors:
        assert Actor.from_json(json.loads(actor.canonical_json())) == actor
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


def test_from_json_names_missing_keys() -> None:
    with pytest.raises(InvalidData, match="body document 'x' lacks"):
        Body.from_json({"id": "x"})


def test_body_not_found_names_closest(bundled: Registry) -> None:
    with pytest.raises(NotFound, match="no body 'irenna'; closest: irena"):
        bundled.body("irenna")


def test_data_root_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("IOREVIEW_DATA", str(tmp_path))
    with pytest.raises(ConfigurationError, match="has no 'sources' folder"):
        data_root()
    (tmp_path / "sources").mkdir()
    assert data_root() == tmp_path
    monkeypatch.delenv("IOREVIEW_DATA")
    assert (data_root() / "registry" / "kinds.yaml").is_file()


def test_load_bundled_registry_from_a_folder(mini: Path) -> None:
    registry = load_bundled_registry(mini)
    assert len(registry) == 7
    assert load_bundled_registry(mini) is registry
