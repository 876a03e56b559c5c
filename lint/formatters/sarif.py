"""SARIF 2.1.0: what GitHub code scanning and other static-analysis dashboards read."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from healthlint import __version__
from healthlint.baseline import occurrence_keys

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# Relative paths resolve against this base, which the run maps to the working directory, so
# code scanning can place results in the repository whatever folder CI ran in.
SRCROOT = "%SRCROOT%"


def _uri(path: str) -> dict:
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(Path(os.path.normpath(path)).as_posix()), "uriBaseId": SRCROOT}


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + dot.strip() if dot else text


def _rule_help(rule) -> tuple[str, str]:
    """Plain-text and Markdown help: why the rule matters, what to do, examples, silencing."""
    text = [rule.description]
    markdown = [rule.description]
    if rule.suggestion:
        text.append(f"Suggestion: {rule.suggestion}")
        markdown.append(f"**Suggestion:** {rule.suggestion}")
    if rule.bad_examples:
        text.append("Flagged: " + " | ".join(e.text for e in rule.bad_examples))
        markdown.append("Flagged:\n" + "\n".join(f"- {e.text}" for e in rule.bad_examples))
    if rule.good_examples:
        text.append("Not flagged: " + " | ".join(e.text for e in rule.good_examples))
        markdown.append("Not flagged:\n" + "\n".join(f"- {e.text}" for e in rule.good_examples))
    silence = (
        f"Run `healthlint explain {rule.id}` for more; silence it with "
        f"`<!-- healthlint-disable-next-line {rule.id} -->` or `ignore: [{rule.id}]`."
    )
    text.append(silence.replace("`", ""))
    markdown.append(silence)
    return "\n\n".join(text), "\n\n".join(markdown)


def _rule_descriptor(rule_id: str, rule, finding) -> dict:
    if rule is None:  # a finding from a rule the caller gave no metadata for
        return {
            "id": rule_id,
            "shortDescription": {"text": rule_id},
            "defaultConfiguration": {"level": LEVELS[finding.severity]},
            "properties": {"category": finding.category, "tags": [finding.category]},
        }
    help_text, help_markdown = _rule_help(rule)
    return {
        "id": rule.id,
        "name": rule.id.replace(".", "/"),
        "shortDescription": {"text": _first_sentence(rule.description)},
        "fullDescription": {"text": rule.description},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "category": rule.category,
            "pack": rule.pack,
            # SARIF requires unique tags; a pack may share its category's name.
            "tags": list(dict.fromkeys(("health-writing", rule.category, rule.pack))),
        },
    }


def _result(path: str, finding, rule_index: int, key: str) -> dict:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    if finding.text:
        region["snippet"] = {"text": finding.text}
    message = finding.message + (f" Suggestion: {finding.suggestion}" if finding.suggestion else "")
    result = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": _uri(path), "region": region}}],
        "partialFingerprints": {"healthlintFinding/v1": key},
        "properties": {"category": finding.category, "severity": finding.severity},
    }
    if finding.sentence:
        result["locations"][0]["physicalLocation"]["contextRegion"] = {
            "startLine": finding.line,
            "snippet": {"text": finding.sentence},
        }
    return result


def build(results, rules=None) -> dict:
    """The SARIF log as a dict: one run, its rules, its results and unreadable inputs."""
    rules = rules or {}
    used = {f.rule: f for r in results for f in r.findings}
    # Every rule that ran is described (so a dashboard knows it was checked), plus any rule a
    # finding names that the caller gave no metadata for.
    rule_ids = sorted(set(rules) | set(used))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    descriptors = [
        _rule_descriptor(rule_id, rules.get(rule_id), used.get(rule_id)) for rule_id in rule_ids
    ]
    sarif_results = [
        _result(result.path, finding, index[finding.rule], key)
        for result in results
        for finding, key in zip(result.findings, occurrence_keys(result.findings), strict=True)
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": result.error},
            "locations": [{"physicalLocation": {"artifactLocation": _uri(result.path)}}],
        }
        for result in results
        if result.error
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "healthlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": sarif_results,
            }
        ],
    }


def render(results, stream, *, color: bool = False, quiet: bool = False, rules=None) -> None:
    """Write the findings as one SARIF 2.1.0 log."""
    json.dump(build(results, rules), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
