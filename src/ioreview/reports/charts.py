"""Static charts of a review as SVG (Altair specs rendered offline by vl-convert).

Every chart has an explicit width and height so that it fits a PDF page.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert as vlc

from ioreview.lenses import INSUFFICIENT, ORDER
from ioreview.reports.document import COLOURS
from ioreview.review.model import Review

WIDTH = 460
ROW = 14


def _svg(chart: alt.TopLevelMixin) -> str:
    return str(vlc.vegalite_to_svg(chart.to_dict()))


def robustness_chart(review: Review, limit: int = 60) -> str | None:
    """Stacked bars: share of weight samples giving each determination, per decided body."""
    rows: list[dict[str, Any]] = []
    decided = [r for r in review.results if r.decided][:limit]
    for result in decided:
        for name in ORDER:
            rows.append({"body": result.body_id, "determination": name,
                         "share": result.acceptability[name]})  # fmt: skip
    if not rows:
        return None
    order = [r.body_id for r in decided]
    chart = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share of weight samples", scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("body:N", sort=order, title=None),
            color=alt.Color("determination:N", scale=_scale(ORDER), legend=alt.Legend(orient="top")),
            order=alt.Order("determination:N"),
        )
        .properties(width=WIDTH, height=max(ROW * len(decided), 40))
    )  # fmt: skip
    return _svg(chart)


def coverage_chart(review: Review) -> str | None:
    """Each body's aggregate against its evidence coverage, coloured by determination."""
    rows = [
        {"body": r.body_id, "coverage": r.coverage, "score": r.score,
         "determination": r.determination}
        for r in review.results if r.score is not None
    ]  # fmt: skip
    if not rows:
        return None
    threshold = review.thresholds["min_coverage"]
    points = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_circle(size=45, opacity=0.8)
        .encode(
            x=alt.X("coverage:Q", title="evidence coverage (share of weight)",
                    scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("score:Q", title="aggregate (0–4)", scale=alt.Scale(domain=[0, 4])),
            color=alt.Color("determination:N", scale=_scale((*ORDER, INSUFFICIENT)),
                            legend=alt.Legend(orient="top")),
            tooltip=["body:N"],
        )
    )  # fmt: skip
    rule = (
        alt.Chart(alt.InlineData(values=[{"x": threshold}]))
        .mark_rule(strokeDash=[4, 4])
        .encode(x="x:Q")
    )
    return _svg((points + rule).properties(width=WIDTH, height=260))


def _scale(names: tuple[str, ...]) -> alt.Scale:
    return alt.Scale(domain=list(names), range=[COLOURS[n] for n in names])
