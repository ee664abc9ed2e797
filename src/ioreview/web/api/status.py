"""``/api/v1/status/{actor}/{body}``: engagement status on a date, as known on a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from ioreview.engagements import status
from ioreview.exc import InvalidData
from ioreview.web.auth import read_access
from ioreview.web.deps import ACTOR_KEY, BODY_KEY, ProjectDep
from ioreview.web.errors import Envelope, errors, ok

router = APIRouter(prefix="/status", tags=["status"], dependencies=[Depends(read_access)])

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class StatusOut(BaseModel):
    actor: str
    body: str
    on: str = Field(description="The valid date asked about.")
    as_known: str | None = Field(description="The ledger as known at the end of this day (UTC).")
    status: str = Field(description="member, party, withdrawing, directed, none, ...")
    since: str | None = Field(description="Valid date of the event that set the status.")
    events: list[int] = Field(description="Seqs of the events applied, in order.")
    markers: list[str] = Field(description="e.g. withdrawal_directed, funding_ceased.")
    ledger_size: int = Field(description="Ledger prefix the answer reads.")
    checkpoint: str | None = Field(description="Signed checkpoint covering that prefix.")


def parse_date(value: str | None, name: str) -> date | None:
    """An ISO date, or ``InvalidData`` naming the parameter and the value."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidData(f"{name} {value!r}: expected a calendar date YYYY-MM-DD") from error


DateQuery = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY-MM-DD")]


@router.get(
    "/{actor}/{body}",
    response_model=Envelope[StatusOut],
    summary="Engagement status",
    responses=errors(404, 422),
)
def get_status(
    project: ProjectDep,
    actor: Annotated[str, Path(pattern=ACTOR_KEY, description="Actor id, ISO3 or COW code.")],
    body: Annotated[str, Path(pattern=BODY_KEY, description="Body id.")],
    on: DateQuery = None,
    as_known: DateQuery = None,
) -> dict[str, Any]:
    """Status on valid date ``on`` (default today), as the ledger knew it on ``as_known``."""
    on_date = parse_date(on, "on") or date.today()
    result = status(project, actor, body, on_date, parse_date(as_known, "as_known"))
    return ok(result.to_json())
