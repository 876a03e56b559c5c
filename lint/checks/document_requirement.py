"""Kind ``document-requirement``: something every trustworthy article has, checked once per file.

The transparency benchmarks for health information (JAMA: authorship, attribution, disclosure,
currency; HONcode) ask whether an article says who wrote it, when, on what evidence, and who pays.
A requirement is met by a metadata field (front matter, HTML meta), by a pattern in the text (a
byline, "Last reviewed: …", a disclosure), or by the article's citations. It can be limited to
articles where it applies (``applies_when``: e.g. disclosure only where something is sold).
"""

from __future__ import annotations

import re

from healthlint.checks.base import Check, Match, Option, boolean, optional_string_list, positive_int
from healthlint.regexes import compile_pattern, literal_clauses, may_match


def regex_list(value) -> tuple[re.Pattern, ...]:
    """Validate a list of regular expressions (case-insensitive, multi-line)."""
    return tuple(
        compile_pattern(p, re.IGNORECASE | re.MULTILINE) for p in optional_string_list(value)
    )


class DocumentRequirementCheck(Check):
    """Reports one document-level finding when the requirement applies and is not met."""

    # Entities only through citation evidence, which asks for them on demand.
    entities_on_demand = True

    OPTIONS = {
        "metadata_keys": Option(
            optional_string_list,
            default=(),
            help="metadata keys (front matter, HTML meta) that meet it",
        ),
        "text_patterns": Option(
            regex_list,
            default=(),
            help="regular expressions; a match in the text meets it",
            type="list of regexes",
        ),
        "satisfied_by_citations": Option(
            boolean, default=False, help="any citation or reference list meets it"
        ),
        "applies_when": Option(
            regex_list,
            default=(),
            help="the requirement applies only when one of these matches the text (empty: always)",
            type="list of regexes",
        ),
        "min_matches": Option(
            positive_int, default=1, help="how many applies_when matches make it apply"
        ),
        "min_words": Option(
            positive_int,
            default=1,
            help="only articles of at least this many words are checked, so "
            "snippets and short notes are not held to an article's standard",
        ),
    }

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        # Most patterns need words the article lacks ("reviewed by"): a substring test on the
        # folded text rules them out before the regular expression scans it.
        self.clauses = {
            pattern: literal_clauses(pattern)
            for key in ("text_patterns", "applies_when")
            for pattern in rule.options[key]
        }

    def _may_match(self, pattern: re.Pattern, analysis) -> bool:
        return may_match(
            pattern, self.clauses[pattern], analysis.document.text, analysis.folded_text
        )

    def find(self, analysis):
        """Yield one document-level match at the article's first block, if unmet."""
        document = analysis.document
        text = document.text
        options = self.rule.options
        # Cheap tests first: metadata and citations meet many requirements before any pattern
        # has to scan the text.
        if analysis.word_count < options["min_words"]:
            return
        metadata = {k.lower(): v for k, v in document.metadata.items() if str(v).strip()}
        if any(key.lower() in metadata for key in options["metadata_keys"]):
            return
        if options["satisfied_by_citations"] and (
            analysis.evidence.citations
            or analysis.evidence.references
            or analysis.evidence.source_line
        ):
            return
        # Where a requirement applies is usually decided by rare signals ("buy now"), so
        # testing that first spares most articles the scan for the requirement's patterns.
        if options["applies_when"] and not _at_least(
            options["min_matches"],
            [p for p in options["applies_when"] if self._may_match(p, analysis)],
            text,
        ):
            return
        if any(p.search(text) for p in options["text_patterns"] if self._may_match(p, analysis)):
            return
        start = document.blocks[0].start if document.blocks else 0
        yield Match(start, start, document_level=True)


def _at_least(count: int, patterns: list[re.Pattern], text: str) -> bool:
    """True when the patterns match ``text`` at least ``count`` times in all."""
    hits = 0
    for pattern in patterns:
        for _ in pattern.finditer(text):
            hits += 1
            if hits >= count:
                return True
    return False
