"""Kind ``readability``: document readability figures, and a finding when a document is too hard.

The figures come from the prose facts of :mod:`healthlint.prose`, shared with the other
readability kinds.
"""

from __future__ import annotations

from healthlint.checks.base import Check, Match, Option, positive_int
from healthlint.config import Settings
from healthlint.prose import load_word_data, target_grade


def metrics(analysis, settings: Settings, min_words: int) -> dict:
    """The per-file ``readability`` object of the JSON output."""
    figures = analysis.prose
    totals, found = figures.totals, figures.scores or {}
    target = target_grade(settings)
    result = {
        "words": totals.words,
        "sentences": totals.sentences,
        "avg_sentence_length": round(totals.words / totals.sentences, 1)
        if totals.sentences
        else None,
    }
    for name in (
        "smog",
        "flesch_kincaid_grade",
        "flesch_reading_ease",
        "gunning_fog",
        "coleman_liau",
        "dale_chall",
    ):
        result[name] = round(found[name], 1) if name in found else None
    result["audience"] = settings.audience
    result["target_grade"] = target
    result["over_target"] = (
        None if target is None or totals.words < min_words or not found else found["smog"] > target
    )
    return result


# ------------------------------------------------------------------------------------------
# The kind
# ------------------------------------------------------------------------------------------


def _preview(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class ReadabilityCheck(Check):
    """One finding for a document whose SMOG grade is above its audience's target.

    The finding gives the figures and names the three hardest sentences (by the median of the
    formulas' grades), so an editor knows where to start. ``measure`` reports the figures
    for every document, over target or not.
    """

    reads_entities = False

    OPTIONS = {
        "min_words": Option(
            positive_int,
            default=100,
            help="documents shorter than this are not graded (too few "
            "sentences for a stable score)",
        ),
    }

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        load_word_data()

    def measure(self, analysis) -> dict:
        """The ``readability`` object: every formula's score, counts, target and verdict."""
        return {"readability": metrics(analysis, self.settings, self.rule.options["min_words"])}

    def find(self, analysis):
        """Yield one document-level match when the SMOG grade is above the target."""
        target = target_grade(self.settings)
        figures = analysis.prose
        if (
            target is None
            or figures.scores is None
            or figures.totals.words < self.rule.options["min_words"]
            or figures.scores["smog"] <= target
        ):
            return
        document = analysis.document
        hardest = sorted(figures.sentences, key=lambda s: -s.grade)[:3]
        named = []
        for sentence in sorted(hardest, key=lambda s: s.start):
            line, column = document.span_position(sentence.start, sentence.end)[:2]
            named.append(f'{line}:{column} "{_preview(sentence.text)}"')
        # Like every document-level finding, an empty span at the start of the first block.
        start = document.blocks[0].start if document.blocks else 0
        found = figures.scores
        yield Match(
            start,
            start,
            {
                "grade": f"{found['smog']:.1f}",
                "fk_grade": f"{found['flesch_kincaid_grade']:.1f}",
                "ease": f"{found['flesch_reading_ease']:.0f}",
                "target": f"{target:g}",
                "audience": self.settings.audience,
                "hardest": "; ".join(named),
            },
            document_level=True,
        )
