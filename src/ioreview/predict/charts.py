"""Altair charts of Predict results, for the report and the web app; ``to_svg`` renders one.

Each function takes the JSON form of a result (``Series.to_json()``, ``BodyGap.to_json()``)
so that the web app can chart what the API returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import vl_convert as vlc

WIDTH = 460
HEIGHT = 220


def igos_chart(series: Mapping[str, Any]) -> alt.Chart:
    """IGOs in existence, births and deaths per year (Pevehouse et al. 2020, Figs. 1-2)."""
    rows = []
    for name, key in (("IGOs in existence", "igos_per_year"), ("births", "births_per_year"),
                      ("deaths", "deaths_per_year")):  # fmt: skip
        for year, count in series.get(key, {}).items():
            rows.append({"year": int(year), "count": count, "series": name})
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_line()
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("count:Q", title="IGOs"),
            color=alt.Color("series:N", legend=alt.Legend(orient="top", title=None)),
        )
        .properties(width=WIDTH, height=HEIGHT, title="COW IGO v3: IGOs per year")
    )
    return chart


def memberships_chart(series: Mapping[str, Any], states: Sequence[str] | None = None) -> alt.Chart:
    """Memberships (full + associate) per state and year (Pevehouse et al. 2020, Figs. 4-5)."""
    memberships: Mapping[str, Mapping[str, int]] = series.get("memberships", {})
    chosen = list(states) if states else sorted(memberships)
    rows = [
        {"year": int(year), "memberships": count, "state": state}
        for state in chosen for year, count in memberships.get(state, {}).items()
    ]  # fmt: skip
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_line()
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("memberships:Q", title="IGO memberships (full + associate)"),
            color=alt.Color("state:N", legend=alt.Legend(orient="top", title=None)),
        )
        .properties(width=WIDTH, height=HEIGHT, title="Memberships per state")
    )
    return chart


def gap_chart(item: Mapping[str, Any]) -> alt.Chart:
    """One body's gap and the residual gap left by each backfill scenario (USD)."""
    scenarios: Mapping[str, Mapping[str, Any]] = item.get("scenarios", {})
    rows = [{"what": "gap", "usd": item.get("gap_usd") or 0.0}]
    rows += [
        {"what": f"residual: {name}", "usd": values.get("residual_usd") or 0.0}
        for name, values in scenarios.items()
    ]
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("usd:Q", title="USD per year"),
            y=alt.Y("what:N", sort=None, title=None),
        )
        .properties(
            width=WIDTH,
            height=24 * len(rows),
            title=f"{item.get('body_id')}: gap after {item.get('actor')} leaves ({item.get('year')})",
        )  # fmt: skip
    )
    return chart


def gaps_chart(items: Sequence[Mapping[str, Any]], limit: int = 30) -> alt.Chart:
    """The largest gaps of a directive, one bar per body (USD per year)."""
    rows = [
        {"body": i["body_id"], "usd": i["gap_usd"], "year": i.get("year")}
        for i in items if i.get("gap_usd")
    ]  # fmt: skip
    rows = sorted(rows, key=lambda r: -float(r["usd"]))[:limit]
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("usd:Q", title="USD per year"),
            y=alt.Y("body:N", sort="-x", title=None),
            tooltip=["body:N", "usd:Q", "year:Q"],
        )
        .properties(width=WIDTH, height=max(18 * len(rows), 40), title="Funding gap per body")
    )
    return chart


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as SVG text, rendered offline by vl-convert."""
    return str(vlc.vegalite_to_svg(chart.to_dict()))
