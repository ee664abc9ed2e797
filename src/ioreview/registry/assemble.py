"""Turn a draft (the records of one body) into a ``Body``.

Precedence where several records give a field: ``bodies.csv`` (researched, cited per field),
then ``bodies.yaml``, then the UN entity list, then COW. Where two records disagree on the
founding year or on the kind, every value is kept in ``Body.conflicts`` with its source, and
the field shows the value of the record that comes first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from ioreview.exc import InvalidData
from ioreview.registry.curated import Curated, CuratedBody, ParentLink
from ioreview.registry.ids import acronym_parts
from ioreview.registry.merge import Draft, cow_names
from ioreview.registry.model import Alias, Body, Conflict, ExternalIds, SourcedValue, Years
from ioreview.registry.normalize import normalize_name, strip_trailing_parenthetical
from ioreview.registry.sources_data import CowIgoRow, UnEntityRow
from ioreview.registry.sources_memo import SourceRef

_MEMO_FIELDS = ("name", "founded", "hq_city", "hq_country", "members", "website", "instrument")
_MEMO_DETAILS = ("parent", "withdrawal_clause", "us_role", "us_funding_usd", "us_funding_year")
_CAPS_RE = re.compile(r"[A-Z]{2}")
_COW_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&.\-]*( [A-Z0-9&.\-]+)*")


class _Collector:
    """Values, sources, notes and aliases of one body, gathered record by record."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.sources: dict[str, list[str]] = {}
        self.notes: dict[str, list[str]] = {}
        self.aliases: dict[str, Alias] = {}
        self.details: dict[str, Any] = {}
        #: Each record's kind, in precedence order (the first is shown).
        self.kinds: list[SourcedValue] = []
        self.domains: list[str] = []
        self.conflicts: list[Conflict] = []

    def put(self, field: str, value: Any, urls: Iterable[str], notes: Iterable[str] = ()) -> None:
        if field.startswith("details."):
            self.details[field.split(".", 1)[1]] = value
            field = field.split(".", 1)[1]
        else:
            self.values[field] = value
        self.cite(field, urls, notes)

    def cite(self, field: str, urls: Iterable[str], notes: Iterable[str] = ()) -> None:
        for url in urls:
            if url not in self.sources.setdefault(field, []):
                self.sources[field].append(url)
        for note in notes:
            if note not in self.notes.setdefault(field, []):
                self.notes[field].append(note)

    def alias(self, text: str, origin: str, explicit: bool) -> None:
        norm = normalize_name(text)
        if norm == "":
            if explicit:
                raise InvalidData(f"alias {text!r} ({origin}) has no letters or digits")
            return
        known = self.aliases.get(text)
        if known is None or (explicit and not known.explicit):
            self.aliases[text] = Alias(text, norm, origin, explicit)


def _refs(refs: tuple[SourceRef, ...]) -> tuple[list[str], list[str]]:
    return [r.url for r in refs], [r.note for r in refs if r.note is not None]


def assemble(draft: Draft, curated: Curated, parents: Mapping[str, ParentLink]) -> Body:
    """Build the body of ``draft``; ``draft.id`` must be set."""
    out = _Collector()
    if draft.seed is not None:
        _take_seed(draft, curated, out)
    if draft.curated is not None:
        _take_curated(draft.curated, out)
    if draft.un is not None:
        _take_un(draft, curated, out)
    if draft.cow is not None:
        _take_cow(draft.cow, curated, out)
    return _finish(draft, curated, parents, out)


def _take_seed(draft: Draft, curated: Curated, out: _Collector) -> None:
    assert draft.seed is not None
    seed, values = draft.seed, draft.seed.values
    where = f"bodies.csv:{seed.line}"
    for column in _MEMO_FIELDS:
        if column in values:
            out.put(column, values[column], *_refs(seed.sources[column]))
    for column in _MEMO_DETAILS:
        if column in values:
            value: Any = int(values[column]) if column == "us_funding_usd" else values[column]
            target = "parent_note" if column == "parent" else column
            out.put(f"details.{target}", value, *_refs(seed.sources[column]))
    memo_urls, memo_notes = _refs(seed.sources["memo_name"])
    if draft.memo is not None:
        out.put("memo", draft.memo, memo_urls, memo_notes)
    else:
        listing = {"document": seed.section, "name": seed.memo_name}
        out.put("details.listing", listing, memo_urls, memo_notes)
    if "acronym" in values:
        parts = acronym_parts(values["acronym"])
        out.put("acronym", parts[0], *_refs(seed.sources["acronym"]))
        for part in [values["acronym"], *parts]:
            out.alias(part, "memorandum-2026:acronym", True)
    kind = curated.kinds.memorandum.get(values["kind"])
    if kind is None:
        raise InvalidData(f"{where}: kind {values['kind']!r} is not mapped in kinds.yaml")
    kind_urls, _ = _refs(seed.sources["kind"])
    out.kinds.append(SourcedValue(kind, kind_urls[0], f"memorandum-2026 kind={values['kind']!r}"))
    out.cite("kind", kind_urls)
    out.alias(values["name"], "memorandum-2026:name", True)
    out.alias(seed.memo_name, "memorandum-2026:memo_name", True)
    head, inner = strip_trailing_parenthetical(values["name"])
    out.alias(head, "memorandum-2026:name", False)
    for piece in [] if inner is None else inner.split(";"):
        out.alias(piece.strip(), "memorandum-2026:name", False)


def _take_curated(body: CuratedBody, out: _Collector) -> None:
    notes = dict(body.notes)
    for field, value in (("name", body.name), ("acronym", body.acronym)):
        if value is not None and field not in out.values:
            out.put(field, value, body.sources.get(field, ()), _note(notes, field))
    out.kinds.append(SourcedValue(body.kind, body.sources["kind"][0], "bodies.yaml kind"))
    for text in [body.name, *([] if body.acronym is None else [body.acronym]), *body.aliases]:
        out.alias(text, "data/registry/bodies.yaml", True)
    if body.aliases:
        out.cite("aliases", body.sources.get("aliases", ()), _note(notes, "aliases"))


def _take_un(draft: Draft, curated: Curated, out: _Collector) -> None:
    urls = curated.dataset_urls
    row = draft.un
    assert row is not None
    where = f"un_system_entities.csv:{row.line}"
    assert row.entity_long is not None
    if "name" not in out.values:
        out.put("name", row.entity_long, [urls["un-system-entities"]])
    if row.entity is not None:
        # The list's "entity" column mixes acronyms ("ECA") with short names ("Fifth
        # Committee"); only values with two capitals in a row count as acronyms.
        is_acronym = _CAPS_RE.search(row.entity) is not None
        differs = normalize_name(row.entity) != normalize_name(row.entity_long)
        if is_acronym and differs and "acronym" not in out.values:
            out.put("acronym", row.entity, [urls["un-system-entities"]])
        out.alias(row.entity, "un-system-entities:entity", False)
    out.alias(row.entity_long, "un-system-entities:entity_long", False)
    category = row.category or ""
    if category not in curated.kinds.un_category:
        raise InvalidData(f"{where}: category {category!r} is not mapped in kinds.yaml")
    kind = curated.kinds.un_category[category]
    origin = f"un-system-entities category={category!r}"
    if kind is None:
        grouping = row.system_grouping or ""
        if grouping not in curated.kinds.un_system_grouping:
            raise InvalidData(f"{where}: system_grouping {grouping!r} is not mapped in kinds.yaml")
        kind = curated.kinds.un_system_grouping[grouping]
        origin = f"un-system-entities system_grouping={grouping!r}"
    out.kinds.append(SourcedValue(kind, urls["un-system-entities"], origin))
    pillar = row.un_pillar or ""
    if pillar not in curated.un_pillar:
        raise InvalidData(f"{where}: un_pillar {pillar!r} is not mapped in domains.yaml")
    tag = curated.un_pillar[pillar]
    if tag is not None:
        out.domains.append(tag)
        out.cite("domains", [urls["un-system-entities"]])
    out.put("details.un_system", _un_record(row), [urls["un-system-entities"]])


def _take_cow(cow: CowIgoRow, curated: Curated, out: _Collector) -> None:
    cow_url = curated.dataset_urls["cow-igo-v3"]
    name = cow.longorgname if cow.longorgname is not None else cow.orgname
    if "name" not in out.values:
        out.put("name", name, [cow_url])
    inner = None if cow.longorgname is None else strip_trailing_parenthetical(cow.longorgname)[1]
    if inner is not None and _COW_ACRONYM_RE.fullmatch(inner) and "acronym" not in out.values:
        out.put("acronym", inner, [cow_url])
    out.kinds.append(SourcedValue(curated.kinds.cow, cow_url, "cow-igo-v3"))
    founded = out.values.get("founded")
    if founded is None:
        out.put("founded", str(cow.sdate), [cow_url])
    elif not str(founded).startswith(str(cow.sdate)):
        shown = SourcedValue(founded, out.sources["founded"][0], "memorandum-2026 founded")
        other = SourcedValue(str(cow.sdate), cow_url, "cow-igo-v3 sdate")
        out.conflicts.append(Conflict("founded", founded, (shown, other)))
    out.put("years", Years(cow.sdate, cow.deaddate), [cow_url])
    for flag, tag in (
        (cow.political, "political"),
        (cow.social, "social"),
        (cow.economic, "economic"),
    ):
        if flag:
            if tag not in curated.domain_tags:
                raise InvalidData(f"domains.yaml lacks the COW tag {tag!r}")
            out.domains.append(tag)
            out.cite("domains", [cow_url])
    out.alias(cow.ioname, "cow-igo-v3:ioname", False)
    for text in cow_names(cow):
        out.alias(text, "cow-igo-v3:name", False)
        inner_text = strip_trailing_parenthetical(text)[1]
        if inner_text is not None:
            out.alias(inner_text, "cow-igo-v3:name", False)
    record = {key: value for key, value in asdict(cow).items() if key != "line"}
    out.put("details.cow", record, [cow_url])


def _finish(
    draft: Draft, curated: Curated, parents: Mapping[str, ParentLink], out: _Collector
) -> Body:
    assert draft.id is not None
    urls = curated.dataset_urls
    kinds, conflicts, domains = out.kinds, out.conflicts, out.domains
    shown_kind = kinds[0]
    out.values["kind"] = shown_kind.value
    out.cite("kind", [shown_kind.source])
    clashing = [k for k in kinds[1:] if not curated.kinds.compatible(shown_kind.value, k.value)]
    if clashing:
        conflicts.append(Conflict("kind", shown_kind.value, (shown_kind, *clashing)))
    external = _external(draft, out, urls)
    parent = parents.get(draft.id)
    if parent is not None:
        out.put("parent", parent.parent, parent.sources, [parent.basis])
    if draft.matches:
        out.details["id_matches"] = {
            key: dict(value) for key, value in sorted(draft.matches.items())
        }
    out.details["merged_from"] = draft.records()
    weak = sorted(f for f, found in out.sources.items() if any(curated.is_weak(u) for u in found))
    if weak:
        out.details["weak_source_fields"] = weak
    final = out.values
    return Body(
        id=draft.id,
        name=final["name"],
        kind=final["kind"],
        acronym=final.get("acronym"),
        parent=final.get("parent"),
        founded=final.get("founded"),
        hq_city=final.get("hq_city"),
        hq_country=final.get("hq_country"),
        members=final.get("members"),
        website=final.get("website"),
        instrument=final.get("instrument"),
        aliases=tuple(out.aliases.values()),
        external_ids=external,
        memo=final.get("memo"),
        memo_order=draft.memo_order,
        sources={field: tuple(found) for field, found in out.sources.items() if found},
        source_notes={field: "; ".join(notes) for field, notes in out.notes.items() if notes},
        domains=tuple(sorted(set(domains))),
        years=final.get("years"),
        conflicts=tuple(conflicts),
        details=out.details,
    )


def _external(draft: Draft, out: _Collector, urls: Mapping[str, str]) -> ExternalIds:
    cow = None if draft.cow is None else draft.cow.ionum
    un_entity = None if draft.un is None else draft.un.entity
    ref = draft.crosswalk
    ceb = None if ref is None else ref.ceb
    if cow is not None:
        out.cite("external_ids.cow", [urls["cow-igo-v3"]])
    if un_entity is not None:
        out.cite("external_ids.un_entity", [urls["un-system-entities"]])
    if ceb is not None and ref is not None:
        out.cite("external_ids.ceb", [urls["un-ceb"]])
        draft.matches["ceb"] = {"basis": "crosswalk", "raw2024": ref.ceb_raw2024 or ""}
    return ExternalIds(cow, un_entity, ceb)


def _un_record(row: UnEntityRow) -> dict[str, Any]:
    return {key: value for key, value in asdict(row).items() if key != "line"}


def _note(notes: Mapping[str, str], field: str) -> list[str]:
    return [notes[field]] if field in notes else []
