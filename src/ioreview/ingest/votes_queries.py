"""Agreement and divergence of UN General Assembly votes (tables of the ``votes`` importer).

Both read ``unga_vote`` (1 yes, 2 abstain, 3 no; only votes cast are recorded, so absence and
non-membership never count) and take ``sessions`` as a ``range`` of session numbers (session 1
is 1946, one a year; session 74 is 2019-20) or ``None`` for all. Neither is an ideal-point
estimate; both are plain shares of recorded votes.

- ``agreement``: over every pair (roll call, other state B) in which ``actor`` and B both
  voted, the share of pairs with the same vote (yes/yes, abstain/abstain, no/no). Each common
  roll call with each other state weighs the same, so states with more common votes weigh more.
- ``divergence``: on every roll call where ``actor`` and at least one member voted, the
  distance between ``actor``'s position and the members' mean position on the scale yes 0,
  abstain 0.5, no 1, averaged over those roll calls: 0 when ``actor`` always votes as the
  members' average, 1 when it always votes yes where all members vote no (or the reverse).

``actor`` itself is left out of ``others`` / ``members``; both return None when no vote is in
common (an unknown actor, empty lists, sessions without votes, or no votes loaded).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import ColumnElement, Connection, case, func, literal, select

from ioreview.storage.votes_tables import unga_vote


def agreement(
    connection: Connection, actor: str, others: Sequence[str], sessions: range | None = None
) -> float | None:
    """Share of identical votes between ``actor`` and each of ``others`` on common roll calls."""
    peers = sorted(set(others) - {actor})
    if not peers:
        return None
    a = unga_vote.alias("a")
    b = unga_vote.alias("b")
    same = func.sum(case((a.c.vote == b.c.vote, 1), else_=0))
    query = (
        select(same, func.count())
        .select_from(a.join(b, b.c.rcid == a.c.rcid))
        .where(a.c.actor == actor, b.c.actor.in_(peers), *_in_sessions(a.c.session, sessions))
    )
    identical, common = connection.execute(query).one()
    if not common:
        return None
    return int(identical) / int(common)


def agreement_by_session(
    connection: Connection, actor: str, others: Sequence[str], sessions: range | None = None
) -> dict[int, float]:
    """``agreement`` per session (sessions without a common vote are absent)."""
    peers = sorted(set(others) - {actor})
    if not peers:
        return {}
    a = unga_vote.alias("a")
    b = unga_vote.alias("b")
    same = func.sum(case((a.c.vote == b.c.vote, 1), else_=0))
    query = (
        select(a.c.session, same, func.count())
        .select_from(a.join(b, b.c.rcid == a.c.rcid))
        .where(a.c.actor == actor, b.c.actor.in_(peers), *_in_sessions(a.c.session, sessions))
        .group_by(a.c.session)
        .order_by(a.c.session)
    )
    return {int(s): int(n) / int(c) for s, n, c in connection.execute(query) if c}


def divergence(
    connection: Connection, actor: str, members: Sequence[str], sessions: range | None = None
) -> float | None:
    """Mean distance of ``actor``'s vote from the members' mean vote (0 to 1), per roll call."""
    group = sorted(set(members) - {actor})
    if not group:
        return None
    members_mean = (
        select(unga_vote.c.rcid, func.avg(_position(unga_vote.c.vote)).label("mean"))
        .where(unga_vote.c.actor.in_(group), *_in_sessions(unga_vote.c.session, sessions))
        .group_by(unga_vote.c.rcid)
        .subquery("m")
    )
    a = unga_vote.alias("a")
    query = (
        select(func.avg(func.abs(_position(a.c.vote) - members_mean.c.mean)), func.count())
        .select_from(a.join(members_mean, members_mean.c.rcid == a.c.rcid))
        .where(a.c.actor == actor)
    )
    value, roll_calls = connection.execute(query).one()
    if not roll_calls or value is None:
        return None
    return float(value)


def _position(vote: ColumnElement[int]) -> ColumnElement[float | Decimal]:
    # yes 1 → 0, abstain 2 → 0.5, no 3 → 1; the literal makes the division exact decimal
    # on PostgreSQL and real on SQLite (never integer division).
    return (vote - 1) / literal(2.0)


def _in_sessions(column: ColumnElement[int], sessions: range | None) -> list[ColumnElement[bool]]:
    if sessions is None:
        return []
    if sessions.step == 1:
        return [column >= sessions.start, column < sessions.stop]
    return [column.in_(list(sessions))]
