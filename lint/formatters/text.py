"""Human output: findings grouped by file, each with its source line underlined."""

from __future__ import annotations

import click

from healthlint.finding import summarize

SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


def _style(text: str, color: bool, **style) -> str:
    return click.style(text, **style) if color else text


def _underline(source_line: str, column: int, end_column: int) -> str:
    # Tabs stay tabs so the caret lines up with the source line in a terminal.
    prefix = "".join("\t" if ch == "\t" else " " for ch in source_line[: column - 1])
    return prefix + "^" * max(1, end_column - column)


def render(results, stream, *, color: bool = False, quiet: bool = False, rules=None) -> None:
    """Write findings per file, then a summary by category and severity."""
    for result in results:
        if result.error:
            stream.write(
                _style(f"{result.path}: error: {result.error}", color, fg="red", bold=True) + "\n"
            )
            continue
        for f in result.findings:
            severity = _style(f.severity, color, fg=SEVERITY_COLORS[f.severity], bold=True)
            location = _style(f"{result.path}:{f.line}:{f.column}", color, bold=True)
            stream.write(f"{location} {severity} {_style(f.rule, color, dim=True)} {f.message}\n")
            if quiet:
                continue
            source_line = result.lines.get(f.line)
            if source_line is not None:
                end = f.end_column if f.end_line == f.line else len(source_line) + 1
                stream.write(f"    {source_line.rstrip()}\n")
                stream.write(
                    "    "
                    + _style(
                        _underline(source_line, f.column, end),
                        color,
                        fg=SEVERITY_COLORS[f.severity],
                    )
                    + "\n"
                )
            if f.suggestion:
                stream.write(f"    {_style('suggestion:', color, fg='green')} {f.suggestion}\n")
    summary = summarize(results)
    if quiet and not summary["findings"] and not summary["errors"]:
        return
    parts = [
        f"{summary['findings']} finding{'s' if summary['findings'] != 1 else ''} in "
        f"{summary['files']} file{'s' if summary['files'] != 1 else ''}"
    ]
    if summary["errors"]:
        parts.append(f"{summary['errors']} unreadable")
    stream.write("\n" + ", ".join(parts) + "\n")
    if summary["findings"]:
        stream.write(
            "  by severity: "
            + ", ".join(f"{k} {v}" for k, v in summary["by_severity"].items())
            + "\n"
        )
        stream.write(
            "  by category: "
            + ", ".join(f"{k} {v}" for k, v in summary["by_category"].items())
            + "\n"
        )
    readability = _readability_line(results)
    if readability:
        stream.write(f"  readability: {readability}\n")


def _readability_line(results) -> str:
    """The files' SMOG grade against the audience's target, from their readability figures."""
    # A file too short to grade (over_target None under a target) would only add noise.
    figures = [
        r.metrics["readability"]
        for r in results
        if r.metrics.get("readability", {}).get("smog") is not None
        and (
            r.metrics["readability"].get("over_target") is not None
            or r.metrics["readability"].get("target_grade") is None
        )
    ]
    if not figures:
        return ""
    first = figures[0]
    target, audience = first.get("target_grade"), first.get("audience", "")
    if len(figures) == 1:
        line = f"SMOG grade {first['smog']:.1f}"
        if first.get("flesch_kincaid_grade") is not None:
            line += f" (Flesch-Kincaid {first['flesch_kincaid_grade']:.1f})"
        if target is None:
            return line + f", no target for {audience} readers"
        verdict = "above it" if first["over_target"] else "within it"
        return line + f" against the {audience} target of grade {target:g}: {verdict}"
    grades = sorted(f["smog"] for f in figures)
    middle = len(grades) // 2
    median = grades[middle] if len(grades) % 2 else (grades[middle - 1] + grades[middle]) / 2
    line = f"median SMOG grade {median:.1f} over {len(figures)} files"
    if target is None:
        return line + f", no target for {audience} readers"
    above = sum(1 for f in figures if f.get("over_target"))
    return line + f"; {above} above the {audience} target of grade {target:g}"
