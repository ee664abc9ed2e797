"""Preference divergence: how differently the actor and a body's members vote in the UNGA.

Agreement between two states on one roll call is ``1 - |a - b| / 2`` with yes = 1, abstain = 2,
no = 3 (the agreement index of Voeten's UNGA data: 1 same vote, 0.5 one step apart, 0 opposite).
The window is the five years up to the last roll call before the as-of date (the data end in
January 2020, so a 2026 review reads 2015–2019 and says so). Divergence is one minus the mean,
over the body's members with common votes, of each member's mean agreement with the actor.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from ioreview.indicators.base import EvidenceBase
from ioreview.indicators.datasets import not_loaded
from ioreview.indicators.model import EvidenceRef, Reading, missing
from ioreview.storage.votes_tables import unga_roll_call, unga_vote

WINDOW_DAYS = 5 * 365
_KEY = "votes.agreement"


class Agreements:
    """The actor's mean agreement with every other voter in the window."""

    def __init__(self, by_actor: dict[str, float], start: date, end: date, calls: int) -> None:
        self.by_actor = by_actor
        self.start = start
        self.end = end
        self.calls = calls


def agreements(base: EvidenceBase) -> Agreements | str:
    """Computed once per evidence base; a string is the reason there are none."""
    if _KEY not in base.cache:
        base.cache[_KEY] = _compute(base)
    found: Agreements | str = base.cache[_KEY]
    return found


def _compute(base: EvidenceBase) -> Agreements | str:
    for table in (unga_vote, unga_roll_call):
        if (reason := not_loaded(base, table)) is not None:
            return reason
    calls = unga_roll_call
    last = base.connection.execute(
        select(func.max(calls.c.date)).where(calls.c.date < base.as_of)
    ).scalar()
    if last is None:
        return f"UN General Assembly roll calls: none before {base.as_of.isoformat()}"
    start = last - timedelta(days=WINDOW_DAYS)
    mine, other = unga_vote.alias("mine"), unga_vote.alias("other")
    in_window = select(calls.c.rcid).where(calls.c.date >= start, calls.c.date <= last)
    own = base.connection.execute(
        select(func.count()).where(mine.c.actor == base.actor, mine.c.rcid.in_(in_window))
    ).scalar()
    if not own:
        return f"UN General Assembly votes: no vote of {base.actor} from {start} to {last}"
    # Agreement 1 - |a - b| / 2 averaged per other voter, in one grouped self-join.
    agreement = 1.0 - func.abs(mine.c.vote - other.c.vote) / 2.0
    rows = base.connection.execute(
        select(other.c.actor, func.avg(agreement))
        .join(other, other.c.rcid == mine.c.rcid)
        .where(
            mine.c.actor == base.actor, other.c.actor != base.actor,
            mine.c.rcid.in_(in_window),
        )
        .group_by(other.c.actor)
    )  # fmt: skip
    by_actor = {str(actor): float(value) for actor, value in rows}
    return Agreements(by_actor, start, last, int(own))


def vote_divergence(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    members = {m: seq for m, seq in base.members(body_id).items() if m != base.actor}
    if not members:
        return missing(
            f"no member of {body_id!r} other than {base.actor} recorded on "
            f"{base.as_of.isoformat()} (member lists come from membership events, e.g. COW)"
        )
    found = agreements(base)
    if isinstance(found, str):
        return missing(found)
    scores = [found.by_actor[m] for m in members if m in found.by_actor]
    if not scores:
        return missing(f"none of the {len(members)} recorded members of {body_id!r} voted")
    divergence = 1 - sum(scores) / len(scores)
    window = f"{found.start.isoformat()}..{found.end.isoformat()}"
    evidence = (
        EvidenceRef("dataset", f"{unga_vote.name}:window={window}",
                    note=f"{found.calls} roll calls with a vote of {base.actor}"),
        EvidenceRef("ledger", ",".join(str(s) for s in sorted(members.values())[:20]),
                    note=f"membership events of {len(members)} members (first 20 seqs)"),
    )  # fmt: skip
    return Reading(
        value=divergence,
        evidence=evidence,
        detail=f"1 - mean agreement with {len(scores)} voting members, votes {window}",
    )
