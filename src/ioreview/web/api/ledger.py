"""``/api/v1/ledger``: checkpoints, the verifier key, entries, proofs, receipts and an audit.

Hashes and entries travel as standard base64, as in the C2SP formats. Everything a verifier
needs is here: the browser's verify button fetches the checkpoint, the key and every entry and
checks them itself (``static/verify.js``), then asks for the server's own full audit.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from ioreview.exc import NotFound
from ioreview.ledger import merkle
from ioreview.ledger.audit import audit
from ioreview.ledger.log import StoredCheckpoint
from ioreview.ledger.receipt import format_receipt
from ioreview.web.auth import read_access
from ioreview.web.deps import PagingDep, ProjectDep
from ioreview.web.errors import Envelope, Page, errors, ok, page

router = APIRouter(prefix="/ledger", tags=["ledger"], dependencies=[Depends(read_access)])

Size = Annotated[int, Query(ge=0, le=2**62, description="A tree size.")]


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


class CheckpointOut(BaseModel):
    size: int
    root: str = Field(description="RFC 9162 root hash, base64.")
    note: str = Field(description="The C2SP signed checkpoint note, verbatim.")
    signed_at: str


class VkeyOut(BaseModel):
    origin: str
    vkey: str = Field(description="<name>+<key id hex>+<base64(0x01 || Ed25519 key)>.")


class LedgerOut(BaseModel):
    origin: str
    size: int
    checkpoint: CheckpointOut | None
    vkey: str


class EntryOut(BaseModel):
    seq: int
    entry: str = Field(description="The leaf bytes (canonical JSON), base64.")


class ProofOut(BaseModel):
    index: int
    size: int
    root: str
    leaf: str = Field(description="The entry bytes, base64.")
    leaf_hash: str
    hashes: list[str] = Field(description="RFC 9162 inclusion proof, base64 hashes.")


class ConsistencyOut(BaseModel):
    old: int
    new: int
    old_root: str
    new_root: str
    hashes: list[str] = Field(description="RFC 9162 consistency proof, base64 hashes.")


class AuditOut(BaseModel):
    size: int
    root: str
    checkpoints: int = Field(description="Signed checkpoints checked against the rebuilt tree.")


def checkpoint_out(stored: StoredCheckpoint) -> dict[str, Any]:
    return {
        "size": stored.size,
        "root": b64(stored.root),
        "note": stored.note,
        "signed_at": stored.signed_at,
    }


@router.get("", response_model=Envelope[LedgerOut], summary="Ledger summary", responses=errors())
def summary(project: ProjectDep) -> dict[str, Any]:
    latest = project.ledger.latest_checkpoint()
    return ok(
        {
            "origin": project.origin,
            "size": project.ledger.size(),
            "checkpoint": None if latest is None else checkpoint_out(latest),
            "vkey": project.verifier.key_string(),
        }
    )


@router.get(
    "/checkpoint",
    response_model=Envelope[CheckpointOut],
    summary="Latest signed checkpoint",
    responses=errors(404),
)
def latest_checkpoint(project: ProjectDep) -> dict[str, Any]:
    latest = project.ledger.latest_checkpoint()
    if latest is None:
        raise NotFound("the ledger has no checkpoint yet: append an event first")
    return ok(checkpoint_out(latest))


@router.get(
    "/checkpoints",
    response_model=Page[CheckpointOut],
    summary="Every signed checkpoint",
    responses=errors(422),
)
def all_checkpoints(project: ProjectDep, paging: PagingDep) -> dict[str, Any]:
    stored = project.ledger.checkpoints()
    chosen = stored[paging.offset : paging.offset + paging.limit]
    return page(
        [checkpoint_out(c) for c in chosen],
        limit=paging.limit,
        offset=paging.offset,
        total=len(stored),
    )


@router.get("/vkey", response_model=Envelope[VkeyOut], summary="Verifier key", responses=errors())
def vkey(project: ProjectDep) -> dict[str, Any]:
    return ok({"origin": project.origin, "vkey": project.verifier.key_string()})


#: Entries per page: larger than other lists, so that a browser rebuilds a big tree in few calls.
MAX_ENTRIES = 5000


@router.get(
    "/entries",
    response_model=Page[EntryOut],
    summary="Stored entries",
    responses=errors(422),
)
def entries(
    project: ProjectDep,
    limit: Annotated[int, Query(ge=1, le=MAX_ENTRIES, description="Entries per page.")] = 500,
    offset: Annotated[int, Query(ge=0, le=2**62, description="Entries to skip.")] = 0,
) -> dict[str, Any]:
    """Leaf bytes by seq, for verifiers that rebuild the tree themselves."""
    size = project.ledger.size()
    start = min(offset, size)
    chosen = project.ledger.entries(start, min(size, start + limit))
    return page(
        [{"seq": start + i, "entry": b64(data)} for i, data in enumerate(chosen)],
        limit=limit,
        offset=offset,
        total=size,
    )


@router.get(
    "/proof/{seq}",
    response_model=Envelope[ProofOut],
    summary="Inclusion proof",
    responses=errors(404, 422),
)
def inclusion(
    project: ProjectDep,
    seq: Annotated[int, Path(ge=0, le=2**62, description="The entry's seq.")],
    size: Annotated[int | None, Query(ge=0, le=2**62, description="Tree size.")] = None,
) -> dict[str, Any]:
    tree_size, proof = project.ledger.inclusion_proof(seq, size)
    entry = project.ledger.entry(seq)
    return ok(
        {
            "index": seq,
            "size": tree_size,
            "root": b64(project.ledger.root(tree_size)),
            "leaf": b64(entry),
            "leaf_hash": b64(merkle.leaf_hash(entry)),
            "hashes": [b64(h) for h in proof],
        }
    )


@router.get(
    "/consistency",
    response_model=Envelope[ConsistencyOut],
    summary="Consistency proof",
    responses=errors(422),
)
def consistency(project: ProjectDep, old: Size, new: Size) -> dict[str, Any]:
    proof = project.ledger.consistency_proof(old, new)
    return ok(
        {
            "old": old,
            "new": new,
            "old_root": b64(project.ledger.root(old)),
            "new_root": b64(project.ledger.root(new)),
            "hashes": [b64(h) for h in proof],
        }
    )


@router.get(
    "/receipt/{seq}",
    response_class=PlainTextResponse,
    summary="Offline receipt (C2SP tlog-proof@v1)",
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}},
        **errors(404, 422, json_only=True),
    },
)
def receipt(
    project: ProjectDep,
    seq: Annotated[int, Path(ge=0, le=2**62, description="The entry's seq.")],
) -> PlainTextResponse:
    """The entry's inclusion proof under the latest signed checkpoint, as a text file."""
    latest = project.ledger.latest_checkpoint()
    if latest is None:
        raise NotFound("the ledger has no checkpoint yet: append an event first")
    if seq >= latest.size:
        raise NotFound(f"no ledger entry with seq {seq!r} (log size {latest.size})")
    _, proof = project.ledger.inclusion_proof(seq, latest.size)
    return PlainTextResponse(
        format_receipt(seq, proof, latest.note),
        headers={"Content-Disposition": f'attachment; filename="receipt-{seq}.txt"'},
    )


@router.get(
    "/audit",
    response_model=Envelope[AuditOut],
    summary="Full audit on the server",
    responses=errors(),
)
def full_audit(project: ProjectDep) -> dict[str, Any]:
    """Re-hash every entry, rebuild the tree, check every stored checkpoint's signature."""
    report = audit(project.ledger, project.verifier)
    return ok({"size": report.size, "root": b64(report.root), "checkpoints": report.checkpoints})
