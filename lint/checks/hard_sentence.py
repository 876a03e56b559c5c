"""Kind ``hard-sentence``: sentences whose own reading grade is far above the audience's target.

Each readability formula has quirks on a single sentence (Flesch-Kincaid rewards short words,
SMOG counts nothing but long words, Dale-Chall nothing but unfamiliar ones), so a sentence is
flagged only when most formulas agree it is hard, as retext-readability does.
"""

from __future__ import annotations

from healthlint.checks.base import Check, Match, Option, positive_int
from healthlint.prose import FORMULAS, target_grade, threshold


class HardSentenceCheck(Check):
    """Flags a sentence when ``agreement`` formulas put it ``margin`` grades above the target.

    A sentence over the sentence-length limit is left to ``sentence-length``, whose advice
    (split it) is the same, so an editor does not get two findings for one sentence.
    """

    reads_entities = False

    OPTIONS = {
        "margin": Option(
            positive_int,
            default=8,
            help="grades above the audience's target that count as far above",
        ),
        "agreement": Option(
            positive_int, default=4, help=f"how many of the {len(FORMULAS)} formulas must agree"
        ),
        "min_words": Option(
            positive_int,
            default=10,
            help="shorter sentences are not graded (the formulas are unstable)",
        ),
        "max_words": Option(
            positive_int, default=25, help="longer sentences are left to the sentence-length rule"
        ),
    }

    def find(self, analysis):
        """Yield each sentence that enough formulas grade far above the target."""
        target = target_grade(self.settings)
        if target is None:
            return
        options = self.rule.options
        ceiling = target + options["margin"]
        longest = threshold(self.settings, "max_sentence_words", options["max_words"])
        for sentence in analysis.prose.sentences:
            if not options["min_words"] <= sentence.words <= longest:
                continue
            over = [name for name in FORMULAS if sentence.grades.get(name, 0) >= ceiling]
            if len(over) >= min(options["agreement"], len(sentence.grades)):
                yield Match(
                    sentence.start,
                    sentence.end,
                    {
                        "grade": f"{sentence.grade:.0f}",
                        "target": f"{target:g}",
                        "agree": len(over),
                        "formulas": len([n for n in FORMULAS if n in sentence.grades]),
                    },
                )
