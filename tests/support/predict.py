"""Synthetic worlds for Predict tests: COW-like events, IGO-year rows, money, votes.

``small_world`` is small enough to count by hand (tests state the expected numbers);
``random_world`` simulates membership spells whose exits depend on distance from the IGO's
centre, with UN votes driven by the same positions, so the risk model has a known sign to
recover.
"""

from __future__ import annotations

import csv
import gzip
import math
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from ioreview.ledger.events import Event, Source
from ioreview.project import Project
from ioreview.storage import write_transaction
from ioreview.storage.ceb_tables import ceb_revenue
from ioreview.storage.cow_tables import cow_disagreement, cow_igo_year
from ioreview.storage.votes_tables import unga_roll_call, unga_vote
from support.ingest import bare_project

COW = Source(uri="urn:test:cow-igo-v3")
DIRECTIVE = "test-directive"
DIRECTIVE_DATE = date(2025, 1, 1)


@dataclass
class World:
    events: list[Event] = field(default_factory=list)
    igo_rows: list[dict[str, Any]] = field(default_factory=list)
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    revenue: list[dict[str, Any]] = field(default_factory=list)
    roll_calls: list[dict[str, Any]] = field(default_factory=list)
    votes: list[dict[str, Any]] = field(default_factory=list)
    ionum: dict[str, int] = field(default_factory=dict)

    def body(self, body: str, years: range, dead_in: int | None = None) -> None:
        number = self.ionum.setdefault(body, len(self.ionum) + 1)
        for year in years:
            self.igo_rows.append({
                "ionum": number, "year": year, "body": body, "ioname": body.upper(),
                "sdate": years.start, "deaddate": dead_in, "dead": year == dead_in,
                "integrated": False, "replaced": False, "imputed": False, "political": None,
                "social": None, "economic": None, "full": 0, "associate": 0, "observer": 0,
                "missing": 0,
            })  # fmt: skip

    def cow(self, kind: str, actor: str, body: str, year: int, **payload: Any) -> None:
        payload = {"observed": "cow", "ionum": self.ionum[body], "ccode": 0, **payload}
        self.events.append(
            Event(kind=kind, actor=actor, body=body, valid_from=date(year, 1, 1),
                  payload=payload, source=COW)
        )  # fmt: skip

    def spell(
        self, actor: str, body: str, start: int, stop: int | None, *, code: int = 1,
        end: str = "no membership", dead: bool = False,
    ) -> None:  # fmt: skip
        """A spell coded ``code`` from ``start``; it ends before ``stop`` (None: open)."""
        role = {1: "member", 2: "associate", 3: "observer"}[code]
        self.cow("joined", actor, body, start, role=role, cow_status=code,
                 open_at_end=stop is None)  # fmt: skip
        if stop is not None:
            self.cow("left", actor, body, stop, reason="coding change", coded_as=end,
                     cow_status=0 if end == "no membership" else None,
                     last_cow_status=code, igo_dead=dead)  # fmt: skip


def small_world() -> World:
    """Three IGOs 2000-2010 (``ilo`` dies in 2006), three states, money and a directive."""
    world = World()
    world.body("who", range(2000, 2011))
    world.body("unesco", range(2000, 2011))
    world.body("ilo", range(2002, 2007), dead_in=2006)
    world.spell("USA", "who", 2000, None)
    world.spell("USA", "unesco", 2000, 2005)  # exit, re-entry after one year: churn
    world.spell("USA", "unesco", 2006, None)
    world.spell("USA", "ilo", 2002, 2007, end="no IGO-year row", dead=True)
    world.spell("CHN", "who", 2003, None)
    world.cow("joined", "CHN", "unesco", 2000, role="associate", cow_status=2)
    world.cow("status_changed", "CHN", "unesco", 2004, status="member", cow_status=1,
              previous_cow_status=2, open_at_end=True)  # fmt: skip
    world.spell("FRA", "who", 2000, None)
    world.spell("FRA", "unesco", 2000, 2008)  # an exit that stays
    world.spell("FRA", "ilo", 2002, 2007, end="no IGO-year row", dead=True)
    world.disagreements.append({
        "ccode": 2, "actor": "USA", "ionum": world.ionum["who"], "body": "who", "year": 2004,
        "igo_year_value": 1, "state_year_value": 0, "kind": "code",
    })  # fmt: skip
    _money(world)
    return world


def _money(world: World) -> None:
    """2024 money of ``who``: USA 30 + 20, CHN 25, FRA 15 + 10; revenue 200; pledges."""
    for actor, kind, amount in (("USA", "assessed", "30"), ("USA", "voluntary", "20"),
                                ("CHN", "assessed", "25"), ("FRA", "assessed", "15"),
                                ("FRA", "voluntary", "10")):  # fmt: skip
        world.events.append(
            Event(kind="contribution", actor=actor, body="who", valid_from=date(2024, 1, 1),
                  valid_to=date(2025, 1, 1),
                  payload={"amount": amount, "currency": "USD", "funding_kind": kind,
                           "year": 2024, "dataset": "test"},
                  source=Source(uri=f"urn:test:money/{actor}/{kind}"))
        )  # fmt: skip
    pledges = (
        ("GBR", "50", date(2025, 3, 1), date(2030, 3, 1)),  # 5 years: 10 a year
        ("USA", "99", date(2025, 3, 1), None),  # the leaving actor's own: not counted
        ("CHN", "70", date(2020, 1, 1), None),  # before the directive: not counted
    )
    for actor, amount, start, end in pledges:
        world.events.append(
            Event(kind="pledge", actor=actor, body="who", valid_from=start, valid_to=end,
                  payload={"amount": amount, "currency": "USD"},
                  source=Source(uri=f"https://example.org/pledge/{actor}"))
        )  # fmt: skip
    world.revenue.append({
        "line": 2, "entity": "WHO", "entity_source": "WHO", "sub_entity": "WHO", "body": "who",
        "year": 2024, "revenue_type": "assessed", "revenue_type_source": "Assessed",
        "sub_type": "R01", "sub_type_name": "Assessed contributions", "amount": "200",
    })  # fmt: skip
    world.events.append(
        Event(kind="directive_issued", actor="USA", valid_from=DIRECTIVE_DATE,
              payload={"directive": DIRECTIVE, "title": "Test directive"},
              source=Source(uri="https://example.org/directive"))
    )  # fmt: skip
    for n, body in enumerate(("who", "unesco", "paris-agreement"), 1):
        world.events.append(
            Event(kind="withdrawal_directed", actor="USA", body=body, valid_from=DIRECTIVE_DATE,
                  payload={"directive": DIRECTIVE, "section": "1", "item": str(n)},
                  source=Source(uri="https://example.org/directive", locator=f"Sec. 1({n})"))
        )  # fmt: skip


STATES = (
    "USA", "CAN", "MEX", "BRA", "ARG", "GBR", "FRA", "DEU", "ITA", "ESP", "POL", "RUS",
    "CHN", "JPN", "IND", "PAK", "IDN", "AUS", "NGA", "ZAF", "EGY", "KEN", "TUR", "IRN",
    "SAU", "CHL", "PER", "COL", "SWE", "NOR",
)  # fmt: skip


def random_world(seed: int = 7, first: int = 1946, last: int = 2014) -> World:
    """Spells whose exit hazard rises with distance from the IGO's centre; matching votes."""
    rng = random.Random(seed)
    world = World()
    position = {s: rng.gauss(0, 1) for s in STATES}
    for b in range(6):
        body = f"igo-{b}"
        world.body(body, range(first, last + 1))
        centre = rng.gauss(0, 0.7)
        for state in STATES:
            year, member, start = first, rng.random() < 0.7, first
            while year <= last:
                distance = abs(position[state] - centre)
                if member and year > start and rng.random() < _expit(-4.5 + 1.8 * distance):
                    world.spell(state, body, start, year)
                    member = False
                    year += 4  # re-entry only after four years: never churn
                    continue
                if not member and rng.random() < 0.05:
                    member, start = True, year
                year += 1
            if member:
                world.spell(state, body, start, None)
    _votes(world, rng, position, first, last)
    return world


def _votes(
    world: World, rng: random.Random, position: dict[str, float], first: int, last: int
) -> None:
    rcid = 0
    for year in range(first, last + 1):
        for _ in range(4):
            rcid += 1
            cut = rng.gauss(0, 1)
            world.roll_calls.append({"rcid": rcid, "session": year - 1945,
                                     "date": date(year, 10, 1)})  # fmt: skip
            for state in STATES:
                yes = position[state] + rng.gauss(0, 0.4) > cut
                world.votes.append({"rcid": rcid, "actor": state, "session": year - 1945,
                                    "vote": 1 if yes else 3})  # fmt: skip


def _expit(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def world_project(db_url: str, directory: Path, world: World) -> Project:
    """A bare project (bundled registry, empty ledger) holding ``world``."""
    project = bare_project(db_url, directory)
    project.ledger.append(world.events)
    with write_transaction(project.engine) as connection:
        for table, rows in ((cow_igo_year, world.igo_rows),
                            (cow_disagreement, world.disagreements),
                            (ceb_revenue, world.revenue), (unga_roll_call, world.roll_calls),
                            (unga_vote, world.votes)):  # fmt: skip
            if rows:
                connection.execute(insert(table), rows)
    return project


def subset_csv(source: Path, target: Path, keep: Callable[[dict[str, str]], bool]) -> Path:
    """Copy the rows of a (gzipped) CSV for which ``keep`` holds, header included."""
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8-sig", newline="") as read:  # type: ignore[operator]
        reader = csv.DictReader(read)
        fields = reader.fieldnames or []
        with gzip.open(target, "wt", encoding="utf-8", newline="") as write:
            writer = csv.DictWriter(write, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for row in reader:
                if keep(row):
                    writer.writerow(row)
    return target


@contextmanager
def cli_env(monkeypatch: Any, project: Project) -> Iterator[None]:
    """Point the CLI at ``project``'s database and data folder for the block."""
    monkeypatch.setenv("IOREVIEW_DB", project.settings.db_url)
    monkeypatch.setenv("IOREVIEW_DATA_DIR", str(project.settings.data_dir))
    yield
