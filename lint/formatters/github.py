"""GitHub Actions workflow commands: each finding becomes an annotation on its line of the PR.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``. The runner splits a
command at ``::``, its properties at ``,`` and ``=``, and its lines at newlines, so those are
percent-encoded as the runner's own toolkit does (``%`` first, so nothing is encoded twice).
"""

from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (file, title): also ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties) -> str:
    """One workflow command line; properties with a None value are left out."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return (
        f"::{level} {props}::{escape_data(message)}"
        if props
        else f"::{level}::{escape_data(message)}"
    )


def render(results, stream, *, color: bool = False, quiet: bool = False, rules=None) -> None:
    """Write one annotation per finding and one error annotation per unreadable input."""
    for result in results:
        if result.error:
            stream.write(
                command(
                    "error", result.error, file=result.path, title="healthlint: unreadable input"
                )
                + "\n"
            )
            continue
        for f in result.findings:
            message = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
            # GitHub places columns only within a single line.
            one_line = f.end_line == f.line
            stream.write(
                command(
                    LEVELS[f.severity],
                    message,
                    file=result.path,
                    line=f.line,
                    col=f.column if one_line else None,
                    endLine=f.end_line,
                    endColumn=f.end_column if one_line else None,
                    title=f"{f.rule} ({f.category})",
                )
                + "\n"
            )
