"""The spelling lexicon: which words are English, which are known misspellings, and suggestions.

Three sources, measured on health prose before they were chosen (see benchmarks/README.md):

- general English: the ``large`` English list of the wordfreq package (321k words from web,
  subtitles, news, books and Wikipedia). Any word on it counts as a word: it knows ketamine, NMDA
  and metformin, which the dictionaries of pyspellchecker and symspellpy do not;
- medical words: ``lint/data/lexicon/medical.txt`` (ICD-10-CM, drug and disease names; see
  SOURCES.md there) for the terms wordfreq has never seen, such as esketamine, plus the
  hand-kept ``extra_words.txt``;
- known misspellings: codespell's dictionary plus ``lint/data/lexicon/misspellings.txt``. wordfreq
  also holds common misspellings (it counts "recieve" as often as "antidepressant"), so a word on
  these lists is a misspelling even when wordfreq knows it.

Everything is read from installed packages or from files shipped in the wheel, once per process,
when the first typo rule is built (never on ``import lint``), so that worker processes forked
by ``--jobs`` share one copy instead of each loading its own.
"""

from __future__ import annotations

import gzip
import re
import string
from collections import defaultdict
from functools import cache, cached_property
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

# wordfreq's cBpack format: bucket i holds the words whose frequency is 10 ** (-i / 100), so a
# word's Zipf frequency (log10 of uses per billion words) is 9 - i / 100.
_ZIPF_TOP = 9.0
# Suggestions come from words at least this common (about once per 3 million words), plus the
# medical list: rarer web words would make plausible-looking but wrong suggestions.
SUGGEST_MIN_ZIPF = 2.5
# Frequency assumed for a medical word wordfreq has never seen, when ranking suggestions.
MEDICAL_ZIPF = 2.0
# How much one extra edit costs against frequency when ranking suggestions. Chosen on a
# sample of the Birkbeck spelling-error corpus: 2 and 3 ranked best, 1 and 1.5 worse.
EDIT_PENALTY = 3.0
_LETTERS = string.ascii_lowercase


def max_edits(length: int) -> int:
    """How many edits a suggestion may be away from a word of ``length`` letters."""
    return 1 if length <= 4 else 2 if length <= 9 else 3


def _lower_word(text: str) -> bool:
    """True when ``text`` is one or more of the letters a to z (str methods beat a regex here,
    on every word of the lexicon)."""
    return text.isascii() and text.isalpha() and text.islower()


def package_data(package: str, *parts: str) -> Path:
    """A data file inside an installed package, located without importing the package."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def read_wordfreq() -> dict[str, float]:
    """Every word of wordfreq's large English list with its Zipf frequency."""
    try:
        import msgpack

        with gzip.open(package_data("wordfreq", "data", "large_en.msgpack.gz"), "rb") as handle:
            buckets = msgpack.load(handle, raw=False)[1:]  # item 0 is the format header
    except (OSError, ValueError, ImportError):
        from wordfreq import get_frequency_list  # the documented, slower way to the same list

        buckets = get_frequency_list("en", wordlist="large")
    frequency: dict[str, float] = {}
    for index, bucket in enumerate(buckets):
        frequency.update(dict.fromkeys(bucket, _ZIPF_TOP - index / 100))
    return frequency


_CORRECTIONS = re.compile(r"[A-Za-z' ,-]+")


def parse_misspellings(lines) -> dict[str, tuple[str, ...]]:
    """Parse codespell-format lines: ``wrong->right`` or ``wrong->right1, right2,[ reason]``.

    Only single lower-case words are kept, with corrections made of letters, spaces, hyphens
    and apostrophes. As in codespell, text after the last comma is a reason, not a correction.
    """
    found: dict[str, tuple[str, ...]] = {}
    for line in lines:
        wrong, arrow, fixes = line.partition("->")
        if not arrow:
            continue
        wrong = wrong.strip().lower()
        if not (wrong.isalpha() and wrong.isascii()) or wrong.startswith("#"):
            continue
        fixes = fixes.strip()
        if "," not in fixes:  # most lines: one correction and no reason
            if fixes and _CORRECTIONS.fullmatch(fixes):
                found[wrong] = (fixes,)
            continue
        fixes = fixes[: fixes.rfind(",")]
        if not fixes or not _CORRECTIONS.fullmatch(fixes):
            continue
        corrections = tuple(f.strip() for f in fixes.split(",") if f.strip())
        if corrections:
            found[wrong] = corrections
    return found


def read_codespell() -> dict[str, tuple[str, ...]]:
    """codespell's main dictionary of common misspellings (from Wikipedia's lists and more)."""
    path = package_data("codespell_lib", "data", "dictionary.txt")
    with path.open(encoding="utf-8") as handle:
        return parse_misspellings(handle)


def read_shipped(name: str) -> list[str]:
    """Non-comment lines of a word list shipped in ``lint/data/lexicon``."""
    text = (
        resources.files("healthlint").joinpath("data", "lexicon", name).read_text(encoding="utf-8")
    )
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = set()
    for left, right in splits:
        if right:
            found.add(left + right[1:])
            if len(right) > 1:
                found.add(left + right[1] + right[0] + right[2:])
            found.update(left + c + right[1:] for c in _LETTERS)
        found.update(left + c + right for c in _LETTERS)
    found.discard(word)
    return found


class Lexicon:
    """The merged word lists; build with :func:`load_lexicon` so each process builds one."""

    def __init__(
        self,
        frequency: dict[str, float],
        medical: frozenset[str],
        misspellings: dict[str, tuple[str, ...]],
    ):
        self.frequency = frequency
        self.medical = medical
        # A medical use wins over a general-purpose misspelling list: "miliary" tuberculosis,
        # "transferrin" and "vas" deferens are words, whatever codespell says.
        self.misspellings = {w: fix for w, fix in misspellings.items() if w not in medical}
        self._suggestions: dict[str, tuple[str, int] | None] = {}

    def prepare(self) -> Lexicon:
        """Build the suggestion index now, so processes forked after this share it."""
        self._targets  # noqa: B018 - a cached property, built on first access
        return self

    def zipf(self, word: str) -> float:
        """The Zipf frequency of a lower-case word in general English (0 when unseen)."""
        return self.frequency.get(word, 0.0)

    def is_word(self, word: str) -> bool:
        """True when the lower-case ``word`` is general English or medical, not a misspelling."""
        if word in self.misspellings:
            return False
        return word in self.frequency or word in self.medical

    def corrections(self, word: str) -> tuple[str, ...]:
        """The corrections of a known misspelling (lower-case ``word``), else ``()``."""
        return self.misspellings.get(word, ())

    @cached_property
    def _targets(self) -> tuple[dict[str, str], dict[int, list[str]]]:
        """Suggestion targets: each spelling that may be matched, mapped to the word suggested.

        Known misspellings are targets too, pointing at their correction, so an error close to
        a familiar misspelling finds the word that misspelling stands for ("comaptitively" is
        two edits from both "competitively" and "comparitively", the common misspelling of
        "comparatively", which is the more frequent word).
        """
        common = [word for word, zipf in self.frequency.items() if zipf >= SUGGEST_MIN_ZIPF]
        target = {
            word: word for word in common if word not in self.misspellings and _lower_word(word)
        }
        for word in self.medical:
            if _lower_word(word):
                target.setdefault(word, word)
        for wrong, fixes in self.misspellings.items():
            if len(fixes) == 1 and _lower_word(fixed := fixes[0].lower()):
                target.setdefault(wrong, fixed)
        by_length: dict[int, list[str]] = defaultdict(list)
        for spelling in target:
            by_length[len(spelling)].append(spelling)
        return target, dict(by_length)

    def common_neighbour(self, word: str, min_zipf: float) -> str | None:
        """The most frequent general word one edit from ``word`` with at least ``min_zipf``
        (of equally frequent ones, the last in alphabetical order)."""
        frequency = self.frequency
        found = [
            (zipf, spelling)
            for spelling in edits1(word)
            if (zipf := frequency.get(spelling, 0.0)) >= min_zipf
            and spelling not in self.misspellings
        ]
        return max(found)[1] if found else None

    def _rank(self, word: str) -> float:
        zipf = self.frequency.get(word)
        return zipf if zipf is not None else MEDICAL_ZIPF

    def suggest(self, word: str) -> tuple[str, int] | None:
        """The likeliest intended word for the lower-case unknown ``word`` and its distance.

        Candidates one edit away win when there are any; otherwise every target within
        :func:`max_edits` (optimal string alignment distance) is scored by frequency less
        ``EDIT_PENALTY`` per edit. None when nothing is within reach.
        """
        if word not in self._suggestions:
            self._suggestions[word] = self._best(word)
        return self._suggestions[word]

    def _best(self, word: str) -> tuple[str, int] | None:
        target, by_length = self._targets
        scored: dict[str, int] = {}
        for spelling in edits1(word):
            if spelling in target:
                scored[target[spelling]] = 1
        if not scored:
            from rapidfuzz import process
            from rapidfuzz.distance import OSA

            limit = max_edits(len(word))
            for length in range(len(word) - limit, len(word) + limit + 1):
                for spelling, distance, _ in process.extract(
                    word,
                    by_length.get(length, ()),
                    scorer=OSA.distance,
                    score_cutoff=limit,
                    limit=None,
                ):
                    intended = target[spelling]
                    scored[intended] = min(distance, scored.get(intended, distance))
        scored.pop(word, None)
        if not scored:
            return None
        best = max(sorted(scored), key=lambda w: self._rank(w) - EDIT_PENALTY * scored[w])
        return best, scored[best]


@cache
def load_lexicon() -> Lexicon:
    """The process-wide lexicon, built on first use."""
    misspellings = read_codespell()
    misspellings.update(parse_misspellings(read_shipped("misspellings.txt")))
    medical = frozenset(read_shipped("medical.txt") + read_shipped("extra_words.txt"))
    return Lexicon(read_wordfreq(), medical, misspellings)
