"""The registry commands keep the CLI contract of the foundation issue."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from support.cli import Outcome, run

REPO = Path(__file__).resolve().parents[2]
CROSSWALK = (
    REPO / "data/sources/us-withdrawal-directives-2025-2026/memorandum_2026-01-07_bodies.csv"
)
BODY_KEYS = {
    "id", "name", "acronym", "kind", "parent", "founded", "hq_city", "hq_country", "members",
    "website", "instrument", "aliases", "external_ids", "memo", "sources",
}  # fmt: skip


def test_init_is_idempotent(initialised: Outcome, capsys: pytest.CaptureFixture[str]) -> None:
    first = initialised.json()
    assert first["changed"] is True and first["bodies"] > 800
    again = run(capsys, "init", "--only", "us_funding", "--json").json()
    assert again["changed"] is False
    assert again["events_appended"] == 0
    assert again["ledger_size"] == first["ledger_size"]


def test_memo_list_matches_the_memorandum(
    initialised: Outcome, capsys: pytest.CaptureFixture[str]
) -> None:
    bodies = run(capsys, "bodies", "list", "--memo", "--json").json()
    with CROSSWALK.open(encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle))
    assert len(bodies) == 66
    assert [b["memo"]["section"] for b in bodies].count("2(a)") == 35
    assert [b["memo"]["section"] for b in bodies].count("2(b)") == 31
    assert [(b["memo"]["section"], b["memo"]["item"], b["memo"]["name"]) for b in bodies] == [
        (row["section"], row["item"], row["name"]) for row in expected
    ]
    for body in bodies:
        assert set(body) >= BODY_KEYS
        assert set(body["external_ids"]) >= {"cow", "un_entity", "ceb"}
    ids = [b["external_ids"] for b in bodies]
    assert sum(1 for e in ids if e["cow"] is not None) == 8
    assert sum(1 for e in ids if e["un_entity"] is not None) == 24
    assert sum(1 for e in ids if e["ceb"] is not None) == 9


def test_show_and_unknown_body(initialised: Outcome, capsys: pytest.CaptureFixture[str]) -> None:
    shown = run(capsys, "bodies", "show", "eca", "--json").json()
    assert shown["id"] == "eca" and shown["parent"] == "ecosoc"
    missing = run(capsys, "bodies", "show", "unescoo")
    assert missing.code == 2
    assert "no body 'unescoo'" in missing.err and "unesco" in missing.err


def test_search_ranks_exact_before_fuzzy(
    initialised: Outcome, capsys: pytest.CaptureFixture[str]
) -> None:
    found = run(capsys, "bodies", "search", "UNFCCC", "--json").json()
    assert found["resolved"] == "unfccc"
    assert found["matches"][0]["method"] in {"exact", "alias"}
    fuzzy = run(capsys, "bodies", "search", "Internatonal Renewable Enrgy Agency", "--json").json()
    assert fuzzy["matches"][0]["body_id"] == "irena"
    assert fuzzy["matches"][0]["method"] == "fuzzy" and fuzzy["matches"][0]["score"] < 100


def test_commands_need_an_initialised_database(
    project_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = run(capsys, "bodies", "list")
    assert outcome.code == 2
    assert "run `ioreview init`" in outcome.err


def test_bad_database_url_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "--db", "mysql://nobody@nowhere/x", "bodies", "list")
    assert outcome.code == 2
    assert "'mysql://nobody@nowhere/x'" in outcome.err
