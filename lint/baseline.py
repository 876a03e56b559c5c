"""Baselines: findings a project has accepted for now, so that CI fails on new ones only.

A baseline records each finding by file, rule and a fingerprint of the matched text and its
sentence. Line numbers are stored for people reading the file but never used for matching, so
edits elsewhere in an article (a new paragraph above, a re-wrapped line) do not bring recorded
findings back, while a new finding, or a recorded one whose wording changed, does come back.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from healthlint import __version__
from healthlint.errors import HealthlintError
from healthlint.finding import FileResult, Finding

BASELINE_FORMAT = 1
_SPACE = re.compile(r"\s+")


class BaselineError(HealthlintError):
    """A baseline file that cannot be read or is not a healthlint baseline."""


def fingerprint(finding: Finding) -> str:
    """A short hash of the rule, the matched text and its sentence, blind to whitespace.

    Identical findings in one file share a fingerprint; callers that need one value per
    finding count occurrences (see :func:`occurrence_keys`).
    """
    parts = (
        finding.rule,
        _SPACE.sub(" ", finding.text).strip(),
        _SPACE.sub(" ", finding.sentence).strip(),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def occurrence_keys(findings) -> list[str]:
    """``fingerprint:n`` for each finding, n counting earlier findings with the same print.

    The same claim made twice in one article gives two distinct, stable keys.
    """
    seen: Counter = Counter()
    keys = []
    for finding in findings:
        print_ = fingerprint(finding)
        keys.append(f"{print_}:{seen[print_]}")
        seen[print_] += 1
    return keys


def normal_path(path: str) -> str:
    """The path as a baseline stores it: normalised, with forward slashes."""
    return Path(os.path.normpath(path)).as_posix() if path not in ("", "-") else path


def render(results, stream, *, color: bool = False, quiet: bool = False, rules=None) -> None:
    """Write the findings of ``results`` as a baseline file (JSON)."""
    entries = [
        {
            "path": normal_path(result.path),
            "rule": f.rule,
            "fingerprint": fingerprint(f),
            "line": f.line,
            "text": f.text,
        }
        for result in results
        if not result.error
        for f in result.findings
    ]
    entries.sort(key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]))
    json.dump(
        {"healthlint_baseline": BASELINE_FORMAT, "version": __version__, "findings": entries},
        stream,
        indent=2,
        ensure_ascii=False,
    )
    stream.write("\n")


class Baseline:
    """The recorded findings, counted by (path, rule, fingerprint)."""

    def __init__(self, entries: Counter):
        self.entries = entries

    @classmethod
    def load(cls, path: str) -> Baseline:
        """Read a baseline file; a missing or malformed file is a :class:`BaselineError`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"cannot read baseline: {exc.strerror or exc}", path) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"baseline is not valid JSON: {exc}", path) from None
        if not isinstance(data, dict) or data.get("healthlint_baseline") != BASELINE_FORMAT:
            raise BaselineError(
                "not a healthlint baseline (write one with `healthlint baseline PATHS -o FILE`)",
                path,
            )
        entries: Counter = Counter()
        for entry in data.get("findings", []):
            try:
                entries[(normal_path(entry["path"]), entry["rule"], entry["fingerprint"])] += 1
            except (KeyError, TypeError):
                raise BaselineError(f"malformed baseline entry {entry!r}", path) from None
        return cls(entries)

    def filter(self, results) -> tuple[list[FileResult], int]:
        """The results without recorded findings, and how many findings were hidden.

        Each recorded entry hides one finding, so a claim recorded once and now made twice
        comes back once.
        """
        remaining = Counter(self.entries)
        filtered, hidden = [], 0
        for result in results:
            kept = []
            for finding in result.findings:
                key = (normal_path(result.path), finding.rule, fingerprint(finding))
                if remaining[key] > 0:
                    remaining[key] -= 1
                    hidden += 1
                else:
                    kept.append(finding)
            filtered.append(
                result
                if len(kept) == len(result.findings)
                else replace(result, findings=tuple(kept))
            )
        return filtered, hidden
