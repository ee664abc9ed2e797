"""The body page: status now and on a chosen date, the ledger timeline, registry fields."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from ioreview.engagements import history, status
from ioreview.registry import Body, load_actor, load_body
from ioreview.registry.model import SOURCED_FIELDS
from ioreview.web.api.status import DATE_PATTERN, parse_date
from ioreview.web.auth import read_access
from ioreview.web.deps import ACTOR_KEY, BODY_KEY, ProjectDep, SettingsDep
from ioreview.web.views.render import render

router = APIRouter(dependencies=[Depends(read_access)], include_in_schema=False)

DateField = Annotated[str | None, Query(pattern=f"{DATE_PATTERN}|^$")]


def registry_fields(item: Body) -> list[dict[str, Any]]:
    """Each filled field with its value as text, its source URLs and any source note."""
    fields = []
    for name in SOURCED_FIELDS:
        value = item.value(name)
        if value is None or value == "":
            continue
        if name == "memo" and item.memo is not None:
            shown = f"Sec. {item.memo.section}({item.memo.item}): {item.memo.name}"
        elif isinstance(value, tuple | list):
            shown = ", ".join(str(v) for v in value)
        elif name == "years" and item.years is not None:
            shown = f"{item.years.start or '?'}–{item.years.end or ''}"
        else:
            shown = str(value)
        fields.append(
            {
                "name": name,
                "value": shown,
                "sources": list(item.sources.get(name, ())),
                "note": item.source_notes.get(name),
            }
        )
    return fields


@router.get("/bodies/{body_id}", response_class=HTMLResponse)
def body_page(
    request: Request,
    project: ProjectDep,
    settings: SettingsDep,
    body_id: Annotated[str, Path(pattern=BODY_KEY)],
    actor: Annotated[str | None, Query(pattern=ACTOR_KEY)] = None,
    on: DateField = None,
    as_known: DateField = None,
) -> HTMLResponse:
    with project.engine.connect() as connection:
        item = load_body(connection, body_id)
        who = load_actor(connection, actor or settings.actor)
    today = date.today()
    on_date, known_date = parse_date(on or None, "on"), parse_date(as_known or None, "as_known")
    now = status(project, who.id, item.id, today)
    chosen = None
    if on_date is not None or known_date is not None:
        chosen = status(project, who.id, item.id, on_date or today, known_date)
    entries = history(project, who.id, item.id)
    context = {
        "body": item,
        "actor": who,
        "today": today.isoformat(),
        "now": now.to_json(),
        "chosen": None if chosen is None else chosen.to_json(),
        "form": {"on": on or "", "as_known": as_known or ""},
        "timeline": [
            {"event": e.event.to_json(), "superseded_by": e.superseded_by} for e in entries
        ],
        "fields": registry_fields(item),
        "aliases": sorted({a.text for a in item.aliases} - {item.name}),
        "conflicts": [c.to_json() for c in item.conflicts],
    }
    return render(request, "body.html", context)
