"""Kind ``pattern``: spaCy Matcher token patterns, for phrases with grammar in them."""

from __future__ import annotations

from lint.checks.base import Check, Match, Option


def token_patterns(value) -> tuple:
    """Validate a list of spaCy Matcher patterns (each a list of token attribute mappings)."""
    if not isinstance(value, list) or not value:
        raise ValueError("must be a non-empty list of token patterns")
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)
    for index, pattern in enumerate(value):
        if not isinstance(pattern, list) or not pattern or not all(
                isinstance(t, dict) for t in pattern):
            raise ValueError(f"pattern {index + 1} must be a list of token mappings")
        try:
            matcher.add(f"p{index}", [_plain(pattern)])
        except Exception as exc:  # spaCy raises several types for a bad pattern
            first = str(exc).strip().splitlines()
            detail = " ".join(line.strip() for line in first if line.strip())[:300]
            raise ValueError(
                f"pattern {index + 1} is not a valid spaCy pattern: {detail}") from None
    return tuple(_plain(p) for p in value)


def _plain(value):
    """Strip the line-tracking containers so spaCy receives plain dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class PatternCheck(Check):
    """Flags every span that one of the rule's token patterns matches (longest, leftmost)."""

    OPTIONS = {
        "patterns": Option(token_patterns, required=True,
                           help="spaCy Matcher patterns: lists of token attribute mappings"),
    }

    def __init__(self, rule, nlp, settings=None):
        from spacy.matcher import Matcher

        super().__init__(rule, nlp, settings)
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add(rule.id, list(rule.options["patterns"]), greedy="LONGEST")

    def find(self, analysis):
        """Yield each non-overlapping pattern match."""
        doc = analysis.doc
        for _, start, end in sorted(self.matcher(doc), key=lambda m: m[1]):
            yield Match(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
