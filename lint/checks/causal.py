"""Kind ``causal-claim``: unhedged strong causal verbs acting on a health outcome.

"Turmeric reverses arthritis" and "this tea will restore all your organs" state a cause and an
effect as settled fact. The check reads the dependency parse: a present- or future-tense verb
from the rule's list, with a direct object that is a health outcome (or a sweeping "all"/
"every"), and no modal auxiliary that turns the claim into a possibility (unless a booster
cancels it: "can definitely reverse", healthlint.modality). Past-tense reports of
a study's result ("the drug reduced mortality") are left alone: they describe what happened.
"""

from __future__ import annotations

from healthlint.checks.base import (
    Check,
    Match,
    Option,
    optional_string_list,
    positive_int,
    string_list,
)
from healthlint.modality import ADVICE_MODALS, MODAL_HEDGES, Modality

SWEEPING_DETERMINERS = frozenset({"all", "every", "any", "each"})
CLAIM_TAGS = frozenset({"VBZ", "VBP"})
CERTAINTY_AUXILIARIES = frozenset({"will", "shall"})


class CausalClaimCheck(Check):
    """Flags verb + object spans such as "prevents cancer" or "will restore all"."""

    reads_entities = False

    OPTIONS = {
        "verbs": Option(string_list, required=True, help="lemmas of strong causal verbs"),
        "outcomes": Option(
            string_list,
            required=True,
            help="lemmas of health outcomes that make the object a health claim",
        ),
        "modal_hedges": Option(
            optional_string_list,
            default=MODAL_HEDGES + ADVICE_MODALS,
            help="auxiliaries that make the claim a possibility or advice (default: the "
            "modality vocabulary's modal hedges and advice modals)",
        ),
        "max_object_words": Option(
            positive_int, default=6, help="how many words of the object the span may cover"
        ),
        "non_health_objects": Option(
            optional_string_list,
            default=(
                "doubt",
                "question",
                "worry",
                "fear",
                "concern",
                "hesitation",
                "confusion",
                "myth",
            ),
            help="object lemmas that make a sweeping claim not a "
            "health claim ('dissolve all your doubts')",
        ),
    }

    @classmethod
    def validate_options(cls, options):
        """Verbs and outcomes are compared a word at a time, so each must be one word."""
        for key in ("verbs", "outcomes", "non_health_objects"):
            several = [w for w in options[key] if len(w.split()) > 1]
            if several:
                raise ValueError(f"{key} must be single words (lemmas), not {several}")

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        self.verbs = {v.lower() for v in rule.options["verbs"]}
        self.outcomes = {o.lower() for o in rule.options["outcomes"]}
        self.modal_hedges = {m.lower() for m in rule.options["modal_hedges"]}
        self.max_object_words = rule.options["max_object_words"]
        self.non_health = {o.lower() for o in rule.options["non_health_objects"]}
        self.third_person = {form: verb for verb in self.verbs for form in _third_person(verb)}

    def find(self, analysis):
        """Yield one span per unhedged causal claim, from the verb (or its "will") to the object."""
        tokens, lowers, offsets = analysis.tokens, analysis.lowers, analysis.offsets
        verbs, third_person = self.verbs, self.third_person
        for i, lemma in enumerate(analysis.lower_lemmas):
            listed_lemma = lemma in verbs
            if not listed_lemma and lowers[i] not in third_person:
                continue
            token = tokens[i]
            if listed_lemma and token.pos_ == "VERB":
                target = self._parsed_claim(token, analysis)
            elif lowers[i] in third_person:
                target = self._surface_claim(token)
            else:
                continue
            if target is None:
                continue
            start = i - 1 if i > 0 and lowers[i - 1] in CERTAINTY_AUXILIARIES else i
            end = min(target.i, i + self.max_object_words)
            yield Match(offsets[start], offsets[end] + len(analysis.texts[end]))

    def _parsed_claim(self, verb, analysis):
        """The health object of a present or future-tense causal verb, read from the parse."""
        governing = verb
        while governing.dep_ == "conj" and governing.head.pos_ in ("VERB", "AUX"):
            governing = governing.head  # "they rebuild cartilage and reverse arthritis"
        auxiliaries = {c.lower_ for c in governing.children if c.dep_ == "aux"}
        # A booster cancels the modal's hedge: "can definitely reverse", "could cure it for good".
        boosted = bool(auxiliaries & self.modal_hedges) and (
            analysis.sentence_modality(verb.i).of(verb) is Modality.BOOSTED
        )
        if auxiliaries & self.modal_hedges and not boosted:
            return None
        verb_tag = verb.tag_ if verb is governing else governing.tag_
        finite = verb_tag in CLAIM_TAGS or (
            verb_tag == "VB"
            and (
                boosted
                or auxiliaries & CERTAINTY_AUXILIARIES
                # The tagger reads some present-tense verbs ("nuts prevent") as base forms.
                or (not auxiliaries and any(c.dep_ == "nsubj" for c in governing.children))
            )
        )
        if not finite or self._subject_is_outcome(governing):
            return None
        return self._health_object(verb)

    def _subject_is_outcome(self, verb) -> bool:
        """True for harm done by a disease ("a disease that destroys your vision"), which is
        description, not a claim about a remedy."""
        for child in verb.children:
            if child.dep_ not in ("nsubj", "nsubjpass"):
                continue
            subject = child
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                subject = verb.head
            if subject.lemma_.lower() in self.outcomes or subject.lower_ in self.outcomes:
                return True
        return False

    def _surface_claim(self, token):
        """Fallback for misparsed short sentences such as the heading "Diet reverses diabetes".

        A third-person form of a listed verb, right after a noun and followed closely by a
        health outcome, is read as a claim even when the tagger calls it a noun.
        """
        if token.pos_ == "VERB":
            return None
        # A list item or heading often starts with the verb: "- Reverses arthritis in days".
        if not token.is_sent_start and (
            token.nbor(-1).pos_ not in ("NOUN", "PROPN") or token.nbor(-1).lower_ in self.verbs
        ):
            return None
        doc = token.doc
        for following in doc[token.i + 1 : min(len(doc), token.i + 4)]:
            if following.is_punct:
                return None
            if following.lower_ in self.outcomes or following.lemma_.lower() in self.outcomes:
                return following
        return None

    def _health_object(self, verb):
        """The object token that makes this a health claim, or None."""
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")]
        if verb.dep_ in ("compound", "amod") and verb.head.i > verb.i:
            # The small model sometimes parses "prevents cancer" as a compound noun.
            objects.append(verb.head)
        for obj in objects:
            if obj.lemma_.lower() in self.non_health:
                continue
            if obj.lower_ in SWEEPING_DETERMINERS:
                return obj
            for word in (obj, *obj.conjuncts):
                for determiner in word.children:
                    if determiner.dep_ in ("det", "predet") and (
                        determiner.lower_ in SWEEPING_DETERMINERS
                    ):
                        return determiner
                # Only the object's own noun phrase counts: in "boosts your ability to fight
                # cancer" the outcome belongs to a clause inside the object, not to the object.
                phrase = word.doc[word.left_edge.i : word.i + 1]
                if any(
                    part.lemma_.lower() in self.outcomes or part.lower_ in self.outcomes
                    for part in phrase
                ):
                    return word
        return None


def _third_person(verb: str) -> tuple[str, ...]:
    """Spellings of the third-person singular: "cures", "flushes", "detoxifies"."""
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return (verb[:-1] + "ies",)
    return (verb + "s", verb + "es")
