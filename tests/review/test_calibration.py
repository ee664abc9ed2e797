"""Calibrating lens weights to a directive: cross-validated AUC, fitted weights, candidates."""

from __future__ import annotations

from pathlib import Path

import pytest

from ioreview.exc import InvalidData, NotFound
from ioreview.project import Project
from ioreview.registry import list_bodies
from ioreview.review import fit_lens
from support.review import AS_OF, append, assessment, cow_join

LENS = """
id = "fit-test"
title = "Fit test"
version = "1"
summary = "One assessment, one indicator."
[[sources]]
id = "S"
title = "A source"
url = "https://example.org/source"
[[criteria]]
id = "X"
title = "Judgement"
source = "S"
evidence = "assessment"
direction = "benefit"
weight = 1
[criteria.scale]
method = "assessment"
description = "analyst score"
[[criteria]]
id = "AGE"
title = "Age"
source = "S"
evidence = "indicator"
indicator = "body_age"
direction = "benefit"
weight = 1
[criteria.scale]
method = "linear"
lo = 0
hi = 100
description = "0 → 0, 100 years → 4"
"""
DIRECTIVE = "usa-pm-2026-01-07"


def _lens(tmp_path: Path, text: str = LENS) -> str:
    path = tmp_path / "fit.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _named(project: Project) -> list[str]:
    with project.engine.connect() as connection:
        return [b.id for b in list_bodies(connection, memo=True)]


def _others(project: Project, count: int) -> list[str]:
    with project.engine.connect() as connection:
        bodies = list_bodies(connection)
    return [b.id for b in bodies if b.memo is None and b.external_ids.cow and b.details.get(
        "listing") is None][:count]  # fmt: skip


def test_fit_recovers_a_criterion_that_separates_the_directive(
    project: Project, tmp_path: Path
) -> None:
    named, others = _named(project), _others(project, 20)
    append(project, [cow_join(body, "USA", 1990) for body in others])
    append(project, [
        *(assessment(b, "X", f"{0.5 + (i % 5) * 0.2:.1f}") for i, b in enumerate(named)),
        *(assessment(b, "X", f"{2.5 + (i % 5) * 0.2:.1f}") for i, b in enumerate(others)),
    ])  # fmt: skip
    found = fit_lens(project, _lens(tmp_path), DIRECTIVE, "USA", AS_OF)
    assert found["positives"] == len(named) and found["negatives"] >= len(others)
    assert found["auc"] > 0.9
    low, high = found["auc_interval"]
    assert 0 <= low <= found["auc"] <= high <= 1
    assert found["weights"]["X"] > 0  # a low score predicts being named, as the lens says
    assert set(found["stated_weights"]) == {"X", "AGE"}
    candidates = found["next_candidates"]
    assert {c["body_id"] for c in candidates}.isdisjoint(named)
    assert [c["propensity"] for c in candidates] == sorted(
        (c["propensity"] for c in candidates), reverse=True
    )


def test_no_variance_fails_instead_of_a_fake_auc(project: Project, tmp_path: Path) -> None:
    append(project, [cow_join(body, "USA", 1990) for body in _others(project, 10)])
    only_x = LENS.split('[[criteria]]\nid = "AGE"')[0]
    with pytest.raises(InvalidData, match="no criterion of lens 'fit-test' varies"):
        fit_lens(project, _lens(tmp_path, only_x), DIRECTIVE, "USA", AS_OF)


def test_unknown_directive(project: Project, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="'no-such-directive'"):
        fit_lens(project, _lens(tmp_path), "no-such-directive", "USA", AS_OF)


def test_missing_values_are_imputed_not_zeroed(project: Project, tmp_path: Path) -> None:
    # X is known for half of each class only; the fit still runs and reports coverage.
    named, others = _named(project), _others(project, 20)
    append(project, [cow_join(body, "USA", 1990) for body in others])
    append(project, [
        *(assessment(b, "X", "1") for b in named[::2]),
        *(assessment(b, "X", "3") for b in others[::2]),
    ])  # fmt: skip
    found = fit_lens(project, _lens(tmp_path), DIRECTIVE, "USA", AS_OF)
    assert 0 < found["coverage"]["X"] < 1
    assert "mean" in found["imputation"] and "indicator" in found["imputation"]
