"""Kind ``substitution``: advice that replaces or stops a conventional treatment.

"Use manuka honey instead of antibiotics", "swap your blood pressure tablets for beetroot
juice", "bin your insulin pens", "there is no need for chemotherapy once…", "skip the flu jab"
and "statins are poison" all tell a reader to give up treatment that works. The treatments are
the typed lexicon's (``Analysis.health_terms``, type ``treatment``); the words around them are in
``lint/data/health/substitution.yaml``.

The kind reads a sentence as advice only when it speaks to the reader (an imperative, "you",
"your", a generic "there is no need") in the present; past narration, a clinician's own option
or advice to see one first, a warning about what substitution does, and one conventional
treatment swapped for another are not advice to flag.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from healthlint.checks.base import Check, Match, Option
from healthlint.errors import HealthlintError
from healthlint.phrases import PhraseIndex
from healthlint.schema import described, read, string_list
from healthlint.yamlsource import load_yaml

#: The shapes of advice the kind knows, in the order of its docs.
SHAPES = ("instead", "swap", "discard", "no-need", "skip", "poison")
# Shapes that are claims about the treatment, advice even when no reader is named ("salt lamps
# are a safer option than inhaled steroids", "statins are poison").
_GENERIC_SHAPES = frozenset({"instead", "no-need", "poison"})
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_READER = frozenset({"you", "your", "yourself", "yours", "yourselves"})
_PAST_TAGS = frozenset({"VBD"})
# Verbs that only carry a treatment: "instead of using antibiotics", "stop taking them".
_TAKING = frozenset({"use", "take", "have", "get"})
# Words that make a stopping a described step, not advice: "after you stop taking it".
_STEP_MARKS = frozenset({"after", "when", "if", "once", "until", "before", "while", "unless"})
_MODALS = frozenset({"may", "might", "will", "can", "could", "should", "would", "'ll"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
# How far a treatment may sit from the words that act on it ("stop taking all of your blood
# pressure tablets").
_OBJECT_WINDOW = 6
# The words that introduce what replaces a treatment: "swap X for Y", "switch to Y".
_REPLACEMENT_MARKS = frozenset({"to", "with", "for", "by", "into"})
_CONNECTOR_WINDOW = 4

_WORD_LISTS = (
    ("connectors", "phrases before the replaced treatment ('instead of', 'alternative to')"),
    ("comparatives", "words that put something above the treatment before 'than'"),
    ("equivalents", "phrases that offer something as the treatment's equal ('does everything')"),
    ("treatment_verbs", "verbs that name a treatment ('rather than vaccinating')"),
    ("swap_verbs", "verbs that swap a treatment for something else"),
    ("discard_verbs", "phrases that throw away or stop a treatment"),
    ("need_phrases", "phrases that say a treatment is not needed"),
    ("skip_verbs", "verbs that skip care"),
    ("skip_targets", "care a reader is told to skip (vaccines, screenings)"),
    ("poison_words", "words that call a treatment poison"),
    ("clinicians", "words for clinicians"),
    ("clinician_verbs", "what a clinician does in their own option or advice"),
    ("consult_verbs", "verbs of seeing a clinician first"),
    ("careful_words", "words of stopping slowly or under care (gradually, taper)"),
    ("reported_phrases", "phrases that make a sentence a report of what others say or found"),
    ("narrator_subjects", "subjects that make a sentence narration about someone else"),
    ("disposal_words", "words of throwing old medicine away safely (expired, unused)"),
    ("not_the_treatment", "nouns next to a treatment that are what is acted on (dose, needle)"),
    ("harm_words", "words of harm that make a sentence a warning"),
)
WORD_FIELDS = {name: Option(string_list, required=True, help=help) for name, help in _WORD_LISTS}


@cache
def word_lists() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The lists of ``substitution.yaml``, each entry split into lower-case words."""
    path = "lint/data/health/substitution.yaml"
    text = resources.files("healthlint").joinpath("data/health/substitution.yaml")
    data = read(load_yaml(text.read_text("utf-8"), path), WORD_FIELDS, path, HealthlintError)
    return {name: tuple(tuple(entry.lower().split()) for entry in data[name]) for name in data}


def _words(name: str) -> frozenset[str]:
    return frozenset(" ".join(entry) for entry in word_lists()[name])


@described("list of shapes")
def shape_list(value) -> tuple[str, ...]:
    """Validate a non-empty list of shape names."""
    shapes = string_list(value)
    unknown = [shape for shape in shapes if shape not in SHAPES]
    if unknown:
        raise ValueError(f"unknown shapes {unknown} (known: {', '.join(SHAPES)})")
    return shapes


class SubstitutionCheck(Check):
    """Flags advice to replace, stop or skip a conventional treatment.

    Shapes: ``instead`` ("use X instead of / rather than / in place of [treatment]", "X is a
    safer option than [treatment]", "X does everything [treatment] does"), ``swap`` ("swap
    your [treatment] for X"), ``discard`` ("throw away / ditch / stop taking your
    [treatment]"), ``no-need`` ("you won't need your [treatment]"), ``skip`` ("skip the flu
    jab"), ``poison`` ("[treatment] is poison").
    """

    reads_entities = False

    OPTIONS = {
        "shapes": Option(
            shape_list,
            default=SHAPES,
            help="which shapes of advice to flag: " + ", ".join(SHAPES),
        ),
    }

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        self.shapes = frozenset(rule.options["shapes"])
        lists = word_lists()
        self.connectors = PhraseIndex(lists["connectors"] + lists["equivalents"])
        self.discard = PhraseIndex(lists["discard_verbs"])
        self.need = PhraseIndex(lists["need_phrases"])
        self.skip = PhraseIndex(lists["skip_verbs"])
        self.comparatives = _words("comparatives")
        self.treatment_verbs = _words("treatment_verbs")
        self.swap = _words("swap_verbs")
        self.skip_targets = _words("skip_targets")
        self.poison = _words("poison_words")
        self.clinicians = _words("clinicians")
        self.clinician_verbs = _words("clinician_verbs")
        self.consult = _words("consult_verbs")
        self.harm = _words("harm_words")
        self.careful = _words("careful_words") | _words("disposal_words")
        self.not_treatment = _words("not_the_treatment")
        self.reported = PhraseIndex(word_lists()["reported_phrases"])
        self.narrators = _words("narrator_subjects")
        # A word one of the shapes starts at: a sentence with none of them is left alone.
        self.cue_words = (
            self.connectors.first_words
            | self.discard.first_words
            | self.need.first_words
            | self.skip.first_words
            | self.swap
            | self.poison
            | {"than"}
        )

    def find(self, analysis):
        """Yield each shape of substitution advice that speaks to the reader."""
        terms = analysis.health_terms
        treatments = [span for span in terms.spans if span.type == "treatment"]
        offsets = analysis.offsets
        tokens = analysis.tokens
        lowers, lemmas = analysis.lowers, analysis.lower_lemmas
        for sentence in analysis.sentences:
            inside = [t for t in treatments if sentence.start <= t.start < sentence.end]
            if not inside and "skip" not in self.shapes:
                continue
            span = range(sentence.start, sentence.end)
            if not any(lowers[i] in self.cue_words or lemmas[i] in self.cue_words for i in span):
                continue
            if self._quiet_sentence(analysis, sentence):
                continue
            for shape, cue, first, last in self._shapes(analysis, sentence, inside):
                if shape not in self.shapes or not self._advice(analysis, sentence, shape, cue):
                    continue
                if shape in ("instead", "swap") and len({t.text.lower() for t in inside}) > 1:
                    continue  # one conventional treatment for another
                end_token = tokens[last - 1]
                yield Match(offsets[first], offsets[last - 1] + len(end_token.text))

    def _shapes(self, analysis, sentence, inside):
        """(shape, cue token, first token, end token) for each shape found in ``sentence``."""
        lowers, lemmas = analysis.lowers, analysis.lower_lemmas
        tokens = analysis.tokens
        starts = {t.start: t for t in inside}

        def treatment_after(index, window):
            # Up to the next clause: "not needed when treating with spinosad" is about nits.
            for position in range(index, min(index + window, sentence.end)):
                if position in starts:
                    term = starts[position]
                    after = lowers[term.end] if term.end < sentence.end else ""
                    return None if after in self.not_treatment else term
                token = tokens[position]
                if token.lower_ in self.not_treatment:
                    return None
                if token.is_punct or token.pos_ == "SCONJ":
                    return None
                if token.pos_ == "VERB" and token.lemma_.lower() not in _TAKING:
                    return None
            return None

        def treatment_before(index, window):
            for term in reversed(inside):
                close = term.end <= index and index - term.end < window
                if close and not any(tokens[i].is_punct for i in range(term.end, index)):
                    return term
            return None

        replaced_by_something = "once" in lowers[sentence.start : sentence.end] or any(
            analysis.health_terms.type_at(i) == "remedy"
            for i in range(sentence.start, sentence.end)
        )
        for index in range(sentence.start, sentence.end):
            size = self.connectors.at(lowers, index)
            if size:
                after = index + size
                term = treatment_after(after, _CONNECTOR_WINDOW)
                if term:
                    yield "instead", index, index, term.end
                elif after < sentence.end and lowers[after] in self.treatment_verbs:
                    yield "instead", index, index, after + 1
            if lowers[index] == "than" and (term := treatment_after(index + 1, _CONNECTOR_WINDOW)):
                before = " ".join(lowers[max(sentence.start, index - 6) : index])
                if any(f" {word} " in f" {before} " for word in self.comparatives):
                    yield "instead", index, index, term.end
            if lemmas[index] in self.swap and tokens[index].pos_ in ("VERB", "NOUN"):
                # What is given up comes before what replaces it: "switch to another statin"
                # names the new treatment, not the old.
                given_up = index + 1
                while given_up < sentence.end and lowers[given_up] not in _REPLACEMENT_MARKS:
                    given_up += 1
                term = treatment_after(index + 1, min(_OBJECT_WINDOW, given_up - index - 1))
                if term is None and tokens[index].tag_ == "VBN":
                    term = treatment_before(index, _OBJECT_WINDOW)
                if term:
                    yield "swap", index, min(index, term.start), max(index + 1, term.end)
            size = self.discard.at(lemmas, index) or self.discard.at(lowers, index)
            if size and tokens[index].pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
                term = treatment_after(index + size, _OBJECT_WINDOW)
                if term is None and tokens[index].tag_ == "VBN":
                    term = treatment_before(index, _OBJECT_WINDOW)
                if term:
                    yield "discard", index, min(index, term.start), max(index + size, term.end)
            # "You don't need antibiotics for a cold" is good advice; "you won't need your
            # inhaler once you start salt therapy" names what takes the treatment's place.
            size = self.need.at(lowers, index) if replaced_by_something else 0
            if size:
                # "you won't need insulin", or a treatment as the subject of "won't be needed".
                term = treatment_after(index + size, _CONNECTOR_WINDOW)
                if term is None and "need" not in lowers[index : index + size]:
                    term = treatment_before(index, 4)
                if term:
                    yield "no-need", index, min(index, term.start), max(index + size, term.end)
            size = self.skip.at(lemmas, index) or self.skip.at(lowers, index)
            if size:
                for position in range(index + size, min(index + size + 4, sentence.end)):
                    if tokens[position].is_punct:
                        break
                    if lowers[position] in self.skip_targets:
                        yield "skip", index, index, position + 1
                        break
            term = treatment_before(index, 4) if lowers[index] in self.poison else None
            if term and any(lemmas[i] == "be" for i in range(term.end, index)):
                yield "poison", index, term.start, index + 1

    def _quiet_sentence(self, analysis, sentence) -> bool:
        """True for a sentence that sends the reader to a clinician or warns of harm."""
        lowers = analysis.lowers
        words = set(lowers[sentence.start : sentence.end])
        if words & (self.harm | self.careful):
            return True
        if any(self.reported.at(lowers, i) for i in range(sentence.start, sentence.end)):
            return True
        if any(s.lower_ in self.narrators for s in _subjects(sentence.root)):
            return True
        for token in sentence:
            if token.lower_ not in self.clinicians:
                continue
            verb = token.head
            if token.dep_ in _SUBJECTS and (
                verb.lemma_.lower() in self.clinician_verbs
                or any(child.lower_ in _MODALS for child in verb.children)
            ):
                return True
            if any(lowers[i] in self.consult for i in range(sentence.start, token.i)):
                return True
        return False

    def _advice(self, analysis, sentence, shape, cue) -> bool:
        """True when the shape at token ``cue`` is advice in the present, to the reader."""
        lowers = analysis.lowers
        # A shape that is a verb ("swap", "stop") is read from that verb; a connector or a
        # claim ("instead of", "is poison") from the sentence's main verb.
        verb = analysis.tokens[cue] if shape in ("swap", "discard", "skip") else sentence.root
        if shape == "no-need":
            need = next(
                (t for t in sentence if t.lemma_.lower() == "need" and abs(t.i - cue) < 3), None
            )
            verb = need or verb
        if shape != "no-need" and _negated(verb, lowers[max(sentence.start, cue - 3) : cue]):
            return False
        if verb.tag_ == "VBG" and (verb.dep_ in _SUBJECTS or verb.head.dep_ in _SUBJECTS):
            return False  # "swapping insulin for cinnamon …": a topic, not advice
        if verb.tag_ == "VBG" and verb.i == sentence.start and _has_modal(sentence.root):
            return False  # "Stopping your statin suddenly may …", whatever the parse made of it
        if any(child.dep_ == "mark" and child.lower_ in _STEP_MARKS for child in verb.children):
            return False  # "… go away after you stop taking the drug"
        if verb.dep_ in ("relcl", "acl"):
            return False  # "people who stop insulin": who does it, not what to do
        if verb.tag_ in _PAST_TAGS or sentence.root.tag_ in _PAST_TAGS:
            return False
        if any(child.lower_ == "had" for child in verb.children):
            return False
        subjects = _subjects(verb)
        if (shape not in _GENERIC_SHAPES or verb.lemma_.lower() == "need") and any(
            not _addressed(subject) for subject in subjects
        ):
            return False  # third person: "many people stop their tablets"
        if _READER & set(lowers[sentence.start : sentence.end]):
            return True
        if verb.tag_ == "VB" and not subjects and not _has_aux(verb):
            return True  # an imperative
        return shape in _GENERIC_SHAPES


def _has_modal(verb) -> bool:
    """True when ``verb`` has a modal auxiliary ("may increase", "can cause")."""
    return any(child.dep_ == "aux" and child.tag_ == "MD" for child in verb.children)


def _subjects(verb) -> list:
    """The active subjects of ``verb``, or of the verb it is joined to ("… and no longer need")."""
    subjects = [child for child in verb.children if child.dep_ in ("nsubj", "csubj")]
    if not subjects and verb.dep_ == "conj":
        return _subjects(verb.head)
    return subjects


def _addressed(subject) -> bool:
    """True for a subject that is the reader or the reader's: "you", "your child"."""
    return subject.lower_ in _READER or any(c.lower_ in _READER for c in subject.children)


def _has_aux(verb) -> bool:
    return any(child.dep_ in ("aux", "auxpass") for child in verb.children)


def _negated(verb, words_before) -> bool:
    """True when ``verb`` or the few words before the shape deny it ("never use … instead")."""
    if _NEGATIONS & set(words_before):
        return True
    for token in (verb, *verb.ancestors):
        if any(child.dep_ == "neg" or child.lower_ == "never" for child in token.children):
            return True
        if token.pos_ == "VERB" and token.dep_ not in ("conj", "xcomp", "advcl"):
            break
    return False
