"""The indicator catalogue: every indicator a lens may name, with its documentation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ioreview.exc import NotFound
from ioreview.indicators import legal, membership, money, scope, votes
from ioreview.indicators.base import EvidenceBase
from ioreview.indicators.model import IndicatorSpec, Reading

_RULES = "data/sources/memorandum-2026/withdrawal-rules.csv (project compilation, cited per cell)"

CATALOGUE: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "mean_annual_contribution", "Mean annual contribution",
        "The actor's mean yearly contribution over the three calendar years before the as-of "
        "year, over the years with a recorded single-year amount (CEB revenue, or a paid, "
        "voluntary or assessed figure); pledges, totals and requests are left out.",
        "USD per year", "ledger contribution events (UN CEB importer; us-funding.csv importer)",
        "UN entities with a CEB line (2011–2024); 12 memorandum bodies with hand-collected "
        "figures", money.mean_annual_contribution,
    ),
    IndicatorSpec(
        "revenue_share", "Share of the body's revenue",
        "The actor's CEB contributions divided by the body's total CEB revenue, per year of the "
        "three-year window, averaged over the years with both figures.",
        "fraction 0–1", "ledger CEB contributions; CEB revenue-by-entity dataset table",
        "UN entities with a CEB line, when the CEB revenue table is loaded", money.revenue_share,
    ),
    IndicatorSpec(
        "vote_divergence", "Preference divergence (UNGA votes)",
        "One minus the mean UNGA voting agreement between the actor and the body's members over "
        "the five years up to the last roll call before the as-of date.",
        "fraction 0–1", "UNGA roll-call votes dataset tables (Voeten; unvotes); membership "
        "events of other states", "bodies with recorded member lists; votes 1946–2020",
        votes.vote_divergence,
    ),
    IndicatorSpec(
        "membership_breadth", "Membership breadth",
        "Number of member states divided by the 193 UN Member States: from the registry's sourced "
        "members text when it states a count, else member spells in the ledger, else COW IGO v3 "
        "full members in 2014.", "fraction (may exceed 1)",
        "registry members text; ledger; COW IGO v3", "bodies with a stated member count",
        membership.membership_breadth,
    ),
    IndicatorSpec(
        "global_south_share", "Share of members from developing regions",
        "Share of the body's members that a classification of developing regions lists.",
        "fraction 0–1", "ledger member spells; a classification given by the lens (`developing`)",
        "none bundled: no classification of developing regions ships with ioreview",
        membership.global_south_share, ("developing",),
    ),
    IndicatorSpec(
        "un_system_affiliation", "UN-system affiliation",
        "1 when the registry classes the body as a UN-system entity (kind un-*), else 0.",
        "0/1", "registry kind (UN entity list, memorandum bodies.csv)", "every body",
        membership.un_system_affiliation,
    ),
    IndicatorSpec(
        "legal_bindingness", "Legal bindingness of the instrument",
        "1 when the founding instrument is a treaty (withdrawal-rules.csv treaty_based = yes, or "
        "registry kind 'treaty'), 0 when it is another instrument; 'unknown' gives no value.",
        "0/1", _RULES, "the 72 bundled memorandum, fact-sheet and UNESCO bodies",
        legal.legal_bindingness,
    ),
    IndicatorSpec(
        "notice_length", "Notice length",
        "Months from a notice given on the as-of date to the date withdrawal takes effect under "
        "the body's rule (0 for bodies that are not treaty-based).", "months", _RULES,
        "bodies whose rule fixes a period", legal.notice_length,
    ),
    IndicatorSpec(
        "scope_overlap", "Scope overlap with the portfolio",
        "Share of the other bodies under review that share at least one registry domain tag.",
        "fraction 0–1", "registry domain tags (COW issue areas, UN pillar)",
        "bodies with domain tags", scope.scope_overlap,
    ),
    IndicatorSpec(
        "domain_tags", "Listed domain tags",
        "1 when the body carries one of the tags the lens lists (`tags`); absence gives no value "
        "unless the lens sets `absent_is_evidence`.", "0/1", "registry domain tags",
        "bodies tagged in the registry's vocabulary", scope.domain_tags,
        ("tags", "absent_is_evidence"),
    ),
    IndicatorSpec(
        "body_age", "Body age", "Years from the founding year to the as-of year.", "years",
        "registry founded (sourced per body)", "bodies with a founding year", scope.body_age,
    ),
)  # fmt: skip

_BY_ID = {spec.id: spec for spec in CATALOGUE}


def indicator(indicator_id: str) -> IndicatorSpec:
    found = _BY_ID.get(indicator_id)
    if found is None:
        raise NotFound(f"no indicator {indicator_id!r}; known: {', '.join(sorted(_BY_ID))}")
    return found


def compute(
    base: EvidenceBase, indicator_id: str, body_id: str, params: Mapping[str, Any] | None = None
) -> Reading:
    """The reading of one indicator for one body."""
    return indicator(indicator_id).compute(base, body_id, params or {})
