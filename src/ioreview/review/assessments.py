"""Analyst assessments: one ``assessment`` ledger event per score, never edited.

A score is a decimal string on the lens scale 0–4 (4 = most favourable to continued engagement).
Every assessment names its evidence (a URL), may quote it, names the analyst, and may supersede
earlier assessments by seq; the old event stays in the ledger, retracted from then on.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from ioreview.exc import InvalidData, NotFound
from ioreview.ledger.events import Event, Source
from ioreview.lenses import load_lens
from ioreview.project import Project
from ioreview.registry import load_body
from ioreview.storage.projection_tables import event_index

_SCORE = re.compile(r"\d+(\.\d+)?")
CSV_COLUMNS = ("body", "criterion", "score", "evidence")
CSV_OPTIONAL = ("quote", "lens", "analyst", "date", "supersedes", "locator", "actor")


@dataclass(frozen=True)
class AssessmentInput:
    """One assessment to record, before validation."""

    body: str
    criterion: str
    score: str
    evidence: str
    analyst: str
    quote: str | None = None
    lens: str | None = None
    on: date | None = None
    supersedes: tuple[int, ...] = ()
    locator: str | None = None
    actor: str | None = None
    #: Where the item comes from, for error messages (e.g. "scores.csv:3").
    origin: str | None = None


def record_assessments(project: Project, items: Iterable[AssessmentInput]) -> list[Event]:
    """Validate every item, then append them all in one transaction (all or nothing)."""
    events = [_event(project, item, index) for index, item in enumerate(items, start=1)]
    if not events:
        raise InvalidData("no assessment to record: expected at least one")
    return project.ledger.append(events)


def _event(project: Project, item: AssessmentInput, index: int) -> Event:
    where = item.origin or f"assessment {index}"
    score = item.score.strip()
    if not _SCORE.fullmatch(score) or not Decimal(0) <= Decimal(score) <= Decimal(4):
        raise InvalidData(f"{where}: score {item.score!r}: expected a decimal from 0 to 4")
    if not item.criterion.strip():
        raise InvalidData(f"{where}: criterion {item.criterion!r}: expected a criterion name")
    if not item.evidence.strip() or any(ch.isspace() for ch in item.evidence.strip()):
        raise InvalidData(f"{where}: evidence {item.evidence!r}: expected a URL without spaces")
    with project.engine.connect() as connection:
        body = load_body(connection, item.body).id
        for seq in item.supersedes:
            row = connection.execute(
                select(event_index.c.kind, event_index.c.body).where(event_index.c.seq == seq)
            ).one_or_none()
            if row is None:
                raise NotFound(f"{where}: supersedes seq {seq!r}: no such ledger entry")
            if row.kind != "assessment" or row.body != body:
                raise InvalidData(
                    f"{where}: supersedes seq {seq!r} is a {row.kind!r} event of "
                    f"{row.body!r}: expected an assessment of {body!r}"
                )
    if item.lens is not None:
        _check_lens_criterion(item.lens, item.criterion, where)
    payload: dict[str, object] = {
        "criterion": item.criterion.strip(),
        "score": score,
        "lens": None if item.lens is None else load_lens(item.lens).id,
        "analyst": item.analyst,
        "quote": item.quote,
    }
    return Event(
        kind="assessment", actor=item.actor, body=body, valid_from=item.on or date.today(),
        payload=payload, supersedes=item.supersedes,
        source=Source(uri=item.evidence.strip(), locator=item.locator),
    )  # fmt: skip


def _check_lens_criterion(lens_ref: str, criterion: str, where: str) -> None:
    lens = load_lens(lens_ref)
    names = {name for c in lens.criteria for name in c.assessments}
    names |= {g.assessment for g in lens.gates if g.assessment is not None}
    if criterion not in names:
        raise InvalidData(
            f"{where}: criterion {criterion!r} is not an assessment of lens {lens.id!r}: "
            f"expected one of {', '.join(sorted(names))}"
        )


def read_assessment_csv(path: Path, analyst: str) -> list[AssessmentInput]:
    """Rows of a bulk assessment file; errors name the line."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise NotFound(f"assessment file {str(path)!r}: {error.strerror}") from error
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in CSV_COLUMNS if c not in header]
        unknown = [c for c in header if c not in CSV_COLUMNS + CSV_OPTIONAL]
        if missing or unknown:
            raise InvalidData(
                f"{path.name}: header {header!r}: expected columns {', '.join(CSV_COLUMNS)} "
                f"(optional: {', '.join(CSV_OPTIONAL)})"
            )
        items = []
        for line, row in enumerate(reader, start=2):
            try:
                items.append(_row(row, analyst, f"{path.name}:{line}"))
            except (ValueError, InvalidData) as error:
                message = error.message if isinstance(error, InvalidData) else str(error)
                raise InvalidData(f"{path.name}:{line}: {message}") from error
    return items


def _row(row: dict[str, str], analyst: str, origin: str) -> AssessmentInput:
    def text(key: str) -> str | None:
        value = (row.get(key) or "").strip()
        return value or None

    on = text("date")
    supersedes = text("supersedes")
    return AssessmentInput(
        body=row["body"].strip(), criterion=row["criterion"].strip(), score=row["score"].strip(),
        evidence=row["evidence"].strip(), analyst=text("analyst") or analyst,
        quote=text("quote"), lens=text("lens"),
        on=None if on is None else date.fromisoformat(on),
        supersedes=() if supersedes is None else tuple(int(s) for s in supersedes.split(";")),
        locator=text("locator"), actor=text("actor"), origin=origin,
    )  # fmt: skip
