"""Kind ``slip``: typos made of real words, which no dictionary sees.

Each rule names one slip, and each slip is written to stay quiet unless it is nearly certain:

- ``repeated-word``: the same common word twice in a row ("the the"), except words that
  legitimately repeat ("had had", "that that") and names ("Loa loa");
- ``then-for-than``: "then" straight after a comparative ("more effective then surgery"), but
  not in a sentence that sets up a condition or a time ("if it gets worse then call"), where
  "then" is right, nor before a verb;
- ``that-for-than``: "that" after a comparative where the clause it would open has no verb
  ("a longer remedy that others"), so it cannot be a relative clause or a complement.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from healthlint.checks.base import Check, Match, Option, choice
from healthlint.lexicon import load_lexicon

SLIPS = ("repeated-word", "then-for-than", "that-for-than")
# A repeated word must be at least this common to be a slip: rarer ones are names that repeat
# ("Loa loa", a parasite; "Bora Bora").
REPEAT_MIN_ZIPF = 3.0
# Words that may stand twice in a row in correct English.
LEGITIMATE_REPEATS = frozenset(
    {
        "had",
        "that",
        "is",
        "very",
        "so",
        "no",
        "bye",
        "ha",
        "there",
        "well",
        "now",
        "knock",
        "blah",
        "ho",
    }
)
COMPARATIVE_TAGS = frozenset({"JJR", "RBR"})
# Comparative in form, not in use: "your lower abdomen that stores urine", "the upper arm".
POSITIONAL = frozenset(
    {"lower", "upper", "inner", "outer", "latter", "former", "elder", "further", "later"}
)
COMPARATIVE_HEADS = frozenset({"more", "less", "fewer"})
# "rather then" and "other then" are the same slip without a comparative form.
THAN_WORDS = frozenset({"rather", "other"})
# Words that make "then" mean "after that": a condition or a time clause.
CONDITION_WORDS = frozenset(
    {"if", "when", "whenever", "once", "after", "before", "until", "unless", "first"}
)
VERB_POS = frozenset({"VERB", "AUX"})
# How far back from "that" a comparative may stand: "a longer remedy that", "more side
# effects that".
THAT_REACH = 3


def _comparative(analysis, index: int) -> bool:
    """True for a comparative word or phrase ending at token ``index``: "longer", "more
    effective"."""
    lower, token = analysis.lowers[index], analysis.tokens[index]
    if lower in POSITIONAL:
        return False
    if token.tag_ in COMPARATIVE_TAGS or lower in THAN_WORDS:
        return True
    if index > 0 and token.pos_ in ("ADJ", "ADV"):
        return analysis.lowers[index - 1] in COMPARATIVE_HEADS
    return False


def _clause_has_verb(tokens) -> bool:
    """True when a verb comes before the next punctuation mark."""
    for token in tokens:
        if token.is_punct:
            return False
        if token.pos_ in VERB_POS:
            return True
    return False


def _positions(words: list[str], word: str) -> Iterator[int]:
    """Indexes of ``word`` in ``words``, the first position excepted (``list.index`` searches
    much faster than a Python loop over every token)."""
    index = 0
    while True:
        try:
            index = words.index(word, index + 1)
        except ValueError:
            return
        yield index


class SlipCheck(Check):
    """Flags one kind of real-word slip, chosen by the rule's ``slip`` option."""

    reads_entities = False

    OPTIONS = {
        "slip": Option(choice(*SLIPS), required=True, help="which real-word slip the rule flags"),
    }

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        if rule.options["slip"] == "repeated-word":
            load_lexicon()  # before any worker forks, so they share it

    def find(self, analysis):
        """Yield each slip, with the corrected text in ``suggestion``."""
        finder = {
            "repeated-word": self._repeated,
            "then-for-than": self._then,
            "that-for-than": self._that,
        }[self.rule.options["slip"]]
        yield from finder(analysis)

    @staticmethod
    def _repeated(analysis):
        lowers, tokens = analysis.lowers, analysis.tokens
        lexicon = None
        for index, (previous_lower, lower) in enumerate(pairwise(lowers), start=1):
            if lower != previous_lower:
                continue
            token, previous = tokens[index], tokens[index - 1]
            if not token.is_alpha or previous.whitespace_ != " " or lower in LEGITIMATE_REPEATS:
                continue
            if token.text[0].isupper() and previous.text[0].isupper():
                continue  # "New Vaccines Vaccines: The Basics" is a run of headings, not prose
            lexicon = lexicon or load_lexicon()
            if lexicon.zipf(lower) < REPEAT_MIN_ZIPF:
                continue
            yield Match(
                previous.idx, token.idx + len(token.text), {"suggestion": f"'{previous.text}'"}
            )

    @staticmethod
    def _then(analysis):
        lowers, tokens = analysis.lowers, analysis.tokens
        for index in _positions(lowers, "then"):
            if not _comparative(analysis, index - 1):
                continue
            sentence = analysis.sentence_of(index)
            if any(lower in CONDITION_WORDS for lower in lowers[sentence.start : index]):
                continue
            following = tokens[index + 1] if index + 1 < sentence.end else None
            if following is None or following.is_punct or following.pos_ in VERB_POS:
                continue
            token = tokens[index]
            yield Match(
                token.idx,
                token.idx + len(token.text),
                {"suggestion": "'than'" if token.text.islower() else "'Than'"},
            )

    @staticmethod
    def _that(analysis):
        lowers, tokens = analysis.lowers, analysis.tokens
        for index in _positions(lowers, "that"):
            sentence = analysis.sentence_of(index)
            reach = range(max(sentence.start, index - THAT_REACH), index)
            if not any(_comparative(analysis, i) for i in reach) or any(
                lowers[i] == "than" for i in reach
            ):
                continue  # "worse than that of the general population" already has its "than"
            following = tokens[index + 1 : sentence.end]
            if not following or following[0].is_punct or _clause_has_verb(following):
                continue
            if following[0].tag_ in ("NN", "NNP"):
                continue  # "more cases that year": a determiner, not a slip for "than"
            token = tokens[index]
            yield Match(
                token.idx,
                token.idx + len(token.text),
                {"suggestion": "'than'" if token.text.islower() else "'Than'"},
            )
