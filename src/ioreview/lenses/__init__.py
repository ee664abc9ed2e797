"""Value lenses: versioned TOML files of criteria, scales, weights, gates and thresholds.

Typical use::

    from ioreview.lenses import load_lens, builtin_ids

    lens = load_lens("transactional")        # or load_lens("path/to/my-lens.toml")
    [c.id for c in lens.criteria], lens.weights, lens.thresholds

Built-in lenses (``builtin/*.toml``) restate published frameworks and cite them; a user's file
is loaded and validated the same way.
"""

from ioreview.lenses.load import builtin_ids, builtin_lenses, load_lens, parse_lens
from ioreview.lenses.model import (
    INSUFFICIENT,
    ORDER,
    SCALE_TOP,
    Criterion,
    Gate,
    Lens,
    LensSource,
    Scale,
    Thresholds,
)

__all__ = [
    "INSUFFICIENT",
    "ORDER",
    "SCALE_TOP",
    "Criterion",
    "Gate",
    "Lens",
    "LensSource",
    "Scale",
    "Thresholds",
    "builtin_ids",
    "builtin_lenses",
    "load_lens",
    "parse_lens",
]
