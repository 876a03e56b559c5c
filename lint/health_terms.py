"""Typed health terms: which words of a document name a condition, a treatment or a remedy.

The vocabulary lives in ``lint/data/health/``: ``curated.yaml`` (hand-kept lay words, drug
classes, remedies and multi-word phrases) plus the generated lists beside it (README.md there
gives their sources, licences and the policy for words of two types). One table holds every
term; it is built once per process, on the first request, and read in one pass over each
document's tokens (``Analysis.health_terms``).

Terms match case-insensitively on the words' norms, as a spaCy PhraseMatcher on NORM would:
spaCy's norm exceptions map many British spellings to US ones ("tumour" and "tumor" both
normalise to "tumor"), and ``curated.yaml`` lists word parts for the rest ("apnoea"). Each
term's last word is listed in its plural too ("statin" matches "statins"): a lemma match would
also take "colder" for "cold" and "burning" for "burn", and spaCy lemmatises "measles" to
"measle". Terms written in capitals only ("AIDS") match only as written. Where matches overlap,
the longest wins.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

from healthlint.errors import HealthlintError
from healthlint.schema import Invalid, Option, described, optional_string_list, read, string_list
from healthlint.yamlsource import load_yaml

#: The types of term, one list of words each.
TERM_TYPES = ("condition", "treatment", "remedy")


@described("list of US/British pairs")
def spelling_pairs(value) -> tuple[tuple[str, str], ...]:
    """Validate a list of "US/British" word parts ("tumor/tumour")."""
    pairs = []
    for index, item in enumerate(string_list(value)):
        us, slash, british = item.partition("/")
        if not slash or not us.strip() or not british.strip() or "/" in british:
            raise Invalid(f"must be written US/British, got {item!r}", at=index)
        pairs.append((us.strip().lower(), british.strip().lower()))
    return tuple(pairs)


# The fields of lint/data/health/curated.yaml: one list per type, the ambiguous words and the
# spelling pairs.
CURATED_FIELDS = {
    "conditions": Option(string_list, required=True, help="diseases, symptoms and body states"),
    "treatments": Option(string_list, required=True, help="drugs, drug classes and procedures"),
    "remedies": Option(
        string_list, required=True, help="foods, herbs, supplements, diets and products"
    ),
    "ambiguous": Option(
        optional_string_list,
        default=(),
        help="words with a health sense among others: never matched on their own",
    ),
    "product_heads": Option(
        optional_string_list,
        default=(),
        help="last words of a product after our/this/these (formula, tea, drops)",
    ),
    "seller_heads": Option(
        optional_string_list,
        default=(),
        help="last words of the seller's own offer after our (program, sessions)",
    ),
    "remedy_heads": Option(
        optional_string_list,
        default=(),
        help="nouns that make the noun before them a remedy (rosemary oil, dandelion root)",
    ),
    "plant_heads": Option(
        optional_string_list,
        default=(),
        help="remedy words that make any noun before them a remedy (dandelion root)",
    ),
    "medicine_heads": Option(
        optional_string_list,
        default=(),
        help="forms of medicine that take the type of what comes before (thyroid pills)",
    ),
    "illness_nouns": Option(
        optional_string_list,
        default=(),
        help='ambiguous words that name an illness as a noun after "a" ("cures a cold")',
    ),
    "body_parts": Option(
        optional_string_list, default=(), help="organs and tissues a damage word makes a condition"
    ),
    "damage_words": Option(
        optional_string_list,
        default=(),
        help="words that make the body part after them a condition (damaged lungs)",
    ),
    "not_terms": Option(
        optional_string_list,
        default=(),
        help="names that contain terms but name none (Food and Drug Administration)",
    ),
    "spellings": Option(
        spelling_pairs, default=(), help="US/British spellings of word parts, matched both ways"
    ),
}
_FIELD_OF_TYPE = {"condition": "conditions", "treatment": "treatments", "remedy": "remedies"}
# Generated lists (build.py), one term per line, lower case; absent until first built.
GENERATED_FILES = {
    "condition": "conditions.txt",
    "treatment": "treatments.txt",
    "remedy": "remedies.txt",
}

# A one-word term in the base form of a verb ("Cleanse your liver", "to detox") names an action,
# not the thing. Only that tag: the small model tags plural nouns in short claims as verbs
# ("Chemotherapy shrinks tumours" tags "tumours" VBZ), and a plural cannot be a base form.
_VERB_TAG = "VB"
# The type of a name that holds a term but names none ("Food and Drug Administration"): it
# takes its words out of the running and is not reported.
_NOT_A_TERM = ""
# Marks that make the capitalised words before them a product name ("Detoxil™").
_TRADEMARKS = frozenset({"™", "®"})
# Words that make the capitalised words after them the seller's product ("our Liver Formula").
_PRODUCT_DETERMINERS = frozenset({"our", "this", "these"})
# Parts of speech of the words of a product name.
_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "NUM"})
# Comparative and superlative adjectives ("the best oil", "a better tea").
_DEGREE_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})
# Participles that modify a product's noun ("plant-based", "hormone-balancing").
_PARTICIPLE_TAGS = frozenset({"VBN", "VBG"})
# The most words before a product's last word that a product name is taken to have.
_PRODUCT_WORDS = 5
# Terms whose tokens split_words works out: lower-case words, hyphens and apostrophes.
_SIMPLE = re.compile(r"[a-z0-9'-]+( [a-z0-9'-]+)*")
# A number with a unit or letter after it ("2m", "c3g"): the tokenizer splits some units off.
_DIGIT_LETTER = re.compile(r"[0-9][a-z]")
# spaCy's English infix rule for hyphens: split before a letter, after a letter or digit.
_INFIX_HYPHEN = re.compile(r"(?<=[a-z0-9])-(?=[a-z])")


@dataclass(frozen=True)
class TermSpan:
    """A health term in a spaCy Doc: tokens ``start`` to ``end`` (exclusive), its type (one of
    TERM_TYPES) and its words as written."""

    start: int
    end: int
    type: str
    text: str


class DocumentTerms:
    """The health terms of one document, non-overlapping and in document order."""

    def __init__(self, spans: list[TermSpan]):
        self.spans = spans
        self._starts = [span.start for span in spans]

    def span_at(self, token_index: int) -> TermSpan | None:
        """The term covering token ``token_index``, if any."""
        index = bisect_right(self._starts, token_index) - 1
        if index >= 0 and token_index < self.spans[index].end:
            return self.spans[index]
        return None

    def type_at(self, token_index: int) -> str | None:
        """The type of the term covering token ``token_index``, if any."""
        span = self.span_at(token_index)
        return span.type if span else None


def _data_text(name: str) -> str:
    return resources.files("healthlint").joinpath("data", "health", name).read_text("utf-8")


def _generated(name: str) -> list[str]:
    try:
        text = _data_text(name)
    except FileNotFoundError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@cache
def read_curated() -> dict:
    """The fields of ``curated.yaml``, validated."""
    path = "lint/data/health/curated.yaml"
    return read(load_yaml(_data_text("curated.yaml"), path), CURATED_FIELDS, path, HealthlintError)


@cache
def read_terms() -> dict[str, tuple[str, ...]]:
    """Every term of each type, as written in the data files: the curated ones first, then the
    generated ones. A word listed as ambiguous is left out wherever it appears alone."""
    return {
        term_type: curated + generated
        for term_type, (curated, generated) in _terms_by_source().items()
    }


@cache
def _terms_by_source() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    curated = read_curated()
    ambiguous = {word.lower() for word in curated["ambiguous"]}
    found = {}
    for term_type in TERM_TYPES:
        lists = (curated[_FIELD_OF_TYPE[term_type]], _generated(GENERATED_FILES[term_type]))
        found[term_type] = tuple(
            tuple(term for term in listed if term.lower() not in ambiguous) for listed in lists
        )
    return found


def exact_case(term: str) -> bool:
    """True when ``term`` matches only as written: it has capitals and no lower-case letter."""
    return term.upper() == term and term.lower() != term


def plural(word: str) -> str:
    """The regular English plural of ``word`` ("statin" → "statins", "ulcer" → "ulcers")."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word[-1] in "yY" and word[-2].lower() not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def spelling_variants(term: str, pairs) -> list[str]:
    """``term`` and its spellings with each US/British part of ``pairs`` swapped
    ("anemia" → ["anemia", "anaemia"]). Lower-case terms only: an exact-case term is an
    abbreviation."""
    forms = [term]
    if exact_case(term) or not _spelling_parts(pairs).search(term):
        return forms
    for us, british in pairs:
        for form in list(forms):
            # The British part often contains the US one ("aemia" holds "emia"): try it first.
            if british in form:
                other = form.replace(british, us)
            elif us in form:
                other = form.replace(us, british)
            else:
                continue
            if other not in forms:
                forms.append(other)
    return forms


@cache
def _spelling_parts(pairs) -> re.Pattern:
    return re.compile("|".join(re.escape(part) for pair in pairs for part in pair))


def split_words(form: str) -> list[str] | None:
    """The tokens spaCy's English tokenizer makes of the lower-case term ``form``, worked out
    without it: words split at spaces, hyphens before a letter ("pre-eclampsia" → "pre", "-",
    "eclampsia"; "covid-19" stays whole) and a final "'s" or "'". None when ``form`` has
    anything else, for the tokenizer itself to split."""
    if not _SIMPLE.fullmatch(form) or _DIGIT_LETTER.search(form):
        return None
    if "-" not in form and "'" not in form:
        return form.split()
    words: list[str] = []
    for word in form.split():
        pieces = _INFIX_HYPHEN.split(word)
        for index, piece in enumerate(pieces):
            if index:
                words.append("-")
            # Only a word's last piece loses its "'s": the tokenizer keeps "reye's-like" whole
            # before the hyphen.
            last = index == len(pieces) - 1
            if last and piece.endswith("'s"):
                stem = piece[:-2]
            elif last and piece.endswith("'"):
                stem = piece[:-1]
            else:
                stem = piece
            if not stem or "'" in stem or stem[0] == "-" or stem[-1] == "-":
                return None
            words.append(stem)
            if stem != piece:
                words.append(piece[len(stem) :])
    return words


class HealthMatcher:
    """Every term of :func:`read_terms` as a table of token sequences, for documents of one
    spaCy vocab.

    A term is looked up by its words' norms (see :meth:`norm`), the way spaCy's PhraseMatcher
    on NORM would match it; a dictionary is used instead because building PhraseMatcher
    patterns for tens of thousands of terms takes seconds, and this table a fraction of that.
    """

    def __init__(self, vocab):
        import spacy

        lookups = vocab.lookups
        # spaCy's norm exceptions (a Table keyed by string hashes, read through .get)
        self._norm_table = (
            lookups.get_table("lexeme_norm") if lookups.has_table("lexeme_norm") else {}
        )
        self._norm_cache: dict[str, str] = {}
        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        # Words the tokenizer splits although they are letters only ("cannot", "gonna").
        special = {text for text in tokenizer.rules if text.isalnum()}
        # the norms of a term's words, joined by spaces → (type, the words it must have as
        # written, or None). Joined strings, not tuples, keep the table a third of the size.
        self._phrases: dict[str, tuple[str, tuple[str, ...] | None]] = {}
        self._any_case = {term_type: (term_type, None) for term_type in (*TERM_TYPES, _NOT_A_TERM)}
        # first word's norm → the most words a term starting with it has
        self._longest: dict[str, int] = {}
        curated = read_curated()
        self._product_heads = _word_set(curated["product_heads"])
        self._seller_heads = self._product_heads | _word_set(curated["seller_heads"])
        self._remedy_heads = _word_set(curated["remedy_heads"])
        self._plant_heads = _word_set(curated["plant_heads"])
        self._medicine_heads = _word_set(curated["medicine_heads"])
        self._noun_senses = frozenset(word.lower() for word in curated["illness_nouns"])
        # the damage words as token tuples ("worn-out" is three tokens)
        self._body_openers = {
            tuple(words) for word in curated["damage_words"] if (words := split_words(word.lower()))
        }
        self._body_starts = {words[0] for words in self._body_openers}
        self._body_parts = {
            tuple(words): len(words)
            for part in curated["body_parts"]
            for form in self._with_plural(part.lower())
            if (words := split_words(form))
        }
        pairs = read_curated()["spellings"]
        by_source = _terms_by_source()
        # Names that contain terms but are none first ("Food and Drug Administration"), then
        # curated terms, so that they win over generated ones of another type.
        sources = [(_NOT_A_TERM, curated["not_terms"])]
        for source in (0, 1):
            sources += [(term_type, by_source[term_type][source]) for term_type in TERM_TYPES]
        for term_type, terms in sources:
            for term in terms:
                exact = exact_case(term)
                for spelling in spelling_variants(term if exact else term.lower(), pairs):
                    for form in self._with_plural(spelling):
                        words = split_words(form)
                        if words is None or special.intersection(words):
                            words = [token.text for token in tokenizer(form)]
                        self._add(words, term_type, exact)
        self._norm_cache.clear()  # the terms' words; documents fill it with their own

    def norm(self, word: str) -> str:
        """The form a word is matched by: lower case, with spaCy's norm exceptions applied
        (British to US spelling: "tumours" → "tumors"), typographic apostrophes plain, and a
        letter's full stop dropped (the tokenizer keeps "C." of "the big C." whole)."""
        found = self._norm_cache.get(word)
        if found is None:
            lower = word.lower().replace("\u2019", "'")
            if len(lower) == 2 and lower[1] == "." and lower[0].isalpha():
                lower = lower[0]
            found = self._norm_cache[word] = self._norm_table.get(lower, lower)
        return found

    def _add(self, words: list[str], term_type: str, exact: bool) -> None:
        key = " ".join(map(self.norm, words))
        if key in self._phrases:  # the first source or type to list a form keeps it
            return
        self._phrases[key] = (term_type, tuple(words)) if exact else self._any_case[term_type]
        first = key.split(" ", 1)[0]
        if len(words) > self._longest.get(first, 0):
            self._longest[first] = len(words)

    def _products(self, doc, texts: list[str]):
        """Remedies named by their shape rather than listed, and damaged body parts.

        - capitalised words before a trademark sign ("Detoxil™");
        - "our", "this" or "these", modifiers, and a product word ("our Liver Rescue Formula",
          "this dead sea mud", "these herbal drops"; after "our", the seller's offer too: "our
          21-day mushroom plan", "our salt-cave sessions");
        - a remedy and a remedy word, or a noun and a plant word ("rosemary oil", "bitter gourd
          juice", "dandelion root");
        - a form of medicine after what it treats or is made of: a treatment after a condition,
          a treatment or an organ ("hypertension tablets", "thyroid pills"), a remedy after a
          remedy ("saffron capsules");
        - a damage word and a body part, as a condition ("damaged lungs", "receding gums");
        - "a" and an ambiguous illness noun used as a noun, as a condition ("cures a cold",
          not "a cold day").
        """
        lowers = [text.lower() for text in texts]
        for index, lower in enumerate(lowers):
            if lower in _TRADEMARKS:
                start = index
                while (
                    start > 0
                    and index - start < _PRODUCT_WORDS
                    and _capitalised(texts[start - 1])
                    # not a verb opening the sentence ("Try Detoxil™", "Mixing Tamiflu®")
                    and doc[start - 1].pos_ in _NAME_POS
                    and doc[start - 1].tag_ != "VBG"
                ):
                    start -= 1
                if start < index:
                    yield (start, index, "remedy")
            elif lower in _PRODUCT_DETERMINERS:
                heads = self._seller_heads if lower == "our" else self._product_heads
                end, last = index + 1, None
                while end < len(texts) and end - index <= _PRODUCT_WORDS + 1:
                    token = doc[end]
                    if lowers[end] in heads and token.pos_ in ("NOUN", "PROPN"):
                        last = end
                    elif not _modifier(token):
                        break
                    end += 1
                if last is not None:
                    yield (index, last + 1, "remedy")
            elif lower in self._remedy_heads and doc[index].pos_ in ("NOUN", "PROPN"):
                start = self._remedy_compound_start(doc, index)
                if start is not None:
                    yield (start, index + 1, "remedy")
            if lower in self._medicine_heads and doc[index].pos_ in ("NOUN", "PROPN"):
                found = self._medicine_compound(lowers, index)
                if found is not None:
                    yield found
            if lower == "a" and self._illness_after(doc, lowers, index):
                yield (index, index + 2, "condition")
            if lower in self._body_starts:
                for start, end in self._body_part_spans(lowers, index):
                    yield (start, end, "condition")

    def _remedy_compound_start(self, doc, head: int) -> int | None:
        """Where the remedy compound that ends in the remedy word at ``head`` starts, if one
        does: a plant word ("extract", "root", "tincture") takes any noun before it
        ("dandelion root"); a word with everyday uses ("oil", "juice", "powder") only a listed
        remedy ("rosemary oil", "bitter gourd juice"; not "motor oil" or "laundry powder")."""
        start = head
        # Nouns and plain adjectives only: a participle here is a verb ("dementia using
        # coconut oil"), and "the best oil" names no remedy.
        while (
            start > 0
            and head - start < 3
            and doc[start - 1].pos_ in _NAME_POS
            and doc[start - 1].tag_ not in _DEGREE_TAGS
        ):
            start -= 1
        if start == head:
            return None
        if doc[head].lower_ in self._plant_heads and doc[head - 1].pos_ in ("NOUN", "PROPN"):
            return start
        for first in range(start, head):
            key = " ".join(self.norm(doc[i].text) for i in range(first, head))
            if self._phrases.get(key, ("",))[0] == "remedy":
                return first
        return None

    def _illness_after(self, doc, lowers: list[str], index: int) -> bool:
        """True when the word after "a" at ``index`` is an ambiguous illness noun used as one."""
        following = index + 1
        return (
            following < len(lowers)
            and lowers[following] in self._noun_senses
            and _illness_noun(doc, following)
        )

    def _medicine_compound(self, lowers: list[str], head: int):
        """The medicine named by a form word at ``head`` and the words before it: a treatment
        after a condition, a treatment or an organ ("hypertension tablets", "steroid tablets",
        "thyroid pills"), a remedy after a remedy ("saffron capsules")."""
        for start in range(max(0, head - 3), head):
            words = lowers[start:head]
            found = self._phrases.get(" ".join(map(self.norm, words)))
            kind = found[0] if found and found[0] != _NOT_A_TERM else None
            if kind is None and self._body_parts.get(tuple(words)) == len(words):
                kind = "condition"
            if kind is not None:
                return (start, head + 1, "remedy" if kind == "remedy" else "treatment")
        return None

    def _body_part_spans(self, lowers: list[str], index: int):
        """A damage word at ``index`` and the body part after it ("worn-out knees")."""
        for length in (3, 2, 1):
            if tuple(lowers[index : index + length]) in self._body_openers:
                after = index + length
                for part_length in (2, 1):
                    part = tuple(lowers[after : after + part_length])
                    if self._body_parts.get(part) == part_length:
                        yield (index, after + part_length)
                        return

    @staticmethod
    def _with_plural(term: str) -> tuple[str, ...]:
        head, _, last = term.rpartition(" ")
        if not last.isalpha() or len(last) < 3:
            return (term,)
        return (term, f"{head} {plural(last)}".strip())

    def find(self, doc, texts: list[str] | None = None) -> DocumentTerms:
        """The terms of the spaCy Doc ``doc`` in document order; where matches overlap, the
        longest wins. ``texts``, each token's text, saves reading them again."""
        if texts is None:
            texts = [token.text for token in doc]
        norms = [self.norm(text) for text in texts]
        phrases, longest = self._phrases, self._longest
        candidates = []
        for start, first in enumerate(norms):
            most = longest.get(first)
            if most is None:
                continue
            for end in range(min(start + most, len(norms)), start, -1):
                found = phrases.get(" ".join(norms[start:end]))
                if found is None:
                    continue
                term_type, exact = found
                if exact is not None and tuple(texts[start:end]) != exact:
                    continue
                if end - start == 1 and doc[start].tag_ == _VERB_TAG:
                    continue
                candidates.append((start, end, term_type))
                break  # the longest match from this token
        candidates.extend(self._products(doc, texts))
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(len(texts))
        chosen = []
        for start, end, term_type in candidates:
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                if term_type != _NOT_A_TERM:
                    chosen.append(TermSpan(start, end, term_type, doc[start:end].text))
        chosen.sort(key=lambda span: span.start)
        return DocumentTerms(chosen)


def _word_set(words) -> frozenset[str]:
    """The lower-case words, with their plurals."""
    return frozenset(form for word in words for form in (word.lower(), plural(word.lower())))


def _modifier(token) -> bool:
    """True when a spaCy token can modify a product's noun: a noun, adjective or number, a
    participle ("plant-based"), or a hyphen inside a compound."""
    return token.pos_ in _NAME_POS or token.tag_ in _PARTICIPLE_TAGS or token.text == "-"


def _illness_noun(doc, index: int) -> bool:
    """True when the token at ``index`` is a noun that ends its noun phrase: "a cold." or "a
    cold in days", not "a cold day" or "a cold, wet morning"."""
    if doc[index].tag_ != "NN":
        return False
    if index + 1 == len(doc):
        return True
    following = doc[index + 1]
    return following.pos_ not in ("NOUN", "PROPN", "ADJ") and following.text != ","


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(char.isalpha() for char in word)


_MATCHERS: dict[int, tuple[object, HealthMatcher]] = {}


def health_matcher(vocab) -> HealthMatcher:
    """The process-wide matcher for ``vocab``, built on first use."""
    entry = _MATCHERS.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        entry = _MATCHERS[id(vocab)] = (vocab, HealthMatcher(vocab))
    return entry[1]


def find_terms(doc, texts: list[str] | None = None) -> DocumentTerms:
    """The health terms of the spaCy Doc ``doc`` (``texts``: its tokens' texts, if at hand)."""
    return health_matcher(doc.vocab).find(doc, texts)
