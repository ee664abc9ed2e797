"""Membership indicators: breadth, share of members from developing regions, UN affiliation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ioreview.indicators.base import EvidenceBase
from ioreview.indicators.model import EvidenceRef, Reading, missing

#: Member States of the United Nations (since South Sudan's admission on 14 July 2011).
UN_MEMBERS = 193
UN_MEMBERS_SOURCE = "https://www.un.org/en/about-us/member-states"
#: A registry ``members`` text that states a number of states, e.g. "195 member states + 9 …".
_COUNT = re.compile(
    r"(\d[\d,]*) (?:UN )?(?:member states|member countries|member governments|member parties"
    r"|members|parties|contracting parties|countries)\b",
    re.IGNORECASE,
)


def member_count(base: EvidenceBase, body_id: str) -> Reading:
    """How many states belong to the body: registry text, else ledger spells, else COW 2014."""
    body = base.body(body_id)
    if body.members is not None and (found := _COUNT.match(body.members)) is not None:
        count = int(found.group(1).replace(",", ""))
        uri = body.sources.get("members", (None,))[0]
        ref = EvidenceRef("registry", f"{body_id}#members", uri, body.members)
        return Reading(float(count), (ref,), detail=f"registry: {body.members}")
    members = base.members(body_id)
    others = [actor for actor in members if actor != base.actor]
    if others:
        refs = (EvidenceRef("ledger", ",".join(str(s) for s in sorted(members.values())[:20]),
                            note=f"{len(members)} members engaged on {base.as_of}"),)  # fmt: skip
        return Reading(float(len(members)), refs, detail=f"ledger: {len(members)} members")
    cow = body.details.get("cow")
    if isinstance(cow, dict) and isinstance(cow.get("full_members_last_year"), int):
        count = cow["full_members_last_year"]
        uri = body.sources.get("cow", (None,))[0]
        year = cow.get("last_year")
        ref = EvidenceRef("registry", f"{body_id}#cow.full_members_last_year", uri,
                          f"COW IGO v3, full members in {year}")  # fmt: skip
        return Reading(float(count), (ref,), detail=f"COW IGO v3: {count} full members in {year}")
    return missing(f"no member count for {body_id!r} (registry text, ledger or COW)")


def membership_breadth(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    count = member_count(base, body_id)
    if count.value is None:
        return count
    ref = EvidenceRef("file", "UN Member States", UN_MEMBERS_SOURCE, f"{UN_MEMBERS} members")
    return Reading(
        value=count.value / UN_MEMBERS,
        evidence=(*count.evidence, ref),
        detail=f"{count.value:.0f} members / {UN_MEMBERS} UN members ({count.detail})",
    )


def global_south_share(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    """Share of members from developing regions; needs member lists and a classification."""
    members = base.members(body_id)
    if len([m for m in members if m != base.actor]) == 0:
        return missing(
            f"no member list for {body_id!r} on {base.as_of.isoformat()} (member lists come from "
            "membership events of every state, e.g. COW)"
        )
    classification = params.get("developing")
    if not isinstance(classification, list) or not classification:
        return missing("no classification of developing regions is bundled or given by the lens")
    developing = set(map(str, classification))
    share = sum(1 for m in members if m in developing) / len(members)
    ref = EvidenceRef("ledger", ",".join(str(s) for s in sorted(members.values())[:20]),
                      note=f"{len(members)} members")  # fmt: skip
    return Reading(share, (ref,), detail=f"{share:.0%} of {len(members)} members")


def un_system_affiliation(base: EvidenceBase, body_id: str, params: Mapping[str, Any]) -> Reading:
    """1 when the registry classes the body as part of the UN system, else 0."""
    body = base.body(body_id)
    uri = body.sources.get("kind", (None,))[0]
    ref = EvidenceRef("registry", f"{body_id}#kind", uri, body.kind)
    inside = body.kind.startswith("un-")
    return Reading(1.0 if inside else 0.0, (ref,), detail=f"registry kind {body.kind!r}")
