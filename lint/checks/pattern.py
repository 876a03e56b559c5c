"""Kind ``pattern``: spaCy Matcher token patterns, for phrases with grammar in them."""

from __future__ import annotations

import re

from healthlint.checks.base import Check, Match, Option

# The token attributes and operators of spaCy 3's Matcher. Patterns are checked against them at
# load time without importing spaCy (so `healthlint rules` starts fast); spaCy's own validator
# runs again when the rule is built for linting.
STRING_ATTRS = frozenset(
    {
        "ORTH",
        "TEXT",
        "NORM",
        "LOWER",
        "POS",
        "TAG",
        "MORPH",
        "DEP",
        "LEMMA",
        "SHAPE",
        "ENT_TYPE",
        "ENT_IOB",
        "ENT_ID",
        "ENT_KB_ID",
        "PREFIX",
        "SUFFIX",
        "LANG",
    }
)
BOOL_ATTRS = frozenset(
    {
        "IS_ALPHA",
        "IS_ASCII",
        "IS_DIGIT",
        "IS_LOWER",
        "IS_UPPER",
        "IS_TITLE",
        "IS_PUNCT",
        "IS_SPACE",
        "IS_BRACKET",
        "IS_QUOTE",
        "IS_LEFT_PUNCT",
        "IS_RIGHT_PUNCT",
        "IS_CURRENCY",
        "IS_STOP",
        "IS_SENT_START",
        "SENT_START",
        "SPACY",
        "LIKE_NUM",
        "LIKE_URL",
        "LIKE_EMAIL",
    }
)
INT_ATTRS = frozenset({"LENGTH"})
PREDICATES = frozenset(
    {
        "IN",
        "NOT_IN",
        "IS_SUBSET",
        "IS_SUPERSET",
        "INTERSECTS",
        "REGEX",
        "FUZZY",
        "==",
        "!=",
        ">=",
        "<=",
        ">",
        "<",
    }
    | {f"FUZZY{n}" for n in range(1, 10)}
)
OPERATOR = re.compile(r"^(?:[!?+*]|\{\d+\}|\{\d*,\d*\})$")


def _token_problem(token: dict) -> str | None:
    """Why one token mapping is not a valid Matcher token, or None."""
    for key, value in token.items():
        name = str(key).upper()
        if name == "OP":
            if not isinstance(value, str) or not OPERATOR.match(value) or value == "{,}":
                return f"OP {value!r} is not one of !, ?, +, *, {{n}}, {{n,m}}, {{n,}}, {{,m}}"
            continue
        if name == "_":
            if not isinstance(value, dict):
                return "_ must map extension attributes to values"
            continue
        if name not in STRING_ATTRS | BOOL_ATTRS | INT_ATTRS:
            return f"unknown token attribute {key!r}"
        if isinstance(value, dict):
            unknown = [p for p in value if p not in PREDICATES]
            if unknown:
                return f"{key}: unknown predicate {unknown[0]!r}"
            for predicate, argument in value.items():
                if predicate in ("IN", "NOT_IN", "IS_SUBSET", "IS_SUPERSET", "INTERSECTS") and (
                    not isinstance(argument, list)
                ):
                    return f"{key}.{predicate} must be a list"
                if (
                    name in STRING_ATTRS
                    and predicate in ("IN", "NOT_IN")
                    and not all(isinstance(a, str) for a in argument)
                ):
                    return f"{key}.{predicate} must list strings (quote values like no, off, 100)"
            continue
        if name in BOOL_ATTRS and not isinstance(value, bool):
            return f"{key} must be true or false"
        if name in INT_ATTRS and (isinstance(value, bool) or not isinstance(value, int)):
            return f"{key} must be a whole number"
        if name in STRING_ATTRS and not isinstance(value, str):
            return f"{key} must be a string (quote values like no, off, 100)"
    return None


def token_patterns(value) -> tuple:
    """Validate a list of spaCy Matcher patterns (each a list of token attribute mappings)."""
    if not isinstance(value, list) or not value:
        raise ValueError("must be a non-empty list of token patterns")
    for index, pattern in enumerate(value):
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(t, dict) for t in pattern)
        ):
            raise ValueError(f"pattern {index + 1} must be a list of token mappings")
        for token in pattern:
            problem = _token_problem(token)
            if problem:
                raise ValueError(f"pattern {index + 1} is not a valid spaCy pattern: {problem}")
    return tuple(_plain(p) for p in value)


def spacy_pattern_problem(patterns) -> str | None:
    """spaCy's own verdict on the patterns (imports spaCy), or None when they are valid."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)
    for index, pattern in enumerate(patterns):
        try:
            matcher.add(f"p{index}", [pattern])
        except Exception as exc:  # spaCy raises several types for a bad pattern
            lines = str(exc).strip().splitlines()
            detail = " ".join(line.strip() for line in lines if line.strip())[:300]
            return f"pattern {index + 1} is not a valid spaCy pattern: {detail}"
    return None


def _plain(value):
    """Strip the line-tracking containers so spaCy receives plain dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# Attributes whose values can anchor a pattern: a token with that exact value must be in the
# match. Matching in spaCy compares TEXT as ORTH.
ANCHOR_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "LEMMA": "LEMMA"}
# Operators under which a token may match nothing: such a token cannot anchor its pattern.
OPTIONAL_OPS = re.compile(r"^(?:[?*!]|\{0?\}|\{0?,\d*\})$")


def pattern_anchors(pattern: list[dict]) -> list[tuple[str, frozenset[str]]]:
    """The words every match of ``pattern`` must contain, as (attribute, values) pairs.

    Each pair is a required token that matches only those exact values ("study" or "trial",
    "medication" or "pill"); a match holds a token from every pair. A pattern with no such
    token (only parts of speech, numbers or optional words) has no anchors.
    """
    anchors = []
    for token in pattern:
        if OPTIONAL_OPS.match(str(token.get("OP", ""))):
            continue
        for key, value in token.items():
            attr = ANCHOR_ATTRS.get(str(key).upper())
            if attr is None:
                continue
            if isinstance(value, str):
                anchors.append((attr, frozenset({value})))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                anchors.append((attr, frozenset(value["IN"])))
    return anchors


def _token_values(analysis, attr: str) -> list[str]:
    """Each token's value of an anchor attribute, as the Matcher compares it."""
    if attr == "LOWER":
        return analysis.lowers
    if attr == "LEMMA":
        return analysis.lemmas
    if attr == "ORTH":
        return analysis.texts
    return analysis.norms


class _SharedMatcher:
    """One spaCy Matcher holding the patterns of every pattern rule of a linter, run once per
    document.

    A Matcher pass walks the whole document whatever it holds, so twenty rules with a Matcher
    each cost twenty passes; sharing one costs one. And most sentences cannot match at all:
    nearly every pattern names words it cannot match without ("study" and "shows", "stop" and
    "medication"). Those rules' patterns are only tried on the sentences that hold all the
    anchor words of at least one pattern, found with set operations on the document's words. A
    rule with any pattern that has no anchor is run over the whole document instead. Matches
    never span sentences either way: the engine drops a finding that crosses a sentence start.
    """

    def __init__(self, nlp):
        from spacy.matcher import Matcher

        self.anchored = Matcher(nlp.vocab)
        self.everywhere = Matcher(nlp.vocab)
        # Per anchored key, per pattern: the anchor groups (attribute, values) it needs.
        self.anchors_by_key: dict[str, list[list[tuple[str, frozenset[str]]]]] = {}
        self._index_anchors()

    def add(self, key: str, patterns) -> None:
        anchors = [pattern_anchors(pattern) for pattern in patterns]
        if all(anchors):
            self.anchored.add(key, patterns, greedy="LONGEST")
            self.anchors_by_key[key] = anchors
            self._index_anchors()
        else:
            self.everywhere.add(key, patterns, greedy="LONGEST")

    def _index_anchors(self) -> None:
        """Number the anchor groups, and map each anchor word to its groups."""
        group_ids: dict[tuple[str, frozenset[str]], int] = {}
        needs: set[frozenset[int]] = set()
        for patterns in self.anchors_by_key.values():
            for anchors in patterns:
                needs.add(frozenset(group_ids.setdefault(a, len(group_ids)) for a in anchors))
        # A pattern needing a superset of another's groups adds no candidate sentences.
        self.pattern_needs = [need for need in needs if not any(o < need for o in needs)]
        self.groups_of: dict[str, dict[str, list[int]]] = {}
        for (attr, words), group in group_ids.items():
            by_word = self.groups_of.setdefault(attr, {})
            for word in words:
                by_word.setdefault(word, []).append(group)
        self.anchor_words = {attr: frozenset(by_word) for attr, by_word in self.groups_of.items()}

    def _anchored_sentences(self, analysis) -> list:
        """The sentences holding every anchor word of some pattern, in document order."""
        # First the whole document, with set operations: in most documents no pattern has
        # all its anchor words anywhere, and no sentence needs a look.
        present: dict[str, frozenset[str]] = {}
        document_groups: set[int] = set()
        for attr, by_word in self.groups_of.items():
            words = self.anchor_words[attr].intersection(_token_values(analysis, attr))
            present[attr] = words
            for word in words:
                document_groups.update(by_word[word])
        needs = [need for need in self.pattern_needs if need <= document_groups]
        if not needs:
            return []
        found: dict[int, set[int]] = {}
        for attr, words in present.items():
            if not words:
                continue
            by_word = self.groups_of[attr]
            for index, value in enumerate(_token_values(analysis, attr)):
                if value in words:
                    found.setdefault(analysis.sentence_index(index), set()).update(by_word[value])
        sentences = analysis.sentences
        return [
            sentences[index]
            for index, groups in sorted(found.items())
            if any(need <= groups for need in needs)
        ]

    def matches(self, analysis) -> dict[str, list[tuple[int, int]]]:
        """Every rule's matches in this document, computed on the first request."""
        return analysis.fact(self._match)

    def _match(self, analysis) -> dict[str, list[tuple[int, int]]]:
        strings = analysis.doc.vocab.strings
        found: dict[str, list[tuple[int, int]]] = {}
        if len(self.everywhere):
            for match_id, start, end in self.everywhere(analysis.doc):
                found.setdefault(strings[match_id], []).append((start, end))
        if len(self.anchored):
            for sentence in self._anchored_sentences(analysis):
                offset = sentence.start
                for match_id, start, end in self.anchored(sentence):
                    found.setdefault(strings[match_id], []).append((start + offset, end + offset))
        return found


class PatternCheck(Check):
    """Flags every span that one of the rule's token patterns matches (longest, leftmost)."""

    OPTIONS = {
        "patterns": Option(
            token_patterns,
            required=True,
            help="spaCy Matcher patterns: lists of token attribute mappings",
            type="list of token patterns",
        ),
    }

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        problem = spacy_pattern_problem(rule.options["patterns"])
        if problem:
            raise ValueError(problem)
        self.matcher = self.shared.get(_SharedMatcher)
        # Unique per instance: a rule given twice to one linter keeps its own entry.
        self.key = f"{rule.id}#{id(self)}"
        self.reads_entities = any(
            key.upper().startswith("ENT_")
            for pattern in rule.options["patterns"]
            for token in pattern
            for key in token
        )
        self.matcher.add(self.key, list(rule.options["patterns"]))

    def find(self, analysis):
        """Yield each non-overlapping pattern match."""
        doc = analysis.doc
        for start, end in sorted(self.matcher.matches(analysis).get(self.key, ())):
            yield Match(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
