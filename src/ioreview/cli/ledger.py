"""``ioreview ledger``, ``ioreview status`` and ``ioreview history``."""

from __future__ import annotations

import base64
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ioreview.cli.common import DbOption, JsonOption, print_json, project_from
from ioreview.engagements import describe, history, status
from ioreview.exc import InvalidData, NotFound
from ioreview.ledger import merkle
from ioreview.ledger.audit import audit
from ioreview.ledger.client import SplitView, verify_latest
from ioreview.ledger.events import parse_jsonl
from ioreview.ledger.receipt import format_receipt

ledger_app = typer.Typer(
    help="The verifiable ledger: append, verify, checkpoints, proofs, receipts.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(ledger_app, name="ledger")
    app.command("status")(status_command)
    app.command("history")(history_command)


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidData(f"{option} {value!r}: expected a date YYYY-MM-DD") from error


@ledger_app.command("append")
def append_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE|-", help="JSON Lines of events; - = stdin.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Append events from JSON Lines, all or nothing, and sign a new checkpoint.

    Example: ioreview ledger append events.jsonl
    """
    if file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise NotFound(f"no file {file!r}") from error
        except UnicodeDecodeError as error:
            raise InvalidData(f"{file!r} is not UTF-8 text: byte {error.start}") from error
    events = parse_jsonl(text.splitlines())
    if not events:
        raise InvalidData(f"{file!r} holds no events: expected one JSON object per line")
    project = project_from(ctx, db)
    try:
        appended = project.ledger.append(events)
        size = project.ledger.size()
    finally:
        project.close()
    seqs = [event.seq for event in appended]
    if json_output:
        print_json({"appended": seqs, "size": size})
    else:
        typer.echo(f"appended {len(seqs)} events (seq {seqs[0]}..{seqs[-1]}); log size {size}")


@ledger_app.command("verify")
def verify_command(
    ctx: typer.Context,
    full: Annotated[
        bool, typer.Option("--full", help="Re-hash every entry and check every checkpoint.")
    ] = False,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Verify the latest checkpoint against the last one this client verified.

    The remembered checkpoint is kept in the data directory; a log that does not extend it
    (truncated, rewritten, forked) fails with both notes and the proof. --full also re-hashes
    every stored entry and rebuilds the tree.

    Example: ioreview ledger verify --full --json
    """
    project = project_from(ctx, db)
    try:
        report = audit(project.ledger, project.verifier) if full else None
        try:
            verified = verify_latest(
                project.ledger, project.verifier, project.settings.verifier_state_path
            )
        except SplitView as split:
            sys.stderr.write(split.evidence())
            raise
    finally:
        project.close()
    result = {
        "ok": True,
        "origin": project.origin,
        "size": verified.checkpoint.size,
        "root": _b64(verified.checkpoint.root),
        "previous_size": verified.previous_size,
        "full": full,
        "checkpoints_checked": report.checkpoints if report else 1,
    }
    if json_output:
        print_json(result)
    else:
        typer.echo(
            f"ok: {project.origin} size {result['size']} root {result['root']}"
            + (
                f" (extends remembered size {verified.previous_size})"
                if verified.previous_size is not None
                else ""
            )
            + (
                f"; full audit of {report.size} entries, {report.checkpoints} checkpoints"
                if report
                else ""
            )
        )


@ledger_app.command("checkpoint")
def checkpoint_command(ctx: typer.Context, db: DbOption = None) -> None:
    """Print the latest signed checkpoint, exactly as C2SP tlog-checkpoint formats it.

    Example: ioreview ledger checkpoint > checkpoint.txt
    """
    project = project_from(ctx, db)
    try:
        latest = project.ledger.latest_checkpoint()
    finally:
        project.close()
    if latest is None:
        raise NotFound("the ledger has no checkpoint yet: append an event first")
    sys.stdout.write(latest.note)


@ledger_app.command("vkey")
def vkey_command(ctx: typer.Context, db: DbOption = None) -> None:
    """Print the verifier key: <name>+<key id hex>+<base64(0x01 || public key)>.

    Example: ioreview ledger vkey
    """
    project = project_from(ctx, db)
    try:
        typer.echo(project.verifier.key_string())
    finally:
        project.close()


@ledger_app.command("prove")
def prove_command(
    ctx: typer.Context,
    seq: Annotated[int, typer.Argument(help="The entry's seq (0-based leaf index).")],
    size: Annotated[int | None, typer.Option("--size", help="Tree size (default latest).")] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Print an RFC 9162 inclusion proof of one entry.

    Example: ioreview ledger prove 3 --json
    """
    project = project_from(ctx, db)
    try:
        tree_size, proof = project.ledger.inclusion_proof(seq, size)
        root = project.ledger.root(tree_size)
        entry = project.ledger.entry(seq)
    finally:
        project.close()
    hashes = [_b64(h) for h in proof]
    result = {
        "index": seq, "size": tree_size, "root": _b64(root), "leaf": _b64(entry),
        "leaf_hash": _b64(merkle.leaf_hash(entry)), "hashes": hashes,
    }  # fmt: skip
    if json_output:
        print_json(result)
    else:
        typer.echo(f"index {seq} size {tree_size} root {result['root']}")
        for value in hashes:
            typer.echo(value)


@ledger_app.command("consistency")
def consistency_command(
    ctx: typer.Context,
    old: Annotated[int, typer.Argument(help="Older tree size.")],
    new: Annotated[int, typer.Argument(help="Newer tree size.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Print an RFC 9162 consistency proof between two tree sizes.

    Example: ioreview ledger consistency 10 67 --json
    """
    project = project_from(ctx, db)
    try:
        proof = project.ledger.consistency_proof(old, new)
        old_root, new_root = project.ledger.root(old), project.ledger.root(new)
    finally:
        project.close()
    hashes = [_b64(h) for h in proof]
    result = {
        "old": old, "new": new, "old_root": _b64(old_root), "new_root": _b64(new_root),
        "hashes": hashes,
    }  # fmt: skip
    if json_output:
        print_json(result)
    else:
        typer.echo(f"{old} -> {new}: {result['old_root']} -> {result['new_root']}")
        for value in hashes:
            typer.echo(value)


@ledger_app.command("receipt")
def receipt_command(
    ctx: typer.Context,
    seq: Annotated[int, typer.Argument(help="The entry's seq.")],
    db: DbOption = None,
) -> None:
    """Print an offline receipt for one entry (C2SP tlog-proof@v1, latest checkpoint).

    Example: ioreview ledger receipt 3 > receipt-3.txt
    """
    project = project_from(ctx, db)
    try:
        latest = project.ledger.latest_checkpoint()
        if latest is None:
            raise NotFound("the ledger has no checkpoint yet: append an event first")
        _, proof = project.ledger.inclusion_proof(seq, latest.size)
    finally:
        project.close()
    sys.stdout.write(format_receipt(seq, proof, latest.note))


def status_command(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(help="Actor: ISO alpha-3, COW abbreviation or code.")],
    body: Annotated[str, typer.Argument(help="Body id, e.g. unesco.")],
    on: Annotated[str | None, typer.Option("--on", help="Valid date (default today).")] = None,
    as_known: Annotated[
        str | None,
        typer.Option("--as-known", help="Answer as the ledger knew it on this date."),
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Status of an engagement on a date, optionally as known on an earlier date.

    Example: ioreview status USA unesco --on 2026-06-01 --json
    """
    on_date = _date(on, "--on") or date.today()
    project = project_from(ctx, db)
    try:
        result = status(project, actor, body, on_date, _date(as_known, "--as-known"))
    finally:
        project.close()
    if json_output:
        print_json(result.to_json())
        return
    since = f" since {result.since}" if result.since else ""
    markers = f" ({', '.join(result.markers)})" if result.markers else ""
    typer.echo(
        f"{result.actor} / {result.body} on {result.on}: {result.status}{since}{markers}"
        f" [ledger size {result.ledger_size}; events {list(result.events)}]"
    )


def history_command(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(help="Actor: ISO alpha-3, COW abbreviation or code.")],
    body: Annotated[str | None, typer.Argument(help="Body id (default: every body).")] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Ledger events of an actor (and body), oldest first, with their sources.

    Example: ioreview history USA unesco
    """
    project = project_from(ctx, db)
    try:
        entries = history(project, actor, body)
    finally:
        project.close()
    if json_output:
        print_json([entry.to_json() for entry in entries])
        return
    for entry in entries:
        typer.echo(describe(entry))
