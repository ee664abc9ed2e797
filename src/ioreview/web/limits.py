"""Request-size limits: a write body is read up to a bound, never further."""

from __future__ import annotations

from fastapi import Request
from starlette.exceptions import HTTPException

#: Largest request body accepted (bytes): 10,000 events of a few hundred bytes each.
MAX_BODY_BYTES = 8 * 1024 * 1024


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body; 413 as soon as it passes ``limit`` bytes (declared or received)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"request body of {int(declared):,} bytes: at most {limit:,}")
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise HTTPException(413, f"request body passes {limit:,} bytes: at most {limit:,}")
        chunks.append(chunk)
    return b"".join(chunks)
