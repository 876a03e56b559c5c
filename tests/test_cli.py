"""The `healthlint` command line, end to end through click's CliRunner.

Every test runs in its own empty ``tmp_path`` as the working directory, so no stray config is
picked up, and the CLI gets the session's spaCy model instead of loading its own.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import HYPE, PROVEN, run

from healthlint import __version__

CLEAN = "There is no cure for psoriasis."
STOP = "Once you start the juice fast, stop taking your blood pressure pills."  # safety, error

FINDING_KEYS = {
    "rule",
    "category",
    "severity",
    "message",
    "line",
    "column",
    "end_line",
    "end_column",
    "text",
    "suggestion",
    "sentence",
}
ANSI = re.compile(r"\x1b\[")

# A user pack with one rule whose examples pass; `{bad}` is its only bad example.
USER_PACK = """\
pack: house
description: House style.
rules:
  - id: house.herbal-tea
    kind: terms
    category: style
    severity: warning
    message: "Say which herbs: '{{match}}' is vague."
    description: Readers need to know which herbs are in a tea to check interactions.
    terms: [herbal tea]
    examples:
      bad:
        - "{bad}"
      good:
        - "Drink water with meals."
"""
BROKEN_PACK = """\
pack: house
description: House style.
rules:
  - id: house.herbal-tea
    kind: no-such-kind
    category: style
    severity: warning
    message: "m"
    description: d
    examples:
      bad: ["Drink herbal tea daily."]
"""


pytestmark = pytest.mark.usefixtures("cli_env")  # every test here runs the CLI


@pytest.fixture(scope="module")
def shipped(shipped_packs):
    """Shipped rules by id, so expected messages follow the packs instead of copying them."""
    return {rule.id: rule for pack in shipped_packs for rule in pack.rules}


def run_json(*args: str, input: str | bytes | None = None):
    result = run("check", "--format", "json", *args, input=input)
    return result, json.loads(result.stdout)


def write(path: str, text: str) -> str:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
    return path


# Packs these tests are about. Other packs may be added to rules/ at any time; their findings on
# the texts above are not what the CLI tests check, so helpers look only at these.
OURS = ("overclaims.", "safety.", "house.")
ONLY_OURS = ("--select", "overclaims,safety")  # for tests that check complete output


def findings(payload) -> list[dict]:
    """Every finding (of the packs above) in a JSON payload, with its file's path."""
    return [
        {**f, "path": file["path"]}
        for file in payload["files"]
        for f in file["findings"]
        if f["rule"].startswith(OURS)
    ]


def found(payload) -> list[tuple[str, int, int, str]]:
    """(path, line, column, rule) of every finding (of the packs above) in a JSON payload."""
    return [(f["path"], f["line"], f["column"], f["rule"]) for f in findings(payload)]


def severities(payload) -> dict[str, str]:
    return {f["rule"]: f["severity"] for f in findings(payload)}


def rule_ids(payload) -> set[str]:
    return {rule for *_, rule in found(payload)}


def stderr_lines(result) -> list[str]:
    return result.stderr.splitlines()


# ---------------------------------------------------------------------------------------------
# Exit codes
# ---------------------------------------------------------------------------------------------


def test_clean_file_exits_0():
    write("clean.txt", CLEAN + "\n")
    result = run("check", "clean.txt")
    assert result.exit_code == 0
    assert result.stdout == "\n0 findings in 1 file\n"
    assert result.stderr == ""


def test_error_finding_exits_1():
    write("tea.txt", PROVEN + "\n")
    result = run("check", "tea.txt")
    assert result.exit_code == 1
    assert result.stdout.startswith("tea.txt:1:13 error overclaims.proven ")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("text", "options", "code"),
    [
        (HYPE, (), 0),  # default --fail-on error: a warning alone passes
        (HYPE, ("--fail-on", "error"), 0),
        (HYPE, ("--fail-on", "warning"), 1),
        (HYPE, ("--fail-on", "info"), 1),
        (HYPE, ("--fail-on", "never"), 0),
        (PROVEN, ("--fail-on", "warning"), 1),
        (PROVEN, ("--fail-on", "never"), 0),
        (CLEAN, ("--fail-on", "info"), 0),
    ],
)
def test_fail_on_threshold(text, options, code):
    write("article.txt", text + "\n")
    result = run("check", *options, "article.txt")
    assert result.exit_code == code, result.output
    if text != CLEAN:
        assert result.stdout.startswith("article.txt:1:")


def test_unreadable_inputs_exit_2_and_the_others_are_still_reported():
    write("tea.md", PROVEN + "\n")
    Path("latin1.txt").write_bytes("Caf\u00e9 au lait.\n".encode("latin-1"))
    write("spice.txt", HYPE + "\n")
    result = run("check", "tea.md", "latin1.txt", "missing.md", "spice.txt")
    assert result.exit_code == 2
    # One line per unreadable input on stderr, naming it.
    assert stderr_lines(result) == [
        "healthlint: latin1.txt: not UTF-8 text (byte 0xe9 at offset 3); convert it to UTF-8",
        "healthlint: missing.md: cannot read: No such file or directory",
    ]
    out = result.stdout
    assert "tea.md:1:13 error overclaims.proven " in out
    assert "spice.txt:1:15 warning overclaims.hype " in out
    assert "latin1.txt: error: not UTF-8 text" in out
    assert "missing.md: error: cannot read" in out
    assert re.search(r"^\d+ findings in 4 files, 2 unreadable$", out, re.MULTILINE)
    # Inputs are reported in the order given, errors in place.
    assert (
        out.index("tea.md:")
        < out.index("latin1.txt:")
        < out.index("missing.md:")
        < out.index("spice.txt:")
    )


def test_unreadable_input_exits_2_even_with_fail_on_never():
    write("clean.txt", CLEAN + "\n")
    result = run("check", "--fail-on", "never", "clean.txt", "missing.txt")
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        "healthlint: missing.txt: cannot read: No such file or directory"
    ]


def test_bad_config_exits_2_naming_file_and_line():
    write(".healthlint.yaml", "fail_on: warning\nbogus: 1\n")
    write("tea.txt", PROVEN + "\n")
    result = run("check", "tea.txt")
    assert result.exit_code == 2
    (line,) = stderr_lines(result)
    assert re.fullmatch(
        r"healthlint: \S*\.healthlint\.yaml:2: unknown key 'bogus' \(allowed: .*\)", line
    ), line
    assert result.stdout == ""  # nothing is linted with a broken config


def test_broken_pack_exits_2_naming_file_and_line_but_shipped_rules_still_run():
    write("broken.yaml", BROKEN_PACK)
    write("tea.txt", PROVEN + "\n")
    result = run("check", "--pack", "broken.yaml", "tea.txt")
    assert result.exit_code == 2
    (line,) = stderr_lines(result)
    assert line.startswith("healthlint: broken.yaml:5: unknown kind 'no-such-kind'")
    assert "tea.txt:1:13 error overclaims.proven " in result.stdout


def test_missing_model_exits_2_with_install_hint():
    write("tea.txt", PROVEN + "\n")
    result = run("check", "--model", "no_such_model_xyz", "tea.txt")
    assert result.exit_code == 2
    assert "spaCy model 'no_such_model_xyz' is not installed" in result.stderr
    assert "pip install" in result.stderr
    assert result.stdout == ""


def test_usage_errors_exit_2():
    assert run("check").exit_code == 2  # no path
    result = run("check", "--severity", "overclaims.proven=loud", "x.txt")
    assert result.exit_code == 2
    assert "--severity" in result.stderr and "'overclaims.proven=loud'" in result.stderr
    assert run("check", "--format", "xml", "x.txt").exit_code == 2


# ---------------------------------------------------------------------------------------------
# JSON output
# ---------------------------------------------------------------------------------------------

FRONT_MATTER_ARTICLE = f"""\
---
title: Green tea
---

{PROVEN} {HYPE}

{STOP}
"""


def test_json_contract(shipped):
    write("tea.md", FRONT_MATTER_ARTICLE)
    write("clean.txt", CLEAN + "\n")
    Path("latin1.txt").write_bytes(b"caf\xe9\n")
    result, payload = run_json(*ONLY_OURS, "tea.md", "clean.txt", "latin1.txt")
    assert result.exit_code == 2

    assert set(payload) == {"version", "files", "summary"}
    assert payload["version"] == __version__
    assert [f["path"] for f in payload["files"]] == ["tea.md", "clean.txt", "latin1.txt"]
    for file in payload["files"]:  # per-file metrics may be added next to these
        assert {"path", "findings", "error"} <= set(file)

    tea, clean, latin1 = payload["files"]
    assert tea["error"] is None and clean["error"] is None and clean["findings"] == []
    assert isinstance(latin1["error"], str) and "not UTF-8" in latin1["error"]
    assert latin1["findings"] == []

    tea_findings = tea["findings"]
    for finding in tea_findings:
        assert set(finding) == FINDING_KEYS
    # Sorted by (line, column, rule): position first, so 'proven' comes before 'hype'.
    assert [(f["line"], f["column"], f["rule"]) for f in tea_findings] == [
        (5, 13, "overclaims.proven"),
        (5, 58, "overclaims.hype"),
        (7, 32, "safety.stop-medication"),
    ]
    proven = tea_findings[0]
    assert proven == {
        "rule": "overclaims.proven",
        "category": "overclaim",
        "severity": "error",
        "message": shipped["overclaims.proven"].message.format(match="clinically proven"),
        "line": 5,
        "column": 13,
        "end_line": 5,
        "end_column": 30,  # exclusive
        "text": "clinically proven",
        "suggestion": shipped["overclaims.proven"].suggestion,
        "sentence": PROVEN,
    }
    source_lines = FRONT_MATTER_ARTICLE.split("\n")
    for f in tea_findings:  # columns are 1-based, end_column exclusive, into the source line
        assert f["end_line"] == f["line"]
        assert source_lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] == f["text"]
    assert tea_findings[1]["severity"] == "warning" and tea_findings[1]["text"] == "miracle"
    assert tea_findings[2]["category"] == "safety"

    assert payload["summary"] == {
        "files": 3,
        "findings": 3,
        "errors": 1,
        "by_category": {"overclaim": 2, "safety": 1},
        "by_severity": {"error": 2, "warning": 1},
    }
    assert result.stderr.strip() == (
        "healthlint: latin1.txt: not UTF-8 text (byte 0xe9 at offset 3); convert it to UTF-8"
    )


def test_json_clean_run():
    write("clean.md", f"# Psoriasis\n\n{CLEAN}\n")
    result, payload = run_json("clean.md")
    assert result.exit_code == 0
    (file,) = payload["files"]
    assert (file["path"], file["findings"], file["error"]) == ("clean.md", [], None)
    assert payload["summary"] == {
        "files": 1,
        "findings": 0,
        "errors": 0,
        "by_category": {},
        "by_severity": {},
    }


def test_crlf_source_counts_lines_like_an_editor():
    Path("crlf.txt").write_bytes(f"Green tea\r\n\r\n{PROVEN}\r\n".encode())
    _, payload = run_json("crlf.txt")
    assert found(payload) == [("crlf.txt", 3, 13, "overclaims.proven")]


# ---------------------------------------------------------------------------------------------
# Text output
# ---------------------------------------------------------------------------------------------


def test_text_output_layout(shipped):
    write("tea.md", FRONT_MATTER_ARTICLE)
    result = run("check", *ONLY_OURS, "tea.md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    proven, hype = shipped["overclaims.proven"], shipped["overclaims.hype"]
    source = f"{PROVEN} {HYPE}"
    assert lines[:8] == [
        f"tea.md:5:13 error overclaims.proven {proven.message.format(match='clinically proven')}",
        f"    {source}",
        "    " + " " * 12 + "^" * len("clinically proven"),
        f"    suggestion: {proven.suggestion}",
        f"tea.md:5:58 warning overclaims.hype {hype.message.format(match='miracle')}",
        f"    {source}",
        "    " + " " * 57 + "^" * len("miracle"),
        f"    suggestion: {hype.suggestion}",
    ]
    assert lines[8].startswith("tea.md:7:32 error safety.stop-medication ")
    assert lines[9] == f"    {STOP}"
    assert lines[10] == "    " + " " * 31 + "^" * len("stop taking your blood pressure pills")
    assert lines[-4:] == [
        "",
        "3 findings in 1 file",
        "  by severity: error 2, warning 1",
        "  by category: overclaim 2, safety 1",
    ]


def test_caret_keeps_tabs_so_it_lines_up():
    write("tab.txt", f"\t{HYPE}\n")
    lines = run("check", "tab.txt").stdout.splitlines()
    assert lines[0].startswith("tab.txt:1:16 warning overclaims.hype ")
    assert lines[1] == f"    \t{HYPE}"
    assert lines[2] == "    \t" + " " * 14 + "^^^^^^^"


def test_multiline_span_is_underlined_to_the_end_of_its_first_line():
    write("wrap.md", "This tea is clinically\nproven to melt fat.\n")
    _, payload = run_json("wrap.md")
    (finding,) = findings(payload)
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        1,
        13,
        2,
        7,
    )
    lines = run("check", "wrap.md").stdout.splitlines()
    assert lines[1:3] == ["    This tea is clinically", "    " + " " * 12 + "^" * 10]


class _TTYStdout:
    """sys.stdout as the CliRunner sets it up, but claiming to be a terminal."""

    def __getattr__(self, name):
        return getattr(sys.stdout, name)

    def isatty(self):
        return True


class _TTYSys:
    stdout = _TTYStdout()

    def __getattr__(self, name):
        return getattr(sys, name)


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    write("tea.txt", PROVEN + "\n")
    plain = run("check", "tea.txt")
    assert plain.stdout and not ANSI.search(plain.output)  # CliRunner's stdout is not a TTY

    monkeypatch.setattr("healthlint.cli.sys", _TTYSys())
    coloured = run("check", "tea.txt")
    assert coloured.exit_code == 1
    assert ANSI.search(coloured.stdout)  # proves the fake terminal is seen
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.stdout) == plain.stdout

    no_color = run("check", "--no-color", "tea.txt")
    assert no_color.stdout == plain.stdout
    assert not ANSI.search(run("check", "--format", "json", "tea.txt").stdout)


def test_quiet_drops_context_lines():
    write("tea.md", FRONT_MATTER_ARTICLE)
    result = run("check", *ONLY_OURS, "--quiet", "tea.md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(" ")[0] for line in lines[:3]] == [
        "tea.md:5:13",
        "tea.md:5:58",
        "tea.md:7:32",
    ]
    assert lines[3:] == [
        "",
        "3 findings in 1 file",
        "  by severity: error 2, warning 1",
        "  by category: overclaim 2, safety 1",
    ]
    assert "suggestion:" not in result.stdout and "^" not in result.stdout

    write("clean.txt", CLEAN + "\n")
    quiet_clean = run("check", "-q", "clean.txt")
    assert quiet_clean.exit_code == 0 and quiet_clean.stdout == ""


# ---------------------------------------------------------------------------------------------
# --select, --ignore, --severity
# ---------------------------------------------------------------------------------------------

MIX = f"{PROVEN}\n\n{HYPE}\n\n{STOP}\n\n{CLEAN}\n"
ALL = {"overclaims.proven", "overclaims.hype", "safety.stop-medication"}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), ALL),
        (("--select", "overclaims.proven"), {"overclaims.proven"}),
        (("--select", "overclaims"), {"overclaims.proven", "overclaims.hype"}),  # pack name
        (("--select", "overclaim"), {"overclaims.proven", "overclaims.hype"}),  # category
        (("--select", "safety"), {"safety.stop-medication"}),
        (("--select", "overclaims.hype,safety"), {"overclaims.hype", "safety.stop-medication"}),
        (
            ("--select", "overclaims.hype", "--select", "overclaims.proven"),
            {"overclaims.hype", "overclaims.proven"},
        ),
        (("--ignore", "overclaims.proven"), {"overclaims.hype", "safety.stop-medication"}),
        (("--ignore", "overclaims"), {"safety.stop-medication"}),
        (("--ignore", "overclaim"), {"safety.stop-medication"}),
        (("--ignore", "overclaims.hype, safety"), {"overclaims.proven"}),
        (("--select", "overclaims", "--ignore", "overclaims.hype"), {"overclaims.proven"}),
        (
            ("--select", "all", "--ignore", "overclaims.proven,overclaims.hype"),
            {"safety.stop-medication"},
        ),
    ],
)
def test_select_and_ignore(options, expected):
    write("mix.md", MIX)
    result, payload = run_json(*options, "mix.md")
    assert rule_ids(payload) == expected
    assert result.exit_code == 1


def test_severity_override_changes_output_and_exit_code():
    write("mix.md", MIX)
    _, payload = run_json("--severity", "overclaims.proven=info", "mix.md")
    assert severities(payload) == {
        "overclaims.proven": "info",
        "overclaims.hype": "warning",
        "safety.stop-medication": "error",
    }
    assert payload["summary"]["by_severity"]["info"] >= 1

    text = run("check", "--severity", "overclaims.proven=info", "mix.md").stdout
    assert text.startswith("mix.md:1:13 info overclaims.proven ")

    _, payload = run_json("--severity", "overclaims.proven=off", "mix.md")
    assert rule_ids(payload) == ALL - {"overclaims.proven"}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            ("--severity", "overclaims=info"),  # pack
            {
                "overclaims.proven": "info",
                "overclaims.hype": "info",
                "safety.stop-medication": "error",
            },
        ),
        (
            ("--severity", "safety=warning"),
            {
                "overclaims.proven": "error",
                "overclaims.hype": "warning",
                "safety.stop-medication": "warning",
            },
        ),
        (
            ("--severity", "overclaim=warning"),  # category
            {
                "overclaims.proven": "warning",
                "overclaims.hype": "warning",
                "safety.stop-medication": "error",
            },
        ),
        # a rule id beats its pack, whatever the order on the command line
        (
            ("--severity", "overclaims.proven=error", "--severity", "overclaims=info"),
            {
                "overclaims.proven": "error",
                "overclaims.hype": "info",
                "safety.stop-medication": "error",
            },
        ),
        (("--severity", "overclaims=off"), {"safety.stop-medication": "error"}),
    ],
)
def test_severity_override_by_pack_and_category(options, expected):
    write("mix.md", MIX)
    _, payload = run_json(*options, "mix.md")
    assert severities(payload) == expected


@pytest.mark.parametrize(
    ("options", "code"),
    [
        (("--severity", "overclaims.proven=warning"), 0),
        (("--severity", "overclaims.proven=warning", "--fail-on", "warning"), 1),
        (("--severity", "overclaims.proven=info", "--fail-on", "warning"), 0),
        (("--severity", "overclaims.proven=info", "--fail-on", "info"), 1),
        (("--severity", "overclaims.proven=off", "--fail-on", "info"), 0),
    ],
)
def test_fail_on_uses_the_overridden_severity(options, code):
    write("tea.txt", PROVEN + "\n")
    assert run("check", *options, "tea.txt").exit_code == code


# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------

TWO = f"{PROVEN}\n\n{HYPE}\n"


def test_config_in_cwd():
    write(
        ".healthlint.yaml",
        "ignore: [overclaims.hype]\nseverity:\n  overclaims.proven: warning\nfail_on: warning\n",
    )
    write("two.md", TWO)
    result, payload = run_json("two.md")
    assert severities(payload) == {"overclaims.proven": "warning"}
    assert result.exit_code == 1  # fail_on: warning
    assert run("check", "--fail-on", "error", "two.md").exit_code == 0  # the command line wins
    # --ignore adds to the config's ignore list
    _, payload = run_json("--ignore", "overclaims.proven", "two.md")
    assert found(payload) == []


def test_config_severity_off_unquoted():
    # YAML 1.1 reads a bare `off` as false; it must still mean "off", as on the command line.
    write(".healthlint.yaml", "severity:\n  overclaims.proven: off\n")
    write("two.md", TWO)
    result, payload = run_json("two.md")
    assert result.exit_code == 0, result.stderr
    assert rule_ids(payload) == {"overclaims.hype"}


def test_config_found_walking_up_with_packs_relative_to_it(monkeypatch):
    write(".healthlint.yaml", "ignore: [overclaims.proven]\npacks: [style/house.yaml]\n")
    write("style/house.yaml", USER_PACK.format(bad="Drink herbal tea daily."))
    write("site/posts/tea.md", f"{PROVEN}\n\nDrink herbal tea daily.\n")
    # A pyproject.toml without [tool.healthlint] on the way up is not a config.
    write("site/pyproject.toml", "[project]\nname = 'site'\n")
    monkeypatch.chdir("site/posts")
    result, payload = run_json("tea.md")
    assert found(payload) == [("tea.md", 3, 7, "house.herbal-tea")]
    assert findings(payload)[0]["category"] == "style"
    assert result.exit_code == 0  # a warning, default fail_on error


def test_pyproject_tool_table():
    write(
        "pyproject.toml",
        "[project]\nname = 'x'\n\n[tool.healthlint]\n"
        "ignore = ['overclaims.proven']\nfail_on = 'warning'\n",
    )
    write("two.md", TWO)
    result, payload = run_json("two.md")
    assert rule_ids(payload) == {"overclaims.hype"}
    assert result.exit_code == 1


def test_pyproject_unknown_key_exits_2():
    write("pyproject.toml", "[tool.healthlint]\nbogus = 1\n")
    write("two.md", TWO)
    result = run("check", "two.md")
    assert result.exit_code == 2
    assert re.match(r"healthlint: \S*pyproject\.toml: unknown key 'bogus'", result.stderr)


def test_explicit_config_replaces_discovery():
    write(".healthlint.yaml", "select: [overclaims.proven]\n")
    write("conf/strict.yaml", "select: [overclaims.hype]\nfail_on: warning\n")
    write("two.md", TWO)
    _, payload = run_json("two.md")
    assert rule_ids(payload) == {"overclaims.proven"}
    result, payload = run_json("--config", "conf/strict.yaml", "two.md")
    assert rule_ids(payload) == {"overclaims.hype"}
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignore: [overclaims.hype]\nbogus: true\n", "bad.yaml:2: unknown key 'bogus'"),
        ("fail_on: sometimes\n", "bad.yaml:1: fail_on must be one of error, warning, info, never"),
        ("severity:\n  overclaims.proven: loud\n", "bad.yaml:2: severity for 'overclaims.proven'"),
        ("ignore: [overclaims.hype\nfail_on: warning\n", "bad.yaml:2: invalid YAML"),
    ],
)
def test_invalid_config_exits_2_naming_file_and_line(text, message):
    write("bad.yaml", text)
    write("two.md", TWO)
    result = run("check", "--config", "bad.yaml", "two.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"healthlint: {message}")
    assert result.stdout == ""


def test_missing_explicit_config_exits_2():
    write("two.md", TWO)
    result = run("check", "--config", "nope.yaml", "two.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("healthlint: nope.yaml: cannot read config")


# ---------------------------------------------------------------------------------------------
# Inline suppression
# ---------------------------------------------------------------------------------------------

SUPPRESSED_MD = f"""\
# Tea

<!-- healthlint-disable overclaims.proven -->
{PROVEN}

{PROVEN} {HYPE}
<!-- healthlint-enable -->

{PROVEN}

<!-- healthlint-disable-next-line overclaims.hype -->
{HYPE}

{HYPE}

<!-- healthlint-disable-next-line overclaim -->
{HYPE} {PROVEN}

<!-- healthlint-disable-next-line overclaims -->
{HYPE}

<!-- healthlint-disable-next-line safety -->
{HYPE}

<!-- healthlint-disable -->
{HYPE} {STOP}
"""


def test_suppression_comments_in_markdown():
    write("s.md", SUPPRESSED_MD)
    result, payload = run_json("s.md")
    assert [(line, rule) for _, line, _, rule in found(payload)] == [
        (6, "overclaims.hype"),  # only 'proven' was disabled in the passage
        (9, "overclaims.proven"),  # after the enable
        (14, "overclaims.hype"),  # no comment before it
        (23, "overclaims.hype"),  # the comment names another category
    ]
    assert result.exit_code == 1


SUPPRESSED_HTML = f"""\
<html><body>
<!-- healthlint-disable overclaim -->
<p>{PROVEN}</p>
<p>{HYPE}</p>
<!-- healthlint-enable overclaim -->
<p>{PROVEN}</p>
<!-- healthlint-disable-next-line overclaims.hype -->
<p>{HYPE}</p>
<p>{HYPE}</p>
<!-- healthlint-disable-next-line safety.stop-medication, overclaims.proven -->
<p>{STOP} {PROVEN}</p>
</body></html>
"""


def test_suppression_comments_in_html():
    write("s.html", SUPPRESSED_HTML)
    _, payload = run_json("s.html")
    assert [(line, column, rule) for _, line, column, rule in found(payload)] == [
        (6, 16, "overclaims.proven"),
        (9, 18, "overclaims.hype"),
    ]


# ---------------------------------------------------------------------------------------------
# stdin and forced formats
# ---------------------------------------------------------------------------------------------

MARKDOWN_DRAFT = f"""\
# Tea

{PROVEN}

```
{PROVEN}
```
"""


def test_stdin_with_display_name_is_read_as_markdown():
    result = run("check", *ONLY_OURS, "-", "--stdin-filename", "draft.md", input=MARKDOWN_DRAFT)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("draft.md:3:13 error overclaims.proven ")
    assert lines[1] == f"    {PROVEN}"
    # The code block is not prose in Markdown, so the only finding is the paragraph's.
    assert "1 finding in 1 file" in result.stdout


def test_stdin_without_name_is_plain_text():
    result, payload = run_json("-", input=MARKDOWN_DRAFT)
    assert result.exit_code == 1
    assert [(path, line) for path, line, _, _ in found(payload)] == [("<stdin>", 3), ("<stdin>", 6)]


def test_input_format_forces_html():
    html = "<p>This tea is <b>clinically proven</b> to melt fat.</p>\n"
    _, payload = run_json("-", "--input-format", "html", input=html)
    (finding,) = findings(payload)
    assert finding["path"] == "<stdin>"
    assert (finding["line"], finding["column"], finding["end_column"]) == (1, 19, 36)
    assert finding["text"] == "clinically proven" and finding["sentence"] == PROVEN

    write("page.txt", html)  # by extension this would be plain text
    _, payload = run_json("--input-format", "html", "page.txt")
    assert found(payload) == [("page.txt", 1, 19, "overclaims.proven")]


# ---------------------------------------------------------------------------------------------
# Folders
# ---------------------------------------------------------------------------------------------


def _site():
    write("site/index.md", PROVEN + "\n")
    write("site/notes.txt", HYPE + "\n")
    write("site/sub/page.html", f"<p>{HYPE}</p>\n")
    write("site/sub/old.htm", f"<p>{PROVEN}</p>\n")
    write("site/sub/more.markdown", PROVEN + "\n")
    write("site/script.py", f"# {PROVEN}\n")
    write("site/readme.rst", PROVEN + "\n")
    write("site/drafts/draft.md", PROVEN + "\n")
    write("site/.git/notes.md", PROVEN + "\n")


def test_folder_recursion_lints_only_article_files():
    _site()
    result, payload = run_json("site")
    assert [f["path"] for f in payload["files"]] == [
        "site/drafts/draft.md",
        "site/index.md",
        "site/notes.txt",
        "site/sub/more.markdown",
        "site/sub/old.htm",
        "site/sub/page.html",
    ]
    assert {path for path, *_ in found(payload)} == {f["path"] for f in payload["files"]}
    assert result.exit_code == 1


@pytest.mark.parametrize("pattern", ["drafts/*", "drafts", "site/drafts/*"])
def test_exclude_skips_a_subfolder(pattern):
    _site()
    _, payload = run_json("site", "--exclude", pattern)
    paths = [f["path"] for f in payload["files"]]
    assert "site/drafts/draft.md" not in paths
    assert len(paths) == 5


def test_exclude_from_config_and_named_files_are_always_linted():
    _site()
    write(".healthlint.yaml", "exclude: ['*.html']\n")
    _, payload = run_json("site", "site/script.py")
    paths = [f["path"] for f in payload["files"]]
    assert "site/sub/page.html" not in paths and "site/sub/old.htm" in paths
    assert paths[-1] == "site/script.py"  # named explicitly: linted whatever its extension
    assert found(payload)[-1] == ("site/script.py", 1, 15, "overclaims.proven")


# ---------------------------------------------------------------------------------------------
# rules, explain, test-pack
# ---------------------------------------------------------------------------------------------


def test_rules_lists_id_category_severity_pack():
    result = run("rules")
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines()]
    assert rows[0] == ["RULE", "CATEGORY", "SEVERITY", "PACK"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["overclaims.proven"] == ["overclaims.proven", "overclaim", "error", "overclaims"]
    assert by_id["overclaims.hype"] == ["overclaims.hype", "overclaim", "warning", "overclaims"]
    assert by_id["safety.stop-medication"] == [
        "safety.stop-medication",
        "safety",
        "error",
        "safety",
    ]
    assert all(len(row) == 4 for row in rows)


def test_rules_with_user_pack_and_broken_pack():
    write("house.yaml", USER_PACK.format(bad="Drink herbal tea daily."))
    result = run("rules", "--pack", "house.yaml")
    assert result.exit_code == 0
    assert ["house.herbal-tea", "style", "warning", "house"] in [
        line.split() for line in result.stdout.splitlines()
    ]

    write("broken.yaml", BROKEN_PACK)
    result = run("rules", "--pack", "broken.yaml")
    assert result.exit_code == 2
    assert "overclaims.proven" in result.stdout  # the shipped rules are still listed
    assert result.stderr.startswith("healthlint: broken.yaml:5: unknown kind")


def test_kinds_lists_every_kind_with_its_summary_and_options():
    from healthlint.checks import KINDS

    result = run("kinds")
    assert result.exit_code == 0
    blocks = result.stdout.split("\n\n")
    assert blocks[0].startswith("Every rule has the fields id, kind, category, severity,")
    by_kind = {block.split(":", 1)[0]: block.splitlines() for block in blocks[1:]}
    assert list(by_kind) == list(KINDS)
    assert by_kind["terms"] == [
        "terms: Flags every occurrence of the rule's phrases.",
        "  terms (list of strings; default []): phrases matched case-insensitively as written",
        "  lemmas (list of strings; default []): phrases matched by the lemma of each word, "
        "so any inflection",
    ]
    assert "  max_object_words (whole number ≥ 1; default 6): " in "\n".join(
        by_kind["causal-claim"]
    )
    assert by_kind["slip"][1].startswith(
        "  slip (repeated-word, then-for-than or that-for-than; required): "
    )
    assert by_kind["jargon"][1:] == ["  (no options)"]
    # The summary is the docstring's whole first paragraph, even when it wraps.
    assert by_kind["misspelling"][0].endswith("the user's reject list), suggesting the correction.")


def test_explain(shipped):
    rule = shipped["overclaims.proven"]
    result = run("explain", "overclaims.proven")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("overclaims.proven  [overclaim, error, kind terms]\n")
    assert rule.description in out
    for example in (*rule.bad_examples, *rule.good_examples):
        assert f"  - {example.text}\n" in out
    assert out.index("Flagged:") < out.index("Not flagged:") < out.index("To silence it:")
    assert "healthlint check --ignore overclaims.proven PATHS" in out
    assert "<!-- healthlint-disable overclaims.proven --> ... <!-- healthlint-enable -->" in out
    assert "<!-- healthlint-disable-next-line overclaims.proven -->" in out


def test_explain_user_pack_rule():
    write("house.yaml", USER_PACK.format(bad="Drink herbal tea daily."))
    result = run("explain", "--pack", "house.yaml", "house.herbal-tea")
    assert result.exit_code == 0
    assert result.stdout.startswith("house.herbal-tea  [style, warning, kind terms]\n")
    assert "pack: house (house.yaml)" in result.stdout


def test_explain_unknown_rule_exits_2_with_a_hint():
    result = run("explain", "proven")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "healthlint: no rule 'proven' (did you mean overclaims.proven?); "
        "`healthlint rules` lists them\n"
    )
    result = run("explain", "no-such-rule")
    assert result.exit_code == 2
    assert "no rule 'no-such-rule'" in result.stderr and "healthlint rules" in result.stderr


def test_test_pack_good():
    write("house.yaml", USER_PACK.format(bad="Drink herbal tea daily."))
    result = run("test-pack", "house.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 passed, 0 failed\n"


def test_test_pack_failing_example_names_file_and_line():
    write("house.yaml", USER_PACK.format(bad="Drink green tea daily."))
    line = USER_PACK.splitlines().index('        - "{bad}"') + 1
    result = run("test-pack", "house.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"house.yaml:{line}: FAIL house.herbal-tea: bad example not flagged")
    assert "Drink green tea daily." in lines[0]
    assert lines[-1] == "1 passed, 1 failed"


def test_test_pack_invalid_pack_exits_2():
    write("broken.yaml", BROKEN_PACK)
    write("house.yaml", USER_PACK.format(bad="Drink herbal tea daily."))
    result = run("test-pack", "broken.yaml", "house.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("broken.yaml:5: unknown kind 'no-such-kind'")
    assert result.stdout == "2 passed, 0 failed\n"  # the valid pack is still tested


# ---------------------------------------------------------------------------------------------
# python -m healthlint
# ---------------------------------------------------------------------------------------------


def test_python_m_lint_version():
    completed = subprocess.run(
        [sys.executable, "-m", "healthlint", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"healthlint, version {__version__}\n"
