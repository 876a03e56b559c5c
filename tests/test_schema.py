"""Every YAML file is read by its declared fields: the config and the context cue file report
each problem with the file and the line (pyproject.toml, which has no lines, with the key)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from healthlint.config import load_config_file, settings_from_mapping
from healthlint.context import load_cue_rules
from healthlint.errors import ConfigError, HealthlintError
from healthlint.modality import HEDGES


def config_problem(tmp_path: Path, text: str, name: str = ".healthlint.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config_file(path)
    return str(caught.value).removeprefix(f"{tmp_path}/")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("model: ''\n", ".healthlint.yaml:1: model must be a spaCy model name"),
        ("audience: everyone\n", ".healthlint.yaml:1: audience must be one of patient, general"),
        ("exclude: [a, 3]\n", ".healthlint.yaml:1: exclude must be a list of strings"),
        (
            "fail_on: info\nreadability:\n  acronyms: [NHS]\n  max_grade: -1\n",
            ".healthlint.yaml:4: readability.max_grade must be a positive number",
        ),
        (
            "readability:\n  max_sentence_words: 20\n  max_words: 3\n",
            ".healthlint.yaml:3: unknown readability key 'max_words' (allowed: acronyms, max_grade",
        ),
        (
            "severity:\n  overclaims: warning\n  citations: loud\n",
            ".healthlint.yaml:3: severity for 'citations' must be one of error, warning, info, off",
        ),
        ("vocabulary:\n  accept: 3\n", ".healthlint.yaml:2: vocabulary.accept must be a list"),
        (
            "vocabulary:\n  reject:\n    - words.txt\n    - missing.txt\n",
            ".healthlint.yaml:4: cannot read vocabulary file",
        ),
        ("- ignore\n", ".healthlint.yaml:1: config must be a mapping"),
    ],
)
def test_config_errors_name_file_and_line(tmp_path, text, message):
    (tmp_path / "words.txt").write_text("word\n", encoding="utf-8")
    assert config_problem(tmp_path, text).startswith(message)


def test_pyproject_errors_name_file_and_key(tmp_path):
    table = "[tool.healthlint]\nfail_on = 'warning'\n\n[tool.healthlint.readability]\n"
    assert config_problem(tmp_path, table + "max_grade = 'eight'\n", "pyproject.toml") == (
        "pyproject.toml: readability.max_grade must be a positive number"
    )


def test_config_values_are_checked_and_only_given_keys_set(tmp_path):
    settings = settings_from_mapping(
        {"packs": "style/house.yaml", "severity": {"overclaims": False}, "readability": {}},
        str(tmp_path / ".healthlint.yaml"),
    )
    assert settings.packs == (str(tmp_path / "style" / "house.yaml"),)
    assert settings.severity == {"overclaims": "off"}
    assert (settings.readability, settings.fail_on, settings.audience) == ({}, "error", "patient")


CUES = """\
terminators: [but]
pseudo: [not only]
cues:
  negated:
    forward:
      - {phrase: Not}
      - {phrase: without, max_scope: 3}
  hedged:
    both:
      - {phrase: may}
"""


def test_cue_file_is_read_with_defaults():
    rules, pseudo, terminators = load_cue_rules(CUES, "ctx.yaml")
    assert [(r.phrase, r.mark, r.direction, r.max_scope) for r in rules] == [
        ("not", "negated", "forward", 8),
        ("without", "negated", "forward", 3),
        ("may", "hedged", "both", 8),
    ]
    assert (pseudo, terminators) == (["not only"], {"but"})


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  hedged:", "  sarcastic:", "ctx.yaml:8: unknown cues key 'sarcastic' (allowed: "),
        ("    both:", "    sideways:", "ctx.yaml:9: unknown cues.hedged key 'sideways'"),
        (
            "max_scope: 3",
            "max_scope: 0",
            "ctx.yaml:7: cues.negated.forward: max_scope must be a whole",
        ),
        ("{phrase: may}", "{phrase: no}", "ctx.yaml:10: cues.hedged.both: each cue is"),
        ("pseudo: [not only]", "pseudo: not only", "ctx.yaml:2: pseudo must be a non-empty list"),
        ("cues:", "defaults: {max_scope: x}\ncues:", "ctx.yaml:3: defaults.max_scope must be"),
        ("cues:", "queues:", "ctx.yaml:1: the file is missing cues"),
    ],
)
def test_cue_file_errors_name_file_and_line(old, new, message):
    with pytest.raises(HealthlintError) as caught:
        load_cue_rules(CUES.replace(old, new), "ctx.yaml")
    assert str(caught.value).startswith(message)


def test_shipped_cue_file_is_valid():
    text = resources.files("healthlint").joinpath("data/context.yaml").read_text(encoding="utf-8")
    # Read as the context layer reads it: its hedges come from the modality vocabulary.
    rules, pseudo, terminators = load_cue_rules(text, "lint/data/context.yaml", HEDGES)
    assert {rule.mark for rule in rules} == {"negated", "hedged", "distanced"}
    assert "not only" in pseudo and "but" in terminators
