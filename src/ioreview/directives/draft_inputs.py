"""What a memorandum is drafted from: a review's determinations, or a recorded directive.

**Review JSON** (the shape a review run writes; only these keys are read)::

    {"id": "…", "lens": "…" | {"id": "…", "name": "…", "criteria": [...]},
     "actor": "USA", "as_of": "YYYY-MM-DD",
     "results": [{"body_id": "unesco", "determination": "withdraw"}, …]}

``results`` is required; each determination must be one of the ledger's determinations
(``withdraw``, ``review``, ``remain``, ``insufficient-evidence``); the ``withdraw`` ones are
drafted, in the drafting order. A directive is re-drafted with its own wording and order
(``keep_order``); only its ``withdraw`` and ``cease-funding`` items can be drafted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ioreview.directives.draft import ACTIONS
from ioreview.directives.records import Directive
from ioreview.exc import InvalidData, NotFound
from ioreview.ledger.events import DETERMINATIONS


@dataclass(frozen=True)
class DraftInput:
    """Items, wording and the sentence that says where they come from."""

    items: list[tuple[str, str]]
    basis: str
    wordings: dict[str, str]
    keep_order: bool
    actor: str | None = None
    title: str | None = None


def read_review(path: Path) -> dict[str, Any]:
    """A review JSON file, checked for ``results``."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise NotFound(f"no review file {str(path)!r}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidData(f"{path.name}: not a JSON document ({error})") from error
    check_review(document, path.name)
    return dict(document)


def check_review(document: Any, name: str = "review") -> None:
    """Fail unless ``document`` has a well-formed ``results`` list."""
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        raise InvalidData(f"{name}: expected an object with a 'results' list")
    for index, result in enumerate(document["results"]):
        body = result.get("body_id") if isinstance(result, dict) else None
        verdict = result.get("determination") if isinstance(result, dict) else None
        if not isinstance(body, str) or not body:
            raise InvalidData(f"{name}: results[{index}] {result!r}: expected a 'body_id' string")
        if verdict not in DETERMINATIONS:
            raise InvalidData(
                f"{name}: results[{index}] determination {verdict!r}: expected one of "
                f"{', '.join(sorted(DETERMINATIONS))}"
            )


def lens_label(document: dict[str, Any]) -> str | None:
    """The lens id (and name) a review names, if any."""
    lens = document.get("lens")
    if isinstance(lens, str) and lens:
        return lens
    if isinstance(lens, dict) and lens.get("id"):
        name = lens.get("name")
        return f"{lens['id']} ({name})" if name else str(lens["id"])
    return None


def from_review(document: dict[str, Any], name: str = "review") -> DraftInput:
    """The ``withdraw`` results of a review as draft items."""
    check_review(document, name)
    items = [
        (r["body_id"], "withdraw") for r in document["results"] if r["determination"] == "withdraw"
    ]
    if not items:
        raise InvalidData(f"{name}: no result has the determination 'withdraw': nothing to draft")
    review = document.get("id")
    parts = [f"The review {review}" if review else "The review"]
    if (lens := lens_label(document)) is not None:
        parts.append(f" under the lens {lens}")
    if document.get("as_of"):
        parts.append(f" as of {document['as_of']}")
    parts.append(
        ' gave the determination "withdraw" for each organization listed in section 2 of this '
        "memorandum."
    )
    actor = document.get("actor")
    return DraftInput(
        items=items, basis="".join(parts), wordings={}, keep_order=False,
        actor=actor if isinstance(actor, str) else None,
    )  # fmt: skip


def from_directive(directive: Directive) -> DraftInput:
    """A recorded directive's items, wording and order, for re-drafting."""
    other = [item for item in directive.items if item.action not in ACTIONS]
    if other:
        listed = ", ".join(f"{item.body_id} ({item.action})" for item in other[:5])
        raise InvalidData(
            f"directive {directive.id!r} has items a memorandum draft cannot list: {listed}; "
            f"expected only {' and '.join(ACTIONS)} items"
        )
    if not directive.items:
        raise InvalidData(f"directive {directive.id!r} has no items: nothing to draft")
    issued = "" if directive.date is None else f" of {directive.date.isoformat()}"
    return DraftInput(
        items=[(item.body_id, item.action) for item in directive.items],
        basis=f"This memorandum restates the items of directive {directive.id}{issued} as "
        "recorded in the ledger.",
        wordings={item.body_id: item.wording for item in directive.items if item.wording},
        keep_order=True, actor=directive.actor, title=directive.title,
    )  # fmt: skip
