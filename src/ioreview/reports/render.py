"""Render a review report as Markdown, HTML or PDF (WeasyPrint from the HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ioreview.exc import InvalidData
from ioreview.lenses import ORDER
from ioreview.reports.document import COLOURS, Report, build_report, evidence_label
from ioreview.review.model import BodyResult, Review

FORMATS = ("md", "html", "pdf")
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _with_evidence(result: BodyResult) -> list[str]:
    return [cid for cid, cell in result.cells.items() if cell.get("score") is not None]


def _environment(html: bool) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "html.j2"]) if html else False,
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    environment.globals.update(
        num=_num, pct=_pct, label=evidence_label, with_evidence=_with_evidence, order=ORDER,
        colours=COLOURS,
    )  # fmt: skip
    return environment


def _context(report: Report) -> dict[str, Any]:
    weights = {}
    if report.lens is not None:
        weights = dict(zip((c.id for c in report.lens.criteria), report.lens.weights, strict=True))
    return {"report": report, "r": report.review, "weights": weights}


def render(report: Report, fmt: str) -> bytes:
    """The report in ``fmt`` (md, html or pdf) as bytes."""
    if fmt not in FORMATS:
        raise InvalidData(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt == "md":
        text = _environment(False).get_template("review.md.j2").render(**_context(report))
        return text.encode("utf-8")
    html = _environment(True).get_template("review.html.j2").render(**_context(report))
    if fmt == "html":
        return html.encode("utf-8")
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return bytes(pdf)


def write_report(
    review: Review, fmt: str, out: Path, comparison: dict[str, Any] | None = None
) -> Path:
    """Render ``review`` and write it to ``out`` (folders are created)."""
    data = render(build_report(review, comparison, charts=fmt != "md"), fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out
