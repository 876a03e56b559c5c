"""The run layer: one Runner for many texts, and the claim inventory as a second consumer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clitools import HYPE, PROVEN, run

from healthlint.config import Settings
from healthlint.errors import ConfigError
from healthlint.inputs import text_source
from healthlint.run import Runner, RunRequest, claims_metrics, start

ARTICLE = (
    "Ginger may ease nausea in early pregnancy [1]. Coffee causes cancer.\n\n"
    "1. Viljoen E, et al. A systematic review of ginger for nausea. Nutr J. 2014.\n"
)


def test_one_runner_lints_string_after_string_with_one_linter(nlp):
    # What an editor process does: keep one Runner, lint each new version of a buffer.
    runner = Runner(Settings(), nlp=nlp)
    first = [f.rule for f in next(runner.lint([text_source(PROVEN, "a.md")])).findings]
    linter = runner.linter
    second = [f.rule for f in next(runner.lint([text_source(HYPE, "a.md")])).findings]
    again = [f.rule for f in next(runner.lint([text_source(PROVEN, "a.md")])).findings]
    assert runner.linter is linter
    assert first == again == ["overclaims.proven"] and second == ["overclaims.hype"]


def test_report_results_carry_the_inventory_the_claims_consumer_builds(nlp):
    both = Runner(Settings(), claims=True, keep_source=True, nlp=nlp)
    (result,) = both.lint([text_source(ARTICLE, "a.txt")])
    (inventory,) = both.inventories([text_source(ARTICLE, "a.txt")])
    assert result.metrics["claims"] == claims_metrics(inventory)
    assert [c["type"] for c in result.metrics["claims"]["items"]] == ["causal", "causal"]
    assert result.source == ARTICLE and "readability" in result.metrics
    (plain,) = Runner(Settings(), nlp=nlp).lint([text_source(ARTICLE, "a.txt")])
    assert "claims" not in plain.metrics and plain.source is None
    assert plain.findings == result.findings


def test_inventories_need_a_runner_that_knows_they_are_wanted(nlp):
    with pytest.raises(ValueError, match="claims=True"):
        list(Runner(Settings(), nlp=nlp).inventories([text_source(ARTICLE, "a.txt")]))


def test_start_refuses_a_bad_shard_and_an_unknown_rule_name(cli_env):
    Path("a.txt").write_text(PROVEN, encoding="utf-8")
    with pytest.raises(ConfigError, match="K/N"):
        start(RunRequest(("a.txt",), shard="2", no_cache=True))
    with pytest.raises(ConfigError, match="did you mean overclaims.proven"):
        start(RunRequest(("a.txt",), overrides={"select": ("overclaims.provn",)}, no_cache=True))


def test_claims_reads_files_as_check_does(cli_env):
    for name in ("a.txt", "b.txt"):
        Path(name).write_text(PROVEN + " " + ARTICLE, encoding="utf-8")
    second_half = json.loads(run("claims", "--format", "json", "--shard", "2/2", ".").stdout)
    assert [f["path"] for f in second_half["files"]] == ["./b.txt"]
    Path("big.txt").write_text(PROVEN * 40, encoding="utf-8")  # over 0.001 MB
    too_big = run("claims", "--max-file-size", "0.001", "big.txt")
    assert too_big.exit_code == 2 and "big.txt: larger than" in too_big.stderr
