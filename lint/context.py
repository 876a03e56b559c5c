"""Context marks for matched spans: negated, hedged, distanced, question, heading.

Cue phrases and their scopes are data (``lint/data/context.yaml``, and the hedges of
``lint/data/modality.yaml``), in the manner of ConText / medspacy. Two grammatical signals
that a window of tokens cannot see are added from the dependency parse: a negated governing
verb ("does not prove") and a negated subject ("No supplement has been proven…", "Nothing
cures a cold").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING

from healthlint.errors import HealthlintError
from healthlint.modality import HEDGES, Modality
from healthlint.schema import (
    Invalid,
    Nested,
    Option,
    described,
    optional_string_list,
    positive_int,
    read,
)
from healthlint.yamlsource import load_yaml

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

CONTEXT_MARKS = ("negated", "hedged", "distanced", "question", "heading")
DIRECTIONS = ("forward", "backward", "both")

NEGATIVE_SUBJECTS = frozenset({"nothing", "none", "nobody", "neither", "no one"})
# Dependencies through which a claim word inherits the polarity of the verb that governs it.
GOVERNED_DEPS = frozenset(
    {
        "amod",
        "compound",
        "dobj",
        "pobj",
        "attr",
        "acomp",
        "xcomp",
        "nsubj",
        "nsubjpass",
        "oprd",
        "advmod",
        "prep",
        "auxpass",
        "aux",
    }
)
# Causative verbs whose complement clause shares their polarity: "no cream will make
# psoriasis go away" negates the going away.
CAUSATIVE_LEMMAS = frozenset({"make", "let", "help", "have", "get"})
OPEN_QUOTES = "\"'‘“"
CLOSE_QUOTES = "\"'’”"
# A quotation this short is a scare quote (distancing); a longer one is a quoted statement, such as
# a testimonial, which the publisher still makes.
SCARE_QUOTE_MAX_WORDS = 4


@dataclass(frozen=True)
class CueRule:
    """One cue phrase: which mark it gives, which way its scope runs and how far."""

    phrase: str
    mark: str
    direction: str
    max_scope: int


@dataclass(frozen=True)
class CueHit:
    """A cue found in a document: the cue's tokens and the tokens its scope covers."""

    mark: str
    cue_start: int
    cue_end: int
    scope_start: int
    scope_end: int


@described("list of cues")
def _cue_list(value) -> tuple[dict, ...]:
    """Cues of one mark and direction: ``{phrase, max_scope}`` mappings, max_scope optional."""
    if not isinstance(value, list):
        raise ValueError("must be a list of cues")
    for index, cue in enumerate(value):
        if not (
            isinstance(cue, dict)
            and set(cue) <= {"phrase", "max_scope"}
            and isinstance(cue.get("phrase"), str)
            and cue["phrase"].strip()
        ):
            raise Invalid(
                "each cue is a mapping with a phrase (a string: quote no, off or 100) "
                "and maybe a max_scope",
                at=index,
            )
        if "max_scope" in cue:
            try:
                positive_int(cue["max_scope"])
            except ValueError as exc:
                raise Invalid(f"max_scope {exc}", at=index) from None
    return tuple(value)


CUE_FIELDS = {
    mark: Option(
        Nested(
            {
                direction: Option(_cue_list, default=(), help=f"cues whose scope runs {direction}")
                for direction in DIRECTIONS
            }
        ),
        default={direction: () for direction in DIRECTIONS},
        help=f"cues that mark a match {mark}",
    )
    for mark in CONTEXT_MARKS
}
# The fields of lint/data/context.yaml.
CUE_FILE_FIELDS = {
    "terminators": Option(optional_string_list, default=(), help="tokens that end a cue's scope"),
    "defaults": Option(
        Nested({"max_scope": Option(positive_int, default=8, help="tokens a scope reaches")}),
        default={"max_scope": 8},
        help="values for cues that do not set their own",
    ),
    "pseudo": Option(
        optional_string_list, default=(), help="phrases that look like cues but are not"
    ),
    "cues": Option(Nested(CUE_FIELDS), required=True, help="cue phrases by mark and direction"),
}


def load_cue_rules(
    text: str, path: str, hedges: tuple[str, ...] = ()
) -> tuple[list[CueRule], list[str], set[str]]:
    """Parse the context cue file into cue rules, pseudo-cue phrases and terminator words.

    ``hedges`` are further hedging cues, scoped both ways with the file's default reach: the
    shipped cue file leaves its hedges to the modality vocabulary (healthlint.modality).
    A problem with the file is a HealthlintError naming ``path`` and the line.
    """
    data = load_yaml(text, path)
    if not isinstance(data, dict):
        raise HealthlintError("the cue file must be a mapping", path, 1)
    fields = read(data, CUE_FILE_FIELDS, path, HealthlintError)
    default_scope = fields["defaults"]["max_scope"]
    rules = [CueRule(phrase, "hedged", "both", default_scope) for phrase in hedges]
    rules += [
        CueRule(cue["phrase"].lower(), mark, direction, cue.get("max_scope", default_scope))
        for mark, by_direction in fields["cues"].items()
        for direction, cues in by_direction.items()
        for cue in cues
    ]
    return (
        rules,
        [p.lower() for p in fields["pseudo"]],
        {t.lower() for t in fields["terminators"]},
    )


class ContextMarker:
    """Finds context cues in a parsed document and answers which marks apply to a span."""

    def __init__(self, nlp):
        from spacy.matcher import PhraseMatcher

        source = resources.files("healthlint").joinpath("data/context.yaml")
        self.rules, pseudo, self.terminators = load_cue_rules(
            source.read_text(encoding="utf-8"), "lint/data/context.yaml", HEDGES
        )
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, rule in enumerate(self.rules):
            self.matcher.add(f"cue{index}", [nlp.make_doc(rule.phrase)])
        self.pseudo_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.pseudo_matcher.add("pseudo", [nlp.make_doc(p) for p in pseudo])
        self._rule_by_key = {nlp.vocab.strings[f"cue{i}"]: r for i, r in enumerate(self.rules)}

    def cue_hits(self, doc: Doc, sentence_of) -> list[CueHit]:
        """Every cue in ``doc`` with the token range its scope covers."""
        pseudo_tokens = set()
        for _, start, end in self.pseudo_matcher(doc):
            pseudo_tokens.update(range(start, end))
        hits = []
        for key, start, end in self.matcher(doc):
            if any(i in pseudo_tokens for i in range(start, end)):
                continue
            rule = self._rule_by_key[key]
            sentence = sentence_of(start)
            scope_start, scope_end = start, end
            if rule.direction in ("forward", "both"):
                first = _past_numbering(doc, end, sentence.end)
                scope_end = self._reach(doc, first, min(sentence.end, first + rule.max_scope), +1)
            if rule.direction in ("backward", "both"):
                scope_start = self._reach(
                    doc, start - 1, max(sentence.start, start - rule.max_scope) - 1, -1
                )
            hits.append(CueHit(rule.mark, start, end, scope_start, scope_end))
        return hits

    def _reach(self, doc: Doc, first: int, stop: int, step: int) -> int:
        """Walk from ``first`` towards ``stop`` until a terminator; return the scope boundary."""
        i = first
        while i != stop:
            if doc[i].lower_ in self.terminators:
                break
            i += step
        return i if step > 0 else i + 1

    def analyse(
        self, doc: Doc, block_kinds: list[str | None], sentence_of, modality_at=None
    ) -> Context:
        """Prepare the context of one parsed document.

        ``block_kinds`` gives each token's block kind; ``sentence_of(i)`` the sentence of token
        ``i`` (precomputed by the caller; ``Token.sent`` is slow); ``modality_at(i)`` the
        healthlint.modality reading of that sentence (Analysis caches it), or None to read
        hedges from cue scopes alone.
        """
        return Context(
            doc, lambda: self.cue_hits(doc, sentence_of), block_kinds, sentence_of, modality_at
        )


class Context:
    """The context marks of one document, computed per span on demand."""

    def __init__(
        self,
        doc: Doc,
        find_hits: Callable[[], list[CueHit]],
        block_kinds: list[str | None],
        sentence_of,
        modality_at=None,
    ):
        self.doc = doc
        self._find_hits = find_hits
        self.block_kinds = block_kinds
        self.sentence_of = sentence_of
        self.modality_at = modality_at

    @cached_property
    def hits(self) -> list[CueHit]:
        """Every cue of the document with its scope, found when a mark is first asked for:
        most documents have no finding whose rule consults its context."""
        return self._find_hits()

    def marks(self, span: Span) -> frozenset[str]:
        """Which of CONTEXT_MARKS apply to ``span``."""
        found = set()
        for hit in self.hits:
            cue_outside_match = hit.cue_end <= span.start or hit.cue_start >= span.end
            in_scope = hit.scope_start <= span.start < hit.scope_end or (
                span.start <= hit.scope_start < span.end
            )
            if cue_outside_match and in_scope:
                found.add(hit.mark)
        if "negated" not in found and _grammatically_negated(span):
            found.add("negated")
        if self.modality_at is not None:
            # One modality scale: a booster cancels the hedges of its sentence ("may most
            # definitely cure"), and a modal auxiliary above the span hedges it wherever it
            # sits ("can cause side effects in some people"; never "you can reverse it").
            reading = self.modality_at(span.start)
            if reading.of(span) is Modality.BOOSTED:
                found.discard("hedged")
            elif reading.hedged_by_parse(span):
                found.add("hedged")
        sentence = self.sentence_of(span.start)
        if "distanced" not in found and _scare_quoted(span, sentence):
            found.add("distanced")
        if sentence.text.rstrip().rstrip("\"'’”)").endswith("?"):
            found.add("question")
        if self.block_kinds and self.block_kinds[span.start] == "heading":
            found.add("heading")
        return frozenset(found)


def _past_numbering(doc: Doc, at: int, stop: int) -> int:
    """Where a cue's forward scope starts: past a numbered heading's "3:" or "#3:" ("Myth 3:
    collagen rebuilds your joints"), whose colon would otherwise end the scope at once."""
    i = at
    while i < stop and (doc[i].like_num or doc[i].text == "#"):
        i += 1
    if at < i < stop and doc[i].text == ":":
        return i + 1
    return at


def _grammatically_negated(span: Span) -> bool:
    """True when the verb governing ``span`` is negated or has a negative subject.

    Negation inside the span itself ("no side effects", "don't need a doctor") is part of what
    the rule matched, not context, so it does not count.
    """
    token = span.root
    for _ in range(4):
        outside = [c for c in token.children if not span.start <= c.i < span.end]
        if any(child.dep_ == "neg" for child in outside):
            return True
        if any(child.lower_ == "no" and child.dep_ == "det" for child in outside):
            return True
        for child in outside:
            if child.dep_ in ("nsubj", "nsubjpass", "expl"):
                if child.lower_ in NEGATIVE_SUBJECTS:
                    return True
                if any(g.dep_ == "det" and g.lower_ == "no" for g in child.children):
                    return True
        causative = token.dep_ == "ccomp" and token.head.lemma_ in CAUSATIVE_LEMMAS
        if (token.dep_ not in GOVERNED_DEPS and not causative) or token.head is token:
            return False
        token = token.head
    return False


_WORD = re.compile(r"\w+")


def _scare_quoted(span: Span, sentence: Span) -> bool:
    """True when ``span`` sits inside a short quotation such as 'cures' or "miracle cure"."""
    text, offset = sentence.text, sentence.start_char  # Doc.text would rebuild the whole text
    before = text[: span.start_char - offset]
    after = text[span.end_char - offset :]
    open_at = max(before.rfind(q) for q in OPEN_QUOTES)
    if open_at < 0:
        return False
    opener = before[open_at]
    if opener in "'‘" and open_at > 0 and before[open_at - 1].isalnum():
        return False  # an apostrophe inside a word, not a quote
    closers = [i for i in (after.find(q) for q in CLOSE_QUOTES) if i >= 0]
    if not closers:
        return False
    close_at = min(closers)
    if close_at + 1 < len(after) and after[close_at + 1].isalnum():
        return False  # an apostrophe (ketamine's), not a closing quote
    quoted = before[open_at + 1 :] + span.text + after[:close_at]
    return len(_WORD.findall(quoted)) <= SCARE_QUOTE_MAX_WORDS
