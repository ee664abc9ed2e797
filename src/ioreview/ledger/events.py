"""The event envelope: one sourced, dated fact, stored as one ledger leaf.

A leaf is ``canonical.encode(event.to_json())``; ``to_json`` always writes every key of
``ENVELOPE_KEYS``. Rules checked when an ``Event`` is built:

- ``v`` equals ``SCHEMA_VERSION``; ``seq`` (leaf index) and ``recorded_at`` (UTC
  ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``) stay null until the log appends.
- ``actor`` (e.g. ``"USA"``) and ``body`` (e.g. ``"unesco"``) match ``ID_PATTERN``; both are
  required for ``ENGAGEMENT_KINDS``.
- ``valid_from`` / ``valid_to``: dates (``YYYY-MM-DD`` in JSON) of a half-open interval, null
  = open; empty or inverted intervals are rejected.
- ``supersedes``: distinct earlier seqs (each below ``seq``) that this event retracts.
- ``source``: ``uri`` non-empty without whitespace; ``sha256`` 64 lowercase hex digits or null;
  ``locator`` (e.g. ``"Sec. 2(a)(xiv)"``) non-empty or null.
- ``payload`` is canonical JSON (floats are rejected with their path) and, per kind, holds:
  ``contribution``/``pledge``: ``amount`` (decimal string ``-?\\d+(\\.\\d+)?``) and ``currency``
  (three uppercase letters); ``joined``/``rejoined``: optional ``role`` in ``ROLES``;
  ``status_changed``: ``status`` in ``ASSERTABLE_STATUSES``; ``assessment``: ``criterion``;
  ``determination``: ``determination`` in ``DETERMINATIONS``; ``dataset_loaded``: ``dataset``
  plus a ``source.sha256``. A ``correction`` needs a non-empty ``supersedes``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from ioreview.exc import InvalidData
from ioreview.ledger import canonical

SCHEMA_VERSION = 1


#: Kinds about one (actor, body) engagement: both ids are required.
ENGAGEMENT_KINDS = frozenset(
    {"joined", "left", "status_changed", "contribution", "pledge", "withdrawal_directed"}
    | {"withdrawal_notified", "withdrawal_effective", "funding_ceased", "rejoined"}
)
KINDS = ENGAGEMENT_KINDS | {
    "assessment", "determination", "directive_issued", "dataset_loaded", "correction"
}  # fmt: skip
ROLES = frozenset({"member", "party", "observer", "associate", "funder"})
ASSERTABLE_STATUSES = ROLES | {"suspended", "withdrawing", "none"}
DETERMINATIONS = frozenset({"withdraw", "review", "remain", "insufficient-evidence"})
ENVELOPE_KEYS = (
    "v", "seq", "recorded_at", "actor", "body", "kind",
    "valid_from", "valid_to", "payload", "supersedes", "source",
)  # fmt: skip
SOURCE_KEYS = ("uri", "sha256", "locator")

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MONEY = (
    ("amount", re.compile(r"-?\d+(\.\d+)?"), "a decimal string such as '1250000.00'"),
    ("currency", re.compile(r"[A-Z]{3}"), "three uppercase letters such as 'USD'"),
)
_URI = re.compile(r"\S+")


@dataclass(frozen=True, kw_only=True)
class Source:
    uri: str
    sha256: str | None = None
    locator: str | None = None


@dataclass(frozen=True, kw_only=True)
class Event:
    """One envelope; construction validates it (see the module docstring)."""

    kind: str
    source: Source
    actor: str | None = None
    body: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    supersedes: tuple[int, ...] = ()
    seq: int | None = None
    recorded_at: str | None = None
    v: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        _check(self)

    def to_json(self) -> dict[str, Any]:
        """The envelope as a JSON object for ``canonical.encode``, every key present."""
        src = self.source
        return {
            "v": self.v, "seq": self.seq, "recorded_at": self.recorded_at,
            "actor": self.actor, "body": self.body, "kind": str(self.kind),
            "valid_from": _iso(self.valid_from), "valid_to": _iso(self.valid_to),
            "payload": self.payload, "supersedes": list(self.supersedes),
            "source": {"uri": src.uri, "sha256": src.sha256, "locator": src.locator},
        }  # fmt: skip

    def to_entry(self) -> bytes:
        """The leaf bytes."""
        return canonical.encode(self.to_json())

    def with_position(self, seq: int, recorded_at: str) -> Event:
        """A copy at ``seq`` stamped ``recorded_at``; only the position is checked again."""
        placed = copy.copy(self)
        object.__setattr__(placed, "seq", seq)
        object.__setattr__(placed, "recorded_at", recorded_at)
        _check_position(placed)
        return placed


def utc_timestamp(moment: datetime | None = None) -> str:
    """``moment`` (default: now) as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``: fixed width, text order."""
    moment = datetime.now(UTC) if moment is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def validate_event(mapping: Mapping[str, Any]) -> Event:
    """Build an ``Event`` from a JSON object; unknown keys are rejected, absent ones default."""
    if not isinstance(mapping, Mapping):
        raise InvalidData(f"event {mapping!r}: expected a JSON object")
    _no_unknown(mapping, ENVELOPE_KEYS, "event field")
    source = mapping.get("source")
    if not isinstance(source, Mapping):
        raise InvalidData(f"source {source!r}: expected an object with a 'uri'")
    _no_unknown(source, SOURCE_KEYS, "source field")
    supersedes = mapping.get("supersedes", [])
    if not isinstance(supersedes, list):
        raise InvalidData(f"supersedes {supersedes!r}: expected a list of seqs")
    payload = mapping.get("payload", {})
    # Field types are checked by Event itself, with messages naming the value.
    cited: dict[str, Any] = {key: source.get(key) for key in SOURCE_KEYS}
    plain: dict[str, Any] = {
        key: mapping.get(key) for key in ("seq", "recorded_at", "actor", "body", "kind")
    }
    return Event(
        **plain,
        v=mapping.get("v", SCHEMA_VERSION),
        valid_from=_parse_date(mapping.get("valid_from"), "valid_from"),
        valid_to=_parse_date(mapping.get("valid_to"), "valid_to"),
        payload=payload,
        supersedes=tuple(supersedes),
        source=Source(**cited),
    )


def event_from_entry(data: bytes, *, seq: int | None = None) -> Event:
    """Read a leaf: canonical bytes of a complete envelope; ``seq``, if given, must match."""
    obj = canonical.decode(data)
    missing = [key for key in ENVELOPE_KEYS if key not in obj]
    if missing:
        raise InvalidData(f"entry lacks field {missing[0]!r}: expected every envelope field")
    source = obj["source"]
    if isinstance(source, Mapping) and (gap := [k for k in SOURCE_KEYS if k not in source]):
        raise InvalidData(f"entry lacks field 'source.{gap[0]}': expected every source field")
    event = validate_event(obj)
    if seq is not None and event.seq != seq:
        raise InvalidData(f"entry seq {event.seq!r}: expected {seq} (its leaf index)")
    return event


def parse_jsonl(lines: Iterable[str]) -> list[Event]:
    """Events from JSON Lines text, one object a line; blank lines are skipped."""
    events: list[Event] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            events.append(validate_event(json.loads(line, object_pairs_hook=canonical.unique_keys)))
        except (ValueError, RecursionError) as error:
            reason = getattr(error, "msg", None) or type(error).__name__
            raise InvalidData(f"line {number}: not JSON ({reason})") from error
        except InvalidData as error:
            raise InvalidData(f"line {number}: {error.message}") from error
    return events


def _check(event: Event) -> None:
    if not _is_int(event.v) or event.v != SCHEMA_VERSION:
        raise InvalidData(f"schema version v {event.v!r}: expected {SCHEMA_VERSION}")
    _one_of(event.kind, KINDS, "event kind")
    for name in ("actor", "body"):
        value = getattr(event, name)
        if value is None and event.kind in ENGAGEMENT_KINDS:
            raise InvalidData(f"{name} None: a {event.kind!r} event needs an {name} id")
        if value is not None and not (isinstance(value, str) and ID_PATTERN.fullmatch(value)):
            raise InvalidData(f"{name} {value!r}: expected an id such as 'USA' or 'unesco'")
    for name in ("valid_from", "valid_to"):
        value = getattr(event, name)
        # datetime is a date subclass; valid time has day precision.
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise InvalidData(f"{name} {value!r}: expected a datetime.date or None")
    start, end = event.valid_from, event.valid_to
    if start is not None and end is not None and start >= end:
        raise InvalidData(
            f"valid interval [{_iso(start)!r}, {_iso(end)!r}) is empty or inverted: "
            "expected valid_from < valid_to"
        )
    _check_source(event)
    _check_supersedes(event)
    _check_position(event)
    if not isinstance(event.payload, dict):
        raise InvalidData(f"payload {event.payload!r}: expected a JSON object")
    canonical.check(event.payload, "payload")
    _check_payload(event)


def _check_source(event: Event) -> None:
    source = event.source
    if not (isinstance(source.uri, str) and _URI.fullmatch(source.uri)):
        raise InvalidData(f"source.uri {source.uri!r}: expected a non-empty URI without spaces")
    if source.sha256 is not None and not _SHA256.fullmatch(str(source.sha256)):
        raise InvalidData(f"source.sha256 {source.sha256!r}: expected 64 lowercase hex digits")
    if source.locator is not None and not (isinstance(source.locator, str) and source.locator):
        raise InvalidData(f"source.locator {source.locator!r}: expected a non-empty string or null")


def _check_position(event: Event) -> None:
    seq = event.seq
    if seq is not None and not (_is_int(seq) and seq >= 0):
        raise InvalidData(f"seq {seq!r}: expected a non-negative integer or null")
    if (stamp := event.recorded_at) is not None and not _is_timestamp(stamp):
        raise InvalidData(f"recorded_at {stamp!r}: expected 'YYYY-MM-DDTHH:MM:SS[.ffffff]Z'")
    if seq is not None and (late := [item for item in event.supersedes if item >= seq]):
        raise InvalidData(f"supersedes entry {late[0]!r}: expected a seq below {seq}")


def _check_supersedes(event: Event) -> None:
    for item in event.supersedes:
        if not (_is_int(item) and item >= 0):
            raise InvalidData(f"supersedes entry {item!r}: expected a non-negative seq")
    if len(set(event.supersedes)) != len(event.supersedes):
        raise InvalidData(f"supersedes {list(event.supersedes)!r}: expected distinct seqs")
    if event.kind == "correction" and not event.supersedes:
        raise InvalidData("supersedes []: a 'correction' must supersede at least one seq")


def _check_payload(event: Event) -> None:
    payload, kind = event.payload, event.kind
    if kind in ("contribution", "pledge"):
        for key, pattern, example in _MONEY:
            value = payload.get(key)
            if not (isinstance(value, str) and pattern.fullmatch(value)):
                raise InvalidData(f"payload.{key} {value!r}: expected {example}")
    elif kind in ("joined", "rejoined") and "role" in payload:
        _one_of(payload["role"], ROLES, "payload.role")
    elif kind == "status_changed":
        _one_of(payload.get("status"), ASSERTABLE_STATUSES, "payload.status")
    elif kind == "determination":
        _one_of(payload.get("determination"), DETERMINATIONS, "payload.determination")
    elif kind in ("assessment", "dataset_loaded"):
        key = "criterion" if kind == "assessment" else "dataset"
        if not (isinstance(payload.get(key), str) and payload[key]):
            raise InvalidData(f"payload.{key} {payload.get(key)!r}: expected a non-empty string")
        if kind == "dataset_loaded" and event.source.sha256 is None:
            raise InvalidData("source.sha256 None: a 'dataset_loaded' event names its file hash")


def _one_of(value: object, allowed: frozenset[str], name: str) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise InvalidData(f"{name} {value!r}: expected one of {', '.join(sorted(allowed))}")


def _no_unknown(mapping: Mapping[str, Any], known: tuple[str, ...], what: str) -> None:
    unknown = sorted(str(key) for key in mapping if key not in known)
    if unknown:
        raise InvalidData(f"unknown {what} {unknown[0]!r}: expected only {', '.join(known)}")


def _parse_date(value: Any, name: str) -> date | None:
    if value is None:
        return None
    try:
        # The regex first: date.fromisoformat also takes forms such as '20250101'.
        if _DATE.fullmatch(value):
            return date.fromisoformat(value)
    except (TypeError, ValueError):
        pass
    raise InvalidData(f"{name} {value!r}: expected a date 'YYYY-MM-DD' or null")


def _is_timestamp(value: str) -> bool:
    try:
        return bool(_TIMESTAMP.fullmatch(value)) and bool(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return False


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
