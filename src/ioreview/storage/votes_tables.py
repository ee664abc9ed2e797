"""Dataset tables of the UN General Assembly roll-call votes (importer ``votes``).

Each load replaces their rows. Votes are small integers in Voeten's coding: 1 yes, 2 abstain,
3 no (absences and non-membership are not in the data). ``unga_vote`` repeats the session of
its roll call so that "A against a set of states over sessions S" reads one index range.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, SmallInteger, Table, Text

from ioreview.storage.tables import metadata

YES, ABSTAIN, NO = 1, 2, 3
VOTE_CODES = {"yes": YES, "abstain": ABSTAIN, "no": NO}

unga_roll_call = Table(
    "unga_roll_call",
    metadata,
    Column("rcid", Integer, primary_key=True, autoincrement=False),
    Column("session", Integer, nullable=False),
    Column("important_vote", SmallInteger, nullable=True),  # coded from session 39
    Column("date", Date, nullable=False),
    Column("unres", Text, nullable=True),
    Column("amend", SmallInteger, nullable=True),  # coded until 1985
    Column("para", SmallInteger, nullable=True),  # coded until 1985
    Column("short", Text, nullable=True),
    Column("descr", Text, nullable=True),
)
Index("ix_unga_roll_call_session", unga_roll_call.c.session)

unga_vote = Table(
    "unga_vote",
    metadata,
    Column("rcid", Integer, primary_key=True, autoincrement=False),
    Column("actor", Text, primary_key=True),  # registry actor id
    Column("session", Integer, nullable=False),
    Column("vote", SmallInteger, nullable=False),
)
Index("ix_unga_vote_actor_session", unga_vote.c.actor, unga_vote.c.session, unga_vote.c.rcid)

unga_issue = Table(
    "unga_issue",
    metadata,
    Column("rcid", Integer, primary_key=True, autoincrement=False),
    Column("short_name", Text, primary_key=True),
    Column("issue", Text, nullable=False),
)

#: The country as the vote file names it, per registry actor.
unga_country = Table(
    "unga_country",
    metadata,
    Column("actor", Text, primary_key=True),
    Column("country_code", Text, nullable=True),  # null where the file has no code
    Column("country", Text, nullable=False),
    Column("votes", Integer, nullable=False),
)

TABLES = (unga_roll_call, unga_vote, unga_issue, unga_country)
