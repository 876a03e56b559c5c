"""Claim frames: who or what is said to do what to which condition, read from the parse.

A frame is an *agent* + a *predicate* of one family (cure, reverse, eliminate, …) + a *target*
(a condition of the typed lexicon, healthlint.health_terms, or a body part for the families that
allow one). The predicate may be a verb in any voice or mood, a noun ("the reversal of kidney
disease", "a cure for hay fever"), a gerund ("effective at reversing hypertension") or a hyphen
compound ("prostate-shrinking"); the grammar is read here once, so rules only name families.

Whether a frame is a health promise depends on its agent: a conventional treatment acting on its
own target ("radiotherapy destroys cancer cells"), the body ("your liver eliminates toxins"), a
clinician or the condition itself is medicine or description; a remedy, a product, a promotional
"this"/"our" phrase is a promise. Each family says in ``lint/data/health/predicates.yaml`` what an
unknown agent and the reader (imperatives, "you can …") mean. Totality and speed intensifiers
("for good", "overnight", "in 7 days") raise a frame's strength to ``boosted``, which makes it a
promise whatever the family's policy.

Comparisons that put an agent above a conventional treatment ("works better than statins",
"ten times more powerful than chemotherapy") are frames of their own, family ``comparison``.

Negation, hedging, distance and questions are not decided here: they are the context marks that
a rule's ``unless`` reads (healthlint.context). Frames are computed once per document for every
claim rule (:func:`document_frames`), and only sentences that hold a predicate word are parsed
for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from healthlint.errors import HealthlintError
from healthlint.modality import ADVICE_MODALS as ADVICE
from healthlint.schema import Option, boolean, choice, optional_string_list, read, string_list
from healthlint.yamlsource import load_yaml

if TYPE_CHECKING:
    from healthlint.analysis import Analysis

AGENT_POLICIES = ("flag", "remedy")
TARGET_TYPES = ("condition", "body", "patient")

# The fields of one family in lint/data/health/predicates.yaml.
FAMILY_FIELDS = {
    "verbs": Option(
        string_list,
        required=True,
        help="verb lemmas, or a verb lemma and the words that go with it ('wipe out')",
    ),
    "nouns": Option(optional_string_list, default=(), help="noun lemmas naming the effect"),
    "bare_nouns": Option(
        optional_string_list,
        default=(),
        help="nouns that promise the effect with no target named ('this herbal cure')",
    ),
    "adjectives": Option(optional_string_list, default=(), help="adjectives naming the effect"),
    "targets": Option(
        string_list,
        required=True,
        help="target types that make a frame: condition, body or patient",
    ),
    "unknown_agent": Option(
        choice(*AGENT_POLICIES),
        required=True,
        help="flag: any agent but a treatment, the body, a clinician or the condition makes a "
        "claim; remedy: only a remedy, product or promotional agent (or an intensifier) does",
    ),
    "nominal_agent": Option(
        choice(*AGENT_POLICIES),
        default=None,
        help="the choice for a noun with no agent ('the eradication of polio'); default: "
        "the unknown_agent choice",
    ),
    "intransitive": Option(
        boolean,
        default=False,
        help="the target is the verb's subject ('your eczema will vanish')",
    ),
    "reader_agent": Option(
        choice(*AGENT_POLICIES),
        required=True,
        help="the same choice for the reader as agent (imperatives, 'you can …')",
    ),
}

# The fields of lint/data/health/predicates.yaml.
PREDICATE_FIELDS = {
    "families": Option(
        lambda value: value, required=True, help="effect predicates by family", type="mapping"
    ),
    "body": Option(string_list, required=True, help="body parts and functions"),
    "clinicians": Option(string_list, required=True, help="people who give care"),
    "people": Option(string_list, required=True, help="people whose results a sentence reports"),
    "products": Option(string_list, required=True, help="nouns that name a product"),
    "microbes": Option(
        string_list, required=True, help="germs: a target that needs a remedy as agent"
    ),
    "reporting": Option(
        string_list, required=True, help="verbs that report a claim as someone else's"
    ),
    "marketing": Option(
        string_list,
        required=True,
        help="verbs that report what something was sold as ('sold X as a cure for gout')",
    ),
    "certainty_heads": Option(
        string_list, required=True, help="certainty words whose own rules flag the frame"
    ),
    "promotional": Option(
        string_list, required=True, help="determiners that make an agent the seller's product"
    ),
    "aims": Option(
        string_list, required=True, help="words that make a predicate an aim, not a claim"
    ),
    "intensifiers": Option(string_list, required=True, help="totality and speed intensifiers"),
    "not_targets": Option(
        string_list, required=True, help="words a sweeping 'all' may qualify without a health sense"
    ),
    "time_units": Option(string_list, required=True, help="units of 'in 7 days'"),
    "comparatives": Option(
        string_list, required=True, help="words that put an agent above a treatment"
    ),
}


@dataclass(frozen=True)
class Family:
    """One predicate family, as read from predicates.yaml."""

    name: str
    verbs: dict[str, tuple[tuple[str, ...], ...]]  # head lemma -> the words each phrase needs
    nouns: frozenset[str]
    bare_nouns: frozenset[str]
    adjectives: frozenset[str]
    targets: frozenset[str]
    unknown_agent: str
    reader_agent: str
    nominal_agent: str
    intransitive: bool


@dataclass(frozen=True)
class Frame:
    """One claim frame: token span ``start``-``end`` (end exclusive) of the analysed Doc."""

    start: int
    end: int
    family: str
    agent: str  # remedy, promotional, person, reader, unknown
    strength: str  # plain or boosted


def _load():
    path = "lint/data/health/predicates.yaml"
    text = resources.files("healthlint").joinpath("data/health/predicates.yaml").read_text("utf-8")
    data = read(load_yaml(text, path), PREDICATE_FIELDS, path, HealthlintError)
    raw = data["families"]
    if not isinstance(raw, dict) or not raw:
        raise HealthlintError("families must be a mapping of family names", path, None)
    families = {}
    for name, fields in raw.items():
        values = read(fields, FAMILY_FIELDS, path, HealthlintError, prefix=f"families.{name}")
        unknown = set(values["targets"]) - set(TARGET_TYPES)
        if unknown:
            raise HealthlintError(f"families.{name}.targets: unknown {sorted(unknown)}", path, None)
        verbs: dict[str, list[tuple[str, ...]]] = {}
        for phrase in values["verbs"]:
            head, *rest = phrase.lower().split()
            verbs.setdefault(head, []).append(tuple(rest))
        families[name] = Family(
            name=name,
            verbs={head: tuple(rests) for head, rests in verbs.items()},
            nouns=frozenset(n.lower() for n in values["nouns"]),
            bare_nouns=frozenset(n.lower() for n in values["bare_nouns"]),
            adjectives=frozenset(a.lower() for a in values["adjectives"]),
            targets=frozenset(values["targets"]),
            unknown_agent=values["unknown_agent"],
            reader_agent=values["reader_agent"],
            nominal_agent=values["nominal_agent"] or values["unknown_agent"],
            intransitive=values["intransitive"],
        )
    return families, data


FAMILIES, _DATA = _load()


def _words(key: str) -> frozenset[str]:
    return frozenset(word.lower() for word in _DATA[key])


def _phrases(key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(phrase.lower().split()) for phrase in _DATA[key])


BODY = _phrases("body")
CLINICIANS = _phrases("clinicians")
PEOPLE = _words("people")
PROMOTIONAL = _words("promotional")
PRODUCTS = _words("products")
MICROBES = _phrases("microbes")
CERTAINTY_HEADS = _words("certainty_heads")
REPORTING = _words("reporting")
MARKETING = _words("marketing")
AIMS = _words("aims")
INTENSIFIERS = _phrases("intensifiers")
TIME_UNITS = _words("time_units")
NOT_TARGETS = _words("not_targets")
COMPARATIVES = _words("comparatives")

# Every word that can start a frame, with the families it belongs to.
TRIGGERS: dict[str, tuple[str, ...]] = {}
for _family in FAMILIES.values():
    for _word in (*_family.verbs, *_family.nouns, *_family.adjectives):
        TRIGGERS[_word] = (*TRIGGERS.get(_word, ()), _family.name)

# Third-person spellings of one-word verbs, for verbs the tagger misreads and leaves
# unlemmatised ("- Reverses arthritis in ten days").
THIRD_PERSON: dict[str, str] = {
    form: verb
    for family in FAMILIES.values()
    for verb, phrases in family.verbs.items()
    if () in phrases
    for form in (verb + "s", verb + "es", verb[:-1] + "ies")
}

NUMBER_WORDS = frozenset(
    {
        "a",
        "an",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "ten",
        "fourteen",
        "thirty",
        "single",
    }
)
TITLE_LOWER = frozenset(
    {
        "about",
        "above",
        "after",
        "against",
        "among",
        "before",
        "below",
        "between",
        "during",
        "through",
        "under",
        "until",
        "without",
        "within",
        "while",
    }
)
REPORTED_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl", "dobj", "pobj", "prep"})
AIM_DEPS = frozenset(
    {"xcomp", "pcomp", "prep", "pobj", "dobj", "acomp", "advcl", "attr", "ccomp", "acl", "conj"}
)
POSSIBILITY_MODALS = frozenset({"can", "could", "may", "might"})
POSSIBILITY_DEPS = frozenset(
    {
        "conj",
        "dobj",
        "amod",
        "compound",
        "pobj",
        "prep",
        "attr",
        "oprd",
        "advcl",
        "xcomp",
        "ccomp",
        "acl",
    }
)
ADVICE_MODALS = frozenset(ADVICE)
ADVICE_ADJECTIVES = frozenset({"important", "essential", "necessary", "vital", "crucial"})
ADVICE_DEPS = frozenset({"conj", "xcomp", "advcl", "dobj", "acl", "pobj", "prep"})
SHARES = frozenset({"many", "most", "some", "several", "certain", "few"})
USE_VERBS = frozenset({"use", "take", "give", "apply", "need", "require"})
SWEEPING = frozenset({"all", "every", "any", "each"})
# The first word of every target that is not a typed condition.
OTHER_TARGET_WORDS = frozenset(
    {phrase[0] for phrase in BODY}
    | SWEEPING
    | PEOPLE
    | {noun for family in FAMILIES.values() for noun in family.bare_nouns}
)
# Sweeping words that also boost: "any" reads as "whichever" in instructions ("to kill any lice").
TOTAL = frozenset({"all", "every"})
QUOTES = frozenset({'"', "'", "“", "”", "‘", "’"})
TITLES = frozenset({"dr", "dr.", "prof", "prof.", "professor"})
ASPECTUAL = frozenset({"stop", "end", "quit", "keep", "start", "begin"})
QUANTITY_WORDS = frozenset({"more", "fewer", "less", "lower", "higher", "greater", "rather"})
# "dative": the indirect object of an idiom ("give your liver a fresh start").
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"})
TARGET_PREPOSITIONS = frozenset({"of", "for", "to", "against", "from", "on"})
INSTRUMENT_PREPOSITIONS = frozenset({"with", "by", "through", "via", "on", "using", "thanks"})
CLIMB_DEPS = frozenset(
    {"xcomp", "advcl", "pcomp", "prep", "pobj", "acomp", "ccomp", "conj", "csubj"}
)
QUIET_AGENTS = frozenset({"treatment", "condition", "body", "clinician"})
PROMISING_INSTRUMENTS = frozenset({"remedy", "promotional"})
MAX_TARGET_TOKENS = 10
INTENSIFIER_REACH = 8
PHRASE_REACH = 6


def document_frames(analysis: Analysis) -> list[Frame]:
    """Every claim frame of the document, in document order (one pass for all claim rules)."""
    lemmas, lowers = analysis.lower_lemmas, analysis.lowers
    candidates = [
        i
        for i, lemma in enumerate(lemmas)
        if lemma in TRIGGERS or lowers[i] in TRIGGERS or lowers[i] in THIRD_PERSON
    ]
    comparisons = [
        i for i, lower in enumerate(lowers) if lower == "than" or lemmas[i] in ("outdo", "compare")
    ]
    if not candidates and not comparisons:
        return []
    # A frame needs a target, and a comparison a treatment: sentences with neither are skipped
    # before any parse walking.
    typed = _sentences_with_terms(analysis)
    reader = _Reader(analysis)
    frames = []
    for i in candidates:
        sentence = analysis.sentence_index(i)
        if sentence not in typed["condition"] and sentence not in typed["other"]:
            continue
        frame = reader.family_frame(i)
        if frame is not None:
            frames.append(frame)
    for i in comparisons:
        if analysis.sentence_index(i) not in typed["treatment"]:
            continue
        frame = reader.comparison_frame(i)
        if frame is not None:
            frames.append(frame)
    return sorted(frames, key=lambda frame: (frame.start, frame.end))


def _sentences_with_terms(analysis: Analysis) -> dict[str, set[int]]:
    """Indexes of the sentences holding a condition, a treatment, or another possible target
    (a body word, a sweeping "all", people as a passive subject)."""
    found: dict[str, set[int]] = {"condition": set(), "treatment": set(), "other": set()}
    for span in analysis.health_terms.spans:
        if span.type in found:
            found[span.type].add(analysis.sentence_index(span.start))
    lowers, lemmas = analysis.lowers, analysis.lower_lemmas
    for i, lower in enumerate(lowers):
        if lower in OTHER_TARGET_WORDS or lemmas[i] in OTHER_TARGET_WORDS:
            found["other"].add(analysis.sentence_index(i))
    return found


class _Reader:
    """Reads frames from one analysed document."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.tokens = analysis.tokens
        self.lowers = analysis.lowers
        self.lemmas = analysis.lower_lemmas
        self.terms = analysis.health_terms

    # -- family frames -------------------------------------------------------------------

    def family_frame(self, i: int) -> Frame | None:
        token = self.tokens[i]
        word = next(
            (w for w in (self.lemmas[i], self.lowers[i]) if w in TRIGGERS),
            THIRD_PERSON.get(self.lowers[i]),
        )
        sentence = self.analysis.sentence_of(i)
        if self._in_a_name(token, sentence):
            return None
        if (
            token.pos_ == "ADJ"
            and self.lowers[i] == word
            and token.dep_ == "acomp"
            and not any(word in FAMILIES[name].adjectives for name in TRIGGERS[word])
        ):
            return None  # an adjective that shares a verb's spelling: "it became clear that"
        for name in TRIGGERS[word]:
            family = FAMILIES[name]
            as_noun = word in family.nouns and (
                token.pos_ in ("NOUN", "PROPN") or word not in family.verbs
            )
            if self._misread_verb(token, word, family):
                found = self._surface_frame(token, family, sentence)
            elif as_noun:
                found = self._noun_frame(token, family, sentence)
            elif word in family.verbs and self._verb_like(token, sentence):
                found = self._verb_frame(token, word, family, sentence)
            elif word in family.adjectives:
                found = self._noun_frame(token.head, family, sentence, predicate=token)
            else:
                found = None
            if found is not None:
                if self._reported(token) or self._certainty_claim(token) or self._quoted(token):
                    return None
                return found
        return None

    def _quoted(self, token) -> bool:
        """True for a predicate in scare quotes ('the only way to "cure" preeclampsia'): the
        context layer cannot see it, because the frame's span runs past the quotes."""
        i = token.i
        return (
            0 < i < len(self.tokens) - 1
            and self.lowers[i - 1] in QUOTES
            and self.lowers[i + 1] in QUOTES
        )

    def _certainty_claim(self, token) -> bool:
        """True for a predicate introduced by a certainty word ("proven to stop nausea"),
        which is the finding (overclaims.proven) and needs no second one."""
        head = token.head
        return token.dep_ in ("xcomp", "advcl") and self.lowers[head.i] in CERTAINTY_HEADS

    def _reported(self, token) -> bool:
        """True when the frame is what someone other than the writer or seller says: "fans of
        the diet say it melts away belly fat", "pedlars sold radium water as a cure for gout".
        "Our customers say …" is still the seller's."""
        here = token
        for _ in range(5):
            if here.head is here or here.dep_ not in REPORTED_DEPS:
                return False
            came_from, here = here, here.head
            marketed = came_from.lower_ == "as" and self.lemmas[here.i] in MARKETING
            if self.lemmas[here.i] in REPORTING or marketed:
                # "It was marketed as a cure": what is sold, not who sells, when passive.
                deps = ("nsubj", "nsubjpass") if marketed else ("nsubj",)
                subjects = [c for c in here.children if c.dep_ in deps]
                return (
                    bool(subjects)
                    and self._classify(subjects[0])
                    not in (
                        "promotional",
                        "reader",
                    )
                    and self.lowers[subjects[0].i] not in ("i", "we")
                )
        return False

    def _verb_like(self, token, sentence) -> bool:
        """True unless a verb's lemma is used as a noun in an ordinary sentence ("the end of
        the first week"); a headline's or list item's first word may be tagged a noun."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return True
        if token.i == _first_word(self.tokens, sentence) or self.lowers[token.i - 1] == "-":
            return True  # a line's first word, or a hyphen compound ("sinusitis-ending")
        if token.dep_ == "ROOT" and {"nsubj", "dobj"} <= {c.dep_ for c in token.children}:
            return True  # tagged a noun but parsed as the verb ("a necklace shields you from")
        if self._ordinary(sentence):
            return False
        # In a title-case headline the tagger reads verbs as names ("Ten Foods That End
        # Insomnia"), but a noun after a noun is a compound ("Epithelium Repair").
        previous = self.tokens[token.i - 1]
        return previous.pos_ not in ("NOUN", "PROPN", "ADJ") or self.lowers[token.i].endswith("s")

    def _ordinary(self, sentence) -> bool:
        """True for a sentence in ordinary case; False for a title-case headline, which leaves
        only short words and some prepositions in lower case."""
        return any(
            t.is_alpha and len(t) >= 5 and t.text.islower() and t.lower_ not in TITLE_LOWER
            for t in sentence
        )

    def _in_a_name(self, token, sentence) -> bool:
        """True for a capitalised predicate inside an ordinary sentence: part of a name, such as
        "DASH stands for Dietary Approaches to Stop Hypertension". A title-case headline
        ("Fasting to Reverse Heart Failure") is not an ordinary sentence."""
        if not token.text[:1].isupper() or token.i == _first_word(self.tokens, sentence):
            return False
        return self._ordinary(sentence)

    def _misread_verb(self, token, word: str, family: Family) -> bool:
        """True for a third-person verb the tagger read as a noun, as it does in short claims
        and headlines ("This herbal tea cures diabetes", "Ginger oil dissolves gallstones")."""
        if token.pos_ in ("VERB", "AUX") or () not in family.verbs.get(word, ()):
            return False
        if not self.lowers[token.i].endswith("s") or self.lowers[token.i] == word:
            return False
        if token.i == _first_word(self.tokens, token.sent):
            return True  # a list item or headline that starts with the verb
        previous = token.i - 1
        return previous >= token.sent.start and (
            self.tokens[previous].pos_ in ("NOUN", "PROPN", "ADJ")
            or self.tokens[previous].tag_ == "VBG"  # "Fasting cures psoriasis"
        )

    def _surface_frame(self, token, family: Family, sentence) -> Frame | None:
        """A frame read from word order when the parse is wrong: the agent is the words before
        the verb, the target one of the next three words."""
        target = None
        for at in range(token.i + 1, min(sentence.end, token.i + 4)):
            if self.tokens[at].is_punct:
                break
            target = self._typed(self.tokens[at], family, sentence, phrase=False)
            if target is not None:
                break
        if target is None:
            return None
        start = _first_word(self.tokens, sentence)
        if start == token.i:
            agent = "promotional"  # a list item or tagline describing the product on sale
        else:
            agent = self._classify_words(start, token.i - 1, token.i)
        return self._judge(family, agent, None, token.i, token.i + 1, target, sentence)

    def _verb_frame(self, verb, head: str, family: Family, sentence) -> Frame | None:
        end_of_phrase = self._phrase_end(verb, family.verbs[head], sentence)
        if end_of_phrase is None:
            return None
        target = self._verb_target(verb, family, sentence, end_of_phrase)
        if target is None:
            return None
        if self._is_aim(verb) and not self._boosted(sentence, verb.i, target[1]):
            return None
        # An intransitive family's subject is its target: "your cold sore will vanish".
        agent = "unknown" if family.intransitive else self._verb_agent(verb, target)
        instrument = self._instrument(verb)
        # "can" states a possibility for an activity or a person as subject ("losing weight
        # can even reverse prediabetes"), for a passive with nothing named that does it
        # ("filariasis can be eradicated") and for the families that need a remedy to make a
        # promise ("folic acid can prevent spina bifida"). Elsewhere, a passive done with
        # something ("sciatica can be resolved with one adjustment"), a product or the reader,
        # the one modality scale decides whether "can" is a possibility or a promise.
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        can_hedges = (
            (agent in ("unknown", "person") and not passive)
            or (passive and instrument is None)
            or family.unknown_agent == "remedy"
        )
        possible = self._possibility(verb, can_hedges=can_hedges)
        if self._advised(verb) and "promotional" not in (agent, instrument):
            return None
        return self._judge(
            family, agent, instrument, verb.i, end_of_phrase, target, sentence, possible
        )

    def _possibility(self, verb, can_hedges: bool = True) -> bool:
        """True when the verb (or the verb it is joined to, or the clause its noun belongs to)
        has a modal of possibility: "could", "may", "might", and "can" when ``can_hedges`` or
        when the modality scale reads it as a possibility."""
        heads = [verb]
        while heads[-1].dep_ in POSSIBILITY_DEPS and len(heads) < 6:
            # "can prevent or delay diabetes or even reverse it", where the parser joins
            # "reverse" to the object "diabetes"; "may make it a cancer cell killing machine"
            heads.append(heads[-1].head)
        modals = [
            child
            for head in heads
            for child in head.children
            if child.dep_ == "aux" and self.lowers[child.i] in POSSIBILITY_MODALS
        ]
        # "can" hedges only where the one modality scale reads a possibility ("can shorten
        # the flu if taken early", "in some people"), not a promise ("sciatica can be
        # resolved with one adjustment", "this can end your pain for good").
        reading = self.analysis.sentence_modality(verb.i)
        return any(
            self.lowers[modal.i] != "can" or can_hedges or reading.possibility(modal.head)
            for modal in modals
        )

    def _advised(self, verb) -> bool:
        """True when the predicate is the purpose of advice: "you should take folic acid to
        prevent neural tube defects". Advice is the safety rules' business, not a promise."""
        here = verb
        for _ in range(5):
            if any(
                (child.dep_ == "aux" and self.lowers[child.i] in ADVICE_MODALS)
                or (child.dep_ == "acomp" and self.lemmas[child.i] in ADVICE_ADJECTIVES)
                for child in here.children
            ):
                return True  # "… should bathe", "it is important to diagnose and treat …"
            if here.dep_ not in ADVICE_DEPS or here.head is here:
                return False
            here = here.head
        return False

    def _noun_frame(self, noun, family: Family, sentence, predicate=None) -> Frame | None:
        predicate = predicate if predicate is not None else noun
        target = None
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                target = target or self._typed(child, family, sentence)
            elif child.dep_ in ("compound", "amod", "nmod") and child.i < predicate.i:
                target = target or self._typed(child, family, sentence, phrase=False)
        if (
            target is None
            and self.lemmas[noun.i] in family.bare_nouns
            and any(c.dep_ in ("det", "poss", "amod") for c in noun.children)
            and self.lowers[noun.i - 1] != "-"  # a name: "P-Cure"
        ):
            # A noun phrase, not a verb the tagger took for a noun ("used to diagnose, cure,
            # or treat"): "this herbal cure", "sodium bicarbonate is its cure".
            target = (noun.i, noun.i + 1)
        if target is None:
            return None
        if self._is_aim(noun) and not self._boosted(sentence, predicate.i, target[1]):
            return None  # "the search for a cure"; but "a 100% cure rate" is a promise
        agent = "unknown"
        if noun.dep_ in ("attr", "appos", "conj") or noun.dep_ == "ROOT":
            head = noun.head if noun.dep_ != "ROOT" else noun
            subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if noun.dep_ == "appos":
                agent = self._classify(noun.head)
            elif subjects:
                agent = self._classify(subjects[0])
        elif noun.dep_ == "pobj":
            agent = self._verb_agent(noun)  # "drugs are effective for the treatment of X"
        if agent == "unknown":
            agent = "nominal"
        # What the effect is had with: "the reversal of MS through diet", "the elimination of
        # fibroids takes a week on this protocol".
        instrument = self._instrument(noun)
        if instrument is None and noun.dep_ in ("nsubj", "nsubjpass", "dobj"):
            instrument = self._instrument(noun.head)
        possible = self._possibility(noun)  # "might provide … or even a cure"
        return self._judge(
            family, agent, instrument, predicate.i, predicate.i + 1, target, sentence, possible
        )

    def _phrase_end(self, verb, phrases, sentence) -> int | None:
        """The token after the predicate's last word, or None when no phrase of it is there."""
        for rest in phrases:
            if not rest:
                return verb.i + 1
            at, end = verb.i + 1, None
            limit = min(sentence.end, verb.i + 1 + PHRASE_REACH)
            for word in rest:
                while at < limit and self.lowers[at] != word:
                    at += 1
                if at >= limit:
                    break
                at += 1
                end = at
            else:
                return end
        return None

    def _verb_target(self, verb, family: Family, sentence, phrase_end: int):
        if any(c.dep_ == "dobj" and self.lemmas[c.i] in NOT_TARGETS for c in verb.children):
            return None  # "eliminates the need for glaucoma patients to ..."
        subject_deps = ("nsubj",) if family.intransitive else ()
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS or c.dep_ in subject_deps]
        # A target in a prepositional phrase, of the verb ("protects against flu") or of its
        # particle or object ("gets rid of warts", "puts an end to recurring thrush").
        for child in verb.children:
            if child.i < verb.i:
                continue
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                objects.append(child)
            elif child.dep_ in ("prt", "acomp", "dobj"):
                objects.extend(
                    grandchild
                    for grandchild in child.children
                    if grandchild.dep_ == "pobj"
                    or (grandchild.dep_ == "prep" and grandchild.lower_ in TARGET_PREPOSITIONS)
                )
        if verb.dep_ in ("amod", "compound") and self.lowers[verb.i - 1] == "-" and verb.i >= 2:
            objects.append(self.tokens[verb.i - 2])  # "prostate-shrinking"
        elif verb.dep_ == "compound" and verb.head.i > verb.i:
            objects.append(verb.head)  # the parser read "this tea cures gallstones" as a noun
        if verb.dep_ == "relcl" and any(c.dep_ == "nsubjpass" for c in verb.children):
            objects.append(verb.head)
        for obj in objects:
            target = self._typed(obj, family, sentence)
            if target is not None:
                return target
        # Headlines and short lines the parser misreads: a target right after the phrase.
        if not objects:
            for at in range(phrase_end, min(sentence.end, phrase_end + 4)):
                # Another verb starts another clause, and after "stop" a gerund is the
                # activity stopped ("stop taking their glaucoma drops"); elsewhere a gerund
                # may open the object ("prevents teething pain").
                token = self.tokens[at]
                gerund = token.tag_ == "VBG" and self.lemmas[verb.i] not in ASPECTUAL
                if (
                    token.is_punct
                    or (token.pos_ in ("VERB", "AUX") and not gerund)
                    or self.lemmas[at] in NOT_TARGETS
                ):
                    break
                target = self._typed(self.tokens[at], family, sentence, phrase=False)
                if target is not None:
                    return target
        return None

    def _typed(self, token, family: Family, sentence, phrase: bool = True):
        """(start, end) of a target of the family's types in ``token``'s phrase, or None."""
        if phrase and self.lemmas[token.i] in NOT_TARGETS:
            return None  # "eliminates the need for glaucoma patients to ..."
        start, end = (
            (token.left_edge.i, token.right_edge.i + 1) if phrase else (token.i, token.i + 1)
        )
        start, end = max(start, sentence.start), min(end, sentence.end, start + MAX_TARGET_TOKENS)
        if (
            "patient" in family.targets
            and token.dep_ == "nsubjpass"
            and (self.lemmas[token.i] in PEOPLE or self.lowers[token.i] in PEOPLE)
        ):
            return (token.i, token.i + 1)
        for at in range(start, end):
            span = self.terms.span_at(at)
            if span is not None and span.type == "condition" and "condition" in family.targets:
                return (span.start, span.end)
            if "body" in family.targets:
                length = _phrase_at(self.lowers, self.lemmas, at, end, BODY)
                if length:
                    return (at, at + length)
        sweeping = token.lower_ in SWEEPING or any(
            c.dep_ in ("det", "predet") and c.lower_ in SWEEPING for c in token.children
        )
        if (
            phrase
            and sweeping
            and self.lemmas[token.i] not in NOT_TARGETS
            and self.terms.type_at(token.i) not in ("treatment", "remedy")  # "stop any medicine"
        ):
            return (token.i, token.i + 1)
        return None

    def _is_aim(self, token) -> bool:
        """True when the predicate is something sought, not claimed ("the search for a cure",
        "the goal of treatment is to cure")."""
        here = token
        for _ in range(6):
            if here is not token and (
                self.lemmas[here.i] in AIMS or self.lemmas[here.i].rstrip("s") in AIMS
            ):
                return True
            infinitive = any(c.lower_ == "to" and c.dep_ == "aux" for c in here.children)
            for child in here.children:
                # "The goal of treatment is to cure": the aim is the subject of "be";
                # "Programs to eliminate filariasis": the parser's subject of the infinitive.
                if (
                    child.dep_ == "nsubj"
                    and (self.lemmas[here.i] == "be" or infinitive)
                    and self.lemmas[child.i].rstrip("s") in AIMS | {c.rstrip("s") for c in AIMS}
                ):
                    return True
            # Only through complements: in "Try our tumour-shrinking paste" the predicate
            # describes the product, it is not what "try" aims at.
            if here.head is here or here.dep_ not in AIM_DEPS:
                break
            here = here.head
        return False

    # -- agents --------------------------------------------------------------------------

    def _verb_agent(self, verb, target=(0, 0)) -> str:
        """What the verb's agent is: the subject, the "by" phrase of a passive, the reader. The
        target's own words never count (a misparse may put them in the subject's phrase)."""
        target_words = range(*target)

        def classify(token) -> str:
            return self._classify(token, skip=target_words)

        # A subject the parser attached as a compound: "This tea cures eczema".
        before = [c for c in verb.children if c.i < verb.i and c.dep_ in ("compound", "npadvmod")]
        hyphenated = verb.i > 0 and self.lowers[verb.i - 1] == "-"  # "tumour-shrinking"
        if (
            before
            and not hyphenated
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        ):
            return self._classify_words(
                before[0].left_edge.i, verb.i - 1, verb.i, skip=target_words
            )
        here = verb
        for _ in range(7):
            for child in here.children:
                if child.dep_ == "agent":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            return classify(obj)
                if child.dep_ in ("nsubj", "csubj"):
                    if here is not verb and any(c.dep_ == "mark" for c in here.children):
                        # The subject of a "while it is happening" clause that the parser
                        # hung the predicate from is not the predicate's agent.
                        continue
                    subject = child
                    if child.tag_ in ("WDT", "WP") and here.dep_ == "relcl":
                        subject = here.head
                    return classify(subject)
                if child.dep_ == "nsubjpass" and here is not verb:
                    # "Blood thinners are used to dissolve clots", "X is said to cure Y": the
                    # subject of the verb above is the agent of the predicate.
                    return classify(child)
            if here.dep_ in ("relcl", "acl"):
                # "a remedy that cures gout", "antibiotics to kill H. pylori"
                return classify(here.head)
            if here.dep_ in ("amod", "compound") and here.head.pos_ in ("NOUN", "PROPN"):
                # The product the predicate describes, without the predicate's own words:
                # "our tumour-shrinking paste" names a paste, not a tumour.
                noun = here.head
                own = {*range(here.left_edge.i, here.right_edge.i + 1), *range(*target)}
                return self._classify_words(
                    noun.left_edge.i, noun.i, noun.right_edge.i + 1, skip=own
                )
            if here.dep_ == "ROOT" or here.dep_ not in CLIMB_DEPS:
                break
            here = here.head
        if any(c.dep_ == "nsubjpass" for c in here.children) or any(
            c.dep_ == "nsubjpass" for c in verb.children
        ):
            return "unknown"
        if here.dep_ == "ROOT" and here.i == _first_word(self.tokens, here.sent):
            if here.tag_ in ("VB", "NNP", "NN"):
                return "reader"  # an imperative: "Cure your hay fever with honey"
            if here.tag_ == "VBZ":
                # A list item or tagline with no subject describes the product on sale:
                # "- Prevents cancer by starving harmful cells".
                return "promotional"
        return "unknown"

    def _instrument(self, verb) -> str | None:
        """What the verb is done with ("with this tea", "by drinking soya milk", "using oil")."""
        kinds = []
        heads = [verb]
        if verb.dep_ == "conj":
            heads.append(verb.head)
        # The instrument may hang from the verb or from its object ("reversed my father's
        # dementia using coconut oil"), never from its subject.
        words = [
            token
            for head in heads
            for child in head.children
            if child.dep_ not in ("nsubj", "nsubjpass", "csubj", "conj")
            for token in child.subtree
        ]
        for word in words:
            if word.lower_ in INSTRUMENT_PREPOSITIONS and (
                word.dep_ in ("prep", "agent") or word.lower_ == "thanks"
            ):
                for obj in word.children:
                    if obj.dep_ == "pobj":
                        kinds.append(self._instrument_kind(obj))
                    elif obj.dep_ == "pcomp":  # "by drinking soya milk"
                        kinds.extend(
                            self._instrument_kind(o) for o in obj.children if o.dep_ == "dobj"
                        )
                    elif obj.dep_ == "prep":  # "thanks to copper socks"
                        kinds.extend(
                            self._instrument_kind(o) for o in obj.children if o.dep_ == "pobj"
                        )
            elif self.lemmas[word.i] == "use" and word.tag_ == "VBG":
                kinds.extend(self._instrument_kind(o) for o in word.children if o.dep_ == "dobj")
        # A purpose clause takes the thing used as its instrument: "it uses high doses of
        # radiation to kill cancer cells".
        if verb.dep_ in ("advcl", "xcomp") and self.lemmas[verb.head.i] in USE_VERBS:
            kinds.extend(self._instrument_kind(o) for o in verb.head.children if o.dep_ == "dobj")
        for wanted in ("treatment", "remedy", "promotional", "unknown"):
            if wanted in kinds:
                return wanted
        return None

    def _instrument_kind(self, token) -> str:
        """The kind of an instrument: as an agent, except that "this"/"these" before it name
        the product on offer ("beat psoriasis with this dead sea mud")."""
        kind = self._classify(token)
        if kind == "unknown" and any(
            c.dep_ == "det" and c.lower_ in ("this", "these") for c in token.children
        ):
            return "promotional"
        return kind

    def _classify(self, token, skip=range(0)) -> str:
        """The kind of agent the noun phrase headed by ``token`` names, without the words in
        ``skip``."""
        return self._classify_words(token.left_edge.i, token.i, token.right_edge.i + 1, skip)

    def _classify_words(self, start: int, head: int, end: int, skip=range(0)) -> str:
        """The kind of agent the words ``start``-``end`` name, ``head`` being the main noun;
        the words in ``skip`` do not count."""
        words = [at for at in range(start, head + 1) if at not in skip]
        lowers, lemmas = self.lowers, self.lemmas
        if any(lowers[at] == "our" for at in words):
            return "promotional"
        types = {self.terms.type_at(at) for at in range(start, end) if at not in skip}
        head_type = self.terms.type_at(head) if head not in skip else None
        for kind in ("treatment", "remedy"):
            if head_type == kind or (kind in types and head_type is None):
                return kind
        if head_type == "condition":
            return "condition"
        if lemmas[head] in PRODUCTS or lowers[head] in PRODUCTS:
            return "remedy"
        # The body or a clinician must be what the phrase names, not a word inside it:
        # "hair-loss patches" are not the body at work.
        if any(_phrase_at(lowers, lemmas, at, head + 1, BODY) == head + 1 - at for at in words):
            return "body"
        if any(
            _phrase_at(lowers, lemmas, at, head + 1, CLINICIANS) == head + 1 - at for at in words
        ) or (words and lowers[words[0]] in TITLES):
            return "clinician"  # "Dr. Stehling has treated …"
        if lowers[head] == "you":
            return "reader"
        if lemmas[head] in PEOPLE or lowers[head] in PEOPLE:
            return "person"
        if any(lowers[at] in PROMOTIONAL for at in words if at != head):
            return "promotional"  # "this spray"; "this" alone points back, it sells nothing
        if "condition" in types:
            return "condition"
        return "unknown"

    def _judge(
        self, family, agent, instrument, start, end, target, sentence, possible=False
    ) -> Frame | None:
        """The frame, or None when its agent makes it medicine, description or a possibility."""
        # A sentence about a treatment ("rivastigmine works to treat dementia", "Antihistamines
        # - stop runny noses") describes medicine even where the parse loses the link between
        # the treatment and the predicate.
        if (
            agent in ("unknown", "person", "nominal")
            and instrument in (None, "unknown")
            and any(self.terms.type_at(at) == "treatment" for at in range(sentence.start, start))
        ):
            return None
        boosted = self._boosted(sentence, min(start, target[0]), max(end, target[1])) or any(
            self.lowers[at] in TOTAL for at in (target[0] - 1, target[0])
        )
        # A possibility ("weight loss can reverse prediabetes") or a share of cases ("will get
        # rid of many tinea infections") is how careful writing states an effect; the modality
        # scale (healthlint.modality) calls it hedged.
        quantified = self._quantified(target)
        hedged = not boosted and (possible or quantified)
        strength = "boosted" if boosted else "hedged" if hedged else "plain"
        if instrument == "treatment" or agent in QUIET_AGENTS:
            return None
        promoted = "promotional" in (agent, instrument)
        if agent == "unknown" and instrument is None and self._past_passive(start, target):
            return None  # a report: "the birth defects were completely prevented"
        if hedged and not promoted and (quantified or family.unknown_agent == "remedy"):
            # "folic acid can prevent certain birth defects", "vaccines can prevent serious
            # illness": a possibility of prevention or treatment is not a promise.
            claim = False
        elif agent in PROMISING_INSTRUMENTS or instrument in PROMISING_INSTRUMENTS:
            claim = True
        elif hedged and agent != "reader":
            claim = False
        elif self._microbe(target) and not boosted:
            claim = False  # "heat kills germs": germs need a remedy to make a promise
        elif agent == "person":
            claim = instrument is not None
        else:
            policy = {"reader": family.reader_agent, "nominal": family.nominal_agent}.get(
                agent, family.unknown_agent
            )
            claim = policy == "flag" or boosted or instrument in PROMISING_INSTRUMENTS
        if not claim:
            return None
        if instrument in PROMISING_INSTRUMENTS and agent in ("unknown", "person", "reader"):
            agent = instrument
        agent = "unknown" if agent == "nominal" else agent
        # The span runs from the predicate to a target after it. A target before it (a passive
        # subject) stays outside: "Asthma cannot be cured" must keep its negation outside the
        # span for the context layer to see it.
        return Frame(start, max(end, target[1]), family.name, agent, strength)

    def _past_passive(self, start: int, target) -> bool:
        """True for a past-tense passive whose subject is not people ("the defects were
        prevented"); "many readers were cured" still promises a cure."""
        verb = self.tokens[start]
        if self.tokens[target[0]].dep_ != "nsubjpass" or self.lemmas[target[0]] in PEOPLE:
            return False
        return any(c.dep_ == "auxpass" and c.tag_ == "VBD" for c in verb.children)

    def _microbe(self, target) -> bool:
        """True when the target names germs ("bacteria", "H. pylori")."""
        start, end = target[0], min(target[1] + 2, len(self.tokens))  # "scabies mites"
        return any(
            _phrase_at(self.lowers, self.lemmas, at, end, MICROBES) for at in range(start, end)
        )

    def _quantified(self, target) -> bool:
        """True when the target is a share of cases: "many infections", "most strep throat"."""
        start = target[0]
        if self.tokens[start].dep_ == "nsubjpass" and self.lemmas[start] in PEOPLE:
            return False  # "many readers were cured": the readers are the patients
        return any(
            self.lowers[at] in SHARES for at in range(max(start - 2, 0), min(target[1], start + 2))
        )

    def _boosted(self, sentence, start: int, end: int) -> bool:
        """True when an intensifier stands near the frame (tokens ``start``-``end``): within
        INTENSIFIER_REACH words, in the same sentence, so that one "every" in a long list
        sentence does not boost a frame far from it."""
        lowers = self.lowers
        first = max(sentence.start, start - INTENSIFIER_REACH)
        last = min(sentence.end, end + INTENSIFIER_REACH)
        for at in range(first, last):
            if _phrase_at(lowers, lowers, at, last, INTENSIFIERS):
                token = self.tokens[at]
                if token.pos_ == "ADV" and token.head.pos_ == "ADJ" and token.head.i != start:
                    continue  # "completely noninvasive treatment" boosts "noninvasive"
                return True
            if lowers[at] in ("in", "within") and self._speed(at, sentence.end):
                return True
        return False

    def _speed(self, at: int, last: int) -> bool:
        """True for "in 7 days", "within a week", "in as little as 30 days" starting at ``at``."""
        for ahead in range(at + 1, min(last, at + 6)):
            if self.lowers[ahead] in TIME_UNITS:
                return any(
                    self.lowers[k].isdigit() or self.lowers[k] in NUMBER_WORDS
                    for k in range(at + 1, ahead)
                )
        return False

    # -- comparisons ---------------------------------------------------------------------

    def _comparative(self, at: int) -> bool:
        """True for a word that ranks: "better", "outdoes", any comparative adjective or
        adverb ("wiser", "more gently")."""
        return self.lowers[at] in COMPARATIVES or self.tokens[at].tag_ in ("JJR", "RBR")

    def comparison_frame(self, i: int) -> Frame | None:
        """An agent put above a conventional treatment: "works better than statins"."""
        sentence = self.analysis.sentence_of(i)
        lowers = self.lowers
        root = sentence.root
        if root.tag_ == "VBD" or any(
            c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ != "will" for c in root.children
        ):
            return None  # a past result or a possibility, not a ranking stated as fact
        if lowers[i] == "than":
            if self.tokens[i].dep_ == "quantmod" or lowers[i - 1] in QUANTITY_WORDS:
                return None  # "more than 100 patients", "fewer than with surgery"
            before = range(max(sentence.start, i - 4), i)
            near = [at for at in before if self._comparative(at)]
            # Far from "than", the parse links them: "a wiser option for your asthma than an
            # inhaler" hangs "than" from "option", which "wiser" modifies.
            heads, here = [], self.tokens[i]
            while here.head is not here and len(heads) < 4:
                here = here.head
                heads.append(here)
            linked = [
                word.i
                for head in heads
                if sentence.start <= head.i < i
                for word in (head, *head.children)
                if word.i < i and self._comparative(word.i)
            ]
            if not near and not linked:
                return None
            start = min(near or linked)
        else:
            start = i
        treatment = None
        for at in range(i + 1, min(sentence.end, i + 7)):
            if self.tokens[at].is_punct and at > i + 1:
                break
            span = self.terms.span_at(at)
            if span is not None and span.type == "treatment":
                treatment = span
                break
        if treatment is None:
            return None
        if self.lemmas[i] == "compare" and not any(
            self.tokens[at].tag_ in ("JJR", "JJS") or lowers[at] in COMPARATIVES
            for at in range(treatment.end, sentence.end)
        ):
            return None
        subject = next(
            (t for t in sentence.root.children if t.dep_ in ("nsubj", "nsubjpass")), None
        )
        agent = self._classify(subject) if subject is not None else "unknown"
        if agent in QUIET_AGENTS or agent == "person":
            return None
        strength = "boosted" if self._boosted(sentence, start, treatment.end) else "plain"
        return Frame(start, treatment.end, "comparison", agent, strength)


def _phrase_at(lowers, lemmas, at: int, end: int, phrases) -> int:
    """The length of the first of ``phrases`` that starts at token ``at`` (before ``end``)."""
    for phrase in phrases:
        size = len(phrase)
        if at + size <= end and all(
            lowers[at + k] == word or lemmas[at + k] == word for k, word in enumerate(phrase)
        ):
            return size
    return 0


def _first_word(tokens, sentence) -> int:
    """The index of the sentence's first word (after list bullets and quotes)."""
    for token in sentence:
        if not token.is_punct and not token.is_space:
            return token.i
    return sentence.start
