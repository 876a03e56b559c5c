"""The one record every check produces and every formatter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
CATEGORIES = ("overclaim", "citation", "typo", "readability", "safety", "transparency", "style")
# How far from a claim a citation may sit and still support it (a rule's requires_citation).
CITATION_SCOPES = ("sentence", "paragraph", "document")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in one file.

    Positions are 1-based and refer to the original source file; ``end_column`` is exclusive.
    The field order makes the natural sort order line, column, rule.
    """

    line: int
    column: int
    rule: str
    end_line: int
    end_column: int
    category: str
    severity: str
    message: str
    text: str
    suggestion: str
    sentence: str

    def to_dict(self) -> dict:
        """The finding as the JSON output contract spells it."""
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "suggestion": self.suggestion,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class FileResult:
    """The outcome of linting one input: its findings, or the error that stopped it."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    lines: dict = field(default_factory=dict, compare=False)  # source lines findings touch
    metrics: dict = field(default_factory=dict, compare=False)  # e.g. {"readability": {...}}
    # The linted text, kept only for formats that show it (the HTML report); else None.
    source: str | None = field(default=None, compare=False, repr=False)


def summarize(results) -> dict:
    """Counts for the closing summary of every output format."""
    by_category: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    total = 0
    for result in results:
        for finding in result.findings:
            total += 1
            by_category[finding.category] = by_category.get(finding.category, 0) + 1
            by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
    return {
        "files": len(results),
        "findings": total,
        "errors": sum(1 for r in results if r.error),
        "by_category": dict(sorted(by_category.items())),
        "by_severity": {s: by_severity[s] for s in SEVERITIES if s in by_severity},
    }
