"""Bad input to the ``ceb`` importer: a clear error naming file, line and column; nothing stored."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ioreview.exc import InvalidData
from ioreview.ingest.runner import run_import
from ioreview.project import Project
from support.ingest import BACKENDS, bare_project, data_folder, database_url, snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "ceb"
ROLES = {
    role: FIXTURES / f"{role}.csv"
    for role in ("contributions", "revenue", "expenses", "donors_2024")
}
BUNDLED = {
    "contributions": "contributions_by_contributor_entity_2013_2024.csv.gz",
    "revenue": "revenue_by_entity_2011_2024.csv.gz",
    "expenses": "expenses_by_entity_2011_2024.csv.gz",
    "donors_2024": "government_donor_revenue_2024.csv",
}


@dataclass(frozen=True)
class Case:
    role: str
    change: Callable[[bytes], bytes]
    #: Substrings of the error message; "{file}" is the file name the importer sees.
    expected: tuple[str, ...]


def _line_of(role: str, needle: bytes) -> int:
    lines = ROLES[role].read_bytes().split(b"\n")
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def _replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        assert old in data
        return data.replace(old, new, 1)

    return change


def _drop_column(data: bytes) -> bytes:
    # amount_usd is the last column of the derived table.
    return b"\n".join(line.rsplit(b",", 1)[0] for line in data.split(b"\n") if line) + b"\n"


def _duplicate(data: bytes) -> bytes:
    line = next(x for x in data.split(b"\n") if b",UNFCCC,Assessed,4245244.77" in x)
    return data + line + b"\n"


CASES = {
    "missing column": Case(
        "contributions",
        _drop_column,
        ("{file}:1", "missing column 'amount_usd'", "expected the header"),
    ),
    "non-numeric amount": Case(
        "contributions",
        _replace(b",4245244.77", b",n/a"),
        (
            f"{{file}}:{_line_of('contributions', b',4245244.77')}:amount_usd",
            "'n/a'",
            "expected a decimal number",
        ),
    ),
    "unknown country": Case(
        "contributions",
        _replace(b"2017,Canada,", b"2017,Atlantis,"),
        (
            f"{{file}}:{_line_of('contributions', b'2017,Canada,')}:contributor",
            "'Atlantis'",
            "expected a known country name",
        ),
    ),
    "unknown entity code": Case(
        "contributions",
        _replace(b",WFP,Other,", b",WFPX,Other,"),
        (
            f"{{file}}:{_line_of('contributions', b',WFP,Other,')}:entity",
            "'WFPX'",
            "expected a CEB entity code",
        ),
    ),
    "duplicate key": Case(
        "contributions",
        _duplicate,
        (":contributor", "duplicate record 'USA/UNFCCC/2017/assessed'", "expected one row per"),
    ),
    "empty file": Case(
        "contributions",
        lambda data: b"",
        ("{file}:1", "the file is empty", "expected a header line"),
    ),
    "wrong encoding": Case(
        "contributions",
        lambda data: data.decode("utf-8").encode("latin-1"),
        (
            f"{{file}}:{_line_of('contributions', 'Türkiye'.encode())}",
            ":contributor",
            "byte 0xfc is not utf-8-sig text",
            "expected a CSV file in UTF-8",
        ),
    ),
    "unknown revenue type": Case(
        "contributions",
        _replace(b",Voluntary earmarked,114842.0", b",Voluntary,114842.0"),
        (":contribution_type", "'Voluntary'", "expected one of"),
    ),
    "corrupt gzip": Case(
        "contributions",
        lambda data: gzip.compress(data)[:-12],
        ("{file}", "not a readable gzip file", "expected"),
    ),
    "revenue amount": Case(
        "revenue",
        _replace(b",8050368,", b",8O50368,"),
        (
            f"{{file}}:{_line_of('revenue', b',8050368,')}:amount",
            "'8O50368'",
            "expected a decimal number",
        ),
    ),
    "revenue rev_type": Case(
        "revenue",
        _replace(b",Assessed Contributions,R01", b",Assessed,R01"),
        (":rev_type", "'Assessed'", "expected one of"),
    ),
    "expenses entity code": Case(
        "expenses",
        _replace(b",UNHABITAT,UNHABITAT,", b",UNHAB,UNHABITAT,"),
        (
            f"{{file}}:{_line_of('expenses', b',UNHABITAT,UNHABITAT,')}:agency",
            "'UNHAB'",
            "expected a CEB entity code",
        ),
    ),
    "donor file grouping": Case(
        "donors_2024",
        _replace(b"4 417 458 884", b"4 417 458 88"),
        (
            f"{{file}}:{_line_of('donors_2024', b'4 417 458 884')}:amount",
            "expected a decimal number such as 4 417 458 884",
        ),
    ),
    "donor file unknown country": Case(
        "donors_2024",
        _replace(b"Canada,UNFCCC,Assessed", b"Atlantis,UNFCCC,Assessed"),
        (":government_donor", "'Atlantis'"),
    ),
}


@pytest.fixture(scope="module", params=BACKENDS)
def project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Project]:
    """One project per backend with the fixtures loaded: each bad load must leave it as it is."""
    tmp = tmp_path_factory.mktemp("ceb-bad")
    with database_url(request.param, tmp) as url, pytest.MonkeyPatch.context() as patch:
        opened = bare_project(url, tmp / "state")
        patch.setenv("IOREVIEW_DATA", str(data_folder(tmp / "data", "ceb", ROLES)))
        run_import(opened, "ceb")
        yield opened
        opened.close()


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_and_nothing_changes(
    name: str, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[name]
    bad = tmp_path / BUNDLED[case.role]
    bad.write_bytes(case.change(ROLES[case.role].read_bytes()))
    before = snapshot(project)
    main: Path | None = bad
    if case.role != "contributions":
        folder = data_folder(tmp_path / "data", "ceb", {**ROLES, case.role: bad})
        monkeypatch.setenv("IOREVIEW_DATA", str(folder))
        main = None
    with pytest.raises(InvalidData) as raised:
        run_import(project, "ceb", main)
    message = raised.value.message
    for part in case.expected:
        assert part.format(file=BUNDLED[case.role]) in message, message
    assert snapshot(project) == before
