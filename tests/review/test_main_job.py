"""The main job: the transactional review as of the latest data, printed and reported."""

from __future__ import annotations

import io

from ioreview.project import Project
from ioreview.review import latest_data_date, list_reviews, run_main_review


def test_run_main_review_stores_prints_and_reports(seeded: Project) -> None:
    out = io.StringIO()
    review, path = run_main_review(seeded, out)
    assert review.lens == "transactional"
    assert review.as_of == latest_data_date(seeded, "USA")
    assert [row["id"] for row in list_reviews(seeded)] == [review.id]
    assert path == seeded.settings.data_dir / "reports" / f"review-{review.id}.html"
    html = path.read_text(encoding="utf-8")
    assert "Lens comparison: transactional vs global-governance" in html
    printed = out.getvalue()
    for result in review.results:
        assert result.body_id in printed
