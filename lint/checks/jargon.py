"""Kind ``jargon``: medical terms a lay reader may not know, with the plain wording to use.

The reviewed list lives in ``lint/data/jargon.yaml`` (see its header for source and review
policy). A term is matched by lemma or by its written form, once per document: its first use
is flagged unless that sentence explains it ("hypertension, or high blood pressure",
"dyspnoea (shortness of breath)", "atherosclerosis is a disease in which plaque builds up").
Later uses are not flagged: a reader who met the term once, explained or flagged, needs no
second warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from healthlint.checks.base import Check, Match
from healthlint.prose import PROSE_KINDS, in_ignored, target_grade

# What follows a term when the writer glosses it: "X (…)", "X, or …", "X, also called …",
# "X means …".
_GLOSS_AFTER = re.compile(
    r"^\s*(?:\(|[,:\u2013\u2014]\s*(?:or|also called|also known as|meaning|which means|that is|"
    r"i\.e\.|in other words)\b|(?:also called|also known as|means|refers to|"
    r"is the medical (?:term|name|word))\b)",
    re.IGNORECASE,
)
# "Atherosclerosis is a disease in which plaque builds up": a definition needs the clause that
# defines; "dyspnoea is a common problem" explains nothing.
_DEFINES_AFTER = re.compile(
    r"^\s*(?:is|are)\s+(?:when\b|(?:a|an|the)\b.*?\b(?:in which|that|where|when|which|who|"
    r"whose|characteri[sz]ed by|caused by|marked by)\b)",
    re.IGNORECASE,
)
# What comes before a term that names it: "(X)", "called X", "known as X", "the term for it is X".
_GLOSS_BEFORE = re.compile(
    r"(?:\(|\b(?:called|known as|termed|term for(?: this| it)?(?: is)?|"
    r"name for(?: this| it)?(?: is)?|word for(?: this| it)?(?: is)?))\s*[\"'\u201c\u2018]?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Term:
    """One reviewed jargon entry: the term, its other forms and its plain wording."""

    term: str
    forms: tuple[tuple[str, ...], ...]
    plain: tuple[str, ...]
    plain_patterns: tuple[re.Pattern, ...]


@cache
def jargon_terms() -> tuple[Term, ...]:
    """The shipped jargon list, read once per process."""
    text = resources.files("healthlint").joinpath("data/jargon.yaml").read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it: the same data, faster than PyYAML's own.
    entries = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["terms"]
    terms = []
    for entry in entries:
        forms = (entry["term"], *entry.get("also", ()))
        plain = tuple(entry["plain"])
        terms.append(
            Term(
                entry["term"],
                tuple(tuple(form.lower().split()) for form in forms),
                plain,
                # A plain word may be inflected in the sentence ("kidneys" for "kidney").
                tuple(re.compile(r"\b" + re.escape(p.lower()), re.IGNORECASE) for p in plain),
            )
        )
    return tuple(terms)


@cache
def _index() -> dict[str, list[tuple[tuple[str, ...], Term]]]:
    """Each term's forms, keyed by their first word, longest form first."""
    index: dict[str, list[tuple[tuple[str, ...], Term]]] = {}
    for term in jargon_terms():
        for form in term.forms:
            index.setdefault(form[0], []).append((form, term))
    for candidates in index.values():
        candidates.sort(key=lambda item: -len(item[0]))
    return index


def explained(term: Term, span, sentence) -> bool:
    """True when ``sentence``, around ``span``, glosses the term or gives its plain wording."""
    text = sentence.text
    before = text[: span.start_char - sentence.start_char]
    after = text[span.end_char - sentence.start_char :]
    if _GLOSS_AFTER.match(after) or _GLOSS_BEFORE.search(before):
        return True
    if span.start - sentence.start <= 2 and _DEFINES_AFTER.match(after):
        return True
    rest = before + " " + after
    return any(pattern.search(rest) for pattern in term.plain_patterns)


class JargonCheck(Check):
    """Flags the first unexplained use of each listed jargon term in a document.

    The match's ``plain`` value is the first plain wording, for the suggestion. For a
    professional audience (no readability target) the rule is off.
    """

    reads_entities = False

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        _index()  # built now, so that workers forked by --jobs share it

    def find(self, analysis):
        """Yield the first use of each term, unless it is explained where it first appears."""
        if target_grade(self.settings) is None:
            return
        index, kinds = _index(), analysis.token_block_kinds
        # Terms are matched by lower-case form or lemma, read from Analysis's shared lists.
        lowers = analysis.lowers
        lower_lemmas = analysis.lower_lemmas
        # Only a token whose form or lemma is the first word of some term can start a match.
        starts = [
            i
            for i, (lower, lemma) in enumerate(zip(lowers, lower_lemmas, strict=True))
            if lower in index or lemma in index
        ]
        seen: set[str] = set()
        resume = 0  # a matched term's tokens do not start another match
        for i in starts:
            if i < resume or kinds[i] not in PROSE_KINDS:
                continue
            lower, lemma = lowers[i], lower_lemmas[i]
            candidates = index.get(lower, []) + (index.get(lemma, []) if lemma != lower else [])
            candidates.sort(key=lambda item: -len(item[0]))
            hit = next(
                (
                    (form, term)
                    for form, term in candidates
                    if i + len(form) <= len(lowers)
                    and all(
                        lowers[i + k] == word or lower_lemmas[i + k] == word
                        for k, word in enumerate(form)
                    )
                ),
                None,
            )
            if hit is None:
                continue
            form, term = hit
            span = analysis.doc[i : i + len(form)]
            resume = i + len(form)
            if (
                term.term in seen
                or analysis.in_references(span.start_char)
                or in_ignored(analysis, span.start_char)
            ):
                continue
            seen.add(term.term)
            if not explained(term, span, analysis.sentence_of(span.start)):
                yield Match(
                    span.start_char, span.end_char, {"plain": term.plain[0], "term": term.term}
                )
