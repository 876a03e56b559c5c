"""Smoke tests of the benchmark scripts: each runs in ``--samples`` mode, without ../shared.

The scripts run in this process (their ``main()``), so the ones that lint in-process share the
session's model; the ones that run the CLI start one healthlint process each, as they do for
real. Each test checks the report's shape and a figure the samples are known to give.
"""

from __future__ import annotations

import gc
import importlib
import json
import sys
from pathlib import Path

import pytest

from healthlint.config import Settings
from healthlint.engine import Linter, active_rules

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))  # the scripts import harness and corpora by name


def run(script: str, capsys, *args: str) -> str:
    """Run ``benchmarks/<script>.py --samples ARGS`` in-process; its printed report."""
    code = importlib.import_module(script).main(["--samples", *args])
    assert code in (0, None)
    return capsys.readouterr().out


def test_clean_prose_fp_counts_findings_per_category(capsys, tmp_path):
    out = run(
        "clean_prose_fp",
        capsys,
        "--categories",
        "overclaim,safety",
        "--show-all",
        "--json-out",
        str(tmp_path / "fp.json"),
    )
    assert "## Findings per 1,000 words" in out and "## All findings" in out
    results = json.loads((tmp_path / "fp.json").read_text())
    assert results["docs"] == 4 and results["meta"]["file_errors"] == {}
    assert list(results["categories"]) == ["overclaim", "safety"]
    assert results["categories"]["overclaim"]["count"] > 0  # miracle-detox.md overclaims
    assert {f["category"] for f in results["findings"]} <= {"overclaim", "safety"}


def test_causal_language_names_every_label(capsys, tmp_path):
    out = run("causal_language", capsys, "--missed", "3", "--json-out", str(tmp_path / "c.json"))
    assert "| direct causal |" in out and "precision" in out
    labels = json.loads((tmp_path / "c.json").read_text())["labels"]
    assert {name: row["total"] for name, row in labels.items()} == {
        "direct causal": 3,
        "conditional causal": 3,
        "correlational": 3,
        "no claim": 3,
    }
    assert labels["direct causal"]["flagged"] >= 1
    assert labels["conditional causal"]["flagged"] == 0  # "may ease" is hedged


def test_causal_language_scores_the_inventory_on_a_fixed_split(capsys, tmp_path):
    import causal_language

    out = run("causal_language", capsys, "--strength", "--json-out", str(tmp_path / "s.json"))
    assert "Macro-F1" in out and "Confusion matrix" in out
    scored = json.loads((tmp_path / "s.json").read_text())
    assert scored["sentences"] == 12 and sum(map(sum, scored["confusion_matrix"])) == 12
    # The hand-written samples name each label plainly; the inventory gets most of them.
    assert scored["macro_f1"] > 0.6
    halves = [causal_language.split_of("pubmed", str(i)) for i in range(1, 3062)]
    assert set(halves) == {"dev", "test"} and halves == [
        causal_language.split_of("pubmed", str(i)) for i in range(1, 3062)
    ]
    run(
        "causal_language",
        capsys,
        "--strength",
        "--split",
        "dev",
        "--json-out",
        str(tmp_path / "d.json"),
    )
    dev = json.loads((tmp_path / "d.json").read_text())["sentences"]
    assert dev == sum(
        1 for i in range(1, 13) if causal_language.split_of("pubmed", str(i)) == "dev"
    )


def test_press_releases_groups_unrated_samples(capsys):
    out = run("press_releases", capsys, "--top", "3")
    assert "## `evidence_quality`" in out and "## `funding_coi`" in out
    assert "| (no label row) | 4 |" in out  # the samples have no HealthNewsReview rating


def test_claims_eval_lists_the_seed_inventory(capsys, tmp_path):
    out = run("claims_eval", capsys, "--json-out", str(tmp_path / "claims.json"))
    assert "## Seed article" in out and "| line | type | strength |" in out
    results = json.loads((tmp_path / "claims.json").read_text())
    assert results["seed"]["path"].endswith("careful-ginger-nausea.md")
    assert results["seed"]["claims"] and results["rows"]["all releases"]["releases"] == 4


def test_readability_eval_grades_every_sample(capsys):
    out = run("readability_eval", capsys, "--audience", "general")
    assert "## Grade distributions" in out and "| SMOG |" in out
    assert "corpus: medlineplus, 4 of 4 documents" in out
    assert "Over the general target" in out


def test_typo_eval_finds_injected_misspellings(capsys, cli_env, tmp_path):
    out = run("typo_eval", capsys, "--per-doc", "4", "--json-out", str(tmp_path / "typo.json"))
    assert "## 2. Recall on injected misspellings" in out and "## 4. Speed" in out
    results = json.loads((tmp_path / "typo.json").read_text())
    recall = results["recall"]["headline"]
    assert recall["injected"] >= 10 and recall["recall"] >= 0.9
    assert results["false_positives"]["documents"] == 4
    assert results["names"]["names"] > 600


def test_phases_times_every_phase(capsys, cli_env):
    try:
        out = run("phases", capsys)
    finally:
        gc.unfreeze()  # phases freezes the heap as the command line does
    assert out.startswith("4 files, 1,979 words; total CPU")
    for phase in ("documents + spaCy parse", "context marks", "rules (find + measure)"):
        assert f"  {phase} " in out
    assert "slowest rules:\n  " in out


def test_bench_compares_every_row_with_the_cold_run(capsys, tmp_path):
    out = run("bench", capsys, "--startup-runs", "1", "--json-out", str(tmp_path / "b.json"))
    assert "| healthlint cold `--no-cache --jobs 1` |" in out and "## Ratios" in out
    results = json.loads((tmp_path / "b.json").read_text())
    assert results["same_output"] and all(results["same_output"].values())
    assert results["runs"]["warm_j1"]["seconds"] < results["runs"]["empty_j1"]["seconds"]
    assert all(run["rss_mb"] > 50 for name, run in results["runs"].items() if name != "warm_j1")


class Recorder:
    """A timing hook that records the phases it is asked to time."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, str]] = []

    def __call__(self, phase: str, key: str = ""):
        self.phases.append((phase, key))
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


@pytest.mark.parametrize("sample", ["miracle-detox.md", "plain-sleep-tips.txt"])
def test_timer_hook_sees_every_rule_and_changes_no_finding(nlp, shipped_packs, linter, sample):
    from healthlint.inputs import read_source

    source = read_source(str(BENCHMARKS.parent / "samples" / sample))
    recorder = Recorder()
    timed = Linter(active_rules(shipped_packs), nlp, Settings(), timer=recorder)
    (result,) = timed.lint([source])
    (untimed,) = linter.lint([source])
    assert result == untimed and result.findings
    rules = [key for phase, key in recorder.phases if phase == "rule"]
    assert rules == [rule.id for rule, _ in timed.checks]
    assert ("context", "") in recorder.phases
    filtered = [key for phase, key in recorder.phases if phase == "filter"]
    assert {f.rule for f in result.findings} <= set(filtered)
