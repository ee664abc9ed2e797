"""Building a registry from the miniature data folder, and the errors a build reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from ioreview.exc import InvalidData
from ioreview.registry import Registry, SourceFiles, build_registry


def build(root: Path) -> Registry:
    return build_registry(SourceFiles.under(root))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mini_build(mini: Path) -> None:
    registry = build(mini)
    ids = [b.id for b in registry.bodies]
    assert ids == ["af", "bcac", "gcp", "eho", "unct", "do", "af-10"]
    gcp = registry.body("gcp")
    assert gcp.parent == "unct"
    assert gcp.acronym == "GCP"
    assert {a.text for a in gcp.aliases} >= {"GCP", "UNGCP", "Gamma Commission for Places"}
    assert gcp.external_ids.ceb == "GCP"
    assert gcp.details["id_matches"]["ceb"] == {"basis": "crosswalk", "raw2024": "GCPRAW"}
    bcac = registry.body("bcac")
    assert bcac.external_ids.cow == 20
    assert bcac.domains == ("economic",)
    eho = registry.body("eho")
    assert (eho.external_ids.cow, eho.external_ids.un_entity) == (30, "EHO")
    assert eho.details["us_funding_usd"] == 1000
    assert [c.field for c in eho.conflicts] == ["founded"]
    assert registry.body("do").domains == ("sustainable-development",)
    assert registry.body("af").details["weak_source_fields"] == ["us_role"]
    assert [(a.norm, a.body_ids) for a in registry.ambiguous] == [("af", ("af", "af-10"))]
    assert registry.excluded == ("Boards",)
    assert [a.id for a in registry.actors] == ["USA", "NAM", "YUG", "SRB", "AUT", "AUS"]


def test_unknown_memorandum_kind(mini: Path) -> None:
    edit(mini / "sources/memorandum-2026/bodies.csv", "intergovernmental organization", "club")
    with pytest.raises(InvalidData, match="bodies.csv:3: kind 'club' is not mapped in kinds.yaml"):
        build(mini)


def test_unknown_un_category(mini: Path) -> None:
    edit(
        mini / "sources/un-system-entities/un_system_entities.csv",
        "Regional Commissions,Regional Commissions",
        "Regional Commissions,Clubs",
    )
    with pytest.raises(
        InvalidData, match="un_system_entities.csv:2: category 'Clubs' is not mapped"
    ):
        build(mini)


def test_unknown_un_pillar(mini: Path) -> None:
    edit(
        mini / "sources/un-system-entities/un_system_entities.csv",
        "Sustainable development",
        "Peace",
    )
    with pytest.raises(
        InvalidData, match="un_system_entities.csv:3: un_pillar 'Peace' is not mapped"
    ):
        build(mini)


def test_heading_row_must_be_excluded(mini: Path) -> None:
    (mini / "registry/exclusions.yaml").write_text("un_entities: []\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="entity 'Boards' has no entity_long and is not listed"):
        build(mini)


def test_kind_vocabulary_must_know_mapped_kinds(mini: Path) -> None:
    edit(
        mini / "registry/kinds.yaml",
        "intergovernmental organization: igo",
        "intergovernmental organization: club",
    )
    with pytest.raises(InvalidData, match="kinds.yaml mappings memorandum: unknown kind 'club'"):
        build(mini)


def test_crosswalk_must_agree_with_the_memorandum_text(mini: Path) -> None:
    edit(mini / "sources/memorandum-2026/memorandum.txt", "Alpha Forum", "Alpha Forums")
    with pytest.raises(
        InvalidData, match="'Alpha Forum' differs from memorandum.txt 2\\(a\\) i 'Alpha Forums'"
    ):
        build(mini)


def test_crosswalk_cow_id_must_exist(mini: Path) -> None:
    edit(
        mini / "sources/us-withdrawal-directives-2025-2026/memorandum_2026-01-07_bodies.csv",
        ",20,BCAC,",
        ",99,BCAC,",
    )
    with pytest.raises(InvalidData, match="cow_ionum 99 .* does not match igo_list_derived.csv"):
        build(mini)


def test_parent_link_to_unknown_body(mini: Path) -> None:
    edit(mini / "registry/parents.yaml", "body: gcp", "body: nowhere")
    with pytest.raises(InvalidData, match="parents.yaml: body 'nowhere' is not in the registry"):
        build(mini)


def test_curated_value_without_source(mini: Path) -> None:
    edit(
        mini / "registry/bodies.yaml",
        "    acronym: [https://www.whitehouse.gov",
        "    ignored: [https://www.whitehouse.gov",
    )
    with pytest.raises(InvalidData, match="bodies.yaml 'unct': acronym='UNCT' has no source"):
        build(mini)


def test_curated_unknown_key(mini: Path) -> None:
    edit(
        mini / "registry/bodies.yaml",
        "  kind: un-principal-organ",
        "  kind: un-principal-organ\n  colour: blue",
    )
    with pytest.raises(
        InvalidData, match=r"bodies.yaml: missing keys \[\], unknown keys \['colour'\]"
    ):
        build(mini)


def test_explicit_alias_declared_twice(mini: Path) -> None:
    edit(
        mini / "registry/bodies.yaml",
        "    - UN Council of Things (UNCT)",
        "    - UN Council of Things (UNCT)\n    - Alpha Forum",
    )
    with pytest.raises(
        InvalidData, match="alias 'Alpha Forum' is declared for both 'af' and 'unct'"
    ):
        build(mini)


def test_id_override(mini: Path) -> None:
    (mini / "registry/ids.yaml").write_text(
        "overrides:\n  - cow: 10\n    id: african-fund\n    sources: [https://example.org/af]\n"
        "    basis: fixture\n",
        encoding="utf-8",
    )
    registry = build(mini)
    assert "african-fund" in registry and "af-10" not in registry


def test_same_as_merges_a_named_pair(mini: Path) -> None:
    # Delta Office (UN list) and COW ionum 10 have no name in common; same-as.yaml joins them.
    (mini / "registry/same-as.yaml").write_text(
        "- cow: 10\n  un_entity: DO\n  sources: [https://example.org/x]\n  basis: fixture\n",
        encoding="utf-8",
    )
    registry = build(mini)
    assert registry.body("do").external_ids.cow == 10
    assert registry.body("do").details["id_matches"]["cow"] == {"basis": "same-as.yaml"}
    assert "af-10" not in registry
