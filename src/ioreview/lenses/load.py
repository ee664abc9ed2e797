"""Reading lens files (TOML) and validating them; built-in lenses live in ``builtin/``.

``load_lens("transactional")`` reads a built-in lens; ``load_lens("path/to/lens.toml")`` reads a
user's file the same way. Every problem raises ``InvalidLens`` naming the file, the key and the
offending value; unknown keys are rejected so a typo cannot silently drop a criterion.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from pathlib import Path
from typing import Any

from ioreview.exc import InvalidLens, NotFound
from ioreview.indicators import indicator
from ioreview.lenses.model import (
    DIRECTIONS,
    EVIDENCE,
    GATE_EFFECTS,
    ORDER,
    SCALE_METHODS,
    SCALE_TOP,
    Criterion,
    Gate,
    Lens,
    LensSource,
    Scale,
    Thresholds,
)

BUILTIN = Path(__file__).resolve().parent / "builtin"
TOP_KEYS = {"id", "title", "version", "summary", "weights_note", "sources", "criteria", "gates",
            "thresholds", "ratings"}  # fmt: skip
CRITERION_KEYS = {"id", "title", "group", "evidence", "indicator", "params", "assessments",
                  "direction", "weight", "scale", "source", "quote", "locator", "note"}  # fmt: skip
SCALE_KEYS = {"method", "description", "lo", "hi", "edges", "scores"}
GATE_KEYS = {"id", "title", "source", "effect", "determination", "bodies", "locator",
             "assessment", "at_most", "at_least"}  # fmt: skip
SOURCE_KEYS = {"id", "title", "url", "date", "note"}
THRESHOLD_KEYS = {"withdraw_below", "review_below", "min_coverage", "fragile_below"}


def builtin_ids() -> list[str]:
    return sorted(path.stem for path in BUILTIN.glob("*.toml"))


def load_lens(ref: str | Path) -> Lens:
    """A built-in lens by id, or a lens file by path."""
    path = Path(ref)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise NotFound(f"lens file {str(path)!r} does not exist")
        origin = str(path)
    else:
        path = BUILTIN / f"{ref}.toml"
        if not path.is_file():
            raise NotFound(
                f"no lens {str(ref)!r}: expected a built-in id ({', '.join(builtin_ids())}) or a "
                "path to a .toml file"
            )
        origin = f"builtin:{ref}"
    data = path.read_bytes()
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InvalidLens(f"lens file {origin!r}: not valid TOML ({error})") from error
    return parse_lens(document, origin, hashlib.sha256(data).hexdigest())


def builtin_lenses() -> list[Lens]:
    return [load_lens(lens_id) for lens_id in builtin_ids()]


def parse_lens(document: dict[str, Any], origin: str = "<memory>", sha256: str = "") -> Lens:
    """Validate a decoded lens document."""
    where = _Where(origin)
    where.keys(document, TOP_KEYS, "lens")
    sources = tuple(_source(s, where) for s in where.tables(document, "sources", required=True))
    source_ids = {s.id for s in sources}
    where.unique([s.id for s in sources], "sources.id")
    ratings = _ratings(document.get("ratings", {}), where)
    criteria = tuple(
        _criterion(c, where, source_ids) for c in where.tables(document, "criteria", required=True)
    )
    where.unique([c.id for c in criteria], "criteria.id")
    gates = tuple(_gate(g, where, source_ids) for g in where.tables(document, "gates"))
    where.unique([g.id for g in gates], "gates.id")
    return Lens(
        id=where.text(document, "id", "lens"),
        title=where.text(document, "title", "lens"),
        version=where.text(document, "version", "lens"),
        summary=where.text(document, "summary", "lens"),
        weights_note=where.optional_text(document, "weights_note", "lens") or "",
        sources=sources,
        criteria=criteria,
        gates=gates,
        thresholds=_thresholds(document.get("thresholds", {}), where),
        ratings=ratings,
        origin=origin,
        sha256=sha256,
    )


class _Where:
    """Error messages that name the file and key."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, message: str) -> InvalidLens:
        return InvalidLens(f"lens {self.origin!r}: {message}")

    def keys(self, table: Any, allowed: set[str], what: str) -> None:
        if not isinstance(table, dict):
            raise self.fail(f"{what} {table!r}: expected a table")
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(f"unknown key {unknown[0]!r} in {what}: expected {sorted(allowed)}")

    def tables(self, document: dict[str, Any], key: str, required: bool = False) -> list[Any]:
        value = document.get(key, [])
        if not isinstance(value, list) or (required and not value):
            raise self.fail(f"{key} {value!r}: expected a non-empty array of tables [[{key}]]")
        return value

    def text(self, table: dict[str, Any], key: str, what: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{what} {key} {value!r}: expected a non-empty string")
        return value

    def optional_text(self, table: dict[str, Any], key: str, what: str) -> str | None:
        return None if table.get(key) is None else self.text(table, key, what)

    def number(self, table: dict[str, Any], key: str, what: str) -> float:
        value = table.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(f"{what} {key} {value!r}: expected a finite number")
        return float(value)

    def optional_number(self, table: dict[str, Any], key: str, what: str) -> float | None:
        return None if table.get(key) is None else self.number(table, key, what)

    def unique(self, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                raise self.fail(f"duplicate {what} {item!r}")
            seen.add(item)


def _source(table: Any, where: _Where) -> LensSource:
    where.keys(table, SOURCE_KEYS, "source")
    return LensSource(
        id=where.text(table, "id", "source"),
        title=where.text(table, "title", "source"),
        url=where.text(table, "url", "source"),
        date=where.optional_text(table, "date", "source"),
        note=where.optional_text(table, "note", "source"),
    )


def _scale(table: Any, where: _Where, what: str) -> Scale:
    where.keys(table, SCALE_KEYS, f"{what}.scale")
    method = table.get("method")
    if method not in SCALE_METHODS:
        raise where.fail(f"{what}.scale.method {method!r}: expected one of {SCALE_METHODS}")
    description = where.text(table, "description", f"{what}.scale")
    if method in ("linear", "log10"):
        lo = where.number(table, "lo", f"{what}.scale")
        hi = where.number(table, "hi", f"{what}.scale")
        if not lo < hi or (method == "log10" and lo <= 0):
            raise where.fail(f"{what}.scale lo {lo!r}, hi {hi!r}: expected 0 < lo < hi for log10, "
                             "lo < hi otherwise")  # fmt: skip
        return Scale(method, description, lo=lo, hi=hi)
    if method == "bands":
        edges, scores = table.get("edges"), table.get("scores")
        if (
            not isinstance(edges, list) or not isinstance(scores, list) or not edges
            or len(scores) != len(edges) + 1 or edges != sorted(edges)
            or any(not isinstance(s, int | float) or not 0 <= s <= SCALE_TOP for s in scores)
        ):  # fmt: skip
            raise where.fail(f"{what}.scale edges {edges!r}, scores {scores!r}: expected "
                             "ascending edges and one more score, each in 0–4")  # fmt: skip
        return Scale(method, description, edges=tuple(map(float, edges)),
                     scores=tuple(map(float, scores)))  # fmt: skip
    return Scale(method, description)


def _criterion(table: Any, where: _Where, sources: set[str]) -> Criterion:
    where.keys(table, CRITERION_KEYS, "criterion")
    cid = where.text(table, "id", "criterion")
    what = f"criterion {cid!r}"
    evidence = table.get("evidence")
    direction = table.get("direction")
    if evidence not in EVIDENCE:
        raise where.fail(f"{what} evidence {evidence!r}: expected one of {EVIDENCE}")
    if direction not in DIRECTIONS:
        raise where.fail(f"{what} direction {direction!r}: expected one of {DIRECTIONS}")
    weight = where.number(table, "weight", what)
    if weight <= 0:
        raise where.fail(f"{what} weight {weight!r}: expected a positive number")
    source = where.text(table, "source", what)
    if source not in sources:
        raise where.fail(f"{what} source {source!r}: expected one of {sorted(sources)}")
    scale = _scale(table.get("scale"), where, what)
    params = table.get("params", {})
    if not isinstance(params, dict):
        raise where.fail(f"{what} params {params!r}: expected a table")
    indicator_id = table.get("indicator")
    assessments = table.get("assessments", [cid])
    if evidence == "indicator":
        if scale.method == "assessment":
            raise where.fail(f"{what}: an indicator criterion needs a linear, log10 or bands scale")
        try:
            spec = indicator(str(indicator_id))
        except NotFound as error:
            raise where.fail(f"{what} indicator {indicator_id!r}: {error.message}") from error
        unknown = sorted(set(params) - set(spec.params))
        if unknown:
            raise where.fail(f"{what} params {unknown[0]!r}: {spec.id!r} takes {list(spec.params)}")
        assessments = []
    else:
        if indicator_id is not None or params:
            raise where.fail(f"{what}: an assessment criterion takes no indicator or params")
        if scale.method != "assessment" or direction != "benefit":
            raise where.fail(
                f"{what}: assessment scores are on the lens scale (4 = most favourable to "
                "continued engagement): expected scale.method 'assessment', direction 'benefit'"
            )
        if not isinstance(assessments, list) or not all(isinstance(a, str) for a in assessments):
            raise where.fail(f"{what} assessments {assessments!r}: expected a list of names")
    return Criterion(
        id=cid, title=(where.text(table, "title", what)),
        group=where.optional_text(table, "group", what) or cid,
        evidence=evidence, direction=direction, weight=weight, scale=scale, source=source,
        indicator=None if evidence == "assessment" else str(indicator_id), params=params,
        assessments=tuple(assessments), quote=where.optional_text(table, "quote", what),
        locator=where.optional_text(table, "locator", what),
        note=where.optional_text(table, "note", what),
    )  # fmt: skip


def _gate(table: Any, where: _Where, sources: set[str]) -> Gate:
    where.keys(table, GATE_KEYS, "gate")
    gid = where.text(table, "id", "gate")
    what = f"gate {gid!r}"
    effect = table.get("effect", "force")
    determination = table.get("determination")
    if effect not in GATE_EFFECTS:
        raise where.fail(f"{what} effect {effect!r}: expected one of {GATE_EFFECTS}")
    if determination not in ORDER:
        raise where.fail(f"{what} determination {determination!r}: expected one of {ORDER}")
    source = where.text(table, "source", what)
    if source not in sources:
        raise where.fail(f"{what} source {source!r}: expected one of {sorted(sources)}")
    bodies = table.get("bodies", {})
    if not isinstance(bodies, dict) or not all(isinstance(v, str) for v in bodies.values()):
        raise where.fail(f"{what} bodies {bodies!r}: expected a table of body id = quote")
    assessment = where.optional_text(table, "assessment", what)
    at_most = where.optional_number(table, "at_most", what)
    at_least = where.optional_number(table, "at_least", what)
    if assessment is None and not bodies:
        raise where.fail(f"{what}: expected listed bodies or an assessment")
    if assessment is not None and at_most is None and at_least is None:
        raise where.fail(f"{what}: an assessment gate needs at_most or at_least")
    return Gate(
        id=gid, title=(where.text(table, "title", what)), source=source, effect=effect,
        determination=determination, bodies=dict(bodies),
        locator=where.optional_text(table, "locator", what), assessment=assessment,
        at_most=at_most, at_least=at_least,
    )  # fmt: skip


def _thresholds(table: Any, where: _Where) -> Thresholds:
    where.keys(table, THRESHOLD_KEYS, "thresholds")
    values = {
        key: value
        for key in THRESHOLD_KEYS
        if (value := where.optional_number(table, key, "thresholds")) is not None
    }
    found = Thresholds(**values)
    if not 0 <= found.withdraw_below <= found.review_below <= SCALE_TOP:
        raise where.fail(
            f"thresholds withdraw_below {found.withdraw_below!r}, review_below "
            f"{found.review_below!r}: expected 0 <= withdraw_below <= review_below <= 4"
        )
    for key in ("min_coverage", "fragile_below"):
        if not 0 <= getattr(found, key) <= 1:
            raise where.fail(f"thresholds {key} {getattr(found, key)!r}: expected 0–1")
    return found


def _ratings(table: Any, where: _Where) -> dict[str, dict[str, float]]:
    if not isinstance(table, dict):
        raise where.fail(f"ratings {table!r}: expected a table of regime = {{word = score}}")
    found: dict[str, dict[str, float]] = {}
    for regime, words in table.items():
        if not isinstance(words, dict) or not words:
            raise where.fail(f"ratings.{regime} {words!r}: expected a table of word = score")
        mapped: dict[str, float] = {}
        for word, score in words.items():
            if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 4:
                raise where.fail(f"ratings.{regime}.{word} {score!r}: expected a score in 0–4")
            mapped[word.lower()] = float(score)
        found[regime] = mapped
    return found
