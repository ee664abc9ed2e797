"""The content of a review report, independent of its format (Markdown, HTML, PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ioreview.exc import IoreviewError
from ioreview.indicators import EvidenceRef
from ioreview.lenses import INSUFFICIENT, Lens, load_lens
from ioreview.review.model import BodyResult, Review

#: Colours of the determinations in charts and tables.
COLOURS = {"withdraw": "#b2182b", "review": "#e0a526", "remain": "#2166ac", INSUFFICIENT: "#9e9e9e"}


@dataclass
class Report:
    review: Review
    lens: Lens | None
    comparison: dict[str, Any] | None = None
    charts: dict[str, str | None] = field(default_factory=dict)

    @property
    def decided(self) -> list[BodyResult]:
        return [r for r in self.review.results if r.decided]

    @property
    def undecided(self) -> list[BodyResult]:
        return [r for r in self.review.results if r.determination == INSUFFICIENT]

    def summary(self) -> list[str]:
        review = self.review
        counts = review.counts()
        total = len(review.results)
        lines = [
            f"{total} bodies of {review.actor}'s portfolio on {review.as_of} under the "
            f"{review.lens} lens ({review.lens_version}): " + ", ".join(
                f"{n} {name}" for name, n in counts.items()
            ) + ".",
        ]  # fmt: skip
        if counts[INSUFFICIENT]:
            lines.append(
                f"{counts[INSUFFICIENT]} of {total} bodies have less evidence than the lens "
                f"requires (coverage below {review.thresholds['min_coverage']:.0%} of the "
                "weight): they get no determination. Missing evidence is never scored as zero."
            )
        fragile = [r.body_id for r in review.results if r.fragile]
        if fragile:
            lines.append(
                f"{len(fragile)} determination(s) are fragile (fewer than "
                f"{review.thresholds['fragile_below']:.0%} of sampled weight vectors agree): "
                + ", ".join(fragile)
                + "."
            )
        gated = [f"{r.body_id} ({', '.join(g['gate'] for g in r.gates)})" for r in review.results
                 if r.gates]  # fmt: skip
        if gated:
            lines.append("Gates fired: " + ", ".join(gated) + ".")
        return lines

    def criterion_title(self, cid: str) -> str:
        for criterion in self.review.criteria:
            if criterion["id"] == cid:
                return str(criterion["title"])
        return cid


def evidence_label(item: dict[str, Any]) -> str:
    ref = EvidenceRef.from_json(item)
    if ref.kind == "ledger":
        return f"ledger seq {ref.ref}"
    return ref.ref


def build_report(
    review: Review, comparison: dict[str, Any] | None = None, charts: bool = True
) -> Report:
    from ioreview.reports.charts import coverage_chart, robustness_chart

    try:
        lens: Lens | None = load_lens(review.lens)
    except IoreviewError:  # a user's lens file may have moved: the review still renders
        lens = None
    if lens is not None and lens.version != review.lens_version:
        lens = None
    drawn = (
        {"robustness": robustness_chart(review), "coverage": coverage_chart(review)}
        if charts
        else {}
    )
    return Report(review=review, lens=lens, comparison=comparison, charts=drawn)
