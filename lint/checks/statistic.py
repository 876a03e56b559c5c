"""Kind ``statistic``: numbers that need a source — percentages, rates, multiples, head counts.

"50% of adults", "1 in 15 people", "three times more likely", "halves your risk", "10 million
Americans". Doses, durations, ages and dates are not statistics and are left alone. Whether a
citation nearby supports the number is the rule's ``requires_citation`` scope.
"""

from __future__ import annotations

from healthlint.checks.base import Check, Match, Option, boolean, optional_string_list
from healthlint.figures import NOT_A_RATE, SHAPE_STARTS, SHAPES, shape_matches


class StatisticCheck(Check):
    """Flags statistical claims by shape (percentage, rate, multiple, people count)."""

    # Entities only through citation evidence, which asks for them on demand.
    entities_on_demand = True

    OPTIONS = {
        "shapes": Option(
            optional_string_list,
            default=tuple(SHAPES),
            help=f"which shapes to flag: {', '.join(SHAPES)}",
        ),
        "skip_attributed": Option(
            boolean,
            default=True,
            help="leave a number alone when its sentence is already a "
            "vague attribution ('statistics say 50%…'), so one "
            "problem gives one finding",
        ),
    }

    @classmethod
    def validate_options(cls, options):
        """Only the shapes this kind knows."""
        unknown = set(options["shapes"]) - set(SHAPES)
        if unknown:
            raise ValueError(
                f"unknown statistic shapes {sorted(unknown)} (known: {', '.join(SHAPES)})"
            )

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        self.shapes = [SHAPES[name] for name in rule.options["shapes"]]

    def find(self, analysis):
        """Yield the first statistic of each sentence that has one."""
        text = analysis.document.text
        starts = [match.start() for match in SHAPE_STARTS.finditer(text)]
        if not starts:
            return
        spans = []
        for shape in self.shapes:
            for start, end in shape_matches(shape, text, starts):
                if NOT_A_RATE.search(text[start:end]):
                    continue
                if any(s < end and start < e for s, e in spans):
                    continue
                spans.append((start, end))
        attributed = (
            analysis.evidence.attributed_sentences if self.rule.options["skip_attributed"] else ()
        )
        flagged_sentences = set()
        for start, end in sorted(spans):
            span = analysis.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            sentence = analysis.sentence_of(span.start).start
            # One source covers a sentence's figures, so one finding per sentence is enough.
            if sentence in attributed or sentence in flagged_sentences:
                continue
            flagged_sentences.add(sentence)
            yield Match(start, end)
