"""Amounts as exact decimal strings: never through a float.

The derived table writes amounts as Python floats printed by JSON (``6280501.0``,
``4245244.77``, three near-zero values such as ``-2.9103830456733704e-11``); the raw CEB files
write integers or decimals, the government-donor file with spaces as thousands separators
(``4 417 458 884``), and a lone dash for "nothing" in a few revenue cells.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

PLAIN = re.compile(r"-?\d+(\.\d+)?")
EXPONENT = re.compile(r"-?\d+(\.\d+)?[eE][-+]?\d+")
#: Thousands separators: space, no-break space, narrow no-break space, between digit groups.
GROUPED = re.compile(r"-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(\.\d+)?")
DASH = re.compile(r"\s*-\s*")
EXPECTED = "a decimal number such as 4245244.77 or -1250.5"
EXPECTED_GROUPED = "a decimal number such as 4 417 458 884 or 15000000.25"


def exact(text: str, *, grouped: bool = False) -> str | None:
    """The amount ``text`` as a plain decimal string, or None when it is not a number.

    Digits are kept as written (``6280501.0`` stays ``6280501.0``); an exponent form is
    rewritten exactly in plain notation; ``grouped`` accepts thousands separators.
    """
    value = text.strip()
    if PLAIN.fullmatch(value):
        return value
    if grouped and GROUPED.fullmatch(value):
        return re.sub(r"[ \u00a0\u202f]", "", value)
    if EXPONENT.fullmatch(value):
        return format(Decimal(value), "f")
    return None


def is_dash(text: str) -> bool:
    """A lone dash (accounting notation for no amount) or an empty cell."""
    return text.strip() == "" or DASH.fullmatch(text) is not None


#: Enough significant digits that sums of the source's amounts are exact (the widest value has
#: 11 integer digits and 27 decimals; the default context rounds at 28 digits).
PRECISION = 80


def total(amounts: list[str]) -> str:
    """The exact sum of decimal strings, in plain notation."""
    with localcontext(prec=PRECISION):
        return format(sum((Decimal(a) for a in amounts), Decimal(0)), "f")
