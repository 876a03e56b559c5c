"""Human output: findings grouped by file, each with its source line underlined."""

from __future__ import annotations

import click

from lint.finding import summarize

SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


def _style(text: str, color: bool, **style) -> str:
    return click.style(text, **style) if color else text


def _underline(source_line: str, column: int, end_column: int) -> str:
    # Tabs stay tabs so the caret lines up with the source line in a terminal.
    prefix = "".join("\t" if ch == "\t" else " " for ch in source_line[:column - 1])
    return prefix + "^" * max(1, end_column - column)


def render(results, stream, *, color: bool = False, quiet: bool = False) -> None:
    """Write findings per file, then a summary by category and severity."""
    for result in results:
        if result.error:
            stream.write(_style(f"{result.path}: error: {result.error}", color, fg="red",
                                bold=True) + "\n")
            continue
        for f in result.findings:
            severity = _style(f.severity, color, fg=SEVERITY_COLORS[f.severity], bold=True)
            location = _style(f"{result.path}:{f.line}:{f.column}", color, bold=True)
            stream.write(f"{location} {severity} {_style(f.rule, color, dim=True)} "
                         f"{f.message}\n")
            if quiet:
                continue
            source_line = result.lines.get(f.line)
            if source_line is not None:
                end = f.end_column if f.end_line == f.line else len(source_line) + 1
                stream.write(f"    {source_line.rstrip()}\n")
                stream.write("    " + _style(_underline(source_line, f.column, end), color,
                                              fg=SEVERITY_COLORS[f.severity]) + "\n")
            if f.suggestion:
                stream.write(f"    {_style('suggestion:', color, fg='green')} {f.suggestion}\n")
    summary = summarize(results)
    if quiet and not summary["findings"] and not summary["errors"]:
        return
    parts = [f"{summary['findings']} finding{'s' if summary['findings'] != 1 else ''} in "
             f"{summary['files']} file{'s' if summary['files'] != 1 else ''}"]
    if summary["errors"]:
        parts.append(f"{summary['errors']} unreadable")
    stream.write("\n" + ", ".join(parts) + "\n")
    if summary["findings"]:
        stream.write("  by severity: " + ", ".join(
            f"{k} {v}" for k, v in summary["by_severity"].items()) + "\n")
        stream.write("  by category: " + ", ".join(
            f"{k} {v}" for k, v in summary["by_category"].items()) + "\n")
