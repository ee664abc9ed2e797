"""Charts of Predict results: Altair objects that render to SVG offline."""

from __future__ import annotations

import altair as alt

from ioreview.predict import charts

SERIES = {
    "igos_per_year": {"2000": 2, "2001": 3},
    "births_per_year": {"2000": 2, "2001": 1},
    "deaths_per_year": {"2000": 0, "2001": 0},
    "memberships": {"USA": {"2000": 2, "2001": 3}, "CHN": {"2000": 1, "2001": 1}},
}
GAP = {
    "body_id": "who", "actor": "USA", "year": 2024, "gap_usd": 50.0,
    "scenarios": {"pledges": {"residual_usd": 40.0}, "combined": {"residual_usd": 40.0}},
}  # fmt: skip


def test_every_chart_renders_to_svg() -> None:
    made = [
        charts.igos_chart(SERIES),
        charts.memberships_chart(SERIES, ["USA"]),
        charts.gap_chart(GAP),
        charts.gaps_chart([GAP, {**GAP, "body_id": "unesco", "gap_usd": 20.0}]),
    ]
    for chart in made:
        assert isinstance(chart, alt.Chart)
        svg = charts.to_svg(chart)
        assert svg.startswith("<svg") and "</svg>" in svg
    assert "who: gap after USA leaves (2024)" in charts.to_svg(made[2])


def test_membership_chart_takes_only_the_named_states() -> None:
    spec = charts.memberships_chart(SERIES, ["CHN"]).to_dict()
    values = spec["datasets"][spec["data"]["name"]]
    assert {row["state"] for row in values} == {"CHN"}
    assert len(values) == 2
