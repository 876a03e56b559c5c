"""Kind ``sentence-length``: prose sentences longer than a word limit."""

from __future__ import annotations

from healthlint.checks.base import Check, Match, Option, positive_int
from healthlint.prose import threshold


class SentenceLengthCheck(Check):
    """Flags each prose sentence with more words than ``max_words``.

    ``readability.max_sentence_words`` in the config wins over the rule's ``max_words``. Words
    are counted as the readability formulas count them (no punctuation, "don't" is one word).
    """

    reads_entities = False

    OPTIONS = {
        "max_words": Option(
            positive_int, default=25, help="a sentence with more words than this is flagged"
        ),
    }

    def limit(self) -> int:
        """The word limit in force for this run."""
        return threshold(self.settings, "max_sentence_words", self.rule.options["max_words"])

    def find(self, analysis):
        """Yield each over-long sentence, spanning the whole sentence."""
        limit = self.limit()
        for sentence in analysis.prose.sentences:
            if sentence.words > limit:
                yield Match(sentence.start, sentence.end, {"words": sentence.words, "limit": limit})
