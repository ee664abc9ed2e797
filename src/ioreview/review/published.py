"""Published effectiveness ratings (``data/sources/effectiveness/assessments.csv``) as assessments.

Each row becomes one ``assessment`` event with no actor (a rating is about the body), payload
``criterion`` "<regime>/<area>", ``regime``, ``year``, ``area``, ``rating`` (the word as
printed), ``scale``, ``quote`` and a ``published`` key that makes loading idempotent. The rating
word is not turned into a number here: each lens maps a regime's words to 0–4 and says so.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ioreview.exc import InvalidData
from ioreview.ledger.events import Event, Source
from ioreview.project import Project
from ioreview.registry import Registry, data_root
from ioreview.storage.projection_tables import event_index

RATINGS_FILE = Path("sources") / "effectiveness" / "assessments.csv"
#: (regime, area as printed) → assessment criterion name (data/sources/effectiveness/NOTES.md).
CRITERIA = {
    ("UK-MAR-2011", "Contribution to UK development objectives"):
        "UK-MAR-2011/contribution-to-uk-development-objectives",
    ("UK-MAR-2011", "Organisational strengths"): "UK-MAR-2011/organisational-strengths",
    ("UK-MAR-2011", "Value for money for UK aid (overall)"): "UK-MAR-2011/value-for-money",
    ("UK-MAR-2011", "Overall rating as reported by the press (index not specified by the source)"):
        "UK-MAR-2011/overall-as-reported",
    ("UK-MDR-2016", "Organisational strength"): "UK-MDR-2016/organisational-strength",
    ("UK-MDR-2016", "Overall classification as reported by FAO"): "UK-MDR-2016/overall-as-reported",
    ("AU-AMA-2012",
     "Component 1: Delivering results on poverty and sustainable development in line with mandate"):
        "AU-AMA-2012/delivering-results",
}  # fmt: skip
#: Publication dates as SOURCE.md states them; AMA's day was not read (year only).
PUBLISHED_ON = {"UK-MAR-2011": date(2011, 3, 1), "UK-MDR-2016": date(2016, 12, 1)}


def published_events(registry: Registry, data_dir: Path | None = None) -> list[Event]:
    """One event per row of the ratings file, in file order; unknown rows stop the load."""
    path = (data_root() if data_dir is None else data_dir) / RATINGS_FILE
    events = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{RATINGS_FILE.as_posix()}:{line}"
            criterion = CRITERIA.get((row["regime"], row["area_or_kpi"]))
            if criterion is None:
                raise InvalidData(
                    f"{where}: regime {row['regime']!r} area {row['area_or_kpi']!r}: expected one "
                    "of the areas listed in data/sources/effectiveness/NOTES.md"
                )
            match = registry.resolve(row["body_acronym"]).match
            if match is None:
                raise InvalidData(
                    f"{where}: body_acronym {row['body_acronym']!r}: no registry body"
                )
            key = f"effectiveness/{row['regime']}/{row['body_acronym']}/{row['area_or_kpi']}"
            events.append(
                Event(
                    kind="assessment",
                    actor=None,
                    body=match.body_id,
                    valid_from=PUBLISHED_ON.get(row["regime"]),
                    payload={
                        "criterion": criterion,
                        "regime": row["regime"],
                        "year": int(row["year"]),
                        "area": row["area_or_kpi"],
                        "rating": row["rating_text"],
                        "scale": row["scale"],
                        "quote": row["quote"],
                        "published": key,
                        "analyst": "data/sources/effectiveness/assessments.csv",
                    },
                    source=Source(uri=row["source_url"], locator=where),
                )  # fmt: skip
            )
    return events


def load_published_assessments(project: Project) -> int:
    """Record the published ratings not yet in the ledger; return how many were appended."""
    with project.engine.connect() as connection:
        rows = connection.execute(
            select(event_index.c.payload).where(
                event_index.c.kind == "assessment",
                event_index.c.payload.like('%"published":%'),
            )
        ).scalars()
        seen = {json.loads(payload).get("published") for payload in rows}
    new = [e for e in published_events(project.registry()) if e.payload["published"] not in seen]
    return len(project.ledger.append(new)) if new else 0
