"""The bundled notice-rule table: mapping to registry bodies, sources, day counts, defaults.

Expected counts and lists are the ones WITHDRAWAL-RULES.md states for withdrawal-rules.csv.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ioreview.directives.registry_ops import is_un_system
from ioreview.directives.rule_table import load_rules, rule_paths
from ioreview.directives.rules import RULE_KINDS
from ioreview.exc import InvalidData, NotFound
from ioreview.registry import data_root
from support.directives import bundled_registry

REGISTRY = bundled_registry()
BOOK = load_rules(REGISTRY)
TABLE, OVERRIDES = rule_paths()


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_row_maps_to_one_body_and_every_memorandum_body_has_a_rule() -> None:
    assert len(BOOK) == len(_rows()) == 72
    memo = {body.id for body in REGISTRY.memo_bodies()}
    assert len(memo) == 66
    assert memo <= {rule.body_id for rule in BOOK}
    # The six rows outside the memorandum are found by name (WITHDRAWAL-RULES.md).
    others = {rule.body_id for rule in BOOK} - memo
    assert others == {"who", "paris-agreement", "global-tax-deal", "unhrc", "unrwa", "unesco"}


def test_rule_kinds_follow_the_table() -> None:
    counts = Counter(rule.kind for rule in BOOK)
    assert set(counts) <= set(RULE_KINDS)
    # WITHDRAWAL-RULES.md "rule_kind over all 72 rows"; the 13 `unknown` rows split into the
    # five treaty-based bodies whose clause was not found and eight others.
    assert counts == {
        "cessation": 47, "unknown": 8, "default-vclt-56": 5, "fixed-period": 6,
        "end-of-following-year": 2, "conditional": 2, "end-of-year-after-period": 1,
        "on-notice": 1,
    }  # fmt: skip
    defaults = {rule.body_id for rule in BOOK if rule.kind == "default-vclt-56"}
    assert defaults == {"cec", "iai", "isa", "stcu", "idlo"}
    assert all(rule.treaty_based == "yes" for rule in BOOK if rule.kind == "default-vclt-56")
    assert all("default-rule" in rule.flags for rule in BOOK if rule.kind == "default-vclt-56")


def test_every_rule_with_a_date_cites_a_url_and_unknown_rules_cite_none() -> None:
    for rule in BOOK:
        if rule.kind == "unknown":
            assert rule.source_json() is None
            assert rule.earliest_effective(date(2026, 1, 7)) is None
        else:
            source = rule.source_json()
            assert source is not None and source["url"].startswith("http"), rule.body_id
            assert rule.url in rule.sources


def test_day_counts_are_read_from_the_conditions_and_match_the_quote() -> None:
    itto, recaap = BOOK.get("itto"), BOOK.get("recaap")
    assert (itto.kind, itto.days, itto.months) == ("fixed-period", 90, None)
    assert (recaap.kind, recaap.days, recaap.months) == ("fixed-period", 180, None)
    assert "90 jours" in (itto.quote or "")
    assert "180 days" in (recaap.quote or "")


def test_documented_us_dates_follow_from_the_rules() -> None:
    documented = [rule for rule in BOOK if rule.documented]
    assert {rule.body_id for rule in documented} == {"who", "paris-agreement", "unesco"}
    for rule in documented:
        computed = rule.earliest_effective(rule.documented["us_notified"])
        assert computed == rule.documented["us_effective"], rule.body_id


def test_who_carries_the_dues_condition_and_un_entities_need_legal_review() -> None:
    assert BOOK.get("who").conditions == ("dues",)
    assert BOOK.get("iucn").conditions == ("dues",)
    assert BOOK.get("iucn").earliest_effective(date(2026, 3, 1)) is None
    legal = {rule.body_id for rule in BOOK if "legal-review" in rule.flags}
    assert legal == {
        rule.body_id for rule in BOOK
        if rule.kind == "cessation" and is_un_system(REGISTRY.body(rule.body_id), REGISTRY)
    }  # fmt: skip
    # Sec. 2(b) lists 31 UN entities; the UNFCCC (a treaty with Art. 25) is the one not ceased.
    section_b = {b.id for b in REGISTRY.memo_bodies() if b.memo and b.memo.section == "2(b)"}
    assert section_b - legal == {"unfccc"}
    assert {"unhrc", "unrwa"} <= legal


def test_un_system_rule_reproduces_the_memorandum_sections() -> None:
    for body in REGISTRY.memo_bodies():
        assert body.memo is not None
        assert is_un_system(body, REGISTRY) == (body.memo.section == "2(b)"), body.id


def test_a_body_without_a_row_is_unknown() -> None:
    assert "undp" not in BOOK
    assert BOOK.rule("undp").kind == "unknown"
    assert BOOK.rule("undp").earliest_effective(date(2026, 1, 1)) is None
    with pytest.raises(NotFound, match="undp"):
        BOOK.get("undp")


def _copy_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "sources" / "memorandum-2026").mkdir(parents=True)
    (root / "directives").mkdir()
    shutil.copy(TABLE, root / "sources" / "memorandum-2026" / TABLE.name)
    shutil.copy(OVERRIDES, root / "directives" / OVERRIDES.name)
    return root


def _rewrite(root: Path, old: str, new: str) -> None:
    path = root / "sources" / "memorandum-2026" / TABLE.name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unmappable_row_fails_loudly(tmp_path: Path) -> None:
    root = _copy_root(tmp_path)
    assert load_rules(REGISTRY, root).rule("itto").days == 90
    _rewrite(root, "Paris Agreement,fact-sheet", "Pariis Agreemnt of Nowhere,fact-sheet")
    with pytest.raises(InvalidData, match="Pariis Agreemnt of Nowhere"):
        load_rules(REGISTRY, root)


def test_a_memorandum_row_at_a_missing_item_fails(tmp_path: Path) -> None:
    root = _copy_root(tmp_path)
    _rewrite(root, "Colombo Plan Council,a,ii,", "Colombo Plan Council,a,xcix,")
    with pytest.raises(InvalidData, match=r"Sec. 2\(a\)\(xcix\)"):
        load_rules(REGISTRY, root)


def test_a_day_count_the_quote_does_not_state_fails(tmp_path: Path) -> None:
    root = _copy_root(tmp_path)
    _rewrite(root, "Notice period 90 days", "Notice period 91 days")
    with pytest.raises(InvalidData, match="91 days"):
        load_rules(REGISTRY, root)


def test_an_unknown_rule_kind_fails(tmp_path: Path) -> None:
    root = _copy_root(tmp_path)
    _rewrite(root, "end_of_following_year", "end_of_some_year")
    with pytest.raises(InvalidData, match="end_of_some_year"):
        load_rules(REGISTRY, root)


def test_overrides_cite_a_source_for_every_entry(tmp_path: Path) -> None:
    root = _copy_root(tmp_path)
    path = root / "directives" / OVERRIDES.name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source: https://join.iucn.org", "source: unsourced"), "utf-8")
    with pytest.raises(InvalidData, match="iucn"):
        load_rules(REGISTRY, root)
    assert data_root() != root
