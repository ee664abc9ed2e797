"""Reviews on a small seeded portfolio: admission rules, determinations, storage, diffs."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from ioreview.project import Project
from ioreview.review import (
    Options,
    compare_lenses,
    diff_reviews,
    load_review,
    run_review,
    store_review,
)
from ioreview.storage.projection_tables import event_index
from support.review import AS_OF, append, assessment

QUICK = Options(samples=200, seed=7)


def test_each_body_says_which_rule_admitted_it(seeded: Project) -> None:
    review = run_review(seeded, "transactional", "USA", AS_OF, QUICK)
    rules = {r.body_id: r.admitted_by for r in review.results}
    assert rules["wto"] == ["cow-carried"]
    assert rules["itto"] == ["status:member", "contribution:2023"]
    assert rules["unfpa"] == ["contribution:2024"]
    assert rules["unesco"] == ["status:withdrawing"]
    assert [r for r in rules["unhrc"] if r.startswith("directive:")]
    assert "ecosoc" not in rules  # no engagement recorded
    later = run_review(seeded, "transactional", "USA", date(2026, 2, 1), QUICK)
    assert "who" not in {r.body_id for r in later.results}  # withdrawal effective 2026-01-22


def test_published_ratings_give_effectiveness_determinations(seeded: Project) -> None:
    # UNFPA, UK MAR 2011: contribution Satisfactory (3), organisational strengths Weak (1),
    # value for money adequate (2), mapped as effectiveness.toml states. E1–E4 read the
    # organisational rating (0.25 each), E5 the contribution index, E6 value for money:
    # (0.25 · 4 · 1 + 3 + 2) / 3 = 2.0, between 1.5 and 2.5: review.
    review = run_review(seeded, "effectiveness", "USA", AS_OF, QUICK)
    unfpa = review.result("unfpa")
    assert unfpa is not None
    assert unfpa.score == pytest.approx(2.0)
    assert unfpa.coverage == pytest.approx(1.0)
    assert unfpa.determination == "review"
    assert sum(unfpa.acceptability.values()) == pytest.approx(1.0)
    wto = review.result("wto")
    assert wto is not None and wto.determination == "insufficient-evidence"
    assert wto.score is None and wto.coverage == 0.0
    assert all(value is None for value in wto.contributions.values())


def test_a_gate_forces_withdraw_whatever_the_aggregate(seeded: Project) -> None:
    review = run_review(seeded, "transactional", "USA", AS_OF, QUICK)
    unesco = review.result("unesco")
    assert unesco is not None
    assert unesco.determination == "withdraw"
    assert [g["gate"] for g in unesco.gates] == ["T10"]
    assert unesco.acceptability["withdraw"] == 1.0


def test_missing_evidence_lowers_coverage_not_the_score(seeded: Project) -> None:
    review = run_review(seeded, "transactional", "USA", AS_OF, QUICK)
    for result in review.results:
        present = [c for c in result.cells.values() if c["score"] is not None]
        missing = [c for c in result.cells.values() if c["score"] is None]
        assert all(c["reason"] for c in missing)
        assert result.coverage < 1.0 or not missing
        if result.determination == "insufficient-evidence":
            assert result.coverage < review.thresholds["min_coverage"] or not present
            assert result.rank is None


def test_stored_review_records_one_determination_event_per_body(seeded: Project) -> None:
    review = store_review(seeded, run_review(seeded, "global-governance", "USA", AS_OF, QUICK))
    assert review.id is not None
    with seeded.engine.connect() as connection:
        payloads = [
            json.loads(p)
            for p in connection.execute(
                select(event_index.c.payload).where(event_index.c.kind == "determination")
            ).scalars()
        ]
    assert len(payloads) == len(review.results)
    assert {p["review"] for p in payloads} == {review.id}
    loaded = load_review(seeded, review.id)
    assert loaded.to_json() == json.loads(json.dumps(review.to_json()))


def test_the_same_inputs_hash_the_same(seeded: Project) -> None:
    first = run_review(seeded, "transactional", "USA", AS_OF, QUICK)
    second = run_review(seeded, "transactional", "USA", AS_OF, QUICK)
    other_seed = run_review(seeded, "transactional", "USA", AS_OF, Options(samples=200, seed=8))
    assert first.inputs_hash == second.inputs_hash != other_seed.inputs_hash
    assert [r.acceptability for r in first.results] == [r.acceptability for r in second.results]


def test_diff_names_the_criterion_and_evidence_that_changed(seeded: Project) -> None:
    before = store_review(seeded, run_review(seeded, "effectiveness", "USA", AS_OF, QUICK))
    added = append(seeded, [assessment("wto", "E5", "3.5", on=date(2025, 12, 1))])[0]
    after = store_review(seeded, run_review(seeded, "effectiveness", "USA", AS_OF, QUICK))
    found = diff_reviews(before, after)
    assert not found["same_inputs"]
    wto = next(item for item in found["changed"] if item["body_id"] == "wto")
    assert wto["criteria"][0]["criterion"] == "E5"
    assert wto["criteria"][0]["score"] == [None, 3.5]
    assert wto["criteria"][0]["evidence"]["added"] == [str(added.seq)]
    assert diff_reviews(before, before)["changed"] == []


def test_a_superseding_assessment_replaces_the_old_one(seeded: Project) -> None:
    first = append(seeded, [assessment("wto", "E5", "1.0")])[0]
    assert first.seq is not None
    # Dated earlier than the first: without the retraction the later-dated 1.0 would win.
    append(seeded, [assessment("wto", "E5", "3.0", on=date(2025, 1, 1), supersedes=(first.seq,))])
    review = run_review(seeded, "effectiveness", "USA", AS_OF, QUICK)
    wto = review.result("wto")
    assert wto is not None and wto.cells["E5"]["score"] == 3.0


def test_compare_shows_agreement_and_reversed_indicators(seeded: Project) -> None:
    found = compare_lenses(seeded, "transactional", "global-governance", "USA", AS_OF, QUICK)
    total = sum(sum(row.values()) for row in found["agreement_matrix"].values())
    assert total == found["bodies"]
    indicators = {r["indicator"] for r in found["reversals"]}
    assert "legal_bindingness" in indicators
    unesco = next(r for r in found["disagreements"] if r["body_id"] == "unesco")
    assert unesco["a"]["determination"] == "withdraw"


def test_topsis_gives_determinations_too(seeded: Project) -> None:
    review = run_review(seeded, "effectiveness", "USA", AS_OF, Options("topsis", 200, 1))
    decided = [r for r in review.results if r.determination != "insufficient-evidence"]
    assert decided
    for result in decided:
        assert 0 <= (result.score or 0) <= 4
        assert sum(result.acceptability.values()) == pytest.approx(1.0)
