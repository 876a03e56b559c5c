"""Kind ``paragraph-length``: paragraphs with more words than a limit."""

from __future__ import annotations

from healthlint.checks.base import Check, Match, Option, positive_int
from healthlint.prose import threshold

_PARAGRAPH_KINDS = frozenset({"paragraph", "blockquote"})


class ParagraphLengthCheck(Check):
    """Flags each paragraph whose prose sentences add up to more than ``max_words`` words.

    The finding is placed on the paragraph's first sentence (a finding never spans two
    sentences). ``readability.max_paragraph_words`` in the config wins over ``max_words``.
    """

    reads_entities = False

    OPTIONS = {
        "max_words": Option(
            positive_int, default=150, help="a paragraph with more words than this is flagged"
        ),
    }

    def find(self, analysis):
        """Yield the first sentence of each over-long paragraph."""
        limit = threshold(self.settings, "max_paragraph_words", self.rule.options["max_words"])
        by_block: dict[int, list] = {}
        for sentence in analysis.prose.sentences:
            block = analysis.block_at(sentence.start)
            if block is not None and block.kind in _PARAGRAPH_KINDS:
                by_block.setdefault(block.start, []).append(sentence)
        for sentences in by_block.values():
            words = sum(s.words for s in sentences)
            if words > limit:
                first = sentences[0]
                yield Match(
                    first.start,
                    first.end,
                    {"words": words, "limit": limit, "sentences": len(sentences)},
                )
