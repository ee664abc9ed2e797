"""The event envelope: valid events round-trip; each rejection names its value."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from ioreview.exc import InvalidData
from ioreview.ledger.canonical import encode
from ioreview.ledger.events import (
    ENVELOPE_KEYS,
    KINDS,
    Event,
    Source,
    event_from_entry,
    parse_jsonl,
    utc_timestamp,
    validate_event,
)

SHA = "ab" * 32


def _base(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "v": 1,
        "actor": "USA",
        "body": "unesco",
        "kind": "withdrawal_notified",
        "valid_from": "2025-07-22",
        "valid_to": None,
        "payload": {},
        "supersedes": [],
        "source": {"uri": "https://example.org/unesco-notice", "sha256": SHA, "locator": "p. 1"},
    }
    event.update(changes)
    return event


def _contribution(**payload: Any) -> dict[str, Any]:
    return _base(kind="contribution", valid_to="2026-01-01", valid_from="2025-01-01",
                 payload=payload)  # fmt: skip


def test_a_valid_event_has_typed_fields() -> None:
    event = validate_event(_base())
    assert event.kind == "withdrawal_notified"
    assert event.valid_from == date(2025, 7, 22)
    assert event.source == Source(uri="https://example.org/unesco-notice", sha256=SHA,
                                  locator="p. 1")  # fmt: skip
    assert event.seq is None and event.recorded_at is None and event.supersedes == ()


def test_to_json_writes_every_envelope_key() -> None:
    event = validate_event({"kind": "directive_issued", "source": {"uri": "urn:x"}})
    data = event.to_json()
    assert tuple(data) == ENVELOPE_KEYS
    assert set(data["source"]) == {"uri", "sha256", "locator"}
    assert data["v"] == 1 and data["payload"] == {} and data["supersedes"] == []


def test_entry_round_trip() -> None:
    event = validate_event(_contribution(amount="1250000.00", currency="USD", note="assessed"))
    placed = event.with_position(7, "2026-01-07T12:00:00.000001Z")
    entry = placed.to_entry()
    assert entry == encode(placed.to_json())
    assert event_from_entry(entry, seq=7) == placed


def test_every_kind_has_a_valid_example() -> None:
    payloads: dict[str, dict[str, Any]] = {
        "contribution": {"amount": "10", "currency": "CHF"},
        "pledge": {"amount": "-3.5", "currency": "EUR"},
        "status_changed": {"status": "observer"},
        "assessment": {"criterion": "cost"},
        "determination": {"determination": "review"},
        "dataset_loaded": {"dataset": "cow-igo-v3"},
    }
    for kind in sorted(KINDS):
        supersedes = [0] if kind == "correction" else []
        event = validate_event(
            _base(kind=kind, payload=payloads.get(kind, {}), supersedes=supersedes)
        )
        assert event_from_entry(event.to_entry()) == event


def test_utc_timestamp_is_fixed_width_utc() -> None:
    moment = datetime(2026, 1, 7, 7, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert utc_timestamp(moment) == "2026-01-07T12:00:00.000000Z"
    validate_event(_base(recorded_at=utc_timestamp()))
    assert len(utc_timestamp(datetime(2026, 1, 7, tzinfo=UTC))) == 27


REJECTIONS: list[tuple[str, dict[str, Any], str]] = [
    ("unknown top-level key", _base(body_id="unesco"), "unknown event field 'body_id'"),
    ("unknown source key", _base(source={"uri": "u", "page": 2}), "unknown source field 'page'"),
    ("unknown kind", _base(kind="joind"), "event kind 'joind'"),
    ("kind missing", {"source": {"uri": "u"}}, "event kind None"),
    ("source missing", {"kind": "directive_issued"}, "source None"),
    ("source not an object", _base(source="https://x"), "source 'https://x'"),
    ("uri missing", _base(source={"sha256": SHA}), "source.uri None"),
    ("uri empty", _base(source={"uri": ""}), "source.uri ''"),
    ("uri with spaces", _base(source={"uri": "Federal Register"}), "source.uri 'Federal Register'"),
    ("uri not a string", _base(source={"uri": 3}), "source.uri 3"),
    ("sha256 upper case", _base(source={"uri": "u", "sha256": SHA.upper()}), "source.sha256"),
    ("sha256 short", _base(source={"uri": "u", "sha256": "abc"}), "source.sha256 'abc'"),
    ("locator empty", _base(source={"uri": "u", "locator": ""}), "source.locator ''"),
    ("bad month", _base(valid_from="2025-13-01"), "valid_from '2025-13-01'"),
    ("unpadded date", _base(valid_from="2025-7-22"), "valid_from '2025-7-22'"),
    ("basic-format date", _base(valid_from="20250722"), "valid_from '20250722'"),
    ("datetime as date", _base(valid_to="2025-07-22T00:00:00Z"), "valid_to '2025-07-22T00:00:00Z'"),
    ("date as int", _base(valid_from=20250722), "valid_from 20250722"),
    ("empty interval", _base(valid_to="2025-07-22"), "empty or inverted"),
    ("inverted interval", _base(valid_to="2025-01-01"), "empty or inverted"),
    ("amount missing", _contribution(currency="USD"), "payload.amount None"),
    ("amount as int", _contribution(amount=5, currency="USD"), "payload.amount 5"),
    ("amount as float", _contribution(amount=5.25, currency="USD"), "float at payload.amount"),
    ("amount exponent", _contribution(amount="1e3", currency="USD"), "payload.amount '1e3'"),
    ("amount trailing dot", _contribution(amount="1.", currency="USD"), "payload.amount '1.'"),
    ("amount with comma", _contribution(amount="1,000", currency="USD"), "payload.amount"),
    ("currency lower case", _contribution(amount="1", currency="usd"), "payload.currency 'usd'"),
    ("currency missing", _contribution(amount="1"), "payload.currency None"),
    ("float nested in payload", _base(payload={"a": [{"b": 0.5}]}), "float at payload.a[0].b"),
    ("payload not an object", _base(payload=[1]), "payload [1]"),
    ("status missing", _base(kind="status_changed"), "payload.status None"),
    ("status unknown", _base(kind="status_changed", payload={"status": "gone"}), "'gone'"),
    ("role unknown", _base(kind="joined", payload={"role": "boss"}), "payload.role 'boss'"),
    (
        "determination unknown",
        _base(kind="determination", payload={"determination": "x"}),
        "payload.determination 'x'",
    ),
    ("assessment without criterion", _base(kind="assessment"), "payload.criterion None"),
    (
        "dataset without hash",
        _base(kind="dataset_loaded", payload={"dataset": "cow"}, source={"uri": "u"}),
        "source.sha256 None",
    ),
    ("correction without supersedes", _base(kind="correction"), "supersedes []"),
    ("supersedes not a list", _base(supersedes=3), "supersedes 3"),
    ("supersedes bool", _base(supersedes=[True]), "supersedes entry True"),
    ("supersedes negative", _base(supersedes=[-1]), "supersedes entry -1"),
    ("supersedes duplicate", _base(supersedes=[1, 1]), "distinct"),
    ("supersedes itself", _base(seq=4, supersedes=[4]), "below 4"),
    ("seq negative", _base(seq=-1), "seq -1"),
    ("seq bool", _base(seq=False), "seq False"),
    ("seq float", _base(seq=1.0), "seq 1.0"),
    ("recorded_at without Z", _base(recorded_at="2026-01-07T12:00:00+00:00"), "recorded_at"),
    ("recorded_at 3 digits", _base(recorded_at="2026-01-07T12:00:00.123Z"), "recorded_at"),
    ("recorded_at impossible", _base(recorded_at="2026-02-30T12:00:00Z"), "recorded_at"),
    ("version 2", _base(v=2), "schema version v 2"),
    ("version bool", _base(v=True), "schema version v True"),
    ("actor missing", _base(actor=None), "actor None"),
    ("body missing", _base(body=None), "body None"),
    ("actor with space", _base(actor="United States"), "actor 'United States'"),
    ("body empty", _base(body=""), "body ''"),
]


@pytest.mark.parametrize(
    ("mapping", "fragment"), [case[1:] for case in REJECTIONS], ids=[c[0] for c in REJECTIONS]
)
def test_invalid_events_are_rejected(mapping: dict[str, Any], fragment: str) -> None:
    with pytest.raises(InvalidData) as caught:
        validate_event(mapping)
    assert fragment in str(caught.value)


def test_events_about_a_body_or_an_actor_only_need_no_pair() -> None:
    validate_event(_base(kind="directive_issued", actor=None))
    validate_event(_base(kind="determination", body=None, payload={"determination": "remain"}))


def test_constructor_validates_too() -> None:
    with pytest.raises(InvalidData, match="valid_from"):
        Event(kind="joined", actor="USA", body="who", source=Source(uri="u"),
              valid_from=datetime(2025, 1, 1))  # fmt: skip
    event = validate_event(_base(seq=3))
    with pytest.raises(InvalidData, match="below 3"):
        replace(event, supersedes=(3,))
    with pytest.raises(InvalidData, match="recorded_at 'yesterday'"):
        event.with_position(3, "yesterday")


def test_not_a_mapping_is_rejected() -> None:
    with pytest.raises(InvalidData, match=r"event \[1\]: expected a JSON object"):
        validate_event([1])  # type: ignore[arg-type]


def test_entries_must_be_canonical_and_complete() -> None:
    event = validate_event(_base()).with_position(0, "2026-01-07T12:00:00Z")
    entry = event.to_entry()
    with pytest.raises(InvalidData, match="not canonical"):
        event_from_entry(entry.replace(b'"v":1', b'"v": 1'))
    incomplete = {k: v for k, v in event.to_json().items() if k != "valid_to"}
    with pytest.raises(InvalidData, match="lacks field 'valid_to'"):
        event_from_entry(encode(incomplete))
    sourceless = copy.deepcopy(event.to_json())
    del sourceless["source"]["locator"]
    with pytest.raises(InvalidData, match="lacks field 'source.locator'"):
        event_from_entry(encode(sourceless))
    with pytest.raises(InvalidData, match="entry seq 0: expected 5"):
        event_from_entry(entry, seq=5)


def test_parse_jsonl_reads_events_and_skips_blank_lines() -> None:
    lines = [
        '{"kind":"joined","actor":"USA","body":"who","valid_from":"1948-06-21",'
        '"source":{"uri":"https://example.org/who"}}\n',
        "\n",
        '{"kind": "withdrawal_notified", "actor": "USA", "body": "who",'
        ' "valid_from": "2025-01-22", "source": {"uri": "https://example.org/eo"}}\n',
    ]
    events = parse_jsonl(lines)
    assert [e.kind for e in events] == ["joined", "withdrawal_notified"]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('{"kind": "joined",', "line 2: not JSON"),
        ('{"kind":"joind","source":{"uri":"u"}}', "line 2: event kind 'joind'"),
        ('{"kind":"joined","kind":"left"}', "line 2: duplicate key 'kind'"),
        (
            '{"kind":"pledge","actor":"USA","body":"gcf","payload":{"amount":NaN},'
            '"source":{"uri":"u"}}',
            "line 2: float at payload.amount nan",
        ),
    ],
)
def test_parse_jsonl_names_the_line(line: str, fragment: str) -> None:
    good = '{"kind":"directive_issued","source":{"uri":"urn:eo:14199"}}'
    with pytest.raises(InvalidData) as caught:
        parse_jsonl([good, line, good])
    assert fragment in str(caught.value)
