"""Helpers shared by test modules (importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

from datetime import date

from ioreview.ledger.events import Event, Source

ORIGIN = "test.example/ledger"


def make_event(number: int, body: str = "unesco") -> Event:
    return Event(
        kind="contribution",
        actor="USA",
        body=body,
        valid_from=date(2000 + number % 25, 1, 1),
        payload={"amount": f"{number}.00", "currency": "USD", "n": number},
        source=Source(uri=f"https://example.org/doc/{number}", locator=f"row {number}"),
    )
