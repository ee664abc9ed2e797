"""Plain-text tables of reviews, comparisons and fits for terminals."""

from __future__ import annotations

from typing import Any

from ioreview.review.model import Review


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def determinations_table(review: Review) -> str:
    """One line per body: rank, determination, score, coverage, robustness, admission rule."""
    counts = ", ".join(f"{k} {v}" for k, v in review.counts().items())
    lines = [
        f"review {review.id if review.id is not None else '(not stored)'}: lens {review.lens} "
        f"{review.lens_version}, {review.actor} as of {review.as_of}, method {review.method}, "
        f"{review.samples} weight samples",
        f"{len(review.results)} bodies: {counts}",
        f"{'rank':>4}  {'body':<28} {'determination':<22} {'score':>5} {'cover':>5} "
        f"{'withdraw':>8} {'review':>6} {'remain':>6} {'ranks':>9}  admitted by",
    ]
    for r in review.results:
        accept = r.acceptability
        ranks = "-" if r.rank_interval is None else f"{r.rank_interval[0]}-{r.rank_interval[1]}"
        flag = " fragile" if r.fragile else ""
        gates = " gate " + ",".join(g["gate"] for g in r.gates) if r.gates else ""
        lines.append(
            f"{r.rank if r.rank is not None else '-':>4}  {r.body_id:<28} "
            f"{r.determination + flag:<22} {_num(r.score):>5} {r.coverage:>5.0%} "
            f"{accept['withdraw']:>8.0%} {accept['review']:>6.0%} {accept['remain']:>6.0%} "
            f"{ranks:>9}  {', '.join(r.admitted_by)}{gates}"
        )
    return "\n".join(lines)


def comparison_text(found: dict[str, Any], limit: int = 25) -> str:
    a, b = found["lens_a"]["id"], found["lens_b"]["id"]
    names = list(found["agreement_matrix"])
    width = max(len(n) for n in names) + 2
    lines = [
        f"{a} vs {b}: {found['actor']} as of {found['as_of']}, {found['bodies']} bodies, "
        f"{found['agreements']} with the same determination",
        f"rows {a}, columns {b}",
        " " * width + "".join(f"{n:>{width}}" for n in names),
    ]
    for row in names:
        cells = "".join(f"{found['agreement_matrix'][row][col]:>{width}}" for col in names)
        lines.append(f"{row:<{width}}{cells}")
    lines.append("indicators read in opposite directions:")
    for item in found["reversals"]:
        lines.append(
            f"  {item['indicator']}: {a} {item['a']['criterion']} ({item['a']['direction']}) vs "
            f"{b} {item['b']['criterion']} ({item['b']['direction']}), "
            f"{item['bodies_with_value']} bodies with a value"
        )
    lines.append(f"largest disagreements (of {len(found['disagreements'])}):")
    for row in found["disagreements"][:limit]:
        lines.append(
            f"  {row['body_id']:<28} {row['a']['determination']:<22} {_num(row['a']['score'])} "
            f"| {row['b']['determination']:<22} {_num(row['b']['score'])}"
        )
    return "\n".join(lines)


def fit_text(found: dict[str, Any], limit: int = 15) -> str:
    lo, hi = found["auc_interval"]
    lines = [
        f"lens {found['lens']} fitted to {found['directive']}: {found['positives']} named vs "
        f"{found['negatives']} other bodies of {found['actor']} on {found['as_of']}",
        f"cross-validated AUC {found['auc']:.3f} (95% bootstrap interval {lo:.3f}-{hi:.3f}, "
        f"{found['folds']} folds); without missingness indicators {found['auc_values_only']:.3f}",
        f"{'criterion':<10} {'fitted':>8} {'stated':>8} {'coverage':>9}",
    ]
    for cid, stated in found["stated_weights"].items():
        fitted = found["weights"].get(cid)
        shown = "left out" if fitted is None else f"{fitted:+.3f}"
        lines.append(f"{cid:<10} {shown:>8} {stated:>8.3f} {found['coverage'][cid]:>9.0%}")
    lines.append("next candidates (not named, by fitted propensity):")
    for item in found["next_candidates"][:limit]:
        lines.append(f"  {item['body_id']:<28} {item['propensity']:.3f}")
    return "\n".join(lines)
