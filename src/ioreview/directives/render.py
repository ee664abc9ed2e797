"""Plain-text and Markdown renderings of directives, timelines and fact sheets."""

from __future__ import annotations

from ioreview.directives.factsheet import FactSheet
from ioreview.directives.records import Directive
from ioreview.directives.timeline import Timeline


def directive_text(directive: Directive) -> str:
    """One line per item: place, body id, action, wording."""
    head = f"{directive.id}  {directive.date or '-'}  {directive.title or ''}".rstrip()
    lines = [head, f"{len(directive.items)} items"]
    for item in directive.items:
        place = f"{item.section}({item.item})" if item.section else "-"
        lines.append(f"  {place:<12} {item.body_id:<30} {item.action:<14} {item.wording or ''}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def timeline_text(timeline: Timeline) -> str:
    """A table of the timeline, then counts per rule kind, status and flag."""
    lines = [
        f"{timeline.directive.id}: timeline as of {timeline.as_of.isoformat()} "
        f"(overdue after {timeline.overdue_days} days)",
        f"  {'body':<30} {'rule':<24} {'notified':<10} {'earliest':<11} {'status':<14} flags",
    ]
    for item in timeline.items:
        earliest = item.earliest_effective.isoformat() if item.earliest_effective else "-"
        if item.earliest_effective and item.basis == "if-notified-on-as-of":
            earliest += "*"
        notified = item.notified.isoformat() if item.notified else "-"
        lines.append(
            f"  {item.item.body_id:<30} {item.rule.kind:<24} {notified:<10} {earliest:<11} "
            f"{item.status:<14} {','.join(item.flags)}"
        )
    lines.append("  * earliest effective date if notice were given on the as-of date")
    for key, counts in timeline.counts().items():
        lines.append(f"{key}: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def factsheet_markdown(sheet: FactSheet) -> str:
    """The fact sheet as Markdown; every figure and date names its ledger seq."""
    d = sheet.directive
    out = [f"# Fact sheet: {d.title or d.id}", ""]
    issued = f", issued {d.date.isoformat()}" if d.date else ""
    out += [f"Directive `{d.id}`{issued}" + (f"; source: {d.source}" if d.source else "") + ".", ""]
    out += ["## Items", ""]
    sections = ", ".join(f"{n} in {name}" for name, n in sorted(sheet.sections.items()))
    out.append(f"{len(d.items)} items: {sections}.")
    out.append(
        f"UN system (registry rule): {sheet.un_system['un']} UN-system bodies, "
        f"{sheet.un_system['non_un']} others."
    )
    out += ["Actions: " + ", ".join(f"{a} {n}" for a, n in sorted(sheet.actions.items())) + ".", ""]
    out += ["## Money recorded in the ledger", ""]
    if sheet.money:
        out += [
            "| body | year | amount | currency | kind | basis | seq | source |",
            "|---|---|---:|---|---|---|---:|---|",
        ]
        for row in sheet.money:
            out.append(
                f"| {row.body_id} | {row.year or ''} | {row.amount} | {row.currency} | "
                f"{row.funding_kind} | {row.year_basis or ''} | {row.seq} | {row.source} |"
            )
        out.append("")
    if sheet.total is not None:
        out.append(f"Total: {sheet.total['amount']} {sheet.total['currency']}. {sheet.money_note}")
    else:
        out.append(sheet.money_note)
    out.append("")
    if sheet.lens is not None:
        out += [f"## Criteria of the lens {sheet.lens['lens'] or '(not named)'}", ""]
        if not sheet.lens["criteria"]:
            out.append("The review file lists no criteria.")
        for criterion in sheet.lens["criteria"]:
            source = criterion["source"]
            cited = (
                f" ({'; '.join(source) if isinstance(source, list) else source})" if source else ""
            )
            out.append(f"- {criterion['id']}: {criterion['name'] or ''}{cited}")
        out.append("")
    out += ["## Earlier withdrawals in the ledger", ""]
    if d.date is None:
        out.append("Not applicable: this directive has no issue date to compare with.")
    elif not sheet.earlier:
        out.append("None recorded before this directive.")
    for step in sheet.earlier:
        under = f" under {step.directive}" if step.directive else ""
        when = step.date.isoformat() if step.date else "undated"
        out.append(f"- {step.body_id}: {step.kind} {when}{under} (seq {step.seq}; {step.source})")
    out += [
        "",
        "Each figure and date cites its ledger event (seq); `ioreview ledger receipt SEQ` "
        "proves that the event is in the signed log.",
    ]
    return "\n".join(out) + "\n"
