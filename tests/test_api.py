"""The Python API: strings and files linted as the command line lints them, one model for many."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import PROVEN, run

import healthlint
import healthlint.nlp
from healthlint.errors import ConfigError, PackError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def loads(nlp, monkeypatch):
    """The session's model stands in for every load; the list counts the loads."""
    calls = []

    def load_model(name=None):
        calls.append(name)
        return nlp

    monkeypatch.setattr(healthlint.nlp, "load_model", load_model)
    return calls


def test_an_overclaim_is_flagged_with_its_rule_and_position(loads):
    text = "Green tea is lovely.\nThis tea is clinically proven to melt fat.\n"
    (finding,) = [f for f in healthlint.lint_text(text).findings if f.category == "overclaim"]
    assert (finding.rule, finding.severity) == ("overclaims.proven", "error")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 13, 2, 30)
    assert text.split("\n")[1][finding.column - 1 : finding.end_column - 1] == "clinically proven"


def test_a_negated_or_hedged_claim_is_not_an_overclaim(loads):
    for text in ("This tea is not proven to melt fat.", "This tea may help you sleep."):
        assert not [f for f in healthlint.lint_text(text).findings if f.category == "overclaim"]


def test_markdown_positions_refer_to_the_source_with_its_markup(loads):
    page = "# Ginger\n\nGinger is **clinically proven** to stop nausea.\n"
    as_markdown = healthlint.lint_text(page, path="ginger.md").findings
    assert [(f.rule, f.line, f.column, f.text) for f in as_markdown] == [
        ("overclaims.proven", 3, 13, "clinically proven")
    ]
    forced = healthlint.lint_text(page, input_format="markdown").findings
    assert forced == as_markdown


def test_one_session_lints_many_strings_with_one_model(loads):
    session = healthlint.Session(select=["overclaims"], severity={"overclaims.hype": "info"})
    texts = [PROVEN, "Turmeric is a miracle spice.", "Turmeric may ease joint pain."] * 3
    results = [session.lint_text(text) for text in texts]
    assert loads == [None]  # loaded once, when the session was made
    assert [[f.rule for f in r.findings] for r in results[:3]] == [
        ["overclaims.proven"],
        ["overclaims.hype"],
        [],
    ]
    assert results[1].findings[0].severity == "info"
    assert results[3:6] == results[:3]
    sharing = healthlint.Session(select=["citations"], nlp=session.nlp)
    assert sharing.nlp is session.nlp and loads == [None]
    assert {rule.category for rule in sharing.rules} == {"citation"}


def test_lint_paths_gives_what_check_gives(loads, cli_env):
    samples = cli_env / "samples"
    samples.mkdir()
    for path in (ROOT / "samples").iterdir():
        (samples / path.name).write_bytes(path.read_bytes())
    (samples / "broken.md").write_bytes(b"caf\xe9")
    by_api = healthlint.lint_paths("samples")
    by_cli = json.loads(run("check", "--format", "json", "--no-cache", "samples").stdout)
    assert [r.path for r in by_api] == [f["path"] for f in by_cli["files"]]
    assert [[f.to_dict() for f in r.findings] for r in by_api] == [
        f["findings"] for f in by_cli["files"]
    ]
    assert "not UTF-8" in by_api[0].error  # "broken.md" sorts first


def test_claims_of_a_short_article(loads):
    article = (
        "# Ginger and nausea\n\n"
        "Ginger may ease nausea in early pregnancy [1]. Coffee causes cancer.\n\n"
        "About 7 in 10 pregnant women have nausea.\n\n"
        "## References\n\n"
        "1. Viljoen E, et al. A systematic review of ginger for nausea. Nutr J. 2014.\n"
    )
    inventory = healthlint.claims(article, path="ginger.md")
    assert [(c.line, c.type, c.strength, c.supported) for c in inventory.claims] == [
        (3, "causal", "conditional", True),
        (3, "causal", "causal", False),
        (5, "statistic", "asserted", False),
    ]
    assert inventory.claims[0].support.startswith("[1] Viljoen E")
    assert inventory.summary()["causal_unsupported"] == 1


def test_claims_match_the_claims_command_named_sources_included(loads, cli_env):
    # "USDA" is a source only to the entity recogniser, which runs on demand, and only when
    # the run knows that the claim inventory will ask for it.
    articles = cli_env / "articles"
    articles.mkdir()
    for path in (ROOT / "samples").iterdir():
        (articles / path.name).write_bytes(path.read_bytes())
    (articles / "usda.txt").write_text(
        "According to USDA, meat should rest for three minutes after cooking.\n", encoding="utf-8"
    )
    by_cli = json.loads(run("claims", "--format", "json", "articles").stdout)
    by_api = healthlint.Session().claims_of_paths("articles")
    assert [[c.to_dict() for c in inv.claims] for inv in by_api] == [
        f["claims"] for f in by_cli["files"]
    ]
    (usda,) = by_api[-1].claims
    assert (usda.support_kind, usda.support) == ("named-source", "USDA")


def test_bad_names_and_broken_packs_are_errors(loads, tmp_path):
    with pytest.raises(ConfigError, match="did you mean overclaims.proven"):
        healthlint.Session(select=["overclaim.proven"])
    pack = tmp_path / "house.yaml"
    pack.write_text("pack: house\nrules: 3\n", encoding="utf-8")
    with pytest.raises(PackError, match="house.yaml"):
        healthlint.Session(packs=[str(pack)])


def test_docs_examples_run(loads, monkeypatch):
    monkeypatch.chdir(ROOT)  # the page lints samples/
    outcome = doctest.testfile(
        str(ROOT / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert outcome.attempted > 10 and outcome.failed == 0


def test_import_healthlint_is_quick_and_spacy_free():
    code = (
        "import sys, healthlint\n"
        "print(sorted(m for m in ('spacy', 'healthlint.api') if m in sys.modules))\n"
        "print(callable(healthlint.lint_text), healthlint.Finding.__name__)\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True Finding"]
    with pytest.raises(AttributeError, match="no attribute 'lint_txt'"):
        healthlint.lint_txt  # noqa: B018
