"""COW IGO v3 → observed membership events (``joined`` / ``status_changed`` / ``left``) and
the dataset tables ``cow_igo_year`` and ``cow_disagreement``.

The ledger follows the IGO-year file (v3.0a, its state columns); the state-year file (v3.0b)
supplies the COW country codes of the state columns and the comparison. Spells and the
year-to-date convention: ``spells`` and ``events``; actors and bodies: ``links``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from ioreview.ingest.context import Context
from ioreview.ingest.sources.cow.codes import (
    EMPTY,
    IGO_YEAR_READ,
    MINUS_ONE,
    IgoYear,
    parse_igo_year,
    parse_state_year,
)  # fmt: skip
from ioreview.ingest.sources.cow.compare import Comparison, Disagreement, disagreements
from ioreview.ingest.sources.cow.events import build_events
from ioreview.ingest.sources.cow.links import Links, actor_breaks, link
from ioreview.ingest.sources.cow.read import Problem, read_table
from ioreview.ingest.sources.cow.spells import transitions
from ioreview.registry import list_actors, list_bodies
from ioreview.storage.cow_tables import cow_disagreement, cow_igo_year

EXAMPLES = 3


@contextmanager
def rejecting(context: Context, file: str) -> Iterator[None]:
    """Turn a ``Problem`` into the context's rejection (which stops the import)."""
    try:
        yield
    except Problem as problem:
        raise context.reject(
            problem.message, file=problem.file or file, line=problem.line, column=problem.column
        ) from problem


def load(context: Context) -> None:
    igo_path, state_path = context.path("igo_year"), context.path("state_year")
    with rejecting(context, igo_path.name):
        igo = parse_igo_year(read_table(igo_path, IGO_YEAR_READ))
    with rejecting(context, state_path.name):
        states = parse_state_year(state_path)
    # The stored records suffice (no alias validation): list them instead of context.registry.
    actors, bodies = list_actors(context.connection), list_bodies(context.connection)
    with rejecting(context, igo_path.name):
        links = link(igo, states, actors, bodies)
        found = transitions(igo, actor_breaks(igo, links), int(igo.year.max()), links.ccode)
    context.count("igo_rows", len(igo.year))
    context.count("state_rows", len(states.year))
    _count_cells(context, igo)
    sha256 = hashlib.sha256(igo_path.read_bytes()).hexdigest()
    kinds: Counter[str] = Counter()
    for keyed in build_events(found, igo, links, context.meta.source_url, sha256):
        context.emit(keyed.event, key=keyed.key)
        kinds[keyed.event.kind] += 1
        if keyed.event.payload.get("open_at_end"):
            kinds["open_at_end"] += 1
    context.count("spells", kinds["joined"])
    for name in ("joined", "status_changed", "left", "open_at_end"):
        context.count(name, kinds[name])
    _insert_igo_years(context, igo, links)
    _record_disagreements(context, disagreements(igo, states, links))


def _count_cells(context: Context, igo: IgoYear) -> None:
    values, counts = np.unique(igo.codes, return_counts=True)
    names = {0: "none", 1: "full", 2: "associate", 3: "observer", -9: "missing",
             MINUS_ONE: "minus_one", EMPTY: "empty"}  # fmt: skip
    by_code = dict(zip(values.tolist(), counts.tolist(), strict=True))
    for code, name in names.items():
        context.count(f"cells_{name}", by_code.get(code, 0))
    if by_code.get(MINUS_ONE):
        context.warn(
            f"{by_code[MINUS_ONE]} cells coded -1 (codebook: state not a system member): read "
            "like empty cells, as no membership",
            file=igo.name,
        )


def _insert_igo_years(context: Context, igo: IgoYear, links: Links) -> None:
    codes = igo.codes
    counted = {code: (codes == code).sum(axis=1).tolist() for code in (1, 2, 3, -9)}
    for r in range(len(igo.year)):
        empty = [
            name for name in ("imputed", "political", "social", "economic")
            if getattr(igo, name)[r] is None
        ]  # fmt: skip
        if empty:
            context.warn(
                f"{igo.ioname[r]} {int(igo.year[r])}: {', '.join(empty)} empty; stored as null",
                file=igo.name, line=igo.lines[r], column=empty[0],
            )  # fmt: skip
        context.insert(
            cow_igo_year,
            {
                "ionum": int(igo.ionum[r]), "year": int(igo.year[r]), "body": links.bodies[r],
                "ioname": igo.ioname[r], "sdate": igo.sdate[r], "deaddate": igo.deaddate[r],
                "dead": igo.dead[r], "integrated": igo.integrated[r],
                "replaced": igo.replaced[r], "imputed": igo.imputed[r],
                "political": igo.political[r], "social": igo.social[r],
                "economic": igo.economic[r], "full": counted[1][r],
                "associate": counted[2][r], "observer": counted[3][r],
                "missing": counted[-9][r],
            },
        )  # fmt: skip


def _record_disagreements(context: Context, found: Comparison) -> None:
    """Tabled rows to ``cow_disagreement``; one warning per (kind, IGO-year, state-year code)."""
    groups: dict[tuple[str, int | None, int | None], list[Disagreement]] = {}
    for item in found.tabled:
        context.insert(cow_disagreement, item.row())
        groups.setdefault((item.kind, item.igo_year_value, item.state_year_value), []).append(item)
    context.count("disagreements", found.total)
    context.count("disagreements_tabled", len(found.tabled))
    context.count("disagreements_outside_state_system", found.total - len(found.tabled))
    notes = [(len(items), items, "") for items in groups.values()]
    notes += [
        (group.count, group.examples, " (no state-year row, no membership: not tabled)")
        for group in found.untabled
    ]  # fmt: skip
    for count, items, remark in sorted(notes, key=lambda note: -note[0]):
        first = items[0]
        examples = ", ".join(f"{d.actor}/{d.body}/{d.year}" for d in items[:EXAMPLES])
        file, line, column = first.where
        context.warn(
            f"{count} cells differ ({first.kind}): IGO-year {_code(first.igo_year_value)}, "
            f"state-year {_code(first.state_year_value)}{remark}, e.g. {examples}; the ledger "
            "follows the IGO-year file",
            file=file, line=line, column=column,
        )  # fmt: skip


def _code(value: int | None) -> str:
    return "no code" if value is None else str(value)
