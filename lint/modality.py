"""Modality: how firmly a sentence states what it says, on one scale every reader shares.

The scale is ``Modality``: NEGATED < HEDGED < PLAIN < BOOSTED. The words live in
``lint/data/modality.yaml``; the parse decides what they reach. The API (small on purpose):

- ``modality_of(analysis, target) -> Modality``: the level of the clause that governs a token
  or span: negated when its own verb is; else boosted when its sentence has a booster
  (boosters cancel hedges); else hedged when a hedge reaches the clause (a modal auxiliary of
  its verb or of a verb above it, a hedging word in one of those clauses, a condition clause);
  else plain.
- ``sentence_modality(analysis, sentence) -> SentenceModality``: the sentence's cues (each a
  ``Cue`` with its kind and clause) and overall ``level``, read from the parse once per
  sentence and cached by ``Analysis.sentence_modality(token_index)``. Its ``of(target)`` is
  what ``modality_of`` returns; ``possibility(target)`` says whether a hedge of possibility
  ("may", "possibly", "in some people") rather than one on the evidence alone ("studies
  suggest", "appears to") reaches the target; ``correlational`` whether the sentence uses
  correlational wording.
- ``read_sentence(sentence)`` computes a ``SentenceModality`` without the cache.

What counts as a hedge: "may", "might", "could", "would" on the verb; the phrases of
``HEDGES`` ("possibly", "is thought to", "in some cases"), of which ``EVIDENTIAL_HEDGES`` hedge
the evidence only; "if"/"unless" clauses; correlational wording ("is associated with", "linked
to", ``CORRELATIONAL``), which the claim inventory also reports as its own strength. "can"
hedges only a possibility: for some people ("can cause side effects in some people"), under a
condition ("can shorten the flu if taken early") or with a verb of what may happen ("can lead
to", "can vary"). A promise to the reader ("you can reverse it too", "this can end your pain for
good") is not hedged, and "can" with a booster is boosted. "not always" hedges; it does not
negate.

Readers: the context layer (healthlint.context) marks a span ``hedged`` from cue scopes and
from a modal auxiliary above it, and drops the mark when the clause is boosted; the
``causal-claim`` kind leaves a verb with a modal hedge or advice modal alone (``MODAL_HEDGES``,
``ADVICE_MODALS``) unless a booster cancels it; the claim inventory grades each claim on the
scale (a cause reached by a hedge of possibility is "conditional").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from importlib import resources
from typing import TYPE_CHECKING

from healthlint.errors import HealthlintError
from healthlint.phrases import PhraseIndex
from healthlint.schema import Option, read, string_list
from healthlint.yamlsource import load_yaml

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from healthlint.analysis import Analysis

# The fields of lint/data/modality.yaml.
MODALITY_FIELDS = {
    "hedges": Option(string_list, required=True, help="words and phrases that hedge a claim"),
    "evidential_hedges": Option(
        string_list,
        required=True,
        help="hedges that report how the evidence looks rather than make a claim a possibility",
    ),
    "modal_hedges": Option(
        string_list, required=True, help="modal auxiliaries that make their verb a possibility"
    ),
    "advice_modals": Option(
        string_list, required=True, help="modal auxiliaries of advice or expectation"
    ),
    "boosters": Option(
        string_list, required=True, help="words that state a claim as certain; they cancel hedges"
    ),
    "possibility_limits": Option(
        string_list,
        required=True,
        help='words that make "can" a possibility for some people, not a promise',
    ),
    "possibility_verbs": Option(
        string_list,
        required=True,
        help='verbs with which "can" states what may happen ("can cause", "can vary")',
    ),
    "correlational": Option(
        string_list, required=True, help="wording that states a correlation, not a cause"
    ),
}


def _load() -> dict:
    path = "lint/data/modality.yaml"
    text = resources.files("healthlint").joinpath("data/modality.yaml").read_text("utf-8")
    return read(load_yaml(text, path), MODALITY_FIELDS, path, HealthlintError)


_DATA = _load()


def _lowered(key: str) -> tuple[str, ...]:
    return tuple(" ".join(phrase.lower().split()) for phrase in _DATA[key])


#: Words and phrases that hedge a claim in their scope ("may", "is thought to", "in some
#: cases"), lower case, in file order.
HEDGES: tuple[str, ...] = _lowered("hedges")
#: The hedges that report how the evidence looks ("suggests", "appears to") rather than make
#: a claim a possibility ("may", "possibly"); cues of kind "evidential".
EVIDENTIAL_HEDGES: frozenset[str] = frozenset(_lowered("evidential_hedges"))
#: Modal auxiliaries that make the verb they go with a possibility ("can lower", "would help"),
#: lower case, in file order. "can" hedges only under the conditions above (``can_hedges``).
MODAL_HEDGES: tuple[str, ...] = _lowered("modal_hedges")
#: Modal auxiliaries of advice or expectation ("should"): no hedge on a claim's strength, but
#: no statement of settled fact either.
ADVICE_MODALS: tuple[str, ...] = _lowered("advice_modals")
#: Words that state a claim as certain ("definitely", "guaranteed", "for good").
BOOSTERS: tuple[str, ...] = _lowered("boosters")
#: Words that make "can" a possibility for some people ("in some", "sometimes").
POSSIBILITY_LIMITS: tuple[str, ...] = _lowered("possibility_limits")
#: Verbs (lemmas) with which "can" states what may happen ("can cause", "can vary").
POSSIBILITY_VERBS: frozenset[str] = frozenset(_lowered("possibility_verbs"))
#: Wording of a correlation ("associated with", "risk factor", "predicts").
CORRELATIONAL: tuple[str, ...] = _lowered("correlational")


class Modality(IntEnum):
    """How firmly a claim is stated, weakest first; compare levels with < and >."""

    NEGATED = 0
    HEDGED = 1
    PLAIN = 2
    BOOSTED = 3


@dataclass(frozen=True)
class Cue:
    """One modality cue in a sentence: its kind and its tokens (Doc indexes, end exclusive).

    ``kind`` is "hedge" (a possibility: "may", "possibly", "in some people"), "evidential" (a
    hedge on the evidence: "suggests", "appears to"), "booster", "negation" or "correlational";
    ``clause`` is the index of the verb whose clause the cue belongs to (None when the cue has
    no verb above it).
    """

    kind: str
    start: int
    end: int
    text: str
    clause: int | None


@dataclass(frozen=True)
class SentenceModality:
    """The modality cues of one sentence and how firmly the sentence as a whole is stated."""

    start: int
    end: int
    cues: tuple[Cue, ...]
    level: Modality

    @property
    def correlational(self) -> bool:
        """True when the sentence states a correlation ("is associated with", "predicts")."""
        return any(cue.kind == "correlational" for cue in self.cues)

    def of(self, target: Token | Span) -> Modality:
        """The level of the clause governing ``target`` (a token or span of this sentence)."""
        token = target.root if hasattr(target, "root") else target
        chain = set(_clause_chain(token))
        if any(cue.kind == "negation" and cue.clause in chain for cue in self.cues):
            return Modality.NEGATED
        if any(cue.kind == "booster" for cue in self.cues):
            return Modality.BOOSTED
        if any(cue.kind in HEDGE_KINDS and cue.clause in chain for cue in self.cues):
            return Modality.HEDGED
        return Modality.PLAIN

    def possibility(self, target: Token | Span) -> bool:
        """True when a hedge of possibility ("may", "could", "possibly", "in some people")
        reaches the clause of ``target`` and no booster cancels it: what makes a cause
        conditional rather than a hedge on the evidence alone ("results suggest that…")."""
        token = target.root if hasattr(target, "root") else target
        chain = set(_clause_chain(token))
        if any(cue.kind == "booster" for cue in self.cues):
            return False
        return any(cue.kind == "hedge" and cue.clause in chain for cue in self.cues)

    def hedged_by_parse(self, target: Token | Span) -> bool:
        """True when a modal auxiliary ("may", "could", "can" of possibility) of the clause
        chain above ``target`` hedges it: what a window of cue words cannot see."""
        token = target.root if hasattr(target, "root") else target
        chain = set(_clause_chain(token))
        return any(
            cue.kind == "hedge"
            and cue.end - cue.start == 1
            and cue.clause in chain
            and cue.text in MODAL_HEDGES
            for cue in self.cues
        )


def read_sentence(sentence: Span) -> SentenceModality:
    """Read the modality cues of one parsed sentence and its overall level."""
    doc = sentence.doc
    lowers = [token.lower_ for token in sentence]
    cues: list[Cue] = []
    taken: set[int] = set()
    for kind, phrases in (
        ("booster", _BOOSTER_INDEX),
        ("correlational", _CORRELATIONAL_INDEX),
        ("hedge", _HEDGE_INDEX),
    ):
        for offset, length in phrases.matches(lowers):
            start = sentence.start + offset
            if any(i in taken for i in range(start, start + length)):
                continue
            token = doc[start]
            if token.tag_ == "MD":
                continue  # modal auxiliaries are read from the parse below
            found = kind
            if kind == "hedge" and " ".join(lowers[offset : offset + length]) in EVIDENTIAL_HEDGES:
                found = "evidential"
            if kind == "booster" and start > 0 and doc[start - 1].lower_ in ("not", "n't"):
                found = "hedge"  # "not always", "not necessarily"
            taken.update(range(start, start + length))
            cues.append(
                Cue(
                    found,
                    start,
                    start + length,
                    doc[start : start + length].text,
                    _clause_of(token),
                )
            )
    for token in sentence:
        if token.tag_ == "MD" and token.lower_ in _MODAL_HEDGE_SET and token.i not in taken:
            if token.lower_ != "can" or _can_is_possibility(token, sentence, cues):
                cues.append(Cue("hedge", token.i, token.i + 1, token.lower_, _clause_of(token)))
        elif token.dep_ == "mark" and token.lower_ in _CONDITION_MARKS - {"when", "once"}:
            # "if you take it early", "unless…": the clause states a condition, not a fact
            cues.append(Cue("hedge", token.i, token.i + 1, token.lower_, _clause_of(token)))
        elif _is_negation(token) and not _negates_booster(token):
            # "not always", "not necessarily": a hedge (read above), not a negation
            cues.append(Cue("negation", token.i, token.i + 1, token.lower_, _clause_of(token)))
    cues.sort(key=lambda cue: cue.start)
    level = SentenceModality(sentence.start, sentence.end, tuple(cues), Modality.PLAIN).of(
        sentence.root
    )
    if level is Modality.PLAIN and any(c.kind in HEDGE_KINDS for c in cues):
        level = Modality.HEDGED  # a hedge anywhere weakens the sentence as a whole
    return SentenceModality(sentence.start, sentence.end, tuple(cues), level)


def sentence_modality(analysis: Analysis, sentence: Span) -> SentenceModality:
    """The modality of one of the analysis's sentences, read once per sentence."""
    return analysis.sentence_modality(sentence.start)


def modality_of(analysis: Analysis, target: Token | Span) -> Modality:
    """The level of the clause that governs ``target``, a token or span of the analysis."""
    start = target.start if hasattr(target, "start") else target.i
    return analysis.sentence_modality(start).of(target)


def is_hedge(phrase: str) -> bool:
    """True when ``phrase`` (a word or phrase, any case) is one of the hedges."""
    return " ".join(phrase.lower().split()) in _HEDGE_SET


def is_modal_hedge(token) -> bool:
    """True when a spaCy token is a modal auxiliary that hedges its verb ("may", "could")."""
    return token.tag_ == "MD" and token.lower_ in _MODAL_HEDGE_SET


# Cue kinds that put a clause on the hedged level.
HEDGE_KINDS = frozenset({"hedge", "evidential", "correlational"})
# Dependencies through which a clause passes its modality down to the clause it governs: "may
# help reduce", "studies suggest that it cures", "is thought to cure".
_GOVERNED_CLAUSES = frozenset({"xcomp", "ccomp", "csubj", "acomp", "oprd", "pcomp"})
_NEGATIVE_SUBJECTS = frozenset({"nothing", "none", "nobody", "neither", "no one"})
_CONDITION_MARKS = frozenset({"if", "when", "unless", "once", "provided"})
_SECOND_PERSON = frozenset({"you", "your", "yourself", "yours"})


def _clause_of(token) -> int | None:
    """The index of the verb (or auxiliary-bearing head) of the clause ``token`` sits in."""
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            return token.i
        if token.head.i == token.i:  # spaCy builds a new Token object per access
            return token.i if token.pos_ in ("VERB", "AUX", "ADJ") else None
        if token.dep_ in ("aux", "auxpass", "neg"):
            token = token.head
            continue
        token = token.head
    return None


def _clause_chain(token):
    """The clause of ``token`` and every clause above it that passes its modality down."""
    index = _clause_of(token)
    if index is None:
        return
    verb = token.doc[index]
    for _ in range(8):
        yield verb.i
        if verb.dep_ not in _GOVERNED_CLAUSES or verb.head.i == verb.i:
            return
        above = _clause_of(verb.head)
        if above is None:
            return
        verb = verb.doc[above]


def _is_negation(token) -> bool:
    """A negation of its clause: "not", "never", "no" on the subject, a negative subject."""
    if token.dep_ == "neg":
        return True
    if token.dep_ in ("nsubj", "nsubjpass", "expl") and token.lower_ in _NEGATIVE_SUBJECTS:
        return True
    return (
        token.lower_ == "no"
        and token.dep_ == "det"
        and token.head.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")
    )


def _negates_booster(token) -> bool:
    """True for the "not" of "not always", "not necessarily": that pair hedges."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.head.lower_ in _BOOSTER_WORDS or (
        following is not None and following.lower_ in _BOOSTER_WORDS
    )


def _can_is_possibility(can, sentence, cues) -> bool:
    """True when "can" states a possibility for some people, not a promise to the reader."""
    verb = can.head
    if any(cue.kind == "booster" for cue in cues):
        return False
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in _SECOND_PERSON:
            return False  # "you can reverse it too"
    if verb.lemma_.lower() in POSSIBILITY_VERBS:
        return True  # "infections can cause it", "symptoms can vary"
    lowers = [token.lower_ for token in sentence]
    if _LIMIT_INDEX.matches(lowers):
        return True
    return any(
        child.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS for m in child.children)
        for child in verb.children
    )


_HEDGE_SET = frozenset(HEDGES)
_BOOSTER_WORDS = frozenset(word for phrase in BOOSTERS for word in phrase.split()) | {"necessarily"}
_MODAL_HEDGE_SET = frozenset(MODAL_HEDGES)
_HEDGE_INDEX = PhraseIndex(HEDGES)
_BOOSTER_INDEX = PhraseIndex(BOOSTERS)
_CORRELATIONAL_INDEX = PhraseIndex(CORRELATIONAL)
_LIMIT_INDEX = PhraseIndex(POSSIBILITY_LIMITS)
