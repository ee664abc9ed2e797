"""The review, lens and assess commands: JSON contracts and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ioreview.project import Project
from support.cli import run

AS_OF = "2026-01-06"


def test_review_run_json_contract(cli: Project, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "review", "run", "--lens", "effectiveness", "--actor", "USA",
                  "--as-of", AS_OF, "--samples", "300", "--seed", "2", "--json")  # fmt: skip
    assert outcome.code == 0, outcome.err
    found = outcome.json()
    for key in ("id", "lens", "lens_version", "actor", "as_of", "results"):
        assert key in found
    assert (found["lens"], found["actor"], found["as_of"]) == ("effectiveness", "USA", AS_OF)
    criteria = {c["id"] for c in found["criteria"]}
    for result in found["results"]:
        for key in ("body_id", "score", "rank", "determination", "coverage", "fragile",
                    "acceptability", "contributions", "admitted_by"):  # fmt: skip
            assert key in result
        assert set(result["contributions"]) == criteria
        assert set(result["acceptability"]) == {"withdraw", "review", "remain"}
        if result["determination"] != "insufficient-evidence":
            assert sum(result["acceptability"].values()) == pytest.approx(1.0)
    shown = run(capsys, "review", "show", str(found["id"]), "--json").json()
    assert shown["results"] == found["results"]
    listed = run(capsys, "review", "list", "--json").json()
    assert [row["id"] for row in listed] == [found["id"]]
    assert listed[0]["inputs_hash"] == found["inputs_hash"]


def test_review_diff_and_compare(cli: Project, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):
        run(capsys, "review", "run", "--lens", "transactional", "--as-of", AS_OF, "--samples", "50")
    same = run(capsys, "review", "diff", "1", "2", "--json").json()
    assert same["same_inputs"] and same["changed"] == []
    compared = run(capsys, "review", "compare", "--lens", "transactional", "--lens",
                   "global-governance", "--as-of", AS_OF, "--samples", "50")  # fmt: skip
    assert compared.code == 0, compared.err
    assert "legal_bindingness" in compared.out
    once = run(capsys, "review", "compare", "--lens", "transactional")
    assert once.code == 2 and "exactly two" in once.err


def test_bad_options_name_the_value(cli: Project, capsys: pytest.CaptureFixture[str]) -> None:
    bad_date = run(capsys, "review", "run", "--lens", "transactional", "--as-of", "6 Jan")
    assert bad_date.code == 2 and "'6 Jan'" in bad_date.err
    bad_method = run(capsys, "review", "run", "--lens", "transactional", "--method", "ahp")
    assert bad_method.code == 2 and "'ahp'" in bad_method.err
    missing = run(capsys, "review", "show", "99")
    assert missing.code == 2 and "99" in missing.err


def test_lens_commands(capsys: pytest.CaptureFixture[str]) -> None:
    listed = run(capsys, "lens", "list", "--json").json()
    assert [x["id"] for x in listed] == ["effectiveness", "global-governance", "transactional"]
    shown = run(capsys, "lens", "show", "transactional", "--json").json()
    assert shown["id"] == "transactional" and len(shown["criteria"]) == 13
    assert sum(c["normalized_weight"] for c in shown["criteria"]) == pytest.approx(1.0)
    text = run(capsys, "lens", "show", "global-governance").out
    assert "legal_bindingness" in text
    indicators = run(capsys, "lens", "indicators", "--json").json()
    assert {"vote_divergence", "revenue_share", "notice_length"} <= {i["id"] for i in indicators}


def test_assess_records_and_supersedes(cli: Project, capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "assess", "wto", "T7", "1.5", "--lens", "transactional", "--evidence",
                "https://example.org/audit", "--quote", "cost overruns", "--analyst", "A. N.",
                "--json")  # fmt: skip
    assert first.code == 0, first.err
    [event] = first.json()
    assert event["kind"] == "assessment"
    assert event["payload"] == {"criterion": "T7", "score": "1.5", "lens": "transactional",
                                "analyst": "A. N.", "quote": "cost overruns"}  # fmt: skip
    second = run(
        capsys,
        "assess",
        "wto",
        "T7",
        "2",
        "--lens",
        "transactional",
        "--evidence",
        "https://example.org/audit-2",
        "--supersedes",
        str(event["seq"]),
        "--json",
    )
    assert second.json()[0]["supersedes"] == [event["seq"]]


@pytest.mark.parametrize(
    "args,message",
    [
        (["wto", "T7", "5", "--evidence", "https://x.org"], "score '5'"),
        (["wto", "T7", "x1", "--evidence", "https://x.org"], "score 'x1'"),
        (["wto", "T77", "2", "--lens", "transactional", "--evidence", "https://x.org"],
         "criterion 'T77'"),
        (["nowhere", "T7", "2", "--evidence", "https://x.org"], "'nowhere'"),
        (["wto", "T7", "2"], "--evidence"),
        (["wto", "T7", "2", "--evidence", "https://x.org", "--supersedes", "0"], "seq 0"),
    ],
)  # fmt: skip
def test_assess_rejects_bad_input(
    cli: Project, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    size = cli.ledger.size()
    outcome = run(capsys, "assess", *args)
    assert outcome.code == 2
    assert message in outcome.err
    assert cli.ledger.size() == size


def test_assess_csv_is_all_or_nothing(
    cli: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "body,criterion,score,evidence,quote,lens\n"
        "wto,T7,2.5,https://example.org/a,a quote,transactional\n"
        "itto,T8,1,https://example.org/b,,\n",
        encoding="utf-8",
    )
    done = run(capsys, "assess", "--csv", str(good), "--json")
    assert done.code == 0, done.err
    assert [e["body"] for e in done.json()] == ["wto", "itto"]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "body,criterion,score,evidence\nwto,T7,2,https://example.org/a\nwto,T7,9,https://x.org\n",
        encoding="utf-8",
    )
    size = cli.ledger.size()
    failed = run(capsys, "assess", "--csv", str(bad))
    assert failed.code == 2 and "bad.csv:3: score '9'" in failed.err
    assert cli.ledger.size() == size
    header = tmp_path / "header.csv"
    header.write_text("body,score\nwto,2\n", encoding="utf-8")
    wrong = run(capsys, "assess", "--csv", str(header))
    assert wrong.code == 2 and "expected columns" in wrong.err
