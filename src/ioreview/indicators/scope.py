"""Indicators from the registry's sourced domain tags and founding dates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ioreview.indicators.base import EvidenceBase
from ioreview.indicators.model import EvidenceRef, Reading, missing
from ioreview.registry import Body


def _domains_ref(body: Body) -> EvidenceRef:
    uri = body.sources.get("domains", (None,))[0]
    return EvidenceRef("registry", f"{body.id}#domains", uri, ", ".join(body.domains))


def scope_overlap(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    """Share of the other portfolio bodies that share at least one domain tag with this one."""
    body = base.body(body_id)
    if not body.domains:
        return missing(f"{body_id!r} has no domain tags in the registry")
    others = [b for b in base.portfolio if b != body_id]
    if not others:
        return missing("no other body in the portfolio to compare with")
    tags = set(body.domains)
    sharing = [b for b in others if tags & set(base.body(b).domains)]
    share = len(sharing) / len(others)
    listed = ", ".join(sharing[:10]) + (" …" if len(sharing) > 10 else "")
    return Reading(
        share,
        (_domains_ref(body),),
        detail=f"{len(sharing)} of {len(others)} other portfolio bodies share a tag ({listed})",
    )


def domain_tags(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    """1 when the body carries one of the lens's listed ``tags``; absence is not evidence.

    The registry vocabulary is coarse (``data/registry/domains.yaml``): a body without a listed
    tag may still work in that field, so by default only a present tag counts as evidence. A lens
    whose tags the vocabulary covers may set ``absent_is_evidence = true`` (absence gives 0).
    """
    listed = [str(tag) for tag in params.get("tags", [])]
    body = base.body(body_id)
    present = [tag for tag in body.domains if tag in listed]
    if present:
        return Reading(1.0, (_domains_ref(body),), detail=f"listed tag(s): {', '.join(present)}")
    if params.get("absent_is_evidence") is True and body.domains:
        return Reading(0.0, (_domains_ref(body),), detail="no listed tag among the body's tags")
    return missing(
        f"no listed tag ({', '.join(listed)}) among {body_id!r}'s registry tags "
        f"({', '.join(body.domains) or 'none'}); absence of a tag is not evidence"
    )


def body_age(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    """Years from the founding year to the as-of year."""
    body = base.body(body_id)
    year = body.founded_year
    if year is None:
        return missing(f"{body_id!r} has no founding year in the registry")
    uri = body.sources.get("founded", (None,))[0]
    ref = EvidenceRef("registry", f"{body_id}#founded", uri, body.founded)
    return Reading(float(base.as_of.year - year), (ref,), detail=f"founded {body.founded}")
