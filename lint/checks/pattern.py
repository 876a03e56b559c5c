"""Kind ``pattern``: spaCy Matcher token patterns, for phrases with grammar in them."""

from __future__ import annotations

import weakref

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


class _SharedMatcher:
    """One spaCy Matcher holding the patterns of every pattern rule, run once per document.

    A Matcher pass walks the whole document whatever it holds, so twenty rules with a Matcher
    each cost twenty passes; sharing one costs one.
    """

    def __init__(self, vocab):
        from spacy.matcher import Matcher

        self.matcher = Matcher(vocab)

    def add(self, key: str, patterns) -> None:
        self.matcher.add(key, patterns, greedy="LONGEST")

    def remove(self, key: str) -> None:
        if key in self.matcher:
            self.matcher.remove(key)

    def matches(self, analysis) -> dict[str, list[tuple[int, int]]]:
        """Every rule's matches in this document, computed on the first request."""

        def run():
            strings = analysis.doc.vocab.strings
            found: dict[str, list[tuple[int, int]]] = {}
            for match_id, start, end in self.matcher(analysis.doc):
                found.setdefault(strings[match_id], []).append((start, end))
            return found

        return analysis.memo(("pattern-matcher", id(self)), run)


_shared_by_vocab: dict[int, _SharedMatcher] = {}


class PatternCheck(Check):
    """Flags every span that one of the rule's token patterns matches (longest, leftmost)."""

    OPTIONS = {
        "patterns": Option(token_patterns, required=True,
                           help="spaCy Matcher patterns: lists of token attribute mappings"),
    }

    def __init__(self, rule, nlp, settings=None):
        super().__init__(rule, nlp, settings)
        self.shared = _shared_by_vocab.setdefault(id(nlp.vocab), _SharedMatcher(nlp.vocab))
        # Unique per instance: a rule loaded twice (two linters) keeps its own entry.
        self.key = f"{rule.id}#{id(self)}"
        self.shared.add(self.key, list(rule.options["patterns"]))
        weakref.finalize(self, self.shared.remove, self.key)

    def find(self, analysis):
        """Yield each non-overlapping pattern match."""
        doc = analysis.doc
        for start, end in sorted(self.shared.matches(analysis).get(self.key, ())):
            yield Match(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
