"""Response models shared by several routers: events and their sources.

Each router module holds the models only it uses; these appear under bodies, history, events
and the ledger alike.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ioreview.engagements import HistoryEntry
from ioreview.ledger.events import Event


class SourceOut(BaseModel):
    uri: str = Field(description="Where the fact is stated.")
    sha256: str | None = Field(description="SHA-256 of the cited document, when recorded.")
    locator: str | None = Field(description="Page, section or row within the document.")


class EventOut(BaseModel):
    """One ledger event (the leaf's envelope) and whether a later event retracted it."""

    v: int
    seq: int = Field(description="Position in the ledger (0-based leaf index).")
    recorded_at: str = Field(description="When the ledger recorded it (UTC).")
    actor: str | None
    body: str | None
    kind: str
    valid_from: str | None = Field(description="Start of the valid-time interval (inclusive).")
    valid_to: str | None = Field(description="End of the valid-time interval (exclusive).")
    payload: dict[str, Any]
    supersedes: list[int] = Field(description="Earlier seqs this event retracts.")
    source: SourceOut
    superseded_by: int | None = Field(description="Lowest seq of an event retracting this one.")


def event_out(event: Event, superseded_by: int | None) -> dict[str, Any]:
    document = event.to_json()
    document["superseded_by"] = superseded_by
    return document


def history_out(entry: HistoryEntry) -> dict[str, Any]:
    return entry.to_json()
