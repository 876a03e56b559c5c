"""Output formats for CI and reviewers: SARIF, GitHub annotations, JUnit, Markdown, HTML.

Each format renders the same findings; these tests parse what each one writes (the SARIF schema,
an XML parser, the workflow-command grammar) rather than comparing strings, plus the CLI options
that come with them: --output, report, --changed-since and the progress bar.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from clitools import HYPE, PROVEN, run

import healthlint.changed
import healthlint.nlp
from healthlint.cli import cli
from healthlint.config import Settings
from healthlint.finding import FileResult, Finding
from healthlint.formatters import FORMATTERS, NEEDS_SOURCE, SHOWS_PROGRESS, html
from healthlint.formatters import markdown as markdown_format
from healthlint.formatters import sarif as sarif_format
from healthlint.inputs import Source
from healthlint.run import Runner

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
# The SARIF schema and the seed article live next to the repository when it is checked out
# with its shared resources; tests that need them skip otherwise.
SARIF_SCHEMA = ROOT.parent / "shared" / "resources" / "sarif-schema-2.1.0.json"


pytestmark = pytest.mark.usefixtures("cli_env")  # every test here runs the CLI


def finding(**fields) -> Finding:
    """A Finding with defaults for the fields a test does not care about."""
    values = {
        "line": 1,
        "column": 1,
        "rule": "overclaims.proven",
        "end_line": 1,
        "end_column": 5,
        "category": "overclaim",
        "severity": "error",
        "message": "m",
        "text": "text",
        "suggestion": "",
        "sentence": "s",
    }
    return Finding(**{**values, **fields})


@pytest.fixture(scope="module")
def sample_results(linter):
    """The samples, linted with every shipped rule, each with its source kept."""
    sources = [
        Source(
            str(p.relative_to(ROOT)),
            p.read_text(encoding="utf-8"),
            {".md": "markdown", ".html": "html", ".txt": "text"}[p.suffix],
        )
        for p in sorted(SAMPLES.iterdir())
    ]
    results = list(linter.lint(sources))
    assert sum(len(r.findings) for r in results) > 10  # the samples are full of findings
    return [
        FileResult(r.path, r.findings, r.error, r.lines, r.metrics, source=s.text)
        for r, s in zip(results, sources, strict=True)
    ]


@pytest.fixture(scope="module")
def rules(shipped_packs):
    return {rule.id: rule for pack in shipped_packs for rule in pack.rules}


def rendered(name: str, results, rules=None) -> str:
    stream = io.StringIO()
    FORMATTERS[name](results, stream, color=False, quiet=False, rules=rules)
    return stream.getvalue()


def test_every_format_is_one_table_entry_with_the_same_signature(sample_results, rules):
    assert {"text", "json", "sarif", "github", "junit", "markdown", "html", "baseline"} <= set(
        FORMATTERS
    )
    assert set(FORMATTERS) >= NEEDS_SOURCE | SHOWS_PROGRESS
    for name in FORMATTERS:
        assert rendered(name, sample_results, rules)
        # An empty run is a valid, empty document (GitHub annotations: no lines at all).
        assert bool(rendered(name, [], None)) == (name != "github")


# ---------------------------------------------------------------------------------------------
# SARIF
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"no SARIF schema at {SARIF_SCHEMA}")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@pytest.mark.parametrize("case", ["samples", "empty", "clean-and-unreadable"])
def test_sarif_validates_against_the_schema(case, sample_results, rules, sarif_validator):
    results = {
        "samples": sample_results,
        "empty": [],
        "clean-and-unreadable": [
            FileResult("clean.md"),
            FileResult("gone.md", error="cannot read: No such file"),
        ],
    }[case]
    log = json.loads(rendered("sarif", results, rules if case == "samples" else None))
    errors = sorted(sarif_validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_content(sample_results, rules):
    log = json.loads(rendered("sarif", sample_results, rules))
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    descriptors = run_["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == sorted(rules)
    proven = next(d for d in descriptors if d["id"] == "overclaims.proven")
    assert proven["fullDescription"]["text"] == rules["overclaims.proven"].description
    assert rules["overclaims.proven"].suggestion in proven["help"]["text"]
    assert "healthlint explain overclaims.proven" in proven["help"]["markdown"]

    findings = [(r.path, f) for r in sample_results for f in r.findings]
    assert len(run_["results"]) == len(findings)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, (path, f) in zip(run_["results"], findings, strict=True):
        assert descriptors[result["ruleIndex"]]["id"] == result["ruleId"] == f.rule
        assert result["level"] == levels[f.severity]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": path, "uriBaseId": "%SRCROOT%"}
        assert location["region"]["startLine"] == f.line
        assert location["region"]["startColumn"] == f.column
        assert (location["region"]["endLine"], location["region"]["endColumn"]) == (
            f.end_line,
            f.end_column,
        )
    prints = [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["partialFingerprints"]["healthlintFinding/v1"],
        )
        for r in run_["results"]
    ]
    assert len(set(prints)) == len(prints)  # one per finding in a file, even repeated claims
    assert run_["columnKind"] == "unicodeCodePoints"  # healthlint counts characters


def test_sarif_fingerprints_survive_edits_that_move_lines(lint_text):
    before = lint_text(f"{PROVEN}\n\n{HYPE}\n")
    after = lint_text(f"A new first paragraph.\n\nAnd a second one.\n\n{PROVEN}\n\n{HYPE}\n")

    def prints(result):
        log = sarif_format.build([result])
        return {r["ruleId"]: r["partialFingerprints"] for r in log["runs"][0]["results"]}

    assert prints(before) and prints(before) == prints(after)


# ---------------------------------------------------------------------------------------------
# GitHub workflow commands
# ---------------------------------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(value: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def parse_commands(output: str) -> list[tuple[str, dict, str]]:
    """Split workflow commands as the runner does; fails on any malformed line."""
    commands = []
    for line in output.splitlines():
        match = COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = {}
        for prop in match["props"].split(","):
            key, sep, value = prop.partition("=")
            assert sep and key.isidentifier() and "\n" not in value, prop
            props[key] = _unescape(value)
        commands.append((match["level"], props, _unescape(match["message"])))
    return commands


def test_github_commands_escape_commas_colons_percent_signs_and_newlines():
    message = "Says 100% cure, twice: once here\nand again\r\nhere, 50%25 literal"
    tricky = finding(
        line=3,
        column=7,
        end_line=3,
        end_column=12,
        message=message,
        suggestion="Write: 'may help, in some'",
        severity="warning",
        rule="overclaims.hype",
    )
    path = "articles/odd, name: 100%.md"
    output = rendered("github", [FileResult(path, (tricky,))])
    assert len(output.splitlines()) == 1
    ((level, props, text),) = parse_commands(output)
    assert level == "warning"
    assert props == {
        "file": path,
        "line": "3",
        "col": "7",
        "endLine": "3",
        "endColumn": "12",
        "title": "overclaims.hype (overclaim)",
    }
    assert text == f"{message}\nSuggestion: Write: 'may help, in some'"


def test_github_commands_for_the_samples(sample_results):
    commands = parse_commands(rendered("github", sample_results))
    findings = [(r.path, f) for r in sample_results for f in r.findings]
    assert len(commands) == len(findings)
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    for (level, props, text), (path, f) in zip(commands, findings, strict=True):
        assert level == levels[f.severity]
        assert props["file"] == path and props["line"] == str(f.line)
        assert text.startswith(f.message)


def test_github_multiline_finding_has_no_columns_and_unreadable_file_is_an_error():
    wrapped = finding(line=2, column=30, end_line=3, end_column=4)
    output = rendered(
        "github", [FileResult("a.md", (wrapped,)), FileResult("b.md", error="not UTF-8 text")]
    )
    (_, props, _), (level, error_props, text) = parse_commands(output)
    assert props == {
        "file": "a.md",
        "line": "2",
        "endLine": "3",
        "title": "overclaims.proven (overclaim)",
    }
    assert (level, error_props["file"], text) == ("error", "b.md", "not UTF-8 text")


# ---------------------------------------------------------------------------------------------
# JUnit
# ---------------------------------------------------------------------------------------------


def test_junit_counts(sample_results):
    results = [
        *sample_results,
        FileResult("clean.md"),
        FileResult("gone.md", error="cannot read: No such file or directory"),
    ]
    root = ET.fromstring(rendered("junit", results))
    total = sum(len(r.findings) for r in sample_results)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (
        str(total + 2),
        str(total),
        "1",
    )
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.path for r in results]
    for suite, result in zip(suites, results, strict=True):
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(len(result.findings))
        assert len(suite.findall("testcase/failure")) == len(result.findings)
        assert {c.get("name").split(" at ")[0] for c in cases if c.find("failure") is not None} == {
            f.rule for f in result.findings
        }
    clean, gone = suites[-2:]
    assert [c.get("name") for c in clean] == ["no findings"] and not clean.find("testcase")
    assert gone.get("errors") == "1" and "cannot read" in gone.find("testcase/error").text


def test_junit_survives_control_characters_and_markup():
    odd = finding(message='a\x0bb <c> & "d"', text="x\x00y", sentence="s\x1bt")
    root = ET.fromstring(rendered("junit", [FileResult("a<b>.md", (odd,))]))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == 'a\ufffdb <c> & "d"'
    assert root.find("testsuite").get("name") == "a<b>.md"


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------


def test_markdown_summary_tables_and_folding(sample_results):
    output = rendered("markdown", sample_results)
    total = sum(len(r.findings) for r in sample_results)
    assert f"**{total} findings** in {len(sample_results)} files" in output
    rows = [line for line in output.splitlines() if re.match(r"^\| \d+:\d+ \|", line)]
    assert len(rows) == total
    for result in sample_results:
        folded = len(result.findings) > markdown_format.FOLD_OVER
        assert (f"<details><summary>{result.path} — " in output) == folded
    assert output.count("<details>") == output.count("</details>")


def test_markdown_escapes_article_text():
    hostile = finding(
        message="Claims <script>alert(1)</script> | cures *all*",
        text="[click](javascript:alert(1))",
    )
    output = rendered("markdown", [FileResult("a.md", (hostile,))])
    row = next(line for line in output.splitlines() if line.startswith("| 1:1 |"))
    assert "<script>" not in output and "&lt;script&gt;" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # the message's pipe adds no column
    assert "[click](" not in row and r"\[click\]\(" in row


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


class _Marks(HTMLParser):
    """Reads the article texts of a report back: their text and which findings mark what."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.covered: dict[str, list[tuple[int, int]]] = {}
        self.pins: dict[str, int] = {}
        self._depth = 0
        self._marks: list[list[str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "source" in (attrs.get("class") or "").split():
            self.texts.append("")
            self._depth = 1
        elif self._depth:
            if tag == "sup":
                self._skip += 1
            elif tag == "mark":
                ids = attrs["data-f"].split()
                if "pin" in attrs["class"].split():
                    self.pins[ids[0]] = len(self.texts[-1])
                self._marks.append(ids)
            if tag == "div":
                self._depth += 1

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag == "sup":
            self._skip -= 1
        elif tag == "mark":
            self._marks.pop()
        elif tag == "div":
            self._depth -= 1

    def handle_data(self, data):
        if not self._depth or self._skip:
            return
        start = len(self.texts[-1])
        self.texts[-1] += data
        for ids in self._marks:
            for finding_id in ids:
                self.covered.setdefault(finding_id, []).append((start, start + len(data)))


def test_html_highlights_each_finding_where_its_position_says(sample_results, rules):
    page = html.build(sample_results, rules)
    parser = _Marks()
    parser.feed(page)
    assert parser.texts == [r.source for r in sample_results]  # the whole text, unescaped
    for number, (result, text) in enumerate(zip(sample_results, parser.texts, strict=True), 1):
        for index, f in enumerate(result.findings, 1):
            finding_id = f"a{number}-f{index}"
            if not f.text:
                assert finding_id in parser.pins
                continue
            spans = parser.covered[finding_id]
            start, end = spans[0][0], spans[-1][1]
            # A finding's text is prose: a line break in the source reads as a space, and a
            # character reference (Markdown or HTML) as its character.
            marked = text[start:end] if result.path.endswith(".txt") else unescape(text[start:end])
            assert marked.split() == f.text.split(), (result.path, f)
            # Contiguous: the pieces of one finding follow one another.
            assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_html_overlapping_findings_are_split_not_lost():
    source = "abcdefghij"
    outer = finding(
        column=1,
        end_column=9,
        rule="readability.long",
        category="readability",
        severity="info",
        text="abcdefgh",
    )
    inner = finding(column=3, end_column=6, text="cde")
    crossing = finding(column=5, end_column=11, rule="x.y", category="style", text="efghij")
    page = html.highlight(source, [outer, inner, crossing], ["o", "i", "c"])
    parser = _Marks()
    parser.feed(f'<div class="source">{page}</div>')
    assert parser.texts == [source]
    for finding_id, (start, end) in {"o": (0, 8), "i": (2, 5), "c": (4, 10)}.items():
        spans = parser.covered[finding_id]
        assert (spans[0][0], spans[-1][1]) == (start, end)
    # The innermost finding colours the piece it shares with the others.
    assert re.search(r'<mark class="hl c-overclaim s-error" data-f="i c o"[^>]*>e</mark>', page)
    assert page.count('tabindex="0"') == 3  # one keyboard stop per finding


def test_html_every_finding_in_the_lists_links_to_its_highlight(sample_results, rules):
    page = html.build(sample_results, rules)
    targets = set(re.findall(r'href="#(m-[^"]+)"', page))
    ids = set(re.findall(r'id="(m-[^"]+)"', page))
    assert len(targets) == sum(len(r.findings) for r in sample_results)
    assert targets <= ids


class _Tags(HTMLParser):
    """Counts the elements and attribute names a browser would see."""

    def __init__(self):
        super().__init__()
        self.names: Counter = Counter()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names[tag] += 1
        self.attributes.update(name for name, _ in attrs)


def test_html_escapes_hostile_article_text_and_paths(lint_text):
    text = (
        "This cure is clinically proven <script>window.pwned = 1</script> to work. "
        '"><img src=x onerror="window.pwned = 2"> It is a miracle.\n'
    )
    result = lint_text(text)
    path = 'x"><img src=x onerror=alert(1)>.txt'
    page = html.build([FileResult(path, result.findings, metrics=result.metrics, source=text)])
    assert result.findings
    tags = _Tags()
    tags.feed(page)
    assert tags.names["script"] == 1  # the report's own
    assert "img" not in tags.names
    assert not [name for name in tags.attributes if name.startswith("on")]
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page  # shown as text
    assert "x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.txt" in page


def test_html_is_self_contained(sample_results, rules):
    page = html.build(sample_results, rules)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1])
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_html_without_sources_or_readability_still_reports():
    result = FileResult("a.md", (finding(),))
    page = html.build([result, FileResult("b.md", error="not UTF-8 text")])
    assert 'class="source' not in page and "overclaims.proven" in page
    assert "Not checked: not UTF-8 text" in page


# ---------------------------------------------------------------------------------------------
# HTML: the Evidence section (the claim inventory of each article)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def claim_results(nlp):
    """The samples linted as `report` lints them: sources kept, claim inventory attached."""
    runner = Runner(Settings(), keep_source=True, claims=True, nlp=nlp)
    sources = [
        Source(
            str(p.relative_to(ROOT)),
            p.read_text(encoding="utf-8"),
            {".md": "markdown", ".html": "html", ".txt": "text"}[p.suffix],
        )
        for p in sorted(SAMPLES.iterdir())
    ]
    results = list(runner.lint(sources))
    assert all(r.metrics["claims"]["items"] for r in results)  # every sample makes claims
    return results


class _Evidence(HTMLParser):
    """Reads a report back: where each element with an id starts in the article texts, the text
    each claim element wraps, and each evidence table's rows (class, link target, cell texts)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.at: dict[str, tuple[int, int]] = {}  # id -> (article text number, offset)
        self.claim_text: dict[str, str] = {}
        self.claim_attrs: dict[str, dict] = {}
        self.tables: list[list[dict]] = []
        self.summaries: list[str] = []
        self._source = 0
        self._skip = 0
        self._claims: list[str | None] = []
        self._row: dict | None = None
        self._cell: list[str] | None = None
        self._summary: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "div" and "source" in classes:
            self.texts.append("")
            self._source = 1
            return
        if self._source:
            self._source += tag == "div"
            self._skip += tag == "sup"
            if "id" in attrs:
                self.at[attrs["id"]] = (len(self.texts) - 1, len(self.texts[-1]))
            if tag == "span":
                claim = attrs["id"] if "claim" in classes else None
                if claim:
                    self.claim_text[claim] = ""
                    self.claim_attrs[claim] = attrs
                self._claims.append(claim)
        elif tag == "table" and "evidence" in classes:
            self.tables.append([])
        elif tag == "tr" and self.tables and "class" in attrs:
            self._row = {"class": classes, "href": None, "cells": []}
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []
        elif tag == "a" and self._row is not None:
            self._row["href"] = attrs.get("href")
        elif tag == "p" and "claims-summary" in classes:
            self._summary = []

    def handle_endtag(self, tag):
        if self._source:
            if tag == "div":
                self._source -= 1
            elif tag == "sup":
                self._skip -= 1
            elif tag == "span":
                self._claims.pop()
        elif tag in ("th", "td") and self._cell is not None:
            self._row["cells"].append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag == "p" and self._summary is not None:
            self.summaries.append("".join(self._summary))
            self._summary = None

    def handle_data(self, data):
        if self._source and not self._skip:
            self.texts[-1] += data
            for claim in filter(None, self._claims):
                self.claim_text[claim] += data
        elif self._cell is not None:
            self._cell.append(data)
        elif self._summary is not None:
            self._summary.append(data)


def _evidence_of(page: str) -> _Evidence:
    parser = _Evidence()
    parser.feed(page)
    return parser


def _group(row: dict) -> int:
    return {"unsupported": 0, "supported": 1, "distanced": 2}[row["class"][0]]


def test_html_evidence_table_lists_each_articles_claims_unsupported_first(claim_results, rules):
    parser = _evidence_of(html.build(claim_results, rules))
    assert len(parser.tables) == len(claim_results) == len(parser.summaries)
    for result, table, summary_line in zip(
        claim_results, parser.tables, parser.summaries, strict=True
    ):
        claims = result.metrics["claims"]
        items = claims["items"]
        assert len(table) == len(items)
        groups = [_group(row) for row in table]
        assert groups == sorted(groups), result.path  # unsupported, supported, distanced
        assert groups.count(0) == sum(
            1 for c in items if not c["supported"] and c["strength"] != "distanced"
        )
        for row in table:
            line, claim_type, strength, source, sentence = row["cells"]
            claim = items[int(row["href"].rsplit("-c", 1)[1]) - 1]
            assert (int(line.split()[-1]), claim_type, strength, sentence) == (
                claim["line"],
                claim["type"],
                claim["strength"],
                claim["sentence"],
            )
            if claim["supported"]:
                assert claim["support"] in source
            else:
                assert source == "✗ no source"
        summary = claims["summary"]
        own = summary["claims"] - summary["distanced"]
        assert summary_line.startswith(f"{summary['claims']} check-worthy claim")
        assert (
            f"{summary['supported_share']:.0%} supported ({summary['supported']} of {own})"
            in summary_line
        )
        assert (
            f"{summary['causal_unsupported_share']:.0%} stated causally without a source "
            f"({summary['causal_unsupported']})" in summary_line
        )
    # The badly sourced samples lead with unsupported claims; the careful one cites most.
    by_path = {r.path: r.metrics["claims"]["summary"] for r in claim_results}
    assert by_path["samples/careful-ginger-nausea.md"]["supported_share"] > 0.5
    assert by_path["samples/miracle-detox.md"]["causal_unsupported"] >= 3


def test_html_evidence_links_lead_to_each_claims_place_in_the_text(claim_results, rules):
    page = html.build(claim_results, rules)
    parser = _evidence_of(page)
    assert parser.texts == [r.source for r in claim_results]  # claims wrap the text, add none
    for number, (result, table) in enumerate(zip(claim_results, parser.tables, strict=True), 1):
        lines = result.source.split("\n")
        for row in table:
            target = row["href"].removeprefix("#")
            assert target.startswith(f"a{number}-c")
            claim = result.metrics["claims"]["items"][int(target.rsplit("-c", 1)[1]) - 1]
            text_number, offset = parser.at[target]  # the target exists, in this article's text
            assert text_number == number - 1
            line = result.source.count("\n", 0, offset) + 1
            column = offset - (result.source.rfind("\n", 0, offset) + 1) + 1
            assert (line, column) == (claim["line"], claim["column"])
            assert parser.claim_attrs[target]["tabindex"] == "-1"  # focusable by the link
            if result.path.endswith(".txt"):  # plain text: the element wraps the sentence
                assert parser.claim_text[target].split() == claim["sentence"].split()
            else:
                assert parser.claim_text[target].strip(), (result.path, claim)
                assert lines[line - 1][column - 1 :].strip()
    # One link per claim, each id used once, keyboard-reachable (a real link).
    hrefs = re.findall(r'<a class="to-claim" href="#([^"]+)"', page)
    assert (
        len(hrefs)
        == len(set(hrefs))
        == sum(len(r.metrics["claims"]["items"]) for r in claim_results)
    )
    assert all(page.count(f'id="{claim_id}"') == 1 for claim_id in hrefs)


def test_html_claim_elements_nest_with_overlapping_findings():
    source = "One claim here. Another claim there.\nA third.\n"
    findings = [
        finding(column=5, end_column=25, text="claim here. Another"),
        finding(column=1, end_column=1, text=""),
    ]  # a pin at the start
    claims = [
        {"line": 1, "column": 1, "end_line": 1, "end_column": 16},
        {"line": 1, "column": 17, "end_line": 1, "end_column": 37},
        {"line": 1, "column": 20, "end_line": 1, "end_column": 30},  # inside the second
        {"line": 2, "column": 1, "end_line": 2, "end_column": 1},
    ]  # empty
    page = html.highlight(source, findings, ["f1", "f2"], claims, ["c1", "c2", "c3", "c4"])

    class Nesting(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

    checker = Nesting()
    checker.feed(page)
    assert checker.stack == []
    parser = _evidence_of(f'<div class="source">{page}</div>')
    assert parser.texts == [source]
    assert parser.claim_text["c1"] == "One claim here."
    assert parser.claim_text["c2"] == "Another claim there."
    assert parser.at["c3"] == (0, 19) and parser.claim_text["c3"] == ""  # an anchor only
    assert parser.at["c4"] == (0, 37) and parser.claim_text["c4"] == ""


def test_html_overview_shows_the_share_of_claims_supported_and_stays_sortable(claim_results, rules):
    page = html.build(claim_results, rules)
    overview = re.search(r'<table class="overview sortable">.*?</table>', page, re.DOTALL)[0]
    heads = re.findall(r'<th scope="col">([^<]+)</th>', overview)
    column = heads.index("Claims supported")
    for result, row in zip(
        claim_results, re.findall(r'<tr><th scope="row".*?</tr>', overview), strict=True
    ):
        cell = re.findall(r"<td[^>]*>.*?</td>", row)[column - 1]
        share = result.metrics["claims"]["summary"]["supported_share"]
        assert f'data-value="{share}"' in cell and f"{share:.0%}" in cell
    # Without the inventory (other formats' runs), neither the column nor the section.
    plain = html.build(
        [FileResult(r.path, r.findings, metrics={}, source=r.source) for r in claim_results], rules
    )
    assert "Claims supported" not in plain and 'class="evidence' not in plain
    assert 'class="claim"' not in plain


HOSTILE_CLAIM = (
    "Detox cures <script>window.pwned = 1</script> cancer. "
    '"><img src=x onerror="window.pwned = 2"> & more'
)


def test_html_evidence_escapes_hostile_claims_and_sources():
    hostile = {
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 20,
        "type": "causal",
        "strength": "causal",
        "sentence": HOSTILE_CLAIM,
        "trigger": "<b>cures</b>",
        "support_kind": "link",
        "support": 'x <javascript:alert(1)>"><svg onload=1>',
        "support_scope": "paragraph",
        "supported": True,
    }
    claims = {
        "summary": {
            "claims": 1,
            "distanced": 0,
            "supported": 1,
            "supported_share": 1.0,
            "causal_unsupported": 0,
            "causal_unsupported_share": 0.0,
            "conflicts": 1,
        },
        "items": [
            hostile,
            {
                **hostile,
                "supported": False,
                "support": None,
                "support_kind": None,
                "type": '"><i onclick=x>',
            },
        ],
        "conflicts": [{"quantity": "<script>q</script>", "reason": '"><img src=y>'}],
    }
    text = HOSTILE_CLAIM + "\n"
    page = html.build(
        [
            FileResult("a.txt", metrics={"claims": claims}, source=text),
            FileResult("b.txt", metrics={"claims": claims}),
        ]
    )  # no source: no links
    tags = _Tags()
    tags.feed(page)
    assert tags.names["script"] == 1  # the report's own
    assert not {"img", "svg", "i"} & set(tags.names)
    assert not [name for name in tags.attributes if name.startswith("on")]
    assert (
        page.count(
            "Detox cures &lt;script&gt;window.pwned = 1&lt;/script&gt; cancer. "
            "&quot;&gt;&lt;img src=x onerror=&quot;window.pwned = 2&quot;&gt; "
            "&amp; more"
        )
        == 4
    )  # 2 rows × 2 articles
    assert "&lt;script&gt;q&lt;/script&gt;: &quot;&gt;&lt;img src=y&gt;" in page.replace(
        "</strong>", ""
    )
    assert "x &lt;javascript:alert(1)&gt;&quot;&gt;&lt;svg onload=1&gt;" in page
    parser = _evidence_of(page)
    assert parser.texts == [text]  # the article text, as text
    assert [row["href"] for row in parser.tables[0]] == ["#a1-c2", "#a1-c1"]  # unsupported 1st
    assert [row["href"] for row in parser.tables[1]] == [None, None]
    assert parser.tables[0][0]["cells"][4] == HOSTILE_CLAIM  # read back as the same text


def test_html_evidence_of_a_linted_hostile_article(nlp):
    text = (
        "Studies show this detox cures <script>window.pwned = 1</script> cancer in 90% of "
        'adults. "><img src=x onerror="window.pwned = 2"> It is proven to heal you.\n'
    )
    runner = Runner(Settings(), claims=True, nlp=nlp)
    (result,) = runner.lint([Source("h.txt", text, "text")])
    assert result.metrics["claims"]["items"]
    page = html.build(
        [FileResult(result.path, result.findings, metrics=result.metrics, source=text)]
    )
    tags = _Tags()
    tags.feed(page)
    assert tags.names["script"] == 1 and "img" not in tags.names
    assert not [name for name in tags.attributes if name.startswith("on")]
    (table,) = _evidence_of(page).tables
    assert any("<script>window.pwned = 1</script>" in row["cells"][4] for row in table)


# ---------------------------------------------------------------------------------------------
# The CLI: --format, --output, report, progress, --changed-since
# ---------------------------------------------------------------------------------------------


def write(path: str, text: str) -> str:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["sarif", "github", "junit", "markdown", "html"])
def test_check_writes_each_format_to_output(name):
    write("tea.txt", PROVEN + "\n")
    result = run("check", "--format", name, "--output", f"out.{name}", "tea.txt")
    assert result.exit_code == 1  # --fail-on applies whatever the format
    assert result.stdout == ""
    written = Path(f"out.{name}").read_text(encoding="utf-8")
    assert "overclaims.proven" in written
    assert run("check", "--format", name, "tea.txt").stdout == written


def test_output_to_a_missing_folder_exits_2():
    write("tea.txt", PROVEN + "\n")
    result = run("check", "--output", "no/such/folder/out.txt", "tea.txt")
    assert result.exit_code == 2
    assert "cannot write no/such/folder/out.txt" in result.stderr


def test_report_command_writes_one_html_file():
    write("articles/tea.md", f"# Tea\n\n{PROVEN}\n")
    write("articles/spice.txt", HYPE + "\n")
    result = run("report", "articles", "-o", "report.html")
    assert result.exit_code == 0  # a report is for reading, not gating
    assert result.stdout == ""
    page = Path("report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "articles/tea.md" in page and "articles/spice.txt" in page
    assert re.search(r'<mark class="hl c-overclaim s-error"[^>]*>clinically proven</mark>', page)
    # `report` collects the claim inventory: each article has its Evidence section.
    assert page.count('<section class="evidence"') == 2 and "Claims supported" in page
    assert re.search(r'<a class="to-claim" href="#a2-c1">', page)


class _TTY(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    ("name", "shown"),
    [("text", True), ("html", True), ("json", False), ("sarif", False), ("github", False)],
)
def test_progress_bar_on_a_terminal_for_many_files_never_in_machine_formats(
    name, shown, monkeypatch
):
    for i in range(12):
        write(f"many/{i:02}.txt", HYPE + "\n")
    stderr = _TTY()

    class TTYSys:
        def __getattr__(self, attribute):
            return stderr if attribute == "stderr" else getattr(sys, attribute)

    monkeypatch.setattr("healthlint.cli.sys", TTYSys())
    result = run("check", "--format", name, "--fail-on", "never", "many")
    assert result.exit_code == 0
    assert ("Checking" in stderr.getvalue()) == shown
    assert "Checking" not in result.stdout


def test_no_progress_bar_for_few_files_or_without_a_terminal():
    for i in range(12):
        write(f"many/{i:02}.txt", HYPE + "\n")
    assert "Checking" not in run("check", "many").stderr  # CliRunner's stderr is no terminal


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_since_lints_only_changed_and_new_files():
    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    write("content/old.md", PROVEN + "\n")
    write("content/edited.md", "Fine.\n")
    git("add", ".")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "feature")
    write("content/edited.md", f"Fine.\n\n{PROVEN}\n")
    git("commit", "-q", "-am", "edit")
    write("content/new.md", HYPE + "\n")  # untracked
    result = run("check", "--format", "json", "--changed-since", "main", "content")
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert paths == ["content/edited.md", "content/new.md"]

    Path("content/edited.md").unlink()  # deleted since the ref: nothing to lint
    result = run("check", "--format", "json", "--changed-since", "main", "content")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["content/new.md"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_since_errors_are_clear():
    write("a.md", PROVEN + "\n")
    result = run("check", "--changed-since", "main", "a.md")
    assert result.exit_code == 2 and "is not inside a git repository" in result.stderr
    git("init", "-q")
    result = run("check", "--changed-since", "no-such-ref", "a.md")
    assert result.exit_code == 2 and "unknown git ref 'no-such-ref'" in result.stderr


def test_changed_since_without_git_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(healthlint.changed.shutil, "which", lambda name: None)
    write("a.md", PROVEN + "\n")
    result = run("check", "--changed-since", "origin/main", "a.md")
    assert result.exit_code == 2
    assert "--changed-since needs git, which is not installed" in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------------------------------------
# Integrations: the pre-commit hook and the CI recipes are valid YAML with real options
# ---------------------------------------------------------------------------------------------


def test_pre_commit_hook_definition():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "healthlint" and hook["entry"] == "healthlint check"
    assert hook["language"] == "python"
    assert re.search(hook["files"], "content/post.md") and not re.search(hook["files"], "a.py")


def test_ci_recipes_parse_and_use_real_options():
    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.DOTALL)
    assert len(blocks) >= 2
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict | list)
    commands = re.findall(r"healthlint (?:check|report|baseline)[^\n]*", doc)
    options = {o for c in commands for o in re.findall(r"(--[a-z-]+)", c)}
    known = {
        o
        for command in ("check", "report", "baseline")
        for p in cli.commands[command].params
        for o in p.opts
    }
    assert options and options <= known, options - known
    assert (ROOT / "docs" / "report-screenshot.png").exists()
