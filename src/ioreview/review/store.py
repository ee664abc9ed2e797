"""Storing reviews: one ``review`` row plus one ``determination`` ledger event per body.

Both are written in one transaction; the checkpoint that covers the events is published after
the commit. A stored review is never changed: a new run is a new review, and ``review diff``
compares two of them.
"""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import insert, select

from ioreview.exc import NotFound
from ioreview.ledger.events import Event, Source, utc_timestamp
from ioreview.project import Project
from ioreview.review.model import BodyResult, Review
from ioreview.storage import write_transaction
from ioreview.storage.review_tables import review as review_table

REVIEW_URI = "ioreview:review/{id}"


def store_review(project: Project, review: Review) -> Review:
    """Record ``review``; returns it with its id and creation time set."""
    review.created_at = utc_timestamp()
    with write_transaction(project.engine) as connection:
        row = connection.execute(
            insert(review_table)
            .values(
                lens_id=review.lens, lens_version=review.lens_version,
                lens_sha256=review.lens_sha256, actor=review.actor, as_of=review.as_of,
                method=review.method, ledger_size=review.ledger_size,
                inputs_hash=review.inputs_hash, created_at=review.created_at, result="{}",
            )
            .returning(review_table.c.id)
        ).scalar_one()  # fmt: skip
        review.id = int(row)
        connection.execute(
            review_table.update()
            .where(review_table.c.id == review.id)
            .values(result=json.dumps(review.to_json(), ensure_ascii=False, sort_keys=True))
        )
        stored = None
        events = [_determination(review, r) for r in review.results]
        if events:
            _, stored = project.ledger.append_in(connection, events)
    if stored is not None:
        project.ledger.published(stored)
    return review


def _determination(review: Review, result: BodyResult) -> Event:
    return Event(
        kind="determination", actor=review.actor, body=result.body_id, valid_from=review.as_of,
        payload={
            "review": review.id, "lens": review.lens, "lens_version": review.lens_version,
            "determination": result.determination, "score": _decimal(result.score),
            "coverage": _decimal(result.coverage), "method": review.method,
        },
        source=Source(uri=REVIEW_URI.format(id=review.id), sha256=review.inputs_hash),
    )  # fmt: skip


def _decimal(value: float | None) -> str | None:
    """A float as a decimal string with 6 places (ledger payloads refuse floats)."""
    return None if value is None else str(Decimal(repr(value)).quantize(Decimal("0.000001")))


def load_review(project: Project, review_id: int) -> Review:
    with project.engine.connect() as connection:
        text = connection.execute(
            select(review_table.c.result).where(review_table.c.id == review_id)
        ).scalar()
    if text is None:
        raise NotFound(f"no review {review_id!r}; `ioreview review list` shows the stored ones")
    return Review.from_json(json.loads(text))


def list_reviews(project: Project, actor: str | None = None) -> list[dict[str, object]]:
    t = review_table
    query = select(
        t.c.id, t.c.lens_id, t.c.lens_version, t.c.actor, t.c.as_of, t.c.method,
        t.c.ledger_size, t.c.inputs_hash, t.c.created_at,
    ).order_by(t.c.id)  # fmt: skip
    if actor is not None:
        query = query.where(t.c.actor == actor)
    with project.engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        {
            "id": int(r.id), "lens": r.lens_id, "lens_version": r.lens_version,
            "actor": r.actor, "as_of": r.as_of.isoformat(), "method": r.method,
            "ledger_size": int(r.ledger_size), "inputs_hash": r.inputs_hash,
            "created_at": r.created_at,
        }
        for r in rows
    ]  # fmt: skip
