"""Markdown for a pull-request comment: the counts, then a table of findings per file.

Files with many findings fold into ``<details>`` sections so the comment stays short, and the
whole comment stays under GitHub's 65,536-character limit. Article text is escaped: a comment
renders Markdown and some HTML, and an article must not be able to inject either.
"""

from __future__ import annotations

import html
import re

from healthlint.finding import summarize

SEVERITY_ICONS = {"error": "🔴 error", "warning": "🟠 warning", "info": "🔵 info"}
FOLD_OVER = 10  # a file with more findings than this gets a collapsed section
MAX_CHARS = 60_000  # under GitHub's comment limit, with room for a note
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def escape(text: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no Markdown syntax, one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _counts(summary: dict) -> list[str]:
    findings = summary["findings"]
    head = (
        f"**{findings} finding{'s' if findings != 1 else ''}** in {summary['files']} "
        f"file{'s' if summary['files'] != 1 else ''}"
    )
    if summary["errors"]:
        head += f" ({summary['errors']} unreadable)"
    if not findings:
        return [head]
    by_severity = ", ".join(
        f"{v} {k}" if k == "info" or v == 1 else f"{v} {k}s"
        for k, v in summary["by_severity"].items()
    )
    by_category = ", ".join(f"{k} {v}" for k, v in summary["by_category"].items())
    return [f"{head}: {by_severity}", "", f"By category: {by_category}"]


def _table(findings) -> list[str]:
    rows = ["| Line | Severity | Rule | Finding | Suggestion |", "|---:|---|---|---|---|"]
    for f in findings:
        quoted = f" — “{escape(_shorten(f.text))}”" if f.text.strip() else ""
        rows.append(
            f"| {f.line}:{f.column} | {SEVERITY_ICONS[f.severity]} | `{f.rule}` | "
            f"{escape(f.message)}{quoted} | {escape(f.suggestion)} |"
        )
    return rows


def _file_counts(findings) -> str:
    counts = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if s in counts)


def _section(result) -> list[str]:
    if result.error:
        return ["", f"#### {escape(result.path)}", "", f"Not checked: {escape(result.error)}"]
    count = len(result.findings)
    title = f"{count} finding{'s' if count != 1 else ''} ({_file_counts(result.findings)})"
    table = _table(result.findings)
    if count > FOLD_OVER:
        # Markdown escapes are not processed inside <summary>, so the path is HTML-escaped only.
        summary = f"{html.escape(result.path)} — {title}"
        return ["", f"<details><summary>{summary}</summary>", "", *table, "", "</details>"]
    return ["", f"#### {escape(result.path)} — {title}", "", *table]


def render(results, stream, *, color: bool = False, quiet: bool = False, rules=None) -> None:
    """Write a Markdown summary of ``results``: counts, then the findings of each file."""
    out = ["### healthlint", "", *_counts(summarize(results))]
    size = sum(len(line) + 1 for line in out)
    left_out = 0
    for result in results:
        if not result.error and not result.findings:
            continue
        section = _section(result)
        section_size = sum(len(line) + 1 for line in section)
        if size + section_size > MAX_CHARS:
            left_out += 1
            continue
        out += section
        size += section_size
    if left_out:
        out += [
            "",
            f"_{left_out} more file{'s' if left_out != 1 else ''} not shown (comment "
            "size limit); see the full report._",
        ]
    stream.write("\n".join(out) + "\n")
