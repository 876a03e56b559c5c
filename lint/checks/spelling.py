"""Kinds ``misspelling``, ``spelling`` and ``term-consistency``: typos a medical editor trusts.

All three read the same words of the prose (:func:`prose_words`): what is not prose is left out
before any lexicon is asked. That means tokens that are not plain words (numbers, units, URLs,
e-mail addresses, codes such as SGLT2), acronyms and other words with capitals inside, the
species name after a genus ("Angiostrongylus cantonensis"), and words inside quotation marks or
block quotes, which keep the spelling of whoever is quoted. (The engine already drops code and
reference lists.) Names are kept but marked: words spaCy tags as people, organisations, places
and the like, and words capitalised inside a sentence, are checked only against the list of
known misspellings, and only when the web has barely seen them as names.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from healthlint.checks.base import Check, Match
from healthlint.lexicon import Lexicon, load_lexicon, max_edits
from healthlint.nlp import with_entities

# Entity types whose words are names, not vocabulary.
NAME_ENTITIES = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "NORP",
        "FAC",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
_GENUS_ABBREVIATION = re.compile(r"[A-Z]\.")
# A capitalised word this rare in general English before a lower-case word is taken as a genus.
GENUS_MAX_ZIPF = 3.0
# Endings of Latin species names ("microti", "cantonensis", "scabiei", "duodenale").
SPECIES_ENDINGS = ("i", "ae", "is", "us", "um", "a", "e", "es", "oides")
# A capitalised word (a name, most likely) is reported as a known misspelling only when general
# English has barely seen it: "Institue" and "Controll" are slips, "Carmel" and "Ambien" names.
CAPITALISED_MAX_ZIPF = 2.5
# List markers of plain text: the word after one starts an item, as a sentence does.
BULLETS = frozenset({"-", "–", "•", "*", "·", "‣", "▪"})
# Quotation marks that open and close a quotation in running text. A straight single quote
# counts only with no letter outside it, so apostrophes (don't, patients') never open one.
# (The look-behind comes after the opening quote so that every alternative starts with a
# quotation mark, which lets the regex engine skip straight from one mark to the next.)
_QUOTATION = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|‘[^’\n]*’(?!\w)|'(?<!\w')[^'\n]*'(?!\w)")
# Word-forming prefixes and medical combining forms: "reinfestation", "postexposure",
# "urostomy". A prefix explains a word only when the rest is a known word.
PREFIXES = (
    "angio",
    "anti",
    "arthro",
    "auto",
    "bio",
    "broncho",
    "cardio",
    "co",
    "counter",
    "cyto",
    "de",
    "dis",
    "endo",
    "entero",
    "extra",
    "gastro",
    "hemo",
    "hepato",
    "hyper",
    "hypo",
    "immuno",
    "inter",
    "intra",
    "leuko",
    "lympho",
    "macro",
    "micro",
    "mid",
    "mini",
    "multi",
    "myo",
    "nephro",
    "neuro",
    "non",
    "osteo",
    "over",
    "patho",
    "peri",
    "poly",
    "post",
    "pre",
    "pseudo",
    "psycho",
    "re",
    "semi",
    "sub",
    "super",
    "trans",
    "ultra",
    "un",
    "under",
    "uro",
    "vaso",
)
# Endings and what replaces them on the stem: plurals ("leukodystrophies", "amebae",
# "ehrlichioses"), Latin adjectives ("echinococcal" from "echinococcus") and derivations
# ("tearfulness", "unsporulated").
ENDINGS = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ae", "a"),
    ("i", "us"),
    ("a", "um"),
    ("oses", "osis"),
    ("ices", "ex"),
    ("ices", "ix"),
    ("al", "us"),
    ("al", "um"),
    ("ic", "ia"),
    ("ic", "is"),
    ("otic", "osis"),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ly", ""),
    ("ness", ""),
    ("iness", "y"),
    ("ated", "ate"),
)
# Spelling variants of medical English (British, American, international names): a word that
# is known once one of these is swapped is a variant, not a typo ("cefalexin", "beclometasone",
# "oesophagus").
VARIANTS = (
    ("ph", "f"),
    ("f", "ph"),
    ("th", "t"),
    ("t", "th"),
    ("ae", "e"),
    ("oe", "e"),
    ("y", "i"),
    ("i", "y"),
    ("s", "z"),
    ("our", "or"),
    ("re", "er"),
)
# A stem, or the word after a prefix, must be a medical word or at least this common.
STEM_MIN_ZIPF = 2.0
# A word built regularly from known parts is still a typo when a common word is one edit away:
# "dizzyness" (dizziness), "disgnosis" (diagnosis), "occured" (occurred).
NEIGHBOUR_MIN_ZIPF = 3.0
# wordfreq counts words on the web, typos included ("probally", "kontrol"). A word it has barely
# seen (Zipf below RARE_MAX_ZIPF) is still taken for a typo when a word one edit away is at
# least RARE_GAP more common (10 ** RARE_GAP times as frequent).
RARE_MAX_ZIPF = 2.0
RARE_GAP = 2.5
# Both words of a closed compound must be at least this common: "tickborne", "woodpiles".
COMPOUND_MIN_ZIPF = 3.5
# Endings of words built from Greek and Latin roots. An unknown word shaped like that is more
# likely a term the lexicon lacks than a typo, unless a known word is a single edit away.
TERM_ENDINGS = (
    "cide",
    "cides",
    "cidal",
    "ine",
    "ines",
    "otic",
    "osis",
    "oses",
    "iasis",
    "itis",
    "omy",
    "omies",
    "plasty",
    "scopy",
    "emia",
    "pathy",
    "genic",
    "ology",
    "ologist",
    "oma",
    "omas",
    "ase",
    "ases",
    "ide",
    "ides",
    "ium",
    "ia",
    "al",
    "ic",
    "id",
    "ids",
    "ae",
    "us",
    "um",
    "ii",
    "oid",
    "oids",
    "ol",
    "one",
    "ate",
    "ates",
)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` inside quotation marks, within one line."""
    return [(m.start(), m.end()) for m in _QUOTATION.finditer(text)]


class Word(NamedTuple):
    """A token of prose the typo checks look at."""

    text: str
    # Offset of the word in Document.text.
    start: int
    lower: str
    # Capitalised inside a sentence or part of a named entity: probably a name, so only rare
    # known misspellings are flagged.
    name_like: bool = False

    @property
    def end(self) -> int:
        """End offset of the word in Document.text."""
        return self.start + len(self.text)


def _quoted_tokens(analysis) -> frozenset[int]:
    """Indexes of the tokens that start inside a quotation (read via ``analysis.fact``)."""
    offsets = analysis.offsets
    quoted: set[int] = set()
    for start, end in quoted_spans(analysis.document.text):
        quoted.update(range(bisect_left(offsets, start), bisect_left(offsets, end)))
    return frozenset(quoted)


# Verdicts kept per word across documents: more than the vocabulary of a large run, and a
# bound so a long-lived process does not grow without end.
VERDICT_CACHE_SIZE = 100_000


class _Verdicts(dict):
    """A test on a word, remembered per word for the process: the typo kinds ask it of every
    token, and most words recur across documents."""

    def __init__(self, test):
        super().__init__()
        self.test = test

    def __missing__(self, text: str):
        if len(self) >= VERDICT_CACHE_SIZE:
            self.clear()
        verdict = self[text] = self.test(text)
        return verdict


def _plain_word(text: str) -> bool:
    """True for two or more ASCII letters with no capital after the first (not an acronym,
    code or camel-case name)."""
    return len(text) >= 2 and text.isascii() and text.isalpha() and text[1:].islower()


_PLAIN_WORD = _Verdicts(_plain_word)


def _starts_unit(analysis, index: int) -> bool:
    """True for the first word of a sentence or list item, or the word after a colon."""
    tokens, texts = analysis.tokens, analysis.texts
    sentence_start = analysis.sentence_of(index).start
    earlier = index - 1
    while earlier >= sentence_start and not tokens[earlier].is_alpha:
        earlier -= 1
    if earlier < sentence_start:
        return True
    i = index - 1
    while i >= 0 and tokens[i].is_space:
        i -= 1
    if i < 0 or texts[i] == ":":
        return True
    # A list marker opens an item when it stands apart: "    - Constipation".
    return texts[i] in BULLETS and (
        i == 0 or tokens[i - 1].is_space or bool(tokens[i - 1].whitespace_)
    )


def _species_names(analysis) -> frozenset[int]:
    """Indexes of the lower-case species names after a genus ("Babesia microti",
    "A. cantonensis"); read via ``analysis.fact``, so found once per document."""
    texts, lexicon = analysis.texts, load_lexicon()
    found = set()
    # A genus is capitalised, which rules out most tokens at a glance.
    for index, (genus, species) in enumerate(pairwise(texts)):
        if (
            genus[:1].isupper()
            and species.islower()
            and species.endswith(SPECIES_ENDINGS)
            and _genus(analysis, index, lexicon)
        ):
            found.add(index + 1)
    return frozenset(found)


def _genus(analysis, index: int, lexicon: Lexicon) -> bool:
    """True when token ``index`` can name a genus: an initial, or a capitalised word rare in
    general English."""
    genus = analysis.texts[index]
    if _GENUS_ABBREVIATION.fullmatch(genus):
        return True
    return (
        genus[:1].isupper()
        and genus[1:].islower()
        and analysis.tokens[index].is_alpha
        and lexicon.zipf(analysis.lowers[index]) < GENUS_MAX_ZIPF
    )


def _name_entity_labels(doc) -> tuple[list[int], frozenset[int]]:
    """Each token's entity label id, and the ids that are NAME_ENTITIES.

    One array read instead of a Token and a string per word.
    """
    labels = doc.to_array("ENT_TYPE").tolist()
    strings = doc.vocab.strings
    return labels, frozenset(
        label for label in set(labels) if label and strings[label] in NAME_ENTITIES
    )


def prose_words(analysis) -> list[Word]:
    """The words of the document the typo checks consider, in order (computed once per document).

    See the module docstring for what is left out and why.
    """
    return analysis.fact(_find_prose_words)


def _find_prose_words(analysis) -> list[Word]:
    lexicon = load_lexicon()
    left_out = (
        analysis.fact(_quoted_tokens)
        | analysis.fact(_species_names)
        | {index for index, kind in enumerate(analysis.token_block_kinds) if kind == "blockquote"}
    )
    lowers, offsets = analysis.lowers, analysis.offsets
    doubtful = _doubt_verdicts(lexicon)
    words, indexes, ask_entities = [], [], False
    for index, text in enumerate(analysis.texts):
        if not _PLAIN_WORD[text] or index in left_out:
            continue
        name_like = text[0].isupper() and not _starts_unit(analysis, index)
        words.append(Word(text, offsets[index], lowers[index], name_like))
        indexes.append(index)
        ask_entities = ask_entities or (not name_like and doubtful[lowers[index]])
    # Being part of a name matters only for a word a typo rule could flag; only then are the
    # document's entities needed (and recognised, if the parse left them for later).
    if ask_entities:
        labels, name_labels = _name_entity_labels(with_entities(analysis.doc))
        words = [
            word
            if word.name_like or labels[index] not in name_labels
            else word._replace(name_like=True)
            for word, index in zip(words, indexes, strict=True)
        ]
    return words


@cache
def _doubt_verdicts(lexicon: Lexicon) -> _Verdicts:
    """Per word: could some typo rule flag it, so that whether it is part of a name can change
    the outcome? A known misspelling, or a word the lexicon's verdict questions."""
    verdicts = _lexicon_verdicts(lexicon)
    return _Verdicts(lambda word: word in lexicon.misspellings or verdicts[word] != _FINE)


def match_case(suggestion: str, original: str) -> str:
    """``suggestion`` written in the case pattern of ``original`` (Title, UPPER or lower)."""
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


class _TypoCheck(Check):
    """Shared set-up: the lexicon and the user's vocabulary."""

    # Entities only for words no lexicon vouches for, asked for on demand.
    entities_on_demand = True

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        vocabulary = settings.vocabulary if settings is not None else None
        self.accepted = vocabulary.accept if vocabulary else frozenset()
        self.rejected = vocabulary.reject if vocabulary else {}
        # Loaded here rather than per document, so forked workers inherit it.
        self.lexicon = load_lexicon().prepare()


class MisspellingCheck(_TypoCheck):
    """Flags known misspellings (codespell's list, healthlint's medical list, the user's reject
    list), suggesting the correction."""

    def find(self, analysis):
        """Yield each known misspelling with its correction in ``suggestion``."""
        lexicon, rejected = self.lexicon, self.rejected
        # Known misspellings are rare: one membership test each leaves the few worth a look.
        listed = lexicon.misspellings
        candidates = [
            word for word in prose_words(analysis) if word.lower in listed or word.lower in rejected
        ]
        for word in candidates:
            if word.lower in rejected:
                replacement = self.rejected[word.lower]
                suggestion = (
                    f"'{match_case(replacement, word.text)}'"
                    if replacement
                    else "another word (your vocabulary rejects this one)"
                )
                yield Match(word.start, word.end, {"suggestion": suggestion})
                continue
            if word.lower in self.accepted:
                continue
            corrections = lexicon.corrections(word.lower)
            if not corrections:
                continue
            if word.name_like and lexicon.zipf(word.lower) >= CAPITALISED_MAX_ZIPF:
                continue
            if len(word.lower) < 3 and not word.text.islower():
                continue  # "Te" (tellurium) is a symbol, not a slip for "the"
            options = [f"'{match_case(c, word.text)}'" for c in corrections]
            yield Match(word.start, word.end, {"suggestion": " or ".join(options)})


def _established(word: str, lexicon: Lexicon) -> bool:
    """True for a medical word or a general word common enough to build on."""
    return word in lexicon.medical or (
        lexicon.zipf(word) >= STEM_MIN_ZIPF and word not in lexicon.misspellings
    )


def _stem_is_word(word: str, lexicon: Lexicon) -> bool:
    """True when ``word`` is an established word with an ending from ENDINGS, or a known
    plural without its "s"."""
    for ending, replacement in ENDINGS:
        if (
            word.endswith(ending)
            and len(word) - len(ending) >= 3
            and _established(word[: -len(ending)] + replacement, lexicon)
        ):
            return True
    return _established(word + "s", lexicon) or _established(word + "es", lexicon)


def _variant_of_word(word: str, lexicon: Lexicon) -> bool:
    for old, new in VARIANTS:
        start = word.find(old)
        while start >= 0:
            if _established(word[:start] + new + word[start + len(old) :], lexicon):
                return True
            start = word.find(old, start + 1)
    return False


def _built_from_words(word: str, lexicon: Lexicon) -> bool:
    if _stem_is_word(word, lexicon) or _variant_of_word(word, lexicon):
        return True
    for prefix in PREFIXES:
        rest = word[len(prefix) :]
        if (
            word.startswith(prefix)
            and len(rest) >= 4
            and (_established(rest, lexicon) or _stem_is_word(rest, lexicon))
        ):
            return True
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if left in _stop_words() or right in _stop_words():
            continue
        if lexicon.zipf(left) >= COMPOUND_MIN_ZIPF and (
            lexicon.zipf(right) >= COMPOUND_MIN_ZIPF
            or (right.endswith("s") and lexicon.zipf(right[:-1]) >= COMPOUND_MIN_ZIPF)
        ):
            return True
    return False


def explained(word: str, lexicon: Lexicon) -> bool:
    """True when an unknown word is built regularly from established words.

    That is a plural, a Latin adjective or a derivation ("arenaviruses", "echinococcal",
    "tearfulness"), a spelling variant ("cefalexin"), a prefix on a word ("reinfestation"), or
    two common content words closed up ("tickborne"); function words never count, so a
    missing space ("andthe") is still caught. A common word one edit away overrules all of
    these: "dizzyness" is dizzy + ness, but it is a slip for "dizziness".
    """
    return (
        _built_from_words(word, lexicon)
        and lexicon.common_neighbour(word, NEIGHBOUR_MIN_ZIPF) is None
    )


def _osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (an adjacent transposition is one edit)."""
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b)


class _Verdict(NamedTuple):
    """What the spelling rule makes of a word on its own, before the document is consulted."""

    # No lexicon knows the word and it is not built from known words: look for a correction.
    unknown: bool = False
    # For a known word general English has barely seen, the far commoner word it slips for.
    rare_slip: str | None = None


_FINE = _Verdict()


@cache
def _lexicon_verdicts(lexicon: Lexicon) -> _Verdicts:
    """Per lower-case word, what the lexicon alone makes of it (see :func:`_lexicon_verdict`)."""
    return _Verdicts(lambda word: _lexicon_verdict(word, lexicon))


def _lexicon_verdict(word: str, lexicon: Lexicon) -> _Verdict:
    """A known word is fine unless it is a rare slip for a far commoner one; an unknown word
    is fine when word-building explains it."""
    if lexicon.is_word(word):
        rare = _rare_slip(word, lexicon)
        return _Verdict(rare_slip=rare) if rare else _FINE
    return _FINE if explained(word, lexicon) else _Verdict(unknown=True)


class SpellingCheck(_TypoCheck):
    """Flags words that no lexicon knows and that look like a misspelling of one it does.

    A word is flagged only when a likely correction exists: an unknown word far from every
    known word is usually a term the lexicon lacks, not a typo. Terms the document uses
    repeatedly are preferred as the suggestion ("metfromin" → the article's "metformin").
    """

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        # Words recur from document to document, and the lexicon's verdict never changes.
        self.verdicts = _lexicon_verdicts(self.lexicon)

    def find(self, analysis):
        """Yield each unknown word with its likeliest correction in ``suggestion``."""
        lexicon = self.lexicon
        terms = None
        for word in prose_words(analysis):
            if word.name_like:
                continue
            verdict = self._verdict_on(word.lower)
            if verdict.rare_slip:
                yield Match(
                    word.start,
                    word.end,
                    {"suggestion": f"'{match_case(verdict.rare_slip, word.text)}'"},
                )
            if not verdict.unknown:
                continue
            if terms is None:
                terms = _document_terms(analysis, lexicon)
            found = _closest_term(word.lower, terms) or lexicon.suggest(word.lower)
            if found is None:
                continue
            suggestion, distance = found
            if distance > 1 and word.lower.endswith(TERM_ENDINGS):
                continue
            yield Match(
                word.start, word.end, {"suggestion": f"'{match_case(suggestion, word.text)}'"}
            )

    def _verdict_on(self, lower: str) -> _Verdict:
        """Short words, the user's own lists and known misspellings (the misspelling rule's)
        are fine; otherwise the lexicon decides."""
        if (
            len(lower) < 3
            or lower in self.accepted
            or lower in self.rejected
            or lower in self.lexicon.misspellings
        ):
            return _FINE
        return self.verdicts[lower]


def _rare_slip(word: str, lexicon: Lexicon) -> str | None:
    """For a word general English has barely seen, a far commoner word one edit away."""
    zipf = lexicon.zipf(word)
    if word in lexicon.medical or zipf >= RARE_MAX_ZIPF:
        return None
    return lexicon.common_neighbour(word, zipf + RARE_GAP)


def _document_terms(analysis, lexicon: Lexicon) -> dict[str, int]:
    """Known words the document uses at least three times, with their counts."""
    counts = Counter(w.lower for w in prose_words(analysis))
    return {w: n for w, n in counts.items() if n >= 3 and lexicon.is_word(w)}


def _closest_term(word: str, terms: dict[str, int]) -> tuple[str, int] | None:
    """The document's own term closest to ``word`` (the most used on a tie), and its
    distance."""
    limit = max_edits(len(word))
    close = []
    for term, count in terms.items():
        if abs(len(term) - len(word)) <= limit:
            distance = _osa_distance(word, term)
            if distance <= limit:
                close.append((distance, -count, term))
    if not close:
        return None
    distance, _, term = min(close)
    return term, distance


# Consistency: how often the usual form must occur, and how much more often than the odd one.
CONSISTENCY_MIN_COUNT = 3
CONSISTENCY_RATIO = 3
# An odd form at least this common in general English is a word in its own right ("from" next
# to "form"), not a slip.
CONSISTENCY_MAX_ZIPF = 3.0


def _term_like(text: str) -> bool:
    """True for an ASCII letter followed by three or more ASCII letters or digits."""
    return len(text) >= 4 and text.isascii() and text.isalnum() and text[0].isalpha()


_TERM_LIKE = _Verdicts(_term_like)


def _transposition(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with two adjacent characters swapped."""
    if len(a) != len(b) or a == b:
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    )


def _differs_only_in_digits(a: str, b: str) -> bool:
    return re.sub(r"\d", "", a) == re.sub(r"\d", "", b)


class ConsistencyCheck(_TypoCheck):
    """Flags a rare spelling one edit away from a term the same document uses repeatedly.

    This catches the typo no dictionary can: "NDMA" is a real acronym, but in an article that
    says "NMDA" five times it is a slip. Real words, acronyms and short words count only when
    two letters are swapped, since HAV and HBV, or meditations and medications, are different
    words; other odd forms ("Ketamin" in a heading) count at any single edit.
    """

    def find(self, analysis):
        """Yield each odd spelling with the document's usual form in ``suggestion``."""
        lexicon = self.lexicon
        texts, offsets = analysis.texts, analysis.offsets
        left_out = analysis.fact(_quoted_tokens) | analysis.fact(_species_names)
        # Each lower-case form with the indexes of the tokens written that way.
        forms: dict[str, list[int]] = {}
        for index, (text, lower) in enumerate(zip(texts, analysis.lowers, strict=True)):
            if not _TERM_LIKE[text] or index in left_out:
                continue
            forms.setdefault(lower, []).append(index)
        # Each frequent form with the way each of its tokens is written.
        frequent = {
            form: [texts[i] for i in indexes]
            for form, indexes in forms.items()
            if len(indexes) >= CONSISTENCY_MIN_COUNT
        }
        if not frequent:
            return
        plain_words = {w.lower for w in prose_words(analysis) if not w.name_like}
        for form, indexes in forms.items():
            if (
                form in frequent
                or form in self.accepted
                or lexicon.zipf(form) >= CONSISTENCY_MAX_ZIPF
            ):
                continue
            # Unknown prose words are the spelling rule's, which suggests the document's own
            # term.
            if form in plain_words and not (lexicon.is_word(form) or explained(form, lexicon)):
                continue
            written = [texts[i] for i in indexes]
            usual = self._usual_form(form, written, frequent, lexicon)
            if usual is None:
                continue
            usual_written = _written_as(frequent[usual], written[0])
            for text, index in zip(written, indexes, strict=True):
                yield Match(
                    offsets[index],
                    offsets[index] + len(text),
                    {
                        "suggestion": f"'{_written_as(frequent[usual], text)}'",
                        "usual": usual_written,
                        "count": str(len(frequent[usual])),
                    },
                )

    @staticmethod
    def _usual_form(
        form: str, written: list[str], frequent: dict[str, list[str]], lexicon: Lexicon
    ) -> str | None:
        is_word = lexicon.is_word(form) or explained(form, lexicon)
        for usual, usual_written in sorted(frequent.items(), key=lambda item: -len(item[1])):
            if len(usual_written) < CONSISTENCY_RATIO * len(written):
                continue
            if abs(len(usual) - len(form)) > 1 or _differs_only_in_digits(usual, form):
                continue
            if lexicon.is_word(form) and lexicon.zipf(form) >= lexicon.zipf(usual):
                continue
            # A real word, an acronym or a short word is a slip only when two letters are
            # swapped: "meditations" next to "medications" may well be meant.
            if is_word or len(form) <= 5 or written[0].isupper() or usual_written[0].isupper():
                if _transposition(form, usual):
                    return usual
                continue
            if _osa_distance(form, usual) == 1:
                return usual
        return None


def _written_as(written: list[str], like: str) -> str:
    """The commonest way the document writes a form (given each of its uses as written), in
    the case of ``like`` if it is not an acronym."""
    commonest = Counter(written).most_common(1)[0][0]
    return commonest if commonest.isupper() else match_case(commonest.lower(), like)


@cache
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words, imported when first needed (importing spaCy is slow)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
