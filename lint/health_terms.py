"""Typed health terms: which words of a document name a condition, a treatment or a remedy.

The vocabulary lives in ``lint/data/health/``: ``curated.yaml`` (hand-kept lay words, drug
classes, remedies and multi-word phrases) plus the generated lists beside it (README.md there
gives their sources, licences and the policy for words of two types). One spaCy PhraseMatcher
holds every term; it is built once per process, on the first request, and runs once per
document (``Analysis.health_terms``).

Terms match case-insensitively on spaCy's NORM, which also maps British spellings to US ones
("tumour" and "tumor" both normalise to "tumor"). Each term's last word is listed in its plural
too ("statin" matches "statins"): a lemma match would also take "colder" for "cold" and
"burning" for "burn", and spaCy lemmatises "measles" to "measle". Terms written in capitals
only ("AIDS") match only as written. Where matches overlap, the longest wins.
"""

from __future__ import annotations

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
    "spellings": Option(
        spelling_pairs, default=(), help="US/British spellings of word parts, matched both ways"
    ),
}
_FIELD_OF_TYPE = {"condition": "conditions", "treatment": "treatments", "remedy": "remedies"}
# Generated lists (build.py), one term per line, lower case; absent until first built.
GENERATED_FILES = {"condition": "conditions.txt", "treatment": "treatments.txt", "remedy": ""}

# A one-word term in the base form of a verb ("Cleanse your liver", "to detox") names an action,
# not the thing. Only that tag: the small model tags plural nouns in short claims as verbs
# ("Chemotherapy shrinks tumours" tags "tumours" VBZ), and a plural cannot be a base form.
_VERB_TAG = "VB"


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
    if not name:
        return []
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
    curated = read_curated()
    ambiguous = {word.lower() for word in curated["ambiguous"]}
    terms = {}
    for term_type in TERM_TYPES:
        listed = curated[_FIELD_OF_TYPE[term_type]] + tuple(_generated(GENERATED_FILES[term_type]))
        terms[term_type] = tuple(term for term in listed if term.lower() not in ambiguous)
    return terms


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
    if exact_case(term):
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


class HealthMatcher:
    """One PhraseMatcher over every term of :func:`read_terms`, for documents of one vocab."""

    def __init__(self, vocab):
        import spacy
        from spacy.matcher import PhraseMatcher

        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        self._matcher = PhraseMatcher(vocab, attr="NORM")
        # match key → (type, the exact words required, or None when any case will do)
        self._keys: dict[int, tuple[str, str | None]] = {}
        seen: set[str] = set()
        pairs = read_curated()["spellings"]
        for term_type, terms in read_terms().items():
            patterns = []
            for term in terms:
                exact = exact_case(term)
                spellings = spelling_variants(term.lower() if not exact else term, pairs)
                forms = [form for written in spellings for form in self._with_plural(written)]
                for form in forms:
                    key_text = f"{term_type}:{form}" if exact else term_type
                    norm = " ".join(t.norm_ for t in tokenizer(form))
                    if norm in seen:  # the first type to list a form keeps it
                        continue
                    seen.add(norm)
                    if exact:
                        self._add(key_text, term_type, form, [tokenizer(form)])
                    else:
                        patterns.append(tokenizer(form))
            self._add(term_type, term_type, None, patterns)

    @staticmethod
    def _with_plural(term: str) -> tuple[str, ...]:
        head, _, last = term.rpartition(" ")
        if not last.isalpha() or len(last) < 3:
            return (term,)
        return (term, f"{head} {plural(last)}".strip())

    def _add(self, key_text: str, term_type: str, exact: str | None, patterns) -> None:
        if patterns:
            self._matcher.add(key_text, patterns)
            self._keys[self._matcher.vocab.strings[key_text]] = (term_type, exact)

    def find(self, doc) -> DocumentTerms:
        """The terms of ``doc``: the longest match wins where matches overlap."""
        candidates = []
        for key, start, end in self._matcher(doc):
            term_type, exact = self._keys[key]
            if exact is not None and doc[start:end].text != exact:
                continue
            if end - start == 1 and doc[start].tag_ == _VERB_TAG:
                continue
            candidates.append((start, end, term_type))
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(len(doc))
        chosen = []
        for start, end, term_type in candidates:
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                chosen.append(TermSpan(start, end, term_type, doc[start:end].text))
        chosen.sort(key=lambda span: span.start)
        return DocumentTerms(chosen)


_MATCHERS: dict[int, tuple[object, HealthMatcher]] = {}


def health_matcher(vocab) -> HealthMatcher:
    """The process-wide matcher for ``vocab``, built on first use."""
    entry = _MATCHERS.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        entry = _MATCHERS[id(vocab)] = (vocab, HealthMatcher(vocab))
    return entry[1]


def find_terms(doc) -> DocumentTerms:
    """The health terms of the spaCy Doc ``doc``."""
    return health_matcher(doc.vocab).find(doc)
