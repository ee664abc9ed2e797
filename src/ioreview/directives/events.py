"""Ledger events of a matched directive.

``directive_events`` returns, in this order:

1. one ``directive_issued`` event (no body; ``valid_from`` = issue date; locator null) whose
   payload holds ``directive`` (the id), ``title``, ``kind``, ``items`` (the number of items,
   matched or not), ``document_sha256``, and the items that have no event kind of their own:
   ``reviews`` (a review ordered for a body), ``other`` (any other action, with its words),
   ``unmatched`` (names no registry body matched, with their candidates' ids);
2. per matched item, in text order: ``withdrawal_directed`` for ``withdraw`` and
   ``funding_ceased`` for ``cease-funding``, with ``body`` = the body id, ``valid_from`` = the
   issue date and the item's locator ("Sec. 2(a)(xiv)"). The payload holds ``directive``,
   ``section``, ``item``, ``locator``, ``wording`` (the name as written, as in the seed
   history of ``ingest.history``), ``action_words`` (the ordering words), ``match``, ``score``
   (a decimal string: ledger payloads carry no floats) and ``low_confidence``.

A review has no event kind in the ledger schema, and ``status_changed`` asserts a status
(member, withdrawing …) that a review does not change; reviews are therefore recorded in the
``directive_issued`` payload, where a later review run can find them. When one body is given
the same action twice in one directive, the first item gets the event and the payload lists
the other locators under ``also_at``.

The directive id is ``<actor>-<kind code>-<issue date>`` in lower case, e.g.
``usa-pm-2026-01-07`` (kind codes: ``pm`` memorandum, ``eo`` executive order, ``proc``
proclamation, ``fs`` fact sheet, ``doc`` other). ``directives.record`` appends ``-2``, ``-3`` …
when the ledger already holds a different document of that kind and day.
"""

from __future__ import annotations

from typing import Any

from ioreview.directives.match import MatchedDirective, MatchedItem
from ioreview.exc import InvalidData
from ioreview.ledger.events import ID_PATTERN, Event, Source

EVENT_KINDS = {"withdraw": "withdrawal_directed", "cease-funding": "funding_ceased"}


def directive_id(matched: MatchedDirective, actor: str) -> str:
    """The stable id of the directive for ``actor`` (see the module docstring)."""
    return f"{actor.lower()}-{matched.parsed.slug}"


def directive_events(
    matched: MatchedDirective, actor: str, source_uri: str, sha256: str,
    ident: str | None = None,
) -> list[Event]:
    """The events that record ``matched`` in the ledger (see the module docstring)."""
    if not (isinstance(actor, str) and ID_PATTERN.fullmatch(actor)):
        raise InvalidData(f"actor {actor!r}: expected an id such as 'USA'")
    ident = directive_id(matched, actor) if ident is None else ident
    issued = matched.parsed.date
    first: dict[tuple[str, str], dict[str, Any]] = {}
    entries: list[tuple[MatchedItem, dict[str, Any]]] = []
    reviews: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    for item in matched.items:
        if item.body_id is None:
            continue
        kind = EVENT_KINDS.get(item.action.kind)
        if kind is None:
            (reviews if item.action.kind == "review" else other).append(_summary(item))
            continue
        known = first.get((item.body_id, kind))
        if known is not None:
            known.setdefault("also_at", []).append(item.locator)
            continue
        payload = {"directive": ident, **_summary(item)}
        del payload["body"]
        first[(item.body_id, kind)] = payload
        entries.append((item, payload))
    header = Event(
        kind="directive_issued",
        actor=actor,
        valid_from=issued,
        payload={
            "directive": ident,
            "title": matched.parsed.title,
            "kind": matched.parsed.kind,
            "items": len(matched.items),
            "document_sha256": sha256,
            "reviews": reviews,
            "other": other,
            "unmatched": [
                {
                    "locator": item.locator,
                    "wording": item.text,
                    "action_words": item.action.words,
                    "candidates": [m.body_id for m in item.candidates],
                }
                for item in matched.unmatched
            ],
        },  # fmt: skip
        source=Source(uri=source_uri, sha256=sha256),
    )
    events = [header]
    for item, payload in entries:
        events.append(
            Event(
                kind=EVENT_KINDS[item.action.kind],
                actor=actor,
                body=item.body_id,
                valid_from=issued,
                payload=payload,
                source=Source(uri=source_uri, sha256=sha256, locator=item.locator),
            )
        )
    return events


def _summary(item: MatchedItem) -> dict[str, Any]:
    return {
        "body": item.body_id, "section": item.section, "item": item.item,
        "locator": item.locator, "wording": item.text, "action_words": item.action.words,
        "match": item.method, "score": None if item.score is None else f"{item.score:.2f}",
        "low_confidence": item.low_confidence,
    }  # fmt: skip
