"""Reports in Markdown, HTML and PDF; the PDF is rasterized with pdftoppm and looked at."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ioreview.project import Project
from ioreview.reports.render import write_report
from ioreview.review import Review, compare_with
from support.cli import run


def test_markdown_and_html_carry_the_review(stored: tuple[Project, Review], tmp_path: Path) -> None:
    project, review = stored
    comparison = compare_with(project, review, "transactional")
    md = write_report(review, "md", tmp_path / "r.md", comparison).read_text(encoding="utf-8")
    html = write_report(review, "html", tmp_path / "r.html", comparison).read_text("utf-8")
    decided = [r for r in review.results if r.determination != "insufficient-evidence"]
    assert decided
    for text in (md, html):
        assert f"Review {review.id}" in text
        assert "Lens comparison: effectiveness vs transactional" in text
        for result in decided:
            assert result.body_id in text
        # the rating-word mapping is shown, and evidence links are there
        assert "UK-MAR-2011" in text and "satisfactory 3" in text
        assert "http://webarchive.nationalarchives.gov.uk/" in text
    assert html.count("<svg") >= 2  # robustness and coverage charts


def test_pdf_renders_to_a_non_blank_page(stored: tuple[Project, Review], tmp_path: Path) -> None:
    _, review = stored
    pdf = write_report(review, "pdf", tmp_path / "r.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm missing under CI: apt-get install -y poppler-utils")
        pytest.skip("pdftoppm not installed (Debian poppler-utils)")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    [png] = list(tmp_path.glob("page*.png"))
    assert _non_blank(png.read_bytes())


def _non_blank(png: bytes) -> bool:
    """Whether a PNG has pixels of more than one colour (zlib-decoded scanlines)."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data = 8, b""
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        if kind == b"IDAT":
            data += png[position + 8 : position + 8 + length]
        position += length + 12
    raw = zlib.decompress(data)
    # Scanline bytes other than the filter byte vary when the page is not one flat colour.
    return len(set(raw)) > 2


def test_report_command_writes_to_the_data_dir(
    stored: tuple[Project, Review],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, review = stored
    monkeypatch.setenv("IOREVIEW_DB", project.settings.db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(project.settings.data_dir))
    outcome = run(capsys, "report", str(review.id), "--format", "md", "--compare", "none")
    assert outcome.code == 0, outcome.err
    path = Path(outcome.out.strip())
    assert path == project.settings.data_dir / "reports" / f"review-{review.id}.md"
    assert "Lens comparison" not in path.read_text(encoding="utf-8")
    bad = run(capsys, "report", str(review.id), "--format", "docx")
    assert bad.code == 2 and "'docx'" in bad.err
