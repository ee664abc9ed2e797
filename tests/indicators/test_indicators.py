"""Indicators on small synthetic ledgers: values from hand-computed examples, and missing
inputs that give "insufficient evidence" with a reason, never zero."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Connection, insert

from ioreview.indicators import CATALOGUE, EvidenceBase, compute
from ioreview.project import Project
from ioreview.storage import write_transaction
from ioreview.storage.ceb_tables import ceb_revenue
from ioreview.storage.votes_tables import unga_roll_call, unga_vote
from support.review import AS_OF, append, contribution, cow_join, event


def base_of(project: Project, connection: Connection, as_of: date = AS_OF) -> EvidenceBase:
    return EvidenceBase(connection, "USA", as_of)


def test_every_indicator_is_documented() -> None:
    for spec in CATALOGUE:
        for field in ("title", "definition", "unit", "source", "coverage"):
            assert getattr(spec, field).strip(), (spec.id, field)


def test_missing_input_is_missing_not_zero(bundled: Project) -> None:
    # ECOSOC: no money, members, rules row, domain tags or founding year in the registry.
    with bundled.engine.connect() as connection:
        base = base_of(bundled, connection)
        readings = {s.id: compute(base, s.id, "ecosoc", {"tags": ["climate"]}) for s in CATALOGUE}
    assert readings.pop("un_system_affiliation").value == 1.0  # the registry's kind
    for spec_id, reading in readings.items():
        assert reading.value is None, spec_id
        assert reading.reason, spec_id


def test_mean_annual_contribution_counts_only_single_year_money(project: Project) -> None:
    append(project, [
        contribution("itto", 2023, "551000", funding_kind="voluntary"),
        contribution("itto", 2024, "700000", funding_kind="voluntary"),
        contribution("itto", 2024, "9000000", funding_kind="total"),
        contribution("itto", 2020, "5000000", funding_kind="voluntary"),
        event("contribution", "itto", None, amount="100", currency="USD", year="2023-2024",
              funding_kind="voluntary"),
    ])  # fmt: skip
    with project.engine.connect() as connection:
        reading = compute(base_of(project, connection), "mean_annual_contribution", "itto")
    assert reading.value == pytest.approx((551000 + 700000) / 2)
    assert len(reading.evidence) == 2


def test_ceb_rows_win_over_hand_collected_figures_in_a_year(project: Project) -> None:
    append(project, [
        contribution("unfpa", 2024, "100", dataset="ceb", revenue_type="voluntary_earmarked"),
        contribution("unfpa", 2024, "50", dataset="ceb", revenue_type="assessed"),
        contribution("unfpa", 2024, "999", funding_kind="voluntary"),
    ])  # fmt: skip
    with project.engine.connect() as connection:
        reading = compute(base_of(project, connection), "mean_annual_contribution", "unfpa")
    assert reading.value == pytest.approx(150)


def test_revenue_share_needs_the_ceb_revenue_table(project: Project) -> None:
    append(project, [contribution("unfpa", 2024, "100000000", dataset="ceb")])
    with project.engine.connect() as connection:
        before = compute(base_of(project, connection), "revenue_share", "unfpa")
    assert before.value is None and "not loaded" in (before.reason or "")
    rows = [
        {"line": 2, "amount": "600000000"},
        {"line": 3, "amount": "400000000"},
        {"line": 4, "amount": None},
    ]
    with write_transaction(project.engine) as connection:
        for row in rows:
            connection.execute(insert(ceb_revenue).values(
                entity="UNFPA", entity_source="UNFPA", sub_entity="UNFPA", body="unfpa",
                year=2024, revenue_type="assessed", revenue_type_source="x", sub_type="R01",
                sub_type_name="x", **row,
            ))  # fmt: skip
    with project.engine.connect() as connection:
        after = compute(base_of(project, connection), "revenue_share", "unfpa")
    assert after.value == pytest.approx(0.1)
    assert any(e.kind == "dataset" for e in after.evidence)


def test_vote_divergence_follows_the_agreement_index(project: Project) -> None:
    # USA: yes, no; CAN: yes, yes; MEX: abstain, no.
    # Agreement USA-CAN (1 + 0) / 2 = 0.5; USA-MEX (0.5 + 1) / 2 = 0.75; divergence 0.375.
    append(project, [cow_join("wto", actor, 1995) for actor in ("USA", "CAN", "MEX")])
    with project.engine.connect() as connection:
        missing = compute(base_of(project, connection), "vote_divergence", "wto")
    assert missing.value is None and "not loaded" in (missing.reason or "")
    votes = {"USA": (1, 3), "CAN": (1, 1), "MEX": (2, 3)}
    with write_transaction(project.engine) as connection:
        for rcid, day in ((1, date(2019, 10, 1)), (2, date(2019, 11, 1))):
            connection.execute(insert(unga_roll_call).values(rcid=rcid, session=74, date=day))
        for actor, (first, second) in votes.items():
            for rcid, vote in ((1, first), (2, second)):
                connection.execute(
                    insert(unga_vote).values(rcid=rcid, actor=actor, session=74, vote=vote)
                )
    with project.engine.connect() as connection:
        reading = compute(base_of(project, connection), "vote_divergence", "wto")
    assert reading.value == pytest.approx(0.375)


def test_membership_breadth_reads_the_registry_count(bundled: Project) -> None:
    with bundled.engine.connect() as connection:
        base = base_of(bundled, connection)
        body = base.body("unesco")
        reading = compute(base, "membership_breadth", "unesco")
    assert body.members is not None and body.members.startswith("195 member states")
    assert reading.value == pytest.approx(195 / 193)


def test_legal_indicators_read_withdrawal_rules(bundled: Project) -> None:
    with bundled.engine.connect() as connection:
        base = base_of(bundled, connection)
        treaty = compute(base, "legal_bindingness", "unesco")
        other = compute(base, "legal_bindingness", "unfpa")
        unknown = compute(base, "legal_bindingness", "colombo-plan-council")
        notice = compute(base, "notice_length", "unesco")
        none = compute(base, "notice_length", "unfpa")
    assert (treaty.value, other.value, unknown.value) == (1.0, 0.0, None)
    # UNESCO Art. II(6): notice on 2026-01-06 takes effect on 31 December 2027.
    assert notice.value == pytest.approx((date(2027, 12, 31) - AS_OF).days / (365.25 / 12))
    assert none.value == 0.0  # not treaty-based: leaving needs no notice period
    assert treaty.evidence[0].uri and treaty.evidence[0].ref.endswith("withdrawal-rules.csv:73")


def test_scope_overlap_is_relative_to_the_portfolio(bundled: Project) -> None:
    with bundled.engine.connect() as connection:
        base = base_of(bundled, connection)
        base.portfolio = ("unesco", "who", "itto", "wto")
        shared = compute(base, "scope_overlap", "unesco")
        none = compute(base, "scope_overlap", "unfccc")
    tags = {b: set(base.body(b).domains) for b in base.portfolio}
    expected = sum(1 for b in ("who", "itto", "wto") if tags[b] & tags["unesco"]) / 3
    assert shared.value == pytest.approx(expected)
    assert none.value is None


def test_domain_tags_count_presence_only(bundled: Project) -> None:
    with bundled.engine.connect() as connection:
        base = base_of(bundled, connection)
        present = compute(base, "domain_tags", "unesco", {"tags": ["social"]})
        absent = compute(base, "domain_tags", "unesco", {"tags": ["climate"]})
        counted = compute(
            base, "domain_tags", "unesco", {"tags": ["climate"], "absent_is_evidence": True}
        )
    assert present.value == 1.0
    assert absent.value is None and "not evidence" in (absent.reason or "")
    assert counted.value == 0.0


def test_body_age_counts_years_from_founding(bundled: Project) -> None:
    with bundled.engine.connect() as connection:
        base = base_of(bundled, connection)
        reading = compute(base, "body_age", "unesco")
        founded = base.body("unesco").founded_year
    assert founded is not None
    assert reading.value == AS_OF.year - founded


def test_retracted_contribution_no_longer_counts(project: Project) -> None:
    first = append(project, [contribution("itto", 2024, "700000", funding_kind="voluntary")])
    seq = first[0].seq
    assert seq is not None
    append(project, [event("correction", "itto", None, supersedes=(seq,), note="wrong year")])
    with project.engine.connect() as connection:
        reading = compute(base_of(project, connection), "mean_annual_contribution", "itto")
    assert reading.value is None
