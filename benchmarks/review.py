"""Robustness analysis at scale: ioreview's vectorized weight sampling against pyrepo-mcda's SMAA.

One decision matrix of 1,000 bodies × 12 criteria (scores on 0–4, seeded) and one matrix of
10,000 weight vectors drawn around a weight vector (Dirichlet, concentration 100, seeded) go
through:

- R1 ``ioreview.review.robustness.robustness`` with the weighted sum: per sample the 1,000
  aggregates, determinations (thresholds 1.5 / 2.5) and ranks, accumulated as determination
  acceptabilities and rank intervals (a rank histogram per body);
- R2 the same with TOPSIS (fixed ideal 4, anti-ideal 0);
- R3 ``pyrepo_mcda.mcda_methods.VIKOR_SMAA`` on the same matrix and the same weight vectors
  (rank acceptability indices, central weight vectors, rank scores).

Targets: R1 and R2 at most 1 s; the peer at least 10 times slower than R1 (ratio peer / R1).
The peer loops in Python over samples and, inside each, over alternatives, so its cost grows
with samples × alternatives²; ``--peer-samples`` runs it on fewer samples (the first N of the
same weight matrix) and extrapolates linearly in samples, which its loop structure justifies,
and says so in the output. The two do not compute the same numbers: VIKOR is another
aggregation than WSM/TOPSIS, and SMAA reports every rank's acceptability where ioreview reports
three determinations and a rank interval; the work per sample (aggregate all alternatives, rank
them, accumulate) is the same kind.

Usage::

    .venv/bin/python benchmarks/review.py                    # full size, peer on all samples
    .venv/bin/python benchmarks/review.py --peer-samples 500 # peer extrapolated from 500
    .venv/bin/python benchmarks/review.py --quick            # 2,000 samples × 200 bodies
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from importlib.metadata import version

import numpy as np
from _timing import Row, at_least, at_most, busy, duration, load_average, result_table
from pyrepo_mcda import normalizations
from pyrepo_mcda.mcda_methods import VIKOR_SMAA

from ioreview.lenses import Thresholds
from ioreview.review.robustness import robustness, sample_weights

CRITERIA = 12


def _timed(run: object, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _load() -> tuple[float, ...] | None:
    found = load_average()
    return None if found is None else tuple(round(x, 2) for x in found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=10_000, help="weight vectors")
    parser.add_argument("--bodies", type=int, default=1_000, help="alternatives")
    parser.add_argument(
        "--peer-samples",
        type=int,
        default=None,
        help="samples the peer runs on (default: all); extrapolated linearly",
    )
    parser.add_argument("--repeats", type=int, default=5, help="repetitions of R1 and R2")
    parser.add_argument("--quick", action="store_true", help="2,000 samples × 200 bodies")
    parser.add_argument("--json", help="also write the rows as JSON to this path")
    args = parser.parse_args()  # fmt: skip
    samples, bodies = (2_000, 200) if args.quick else (args.samples, args.bodies)
    peer_samples = min(args.peer_samples or samples, samples)

    rng = np.random.default_rng(2026)
    scores = rng.uniform(0, 4, (bodies, CRITERIA))
    weights = rng.uniform(0.5, 1.5, CRITERIA)
    gating = (np.full(bodies, -1), np.full(bodies, -1))
    included = np.ones(bodies, dtype=bool)
    thresholds = Thresholds()
    drawn = sample_weights(weights, samples, 100.0, 1)
    before = _load()
    print(f"python {platform.python_version()}, numpy {version('numpy')}, pyrepo-mcda "
          f"{version('pyrepo-mcda')}, {platform.machine()}, load {before}", file=sys.stderr)  # fmt: skip

    def ours(method: str) -> None:
        robustness(scores, weights, thresholds, gating, included, method, samples, 100.0, 1)

    wsm_time = _timed(lambda: ours("wsm"), args.repeats)
    topsis_time = _timed(lambda: ours("topsis"), args.repeats)
    print(f"R1/R2 done ({duration(wsm_time)}, {duration(topsis_time)}); peer on "
          f"{peer_samples} samples…", file=sys.stderr)  # fmt: skip
    peer = VIKOR_SMAA(normalization_method=normalizations.minmax_normalization)
    start = time.perf_counter()
    acceptability, _, _ = peer(scores, drawn[:peer_samples], np.ones(CRITERIA, dtype=int))
    peer_measured = time.perf_counter() - start
    peer_time = peer_measured * samples / peer_samples
    assert np.allclose(acceptability.sum(axis=1), 1.0)  # rank acceptabilities are complete
    after = _load()

    size = f"{samples:,} samples × {bodies:,} bodies × {CRITERIA} criteria"
    extrapolated = peer_samples < samples
    rows = [
        Row("R1", f"robustness, weighted sum ({size})", duration(wsm_time), "1 s",
            wsm_time / 1.0, at_most(1.0)),
        Row("R2", f"robustness, TOPSIS ({size})", duration(topsis_time), "1 s",
            topsis_time / 1.0, at_most(1.0)),
        Row("R3", "pyrepo-mcda VIKOR_SMAA, same matrix and weights"
            + (f" (measured on {peer_samples:,} samples, extrapolated)" if extrapolated else ""),
            duration(peer_time), f"R1 {duration(wsm_time)}", peer_time / wsm_time,
            at_least(10.0)),
    ]  # fmt: skip
    print(result_table(rows))
    if extrapolated:
        print(f"note: the peer ran {peer_samples:,} of {samples:,} samples in "
              f"{duration(peer_measured)}; its time is scaled by {samples / peer_samples:g}")  # fmt: skip
    if busy(load_average()) or (before is not None and busy((before[0], 0.0, 0.0))):
        print(f"note: other processes competed for the CPUs (load {before} → {after}); "
              "take the figures again on a quiet machine")  # fmt: skip
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"rows": [r.as_dict() for r in rows], "load": [before, after]}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
