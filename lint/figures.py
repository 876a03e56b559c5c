"""Figures in prose: the shapes of a statistic and the numbers written as words.

The ``statistic`` kind flags these shapes and the claim inventory classifies sentences by them,
so both read them here.
"""

from __future__ import annotations

import re

# Numbers written as words, with their values. Their order is the order the statistic shapes
# try them in.
NUMBER_WORDS: dict[str, float] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "half": 0.5,
    "a quarter": 0.25,
    "a third": 1 / 3,
}
_NUMBER_WORD = "|".join(NUMBER_WORDS)
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_NUMBER_WORD})"
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
    rf"\b(?=\d|{_NUMBER_WORD}|per|every|twice|double|triple|halve|quadruple|millions|thousands|"
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


def number_value(word: str) -> float | None:
    """The value of a number in digits ("1,000") or in words ("twenty"), or None."""
    word = word.lower().replace(",", "")
    if word.isdigit():
        return float(word)
    return NUMBER_WORDS.get(word)
