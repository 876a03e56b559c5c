"""The literal pre-filter of pack regular expressions: it may let a text through that the
pattern then rejects, but must never turn away a text the pattern matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.packs import load_packs
from healthlint.regexes import admits, fold_case, literal_clauses

FLAGS = re.IGNORECASE | re.MULTILINE
PATTERNS = [
    r"\b(treats?|cures?) (cancer|diabetes)\b",
    r"\b(published|updated|last (reviewed|updated))\b[^\n]{0,20}\b(19|20)\d\d",
    r"^\s*(written |reviewed )?by:?\s+(dr\.?\s+)?[A-Z][a-z]+",
    r"(\$|£|€)\s?\d+",
    r"(?:risk|risks)+ of",
    r"(?-i:NHS) says",
    r"ab*c",
    r"x(?=yz)",
    r"kiss|ski",
    r"(?:a|)b",
]
# Words of the patterns above, and characters that case-insensitive matching treats specially.
PIECES = [
    "treat",
    "cures",
    "cancer",
    "diabetes",
    "published",
    "last",
    "reviewed",
    "updated",
    "by",
    "dr.",
    "Smith",
    "2019",
    "$",
    "£5",
    "risk",
    "of",
    "NHS",
    "nhs",
    "says",
    "ab",
    "c",
    "xyz",
    "kiss",
    "ſki",
    "KISS",
    "SKI",
    "ı",
    "İ",
    "K",
    " ",
    "\n",
    "\u00e9",
]


def clauses_of(pattern: str) -> tuple[frozenset[str], ...]:
    return literal_clauses(re.compile(pattern, FLAGS))


def test_alternations_become_one_clause_and_sequences_several():
    assert clauses_of(r"\b(treats?|cures?) (cancer|diabetes)\b") == (
        frozenset({"treat", "cure"}),
        frozenset({" "}),
        frozenset({"cancer", "diabetes"}),
    )
    # The most selective clause of each alternative stands for it.
    assert clauses_of(r"\b(published|last (reviewed|updated))\b") == (
        frozenset({"published", "reviewed", "updated"}),
    )


def test_what_a_match_may_skip_requires_nothing():
    assert clauses_of(r"(\$|£|€)\s?\d+") == ()  # non-ASCII literals are not used
    assert clauses_of(r"(written )?by") == (frozenset({"by"}),)
    assert clauses_of(r"(?:a|)b") == (frozenset({"b"}),)
    assert clauses_of(r"(?-i:NHS) says") == (frozenset({" says"}),)  # scoped flags: skipped
    assert clauses_of(r"[a-z]+\d") == ()


def test_a_text_without_the_words_is_turned_away():
    clauses = clauses_of(r"\b(reviewed|written) by\b")
    assert admits(clauses, fold_case("Medically REVIEWED BY Dr Lee"))
    assert not admits(clauses, fold_case("Ginger may ease nausea."))


def test_case_twins_outside_ascii_are_folded():
    pattern = re.compile("kiss", FLAGS)
    for text in ("KISS", "\u212aiſſ", "kıss"):
        assert pattern.search(text) and admits(literal_clauses(pattern), fold_case(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_no_text_the_pattern_matches_is_turned_away(text):
    for pattern in PATTERNS:
        compiled = re.compile(pattern, FLAGS)
        if compiled.search(text):
            assert admits(literal_clauses(compiled), fold_case(text)), (pattern, text)


def _shipped_patterns():
    packs, _ = load_packs()
    for pack in packs:
        for rule in pack.rules:
            for key in ("text_patterns", "applies_when"):
                yield from rule.options.get(key, ())


@pytest.mark.parametrize("pattern", list(_shipped_patterns()), ids=lambda p: p.pattern[:40])
def test_shipped_patterns_keep_their_matches(pattern):
    """Every shipped document-requirement pattern, on the texts of its pack's examples."""
    packs, _ = load_packs()
    texts = [
        example.text
        for pack in packs
        for rule in pack.rules
        for example in rule.bad_examples + rule.good_examples
    ]
    clauses = literal_clauses(pattern)
    for text in texts:
        if pattern.search(text):
            assert admits(clauses, fold_case(text))
