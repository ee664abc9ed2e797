"""The bundled effectiveness ratings as assessment events."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import select

from ioreview.project import Project
from ioreview.review import load_published_assessments
from ioreview.storage.projection_tables import event_index

CSV = Path(__file__).resolve().parents[2] / "data/sources/effectiveness/assessments.csv"


def test_loading_is_idempotent_and_keeps_regime_year_and_source(project: Project) -> None:
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # `init` (the fixture) records them; loading again appends nothing.
    assert load_published_assessments(project) == 0
    with project.engine.connect() as connection:
        payloads = [
            json.loads(p)
            for p in connection.execute(
                select(event_index.c.payload).where(event_index.c.kind == "assessment")
            ).scalars()
        ]
    assert len(payloads) == len(rows)
    by_key = {p["published"]: p for p in payloads}
    for row in rows:
        key = f"effectiveness/{row['regime']}/{row['body_acronym']}/{row['area_or_kpi']}"
        payload = by_key[key]
        assert payload["regime"] == row["regime"]
        assert payload["year"] == int(row["year"])
        assert payload["rating"] == row["rating_text"]
        assert payload["quote"] == row["quote"]
        assert payload["criterion"].startswith(row["regime"] + "/")
        assert "score" not in payload  # the lens maps the word, and says how
