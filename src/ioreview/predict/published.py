"""Published figures that Predict output is compared with, each with its source.

Only figures printed in a source (or its authors' appendix) appear here; the reference page
``shared/docs/reference/predict.md`` says where each was read. Nothing here is computed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    what: str
    value: float
    source: str
    #: How the computed figure is compared: "equal", "above" (computed > value) or "within"
    #: (|computed - value| at most ``tolerance``).
    rule: str = "equal"
    tolerance: float | None = None
    note: str | None = None


COW_CODEBOOK = "COW IGO v3 codebook (July 2019), p. 3"
BV_APPENDIX = (
    "von Borzyskowski & Vabulas 2019, Online Appendix pp. 13-14 (Rev. Int. Organ. 14(2): 335-366)"
)
EILSTRUP = (
    "Eilstrup-Sangiovanni 2020, Rev. Int. Organ. 15(2): 'More than one-third of IGOs created "
    "since 1815 have since died'"
)
DEBRE_DIJKSTRA = (
    "Debre & Dijkstra 2021, Eur. J. Int. Relat.: 'no less than 39%' of 150 IOs, 1815-2014"
)
DATA_README = (
    "shared/data/README.md, pitfalls: 88 US full memberships in 2014 in the IGO-year file, 89 "
    "in the state-year file (a known inconsistency of the published data)"
)

IGOS_IN_COW = Published("IGOs in COW IGO v3", 534, COW_CODEBOOK)
IGOS_SINCE_1946 = Published(
    "COW IGOs in existence at some time from 1946", 493, BV_APPENDIX,
    note="the appendix says 1946-2018; COW v3 ends in 2014",
)  # fmt: skip
DEAD_ONE_THIRD = Published("share of IGOs dead by 2014", 1 / 3, EILSTRUP, rule="above")
#: Debre & Dijkstra's sample has 150 IOs: the binomial standard error of 39% at n = 150 is the
#: tolerance (their sample is not COW's).
DEBRE_DIJKSTRA_N = 150
DEAD_39 = Published(
    "share of IGOs dead by 2014", 0.39, DEBRE_DIJKSTRA, rule="within",
    tolerance=(0.39 * 0.61 / DEBRE_DIJKSTRA_N) ** 0.5,
    note="tolerance: one binomial standard error of 39% in a sample of 150",
)  # fmt: skip
US_2014_IGO_YEAR = Published("US memberships in 2014, IGO-year file", 88, DATA_README)
US_2014_STATE_YEAR = Published("US memberships in 2014, state-year file", 89, DATA_README)

#: von Borzyskowski & Vabulas (2019), curated withdrawals 1945-2014, decoded from the
#: replication run's Figure 1A (predict.md, "Descriptive counts"): not COW transitions.
BV_WITHDRAWALS = {"1945-2014": 188, "1945-1989": 105, "1990-2014": 83}
BV_FIGURE = "von Borzyskowski & Vabulas 2019 replication, Figure1A.pdf (predict.md)"


def agrees(figure: Published, computed: float) -> bool:
    if figure.rule == "above":
        return computed > figure.value
    if figure.rule == "within":
        return abs(computed - figure.value) <= (figure.tolerance or 0.0)
    return computed == figure.value


def check(figure: Published, computed: float) -> dict[str, object]:
    """One comparison as JSON: the figure, both values, the rule, its source, the verdict."""
    return {
        "what": figure.what, "computed": computed, "published": figure.value,
        "rule": figure.rule, "tolerance": figure.tolerance, "source": figure.source,
        "note": figure.note, "agrees": agrees(figure, computed),
    }  # fmt: skip


@dataclass(frozen=True)
class Coefficient:
    """A published coefficient (standard error) of von Borzyskowski & Vabulas (2019)."""

    value: float
    se: float
    where: str


BV_TABLE1 = "von Borzyskowski & Vabulas 2019, Table 1 (= Online Appendix A8 col. 3 / A5 col. 4)"
#: Table 1, model 3 (geopolitics) and model 4 (all), and the period models of the appendix
#: (A6: 1945-1989, A7: 1990-2014, geopolitics model), as predict.md §1.1 lists them.
BV_COEFFICIENTS: dict[str, dict[str, Coefficient]] = {
    "preference_divergence": {
        "M3": Coefficient(0.950, 0.153, BV_TABLE1 + ", model 3"),
        "M4": Coefficient(1.175, 0.207, BV_TABLE1 + ", model 4"),
        "A6": Coefficient(0.796, 0.259, "Online Appendix Table A6 (1945-1989)"),
        "A7": Coefficient(1.302, 0.144, "Online Appendix Table A7 (1990-2014)"),
    },
    "contagion": {
        "M3": Coefficient(3.348, 0.400, BV_TABLE1 + ", model 3"),
        "M4": Coefficient(3.166, 0.438, BV_TABLE1 + ", model 4"),
        "A6": Coefficient(3.307, 0.843, "Online Appendix Table A6 (1945-1989)"),
        "A7": Coefficient(3.586, 0.461, "Online Appendix Table A7 (1990-2014)"),
    },
    "log_igo_size": {
        "M3": Coefficient(-0.606, 0.192, BV_TABLE1 + ", model 3"),
        "M4": Coefficient(-0.645, 0.317, BV_TABLE1 + ", model 4"),
    },
}
