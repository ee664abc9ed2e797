"""Lens files: the built-in lenses load and cite their sources; bad files fail loudly."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ioreview.exc import InvalidLens, NotFound
from ioreview.lenses import Criterion, builtin_ids, builtin_lenses, load_lens
from ioreview.lenses.model import Scale

REPO = Path(__file__).resolve().parents[2]
RATINGS = REPO / "data" / "sources" / "effectiveness" / "assessments.csv"

MINIMAL = """
id = "mine"
title = "A user's lens"
version = "0.1"
summary = "Two criteria."
[[sources]]
id = "S"
title = "A source"
url = "https://example.org/source"
[[criteria]]
id = "C1"
title = "Age"
source = "S"
evidence = "indicator"
indicator = "body_age"
direction = "benefit"
weight = 2
[criteria.scale]
method = "linear"
lo = 0
hi = 80
description = "0 years → 0, 80 years or more → 4"
[[criteria]]
id = "C2"
title = "Judgement"
source = "S"
evidence = "assessment"
direction = "benefit"
weight = 1
[criteria.scale]
method = "assessment"
description = "analyst score"
"""


def test_the_three_builtin_lenses_load() -> None:
    assert builtin_ids() == ["effectiveness", "global-governance", "transactional"]
    for lens in builtin_lenses():
        assert lens.origin == f"builtin:{lens.id}"
        assert len(lens.sha256) == 64
        assert sum(lens.weights) == pytest.approx(1.0)


def test_every_criterion_and_gate_cites_a_listed_source() -> None:
    for lens in builtin_lenses():
        sources = {s.id: s for s in lens.sources}
        for item in (*lens.criteria, *lens.gates):
            assert item.source in sources, (lens.id, item.id)
            assert sources[item.source].url.startswith("http"), (lens.id, item.id)
        for criterion in lens.criteria:
            assert criterion.scale.description.strip(), (lens.id, criterion.id)


def test_transactional_quotes_appear_in_the_bundled_fact_sheet() -> None:
    text = " ".join((REPO / "data/sources/memorandum-2026/fact-sheet.txt").read_text().split())
    lens = load_lens("transactional")
    for criterion in lens.criteria:
        if criterion.source == "US5" and criterion.quote:
            assert criterion.quote in text, criterion.id


def test_opposite_directions_on_shared_indicators() -> None:
    transactional, governance = load_lens("transactional"), load_lens("global-governance")
    sovereignty = next(c for c in transactional.criteria if c.indicator == "legal_bindingness")
    rule_of_law = next(c for c in governance.criteria if c.indicator == "legal_bindingness")
    assert (sovereignty.direction, rule_of_law.direction) == ("cost", "benefit")
    assert sovereignty.score(1.0) == 0.0 and rule_of_law.score(1.0) == 4.0


def test_effectiveness_lens_maps_every_published_rating_word() -> None:
    lens = load_lens("effectiveness")
    with RATINGS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            words = lens.ratings[row["regime"]]
            assert row["rating_text"].lower() in words, row


def test_a_user_lens_file_loads_like_a_builtin(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    lens = load_lens(str(path))
    assert lens.origin == str(path)
    assert lens.weights == pytest.approx((2 / 3, 1 / 3))
    assert lens.criteria[1].assessments == ("C2",)


@pytest.mark.parametrize(
    "old,new,message",
    [
        ('method = "linear"', 'method = "cubic"', "scale.method 'cubic'"),
        ('direction = "benefit"\nweight = 2', 'direction = "up"\nweight = 2', "direction 'up'"),
        ("weight = 2", "weight = 0", "weight 0.0"),
        ('indicator = "body_age"', 'indicator = "body_size"', "indicator 'body_size'"),
        ('summary = "Two criteria."', 'summary = "x"\ncolour = "red"', "unknown key 'colour'"),
        ('source = "S"\nevidence = "indicator"', 'source = "T"\nevidence = "indicator"',
         "source 'T'"),
        ("lo = 0\nhi = 80", "lo = 80\nhi = 0", "lo 80.0, hi 0.0"),
    ],
)  # fmt: skip
def test_a_bad_lens_names_the_offending_value(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in MINIMAL
    path = tmp_path / "bad.toml"
    path.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InvalidLens) as caught:
        load_lens(str(path))
    assert message in caught.value.message
    assert str(path) in caught.value.message


def test_an_assessment_criterion_must_use_the_lens_scale(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    text = MINIMAL.replace('title = "Judgement"\nsource = "S"\nevidence = "assessment"\n'
                           'direction = "benefit"', 'title = "Judgement"\nsource = "S"\n'
                           'evidence = "assessment"\ndirection = "cost"')  # fmt: skip
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidLens, match="direction 'benefit'"):
        load_lens(str(path))


def test_thresholds_must_be_ordered(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(MINIMAL + "\n[thresholds]\nwithdraw_below = 3\nreview_below = 2\n")
    with pytest.raises(InvalidLens, match="withdraw_below 3.0"):
        load_lens(str(path))


def test_unknown_lens_lists_the_builtins() -> None:
    with pytest.raises(NotFound, match="transactional"):
        load_lens("transactionnal")


def test_not_toml_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text("id = [", encoding="utf-8")
    with pytest.raises(InvalidLens, match="not valid TOML"):
        load_lens(str(path))


def test_scales() -> None:
    linear = Scale("linear", "", lo=0.0, hi=0.5)
    assert [linear.magnitude(v) for v in (-1, 0, 0.25, 0.5, 2)] == [0, 0, 2, 4, 4]
    log = Scale("log10", "", lo=1e5, hi=1e9)
    assert [log.magnitude(v) for v in (0, 1e5, 1e6, 1e7, 1e9, 1e12)] == pytest.approx(
        [0, 0, 1, 2, 4, 4]
    )
    bands = Scale("bands", "", edges=(1.0, 2.0), scores=(0.0, 2.0, 4.0))
    assert [bands.magnitude(v) for v in (0.5, 1.0, 1.5, 2.0, 9)] == [0, 2, 2, 4, 4]


INDICATOR_CRITERIA = [
    (lens.id, c) for lens in builtin_lenses() for c in lens.criteria if c.evidence == "indicator"
]


@pytest.mark.parametrize(
    "criterion",
    [c for _, c in INDICATOR_CRITERIA],
    ids=[f"{lens_id}-{c.id}" for lens_id, c in INDICATOR_CRITERIA],
)
@given(st.floats(0, 1e10), st.floats(0, 1e10))
def test_scores_move_with_the_direction(criterion: Criterion, a: float, b: float) -> None:
    low, high = sorted((a, b))
    if criterion.direction == "benefit":  # more of it favours staying under this lens
        assert criterion.score(high) >= criterion.score(low)
    else:
        assert criterion.score(high) <= criterion.score(low)
    assert 0 <= criterion.score(a) <= 4
