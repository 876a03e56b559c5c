"""Baselines: record today's findings, then fail only on new ones, however the lines move."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from clitools import HYPE, PROVEN, run

from healthlint.baseline import Baseline, fingerprint
from healthlint.finding import FileResult

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


pytestmark = pytest.mark.usefixtures("cli_env")  # every test here runs the CLI


def findings(result) -> list[tuple[str, int, str]]:
    payload = json.loads(result.stdout)
    return [
        (file["path"], f["line"], f["rule"]) for file in payload["files"] for f in file["findings"]
    ]


def insert_lines(path: str, after_line: int, lines: list[str]) -> None:
    text = Path(path).read_text(encoding="utf-8").split("\n")
    Path(path).write_text(
        "\n".join(text[:after_line] + lines + text[after_line:]), encoding="utf-8"
    )


def test_baseline_round_trip_on_the_samples():
    shutil.copytree(SAMPLES, "samples")
    before = run("check", "--format", "json", "--fail-on", "never", "samples")
    assert len(findings(before)) > 10

    written = run("baseline", "samples", "-o", "baseline.json")
    assert written.exit_code == 0 and written.stdout == ""
    recorded = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    assert len(recorded["findings"]) == len(findings(before))

    clean = run("check", "--baseline", "baseline.json", "samples")
    assert clean.exit_code == 0, clean.stdout
    assert f"{len(findings(before))} findings hidden by the baseline" in clean.stderr

    # New paragraphs above the recorded findings move them all down, and one of them is a new
    # overclaim. Only that one comes back.
    insert_lines("samples/miracle-detox.md", 6, ["A note from our editors.", "", "", ""])
    insert_lines("samples/careful-ginger-nausea.md", 10, ["A note from our editors.", ""])
    insert_lines("samples/plain-sleep-tips.txt", 2, ["A note from our editors.", "", PROVEN, ""])
    moved = findings(run("check", "--format", "json", "--fail-on", "never", "samples"))
    assert len(moved) == len(findings(before)) + 1
    assert len(set(moved) - set(findings(before))) > 20  # most findings are on new lines now
    after = run("check", "--format", "json", "--baseline", "baseline.json", "samples")
    assert findings(after) == [("samples/plain-sleep-tips.txt", 5, "overclaims.proven")]
    assert after.exit_code == 1  # an error-level finding fails the run as usual


def test_a_claim_recorded_once_and_now_made_twice_comes_back_once():
    Path("a.txt").write_text(f"{PROVEN}\n", encoding="utf-8")
    assert run("baseline", "a.txt", "-o", "b.json").exit_code == 0
    Path("a.txt").write_text(f"{PROVEN}\n\nMore text here.\n\n{PROVEN}\n", encoding="utf-8")
    result = run("check", "--format", "json", "--baseline", "b.json", "a.txt")
    assert [rule for *_, rule in findings(result)] == ["overclaims.proven"]


def test_a_reworded_finding_comes_back():
    Path("a.txt").write_text(f"{HYPE}\n", encoding="utf-8")
    run("baseline", "a.txt", "-o", "b.json")
    Path("a.txt").write_text("Turmeric is a miracle root.\n", encoding="utf-8")
    result = run("check", "--format", "json", "--baseline", "b.json", "a.txt")
    assert [rule for *_, rule in findings(result)] == ["overclaims.hype"]


def test_baseline_matches_by_file():
    Path("a.txt").write_text(f"{PROVEN}\n", encoding="utf-8")
    Path("b.txt").write_text(f"{PROVEN}\n", encoding="utf-8")
    run("baseline", "a.txt", "-o", "base.json")
    result = run("check", "--format", "json", "--baseline", "base.json", "./a.txt", "b.txt")
    assert findings(result) == [("b.txt", 1, "overclaims.proven")]  # ./a.txt is a.txt


def test_fingerprint_ignores_whitespace_and_position(lint_text):
    (one,) = lint_text(f"{PROVEN}\n").findings
    (two,) = lint_text("\n\n\nThis tea is clinically\nproven   to melt fat.\n").findings
    assert (one.line, one.column) != (two.line, two.column)
    assert fingerprint(one) == fingerprint(two)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read baseline"),
        ("{not json", "baseline is not valid JSON"),
        ('{"findings": []}', "not a healthlint baseline"),
        ('{"healthlint_baseline": 1, "findings": [{"path": "a"}]}', "malformed baseline entry"),
    ],
)
def test_a_bad_baseline_exits_2(content, message):
    if content is not None:
        Path("base.json").write_text(content, encoding="utf-8")
    Path("a.txt").write_text(f"{PROVEN}\n", encoding="utf-8")
    result = run("check", "--baseline", "base.json", "a.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"healthlint: base.json: {message}")
    assert result.stdout == ""


def test_filter_leaves_unreadable_results_alone():
    results, hidden = Baseline(Counter()).filter([FileResult("gone.md", error="cannot read")])
    assert hidden == 0 and results[0].error == "cannot read"
