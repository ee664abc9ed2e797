"""UN General Assembly roll-call votes (Voeten et al., via unvotes) → the ``unga_*`` tables.

Dataset tables only, no ledger events (the runner adds the ``dataset_loaded`` event). Votes are
stored as 1 yes, 2 abstain, 3 no, with the registry actor of the voting state and the session
of the roll call. Every cell is read as text, so Namibia's code ``"NA"`` stays a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ioreview.exc import InvalidData
from ioreview.ingest.context import Context
from ioreview.ingest.sources.votes.countries import load_countries
from ioreview.ingest.tabular import read_lists
from ioreview.storage.votes_tables import (
    VOTE_CODES,
    unga_country,
    unga_issue,
    unga_roll_call,
    unga_vote,
)

VOTES = ["rcid", "country", "country_code", "vote"]
ROLL_CALLS = [
    "rcid",
    "session",
    "importantvote",
    "date",
    "unres",
    "amend",
    "para",
    "short",
    "descr",
]
ISSUES = ["rcid", "short_name", "issue"]
FLAGS = {"": None, "0": 0, "1": 1}
ISSUE_CODE = re.compile(r"[a-z]{2}")
#: Actors per roll call stay below this; (rcid, actor number) packs into one integer.
ACTOR_SLOTS = 1024


@dataclass(frozen=True)
class Cells:
    """Cell checks of one file; each failure names the file, line and column."""

    context: Context
    file: str

    def error(self, line: int, column: str, message: str) -> InvalidData:
        return self.context.reject(message, file=self.file, line=line, column=column)

    def integer(self, line: int, column: str, text: str) -> int:
        if not text.isdigit():
            raise self.error(line, column, f"{column} {text!r}, expected a whole number such as 3")
        return int(text)

    def rcid(self, line: int, text: str, sessions: dict[int, RollCall]) -> int:
        rcid = self.integer(line, "rcid", text)
        if rcid not in sessions:
            raise self.error(
                line,
                "rcid",
                f"rcid {rcid} is not in the roll-call file: expected the id of a roll call",
            )
        return rcid

    def flag(self, line: int, column: str, text: str) -> int | None:
        if text not in FLAGS:
            raise self.error(line, column, f"{column} {text!r}, expected 0, 1 or empty")
        return FLAGS[text]

    def day(self, line: int, text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(line, "date", f"date {text!r}, expected YYYY-MM-DD") from None


def load(context: Context) -> None:
    sessions = _roll_calls(context)
    _issues(context, sessions)
    _votes(context, sessions)


@dataclass(frozen=True)
class RollCall:
    session: int
    day: date


def _roll_calls(context: Context) -> dict[int, RollCall]:
    path = context.path("roll_calls")
    cells = Cells(context, path.name)
    sessions: dict[int, RollCall] = {}
    for line, row in read_lists(path, ROLL_CALLS):
        rcid_text, session, important, day, unres, amend, para, short, descr = row
        rcid = cells.integer(line, "rcid", rcid_text)
        if rcid in sessions:
            raise cells.error(line, "rcid", f"rcid {rcid} appears twice: expected one row each")
        sessions[rcid] = RollCall(cells.integer(line, "session", session), cells.day(line, day))
        context.insert(
            unga_roll_call,
            {
                "rcid": rcid,
                "session": sessions[rcid].session,
                "important_vote": cells.flag(line, "importantvote", important),
                "date": sessions[rcid].day,
                "unres": unres or None,
                "amend": cells.flag(line, "amend", amend),
                "para": cells.flag(line, "para", para),
                "short": short or None,
                "descr": descr or None,
            },
        )
    context.count("roll_calls", len(sessions))
    return sessions


def _issues(context: Context, sessions: dict[int, RollCall]) -> None:
    path = context.path("issues")
    cells = Cells(context, path.name)
    seen: set[tuple[int, str]] = set()
    for line, (rcid_text, short_name, issue) in read_lists(path, ISSUES):
        rcid = cells.rcid(line, rcid_text, sessions)
        if not ISSUE_CODE.fullmatch(short_name):
            raise cells.error(
                line,
                "short_name",
                f"short_name {short_name!r}, expected a two-letter code such as hr",
            )
        if (rcid, short_name) in seen:
            raise cells.error(
                line, "short_name", f"issue {short_name!r} of rcid {rcid} appears twice"
            )
        seen.add((rcid, short_name))
        context.insert(unga_issue, {"rcid": rcid, "short_name": short_name, "issue": issue})
    context.count("issues", len(seen))


def _votes(context: Context, sessions: dict[int, RollCall]) -> None:
    path = context.path()
    cells = Cells(context, path.name)
    countries = load_countries(context.path("countries"), context.registry)
    numbers: dict[str, int] = {}
    seen: set[int] = set()
    names: dict[str, tuple[str, str]] = {}
    tally: dict[str, int] = {}
    for line, (rcid_text, country, code, vote) in context.progress(
        read_lists(path, VOTES), what="UN votes"
    ):
        rcid = cells.rcid(line, rcid_text, sessions)
        roll_call = sessions[rcid]
        actor = countries.actor(code, country, roll_call.day)
        if actor is None:
            raise cells.error(
                line,
                "country_code",
                f"country_code {code!r} ({country!r}) is no "
                "registry actor's ISO alpha-2 code and not in data/registry/"
                "unga-countries.yaml: expected a code such as US",
            )
        value = VOTE_CODES.get(vote)
        if value is None:
            raise cells.error(line, "vote", f"vote {vote!r}, expected yes, abstain or no")
        if actor not in numbers:
            if len(numbers) == ACTOR_SLOTS:
                raise cells.error(line, "country_code", f"more than {ACTOR_SLOTS} countries")
            numbers[actor] = len(numbers)
        pair = rcid * ACTOR_SLOTS + numbers[actor]
        if pair in seen:
            raise cells.error(
                line,
                "country_code",
                f"a second vote of {actor} ({country!r}) on "
                f"rcid {rcid}: expected one vote per state and roll call",
            )
        seen.add(pair)
        if names.setdefault(actor, (code, country)) != (code, country):
            first = names[actor]
            raise cells.error(
                line,
                "country",
                f"{code!r} {country!r} and {first[0]!r} "
                f"{first[1]!r} both map to actor {actor}: expected one country "
                "per actor",
            )
        tally[actor] = tally.get(actor, 0) + 1
        context.insert(
            unga_vote, {"rcid": rcid, "actor": actor, "session": roll_call.session, "vote": value}
        )
    context.count("votes", len(seen))
    for actor, (code, country) in sorted(names.items()):
        context.insert(
            unga_country,
            {
                "actor": actor,
                "country_code": code or None,
                "country": country,
                "votes": tally[actor],
            },
        )
    context.count("countries", len(names))
