"""Kind ``statistic``: numbers that need a source — percentages, rates, multiples, head counts.

"50% of adults", "1 in 15 people", "three times more likely", "halves your risk", "10 million
Americans". Doses, durations, ages and dates are not statistics and are left alone. Whether a
citation nearby supports the number is the rule's ``requires_citation`` scope.
"""

from __future__ import annotations

import re

from healthlint.checks.base import Check, Match, Option, boolean, optional_string_list

NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    "forty|fifty|hundred|thousand|half|a quarter|a third"
)
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{NUMBER_WORDS})"
PEOPLE = (
    r"(?:people|persons|adults|children|kids|teens|teenagers|women|men|patients|"
    r"americans|britons|users|smokers|deaths|cases|infections|babies|individuals|"
    r"participants|residents|workers|students|seniors|parents|girls|boys)"
)
SHAPES = {
    # "100% natural" and "100% effective" are slogans, not statistics (other rules see them).
    "percentage": re.compile(
        rf"\b{NUMBER}\s?(?:%|percent\b|per cent\b)(?<!100%)(?<!100 %)"
        # "10 percent of your weight" is a personal target, not a population figure; a
        # confidence level ("95% CI") is a property of the statistics, not a claim.
        rf"(?!\s+of\s+(?:your|their|his|her|its|one's)\b)(?!\s*(?:CI\b|confidence))"
        rf"|\b100\s?%(?!\s+(?:natural|effective|safe|pure|organic|guaranteed|plant|vegan|"
        rf"free|satisfaction|money|real|genuine|certain|sure))",
        re.IGNORECASE,
    ),
    "rate": re.compile(
        rf"\b{NUMBER}\s+(?:in|out of)\s+(?:every\s+)?{NUMBER}\b"
        rf"|\b(?:per|every)\s+(?:100,000|10,000|1,000|100|million)\b",
        re.IGNORECASE,
    ),
    "multiple": re.compile(
        rf"\b(?:{NUMBER}\s+times|twice|double|triple)\s+(?:as\s+(?:likely|many|common|often|"
        rf"high|frequent|frequently|effective|deadly)|more\s+(?:likely|common|often|frequent|"
        rf"effective|deadly)|less\s+(?:likely|common|often)|(?:higher|lower|greater|likelier)\b)"
        rf"|\b(?:twice|three times|four times)\s+(?:as\s+)?often\b"
        rf"|\b{NUMBER}-?fold\b"
        rf"|\b(?:halves|halved|doubles|doubled|triples|tripled|quadruples)\s+(?:the|your|their|"
        rf"a|its)?\s*(?:risk|chance|odds|rate|likelihood)\b",
        re.IGNORECASE,
    ),
    "people": re.compile(
        rf"\b(?:{NUMBER}(?:\s+(?:million|billion|thousand|hundred))?|millions|thousands|"
        rf"hundreds|billions)\s+(?:of\s+)?"
        # one describing word may stand between ("1,278 pregnant women"), not a preposition
        rf"(?:(?!(?:for|in|to|and|or|of|with|by|at|per|from|the|a|an|than)\b)[a-z-]+\s+)?"
        rf"{PEOPLE}\b",
        re.IGNORECASE,
    ),
}
# Every shape begins at a digit or at one of these words. Finding those places once lets each
# shape be tried only there, instead of each shape scanning the whole text.
SHAPE_STARTS = re.compile(
    rf"\b(?=\d|{NUMBER_WORDS}|per|every|twice|double|triple|halve|quadruple|millions|thousands|"
    rf"hundreds|billions)",
    re.IGNORECASE,
)


def shape_matches(shape: re.Pattern, text: str, starts: list[int]) -> list[tuple[int, int]]:
    """The spans ``shape.finditer(text)`` finds, trying the shape only at ``starts``."""
    found, resume = [], 0
    for start in starts:
        if start < resume:
            continue
        match = shape.match(text, start)
        if match:
            found.append(match.span())
            resume = match.end()
    return found


# Ordinal rates such as "1 in the morning" are not rates; neither are scores "10 out of 10".
NOT_A_RATE = re.compile(r"\bin\s+(?:the|a|an)\b", re.IGNORECASE)


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

    def __init__(self, rule, nlp, settings):
        super().__init__(rule, nlp, settings)
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
