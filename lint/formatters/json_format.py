"""JSON output: a stable contract for programs that consume healthlint's findings."""

from __future__ import annotations

import json

from healthlint import __version__
from healthlint.finding import summarize


def render(results, stream, *, color: bool = False, quiet: bool = False, rules=None) -> None:
    """Write every file's findings (or error) and the summary as one JSON object."""
    payload = {
        "version": __version__,
        "files": [
            {
                "path": r.path,
                "findings": [f.to_dict() for f in r.findings],
                "error": r.error,
                **r.metrics,
            }
            for r in results
        ],
        "summary": summarize(results),
    }
    json.dump(payload, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
