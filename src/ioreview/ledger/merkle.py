"""RFC 9162 §2.1 Merkle tree: hashes, perfect subtrees, proofs and their verifiers.

A tree of size n is stored as its perfect subtrees only: ``node(level, index)`` is the hash of
leaves ``[index * 2**level, (index + 1) * 2**level)``. Every other hash (roots, proof elements)
folds a few of those, so a database backend and the in-memory tree serve the same proofs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import sha256
from typing import Protocol

from ioreview.ledger.errors import InvalidProof, InvalidProofRequest

HASH_SIZE = 32
EMPTY_ROOT = sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """Return SHA-256(0x00 || data), the hash of one leaf."""
    return sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return SHA-256(0x01 || left || right), the hash of an interior node."""
    return sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    # The largest power of two below n (n >= 2): where the RFC splits a tree.
    return 1 << ((n - 1).bit_length() - 1)


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """Return MTH over ``hashes`` by the RFC's recursive definition (the test oracle)."""
    n = len(hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return hashes[0]
    k = _split(n)
    return node_hash(root_from_leaf_hashes(hashes[:k]), root_from_leaf_hashes(hashes[k:]))


def range_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """Return the maximal aligned perfect subtrees ``(level, index)`` covering [start, end)."""
    if not 0 <= start <= end:
        raise InvalidProofRequest(f"invalid leaf range [{start!r}, {end!r})")
    out: list[tuple[int, int]] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        out.append((level, start >> level))
        start += 1 << level
    return out


def perfect_subtrees(size: int) -> list[tuple[int, int]]:
    """Return the perfect subtrees of a tree of ``size``, left to right (one per set bit)."""
    return range_subtrees(0, size)


def root_from_perfect_subtrees(hashes: Sequence[bytes]) -> bytes:
    """Fold the perfect-subtree hashes of ``perfect_subtrees(n)`` right to left into MTH."""
    acc = hashes[-1] if hashes else EMPTY_ROOT
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


class HashSource(Protocol):
    """Anything that returns perfect-subtree hashes; level 0 is the leaf hash."""

    def node(self, level: int, index: int) -> bytes: ...


def subtree_hash(source: HashSource, start: int, end: int) -> bytes:
    """Return MTH(D[start:end]) for any range, from the source's perfect subtrees."""
    if not 0 <= start <= end:
        raise InvalidProofRequest(f"invalid leaf range [{start!r}, {end!r})")
    n = end - start
    if n == 0:
        return EMPTY_ROOT
    if n & (n - 1) == 0 and start % n == 0:
        return source.node(n.bit_length() - 1, start // n)
    k = _split(n)
    return node_hash(subtree_hash(source, start, start + k), subtree_hash(source, start + k, end))


def inclusion_proof(source: HashSource, index: int, size: int) -> list[bytes]:
    """Return the RFC 9162 inclusion path of leaf ``index`` in the tree of ``size``, bottom up."""
    if not 0 <= index < size:
        raise InvalidProofRequest(f"leaf index {index!r} is not below tree size {size!r}")
    proof: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        mid = start + _split(end - start)
        if index < mid:
            proof.append(subtree_hash(source, mid, end))
            end = mid
        else:
            proof.append(subtree_hash(source, start, mid))
            start = mid
    proof.reverse()
    return proof


def consistency_proof(source: HashSource, old: int, new: int) -> list[bytes]:
    """Return the RFC 9162 consistency proof PROOF(old, D[new]) (empty when old == new)."""
    if not 0 < old <= new:
        raise InvalidProofRequest(f"consistency needs 0 < old <= new, got {old!r}, {new!r}")
    proof: list[bytes] = []
    start, end, m, whole = 0, new, old, True
    while True:
        n = end - start
        if m == n:
            # SUBPROOF omits the old root itself only while still on the left edge.
            if not whole:
                proof.append(subtree_hash(source, start, end))
            break
        k = _split(n)
        if m <= k:
            proof.append(subtree_hash(source, start + k, end))
            end = start + k
        else:
            proof.append(subtree_hash(source, start, start + k))
            start, m, whole = start + k, m - k, False
    proof.reverse()
    return proof


def inclusion_proof_length(index: int, size: int) -> int:
    """Return the number of hashes in the inclusion path of ``index`` in a tree of ``size``."""
    inner = (index ^ (size - 1)).bit_length()
    return inner + (index >> inner).bit_count()


def consistency_proof_length(old: int, new: int) -> int:
    """Return the number of hashes in a consistency proof from ``old`` to ``new`` > ``old``."""
    inner = ((old - 1) ^ (new - 1)).bit_length()
    border = ((old - 1) >> inner).bit_count()
    shift = (old & -old).bit_length() - 1
    return inner - shift + border + (0 if old == 1 << shift else 1)


def _require_root(what: str, got: bytes, want: bytes, size: int) -> None:
    if got != want:
        raise InvalidProof(f"{what} yields {got.hex()!r}, not {want.hex()!r} (size {size!r})")


def _check_proof(proof: Sequence[bytes], want: int) -> None:
    if len(proof) != want:
        raise InvalidProof(f"proof has {len(proof)!r} hashes, want {want!r}")
    for i, h in enumerate(proof):
        if not isinstance(h, bytes) or len(h) != HASH_SIZE:
            raise InvalidProof(f"proof hash {i!r} is not {HASH_SIZE} bytes: {h!r}")


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """Return the root that ``proof`` yields for leaf hash ``leaf`` at ``index`` of ``size``."""
    if not 0 <= index < size:
        raise InvalidProof(f"leaf index {index!r} is not below tree size {size!r}")
    if len(leaf) != HASH_SIZE:
        raise InvalidProof(f"leaf hash is not {HASH_SIZE} bytes: {leaf.hex()!r}")
    _check_proof(proof, inclusion_proof_length(index, size))
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise InvalidProof("inclusion proof is longer than the path")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise InvalidProof("inclusion proof is shorter than the path")
    return r


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise ``InvalidProof`` unless ``proof`` puts leaf hash ``leaf`` at ``index`` in ``root``."""
    got = root_from_inclusion_proof(leaf, index, size, proof)
    _require_root(f"inclusion proof for index {index!r}", got, root, size)


def root_from_consistency_proof(
    old_size: int, new_size: int, old_root: bytes, proof: Sequence[bytes]
) -> bytes:
    """Check that ``proof`` reproduces ``old_root`` and return the new root it yields."""
    if not 0 < old_size <= new_size:
        raise InvalidProof(f"consistency needs 0 < old <= new, got {old_size!r}, {new_size!r}")
    if old_size == new_size:
        if proof:
            raise InvalidProof(f"sizes are equal ({old_size!r}) but the proof is not empty")
        return old_root
    _check_proof(proof, consistency_proof_length(old_size, new_size))
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise InvalidProof("consistency proof is longer than the path")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise InvalidProof("consistency proof is shorter than the path")
    _require_root("consistency proof, old root,", fr, old_root, old_size)
    return sr


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise ``InvalidProof`` unless ``proof`` shows that ``new_root`` extends ``old_root``."""
    got = root_from_consistency_proof(old_size, new_size, old_root, proof)
    _require_root("consistency proof, new root,", got, new_root, new_size)


class InMemoryTree:
    """An append-only tree that keeps every perfect-subtree hash in per-level lists."""

    def __init__(self, entries: Iterable[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = [[]]
        self.extend(entries)

    @property
    def size(self) -> int:
        return len(self._levels[0])

    def append(self, data: bytes) -> int:
        """Append one entry and return its 0-based index."""
        return self.append_hash(sha256(b"\x00" + data).digest())

    def append_hash(self, leaf: bytes) -> int:
        """Append one leaf hash and return its index; completes about one node per leaf."""
        levels = self._levels
        row = levels[0]
        index = n = len(row)
        row.append(leaf)
        level = 0
        # Each trailing 1-bit of the new index closes one perfect subtree.
        while n & 1:
            leaf = sha256(b"\x01" + row[-2] + leaf).digest()
            level += 1
            if level == len(levels):
                levels.append([])
            row = levels[level]
            row.append(leaf)
            n >>= 1
        return index

    def extend(self, entries: Iterable[bytes]) -> int:
        """Append entries in order and return the new size."""
        for data in entries:
            self.append(data)
        return self.size

    def node(self, level: int, index: int) -> bytes:
        """Return the hash of perfect subtree ``(level, index)``."""
        # Explicit bounds: a negative Python index would silently read from the end.
        if 0 <= level < len(self._levels) and 0 <= index < len(self._levels[level]):
            return self._levels[level][index]
        raise InvalidProofRequest(f"no node at level {level!r}, index {index!r}")

    def _size(self, size: int | None) -> int:
        if size is None:
            return self.size
        if not 0 <= size <= self.size:
            raise InvalidProofRequest(f"tree size {size!r} exceeds current size {self.size!r}")
        return size

    def root(self, size: int | None = None) -> bytes:
        """Return the root of the first ``size`` leaves (default: all)."""
        size = self._size(size)
        return root_from_perfect_subtrees([self.node(*s) for s in perfect_subtrees(size)])

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Return the inclusion path of ``index`` in the tree of ``size`` (default: all)."""
        return inclusion_proof(self, index, self._size(size))

    def consistency_proof(self, old: int, new: int | None = None) -> list[bytes]:
        """Return the consistency proof from size ``old`` to ``new`` (default: all)."""
        return consistency_proof(self, old, self._size(new))
