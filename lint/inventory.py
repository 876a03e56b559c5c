"""The claim inventory: every check-worthy claim, how strongly it is stated, and what backs it.

Findings tell an editor what is wrong; a fact-checker needs the opposite view — each factual
claim of the article, its type (statistic, attributed, comparative, causal or efficacy, safety,
recommendation), its strength (from the same context layer the overclaim rules use) and its
support (the reference entry behind a "[2]", the link, the author-year citation, the named
source — or nothing). One row per sentence: a sentence is what a fact-checker verifies.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources

from healthlint.analysis import Analysis
from healthlint.evidence import Citation, is_named, marker_labels, vocabulary
from healthlint.figures import SHAPES, number_value
from healthlint.modality import ADVICE_MODALS, Modality
from healthlint.yamlsource import load_yaml

# How firmly a claim is stated (healthlint.modality's scale, read for the claim's verb):
# "causal" a cause stated plainly, "conditional" a hedged cause ("may reduce"), "correlational"
# a correlation ("is associated with"), "hedged" any other hedged claim, "negated", "distanced"
# (reported as someone else's claim), "asserted" any other claim stated plainly.
STRENGTHS = (
    "causal",
    "conditional",
    "correlational",
    "hedged",
    "negated",
    "distanced",
    "asserted",
)
# What kind of relation a claim states, whatever its strength: a negated cause ("does not
# lower blood pressure") still states a causal relation, so a fact-checker looks for a trial.
RELATIONS = ("causal", "correlational")
COMPARATIVE = re.compile(
    r"\bthan\s+(?:any\s+|all\s+)?other(?:s\b|\s+\w+)"
    r"|\bas\s+(?:effective|good|powerful|strong|safe|well)\s+as\b"
    r"|\b(?:more|less)\s+(?:effective|powerful|potent|beneficial)\s+than\b"
    r"|\b(?:better|stronger|safer|faster)\s+than\b|\bsuperior\s+to\b|\boutperform\w*\b"
    r"|\b(?:less|more|fewer|lower|higher)\s+(?:[a-z-]+\s+){0,2}than\b",
    re.IGNORECASE,
)
PROPORTION = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)"
    r"|\b(?P<num>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out of)\s+"
    r"(?:every\s+)?(?P<den>[\d,]+|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)\b",
    re.IGNORECASE,
)
SUPPORT_SCOPES = {
    "statistic": ("sentence", "paragraph"),
    "attributed": ("sentence",),
    "comparative": ("sentence",),
    "causal": ("sentence",),
    "safety": ("sentence",),
    "recommendation": ("sentence",),
}
HEADING_QUESTION = re.compile(
    r"^(how|what|why|who|when|where|which|can|does|do|is|are|should)\b", re.IGNORECASE
)
# Figures that differ by less than this factor are not called a contradiction: rounding and
# different sources disagree that much without either being wrong.
CONFLICT_RATIO = 1.5
GENERIC_HEALTH = frozenset(
    {
        "risk",
        "health",
        "patient",
        "treatment",
        "therapy",
        "medicine",
        "medication",
        "drug",
        "effect",
        "outcome",
        "remedy",
        "relief",
    }
)


@cache
def claim_vocabulary() -> dict:
    """The claim vocabulary (lint/data/claims.yaml), loaded once."""
    text = resources.files("healthlint").joinpath("data/claims.yaml").read_text(encoding="utf-8")
    data = load_yaml(text, "lint/data/claims.yaml")
    return {
        key: tuple(v.lower() for v in values)
        if key == "type_order"
        else frozenset(v.lower() for v in values)
        for key, values in data.items()
    }


@dataclass(frozen=True)
class Claim:
    """One check-worthy sentence of an article."""

    line: int
    column: int
    end_line: int
    end_column: int
    type: str
    strength: str
    sentence: str
    trigger: str
    relation: str | None = None
    support_kind: str | None = None
    support: str | None = None
    support_scope: str | None = None

    @property
    def supported(self) -> bool:
        """True when a citation backs the claim."""
        return self.support_kind is not None

    def to_dict(self) -> dict:
        """The claim as JSON/CSV rows spell it."""
        return {**asdict(self), "supported": self.supported}


@dataclass(frozen=True)
class Conflict:
    """Two figures in one article that disagree about the same quantity."""

    first: Claim
    second: Claim
    quantity: str
    reason: str


@dataclass
class Inventory:
    """The claims of one file, or the error that kept us from reading it."""

    path: str
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    error: str | None = None

    def summary(self) -> dict:
        """The figures a reviewer triages by: claims, share supported, unsupported causal."""
        total = len(self.claims)
        own = [c for c in self.claims if c.strength != "distanced"]
        supported = sum(1 for c in own if c.supported)
        causal_unsupported = sum(1 for c in own if c.strength == "causal" and not c.supported)
        return {
            "claims": total,
            "distanced": total - len(own),
            "supported": supported,
            "supported_share": round(supported / len(own), 3) if own else None,
            "causal_unsupported": causal_unsupported,
            "causal_unsupported_share": round(causal_unsupported / len(own), 3) if own else None,
            "conflicts": len(self.conflicts),
        }


def build_inventory(analysis: Analysis) -> Inventory:
    """List the claims of one analysed document, with support and contradictions."""
    inventory = Inventory(analysis.document.path)
    attributed = {start for start, _ in analysis.evidence.vague_attributions}
    figures = []
    for sentence in analysis.sentences:
        text = sentence.text.strip()
        if len(sentence) < 2 or analysis.in_references(sentence.start_char):
            continue
        if text.rstrip("\"'’”)").endswith("?") or analysis.in_boilerplate(sentence.start_char):
            continue  # a question asserts nothing; "Read also:" links are not the article
        block = analysis.block_at(sentence.start_char)
        if block is not None and block.kind == "heading" and HEADING_QUESTION.match(text):
            continue  # "How ketamine helps TRD" announces a section; it claims nothing
        found = _classify(sentence, attributed)
        relation = _relation(analysis, sentence)
        if found is None and relation is None:
            continue
        if relation is None and found[0] == "causal" and _states_effect(found[1].root):
            relation = "causal", found[1]  # an effect word of the claim vocabulary
        claim_type, trigger = found if found is not None else ("causal", relation[1])
        claim = _claim(analysis, sentence, claim_type, trigger, relation)
        inventory.claims.append(claim)
        if claim_type == "statistic" and claim.strength not in ("distanced", "negated"):
            figure = _figure(sentence, trigger)
            if figure is not None:
                figures.append((claim, *figure))
    inventory.conflicts = _conflicts(figures)
    return inventory


def _classify(sentence, attributed: set[int]):
    """(type, trigger span) for the first claim type the sentence fits, or None."""
    vocab = claim_vocabulary()
    doc = sentence.doc
    lemmas = {t.lemma_.lower() for t in sentence}
    lowers = {t.lower_ for t in sentence}
    has_health = bool((lemmas | lowers) & vocab["health_terms"])
    for claim_type in vocab["type_order"]:
        if claim_type == "statistic":
            for shape in SHAPES.values():
                match = shape.search(sentence.text)
                if match:
                    start = sentence.start_char + match.start()
                    return claim_type, doc.char_span(
                        start, start + len(match.group(0)), alignment_mode="expand"
                    )
        elif claim_type == "attributed":
            for token in sentence:
                if token.idx in attributed:
                    return claim_type, sentence[token.i - sentence.start :][:1]
                if (
                    token.lower_ == "according"
                    and token.i + 1 < sentence.end
                    and (doc[token.i + 1].lower_ == "to")
                ):
                    return claim_type, doc[token.i : token.i + 2]
                if _reports_a_claim(token):
                    return claim_type, doc[token.i : token.i + 1]
        elif claim_type == "comparative":
            match = COMPARATIVE.search(sentence.text)
            if match and has_health:
                start = sentence.start_char + match.start()
                return claim_type, doc.char_span(
                    start, start + len(match.group(0)), alignment_mode="expand"
                )
        elif claim_type == "causal" and has_health:
            for token in sentence:
                if token.pos_ == "VERB" and token.lemma_.lower() in vocab["effect_verbs"]:
                    return claim_type, doc[token.i : token.i + 1]
            for token in sentence:
                if token.pos_ == "NOUN" and token.lemma_.lower() in vocab["efficacy_nouns"]:
                    return claim_type, doc[token.i : token.i + 1]
                if token.lower_ in ("less", "fewer", "lower", "reduced", "more") and (
                    token.head.lemma_.lower() in vocab["health_terms"]
                ):
                    return claim_type, doc[token.i : token.head.i + 1]  # "reported less nausea"
            for token in sentence:
                if token.lower_ in vocab["correlational_cues"]:
                    return claim_type, doc[token.i : token.i + 1]
        elif claim_type == "safety":
            for token in sentence:
                if token.lower_ in vocab["safety_terms"] and (
                    has_health or token.lower_ in ("safe", "harmless", "side", "toxic", "dangerous")
                ):
                    return claim_type, doc[token.i : token.i + 1]
        elif claim_type == "recommendation":
            first = next((t for t in sentence if t.is_alpha), None)
            if (
                first is not None
                and first.lemma_.lower() in vocab["advice_verbs"]
                and (first.tag_ == "VB")
            ):
                return claim_type, doc[first.i : first.i + 1]  # imperative
            if not has_health:
                continue
            for token in sentence:
                if token.lower_ in vocab["recommendation_cues"] or token.lemma_.lower() in (
                    "recommend",
                    "advise",
                ):
                    return claim_type, doc[token.i : token.i + 1]
    return None


def _relation(analysis: Analysis, sentence):
    """(relation, trigger) for the relation a sentence states, or None.

    In order: correlational wording ("was associated with"); a verb of effect that states a
    cause (a verb of change only with an object or an agent: "lowered blood pressure", "was
    reduced by"); a change or a comparison between groups ("levels decreased after surgery",
    "higher in women"), which is correlational; an effect adjective or noun said of something
    ("is effective for", "had no effect on"). Effects asked about ("to determine whether…"),
    aimed at ("interventions to improve…") or advised are no claim of a relation.
    """
    reading = analysis.sentence_modality(sentence.start)
    doc = sentence.doc
    vocab = claim_vocabulary()
    comparison = None
    for cue in reading.cues:
        if cue.kind == "correlational" and not _asked_about(doc[cue.start]):
            span = doc[cue.start : cue.end]
            if _states_correlation(span):
                return "correlational", span
            comparison = comparison or span.root  # "reduces risk factors": a cause may follow
    lemmas = [t.lemma_.lower() for t in sentence]
    words = _relation_words()
    for offset, token in enumerate(sentence):
        lemma = lemmas[offset]
        if lemma not in words and token.lower_ not in words and token.tag_ not in COMPARATIVES:
            continue  # most words cannot state a relation: skip the walks up the parse
        if _asked_about(token):
            continue
        if (
            lemma in CORRELATION_LEMMAS
            and not (token.dep_ == "pobj" and token.head.lower_ == "in")  # "in relation to"
            and (
                token.dep_ in CORRELATION_REPORTS
                or any(
                    c.dep_ == "prep" and c.lower_ in ("with", "to", "between", "of")
                    for c in token.children
                )
            )
        ):
            return "correlational", doc[token.i : token.i + 1]  # "associated significantly with"
        if lemma in vocab["marker_nouns"] and token.dep_ == "attr":
            return "correlational", doc[token.i : token.i + 1]  # "X is a marker of Y"
        if comparison is None and _compares(token, vocab["comparison_words"]):
            comparison = token
        if _aimed_at(token):
            continue
        if _verbal(token) and (
            lemma in vocab["effect_verbs"]
            or lemma in vocab["research_effect_verbs"]
            or any(
                tuple(lemmas[offset : offset + len(p.split())]) == tuple(p.split())
                for p in vocab["effect_phrases"]
            )
        ):
            if lemma not in vocab["change_verbs"] or _caused(token):
                return "causal", doc[token.i : token.i + 1]
            comparison = comparison or token
        elif token.pos_ == "ADJ" and lemma in vocab["effect_adjectives"]:
            if token.dep_ in ("acomp", "oprd", "attr", "ROOT", "conj"):
                return "causal", doc[token.i : token.i + 1]
        elif lemma in vocab["contribution_adjectives"] and token.pos_ in ("ADJ", "VERB"):
            if any(
                c.dep_ == "prep" and c.lower_ in ("for", "to", "in", "on") for c in token.children
            ):
                return "causal", doc[token.i : token.i + 1]
        elif token.pos_ == "NOUN" and lemma in vocab["effect_nouns"]:
            head = token.head
            if (
                (
                    token.dep_ in ("dobj", "attr", "nsubjpass")
                    and head.lemma_.lower() in vocab["effect_noun_verbs"]
                )
                or (token.dep_ == "pobj" and head.head.lemma_.lower() in vocab["evidence_nouns"])
                or (
                    # "the effect of fasting on glucose was small", "the cause of PD was…"
                    token.dep_ in ("nsubj", "nsubjpass", "attr")
                    and any(c.dep_ == "prep" and c.lower_ in ("of", "on") for c in token.children)
                )
            ):
                return "causal", doc[token.i : token.i + 1]
    if comparison is not None:
        return "correlational", doc[comparison.i : comparison.i + 1]
    return None


COMPARISON_MARKS = frozenset({"than", "compared", "versus", "vs", "vs.", "relative"})
# Words of a correlation read from the parse, whatever stands between them and their
# preposition: "associated significantly with", "inverse associations of X with Y".
CORRELATION_LEMMAS = frozenset(
    {
        "associate",
        "association",
        "correlate",
        "correlation",
        "relationship",
        "relation",
        "link",
        "interact",
        "interaction",
    }
)
# Nouns of a correlation that need no preposition where they are what the sentence reports:
# "the observed associations were modest", "we identified potential associations",
# "obesity and fracture severity do not correlate", "X is a marker of".
CORRELATION_REPORTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "ROOT"})
# Auxiliaries that leave a verb of inquiry open: "to determine", "should explore", "will test".
OPEN_AUXILIARIES = frozenset({"to", "should", "must", "will", "could", "would", "may", "might"})
AIM_PREPOSITIONS = frozenset({"at", "on", "for", "towards", "toward"})


COMPARATIVES = frozenset({"JJR", "RBR", "JJS", "RBS"})


@cache
def _relation_words() -> frozenset[str]:
    """Every word (lemma or lower-case form) that may state a relation in ``_relation``."""
    vocab = claim_vocabulary()
    keys = (
        "effect_verbs",
        "research_effect_verbs",
        "effect_adjectives",
        "contribution_adjectives",
        "effect_nouns",
        "comparison_words",
        "prevalence_words",
        "measures_of_chance",
        "marker_nouns",
    )
    firsts = {phrase.split()[0] for phrase in vocab["effect_phrases"]}
    return frozenset().union(*(vocab[key] for key in keys), firsts, CORRELATION_LEMMAS)


def _states_correlation(span) -> bool:
    """True when correlational wording is what the sentence says, not a description inside
    it: "X is a risk factor for Y", "was associated with"; not "reduces risk factors" or "the
    complications associated with surgery"."""
    root = span.root
    if root.dep_ == "acl":
        return False
    if root.pos_ in ("NOUN", "PROPN"):
        return root.dep_ not in ("dobj", "pobj", "compound")
    return True


def _compares(token, comparison_words) -> bool:
    """True for a word that compares groups or states a change: "higher in women", "more
    likely to", "shorter than males"; not "more than half", "25 years or older"."""
    vocab = claim_vocabulary()
    if token.dep_ == "amod" and not (
        token.head.lemma_.lower() in vocab["measures"] or token.head.dep_ in ("dobj", "attr")
    ):
        return False  # "from the lower leg"; not "a higher risk", "they had more anxiety"
    if token.lemma_.lower() in vocab["measures_of_chance"] and any(
        c.dep_ == "prep" and c.lower_ in ("of", "for") for c in token.children
    ):
        return True  # "had a high risk of obesity", "a > 40% chance of progression"
    if token.lemma_.lower() in vocab["prevalence_words"]:
        # "more common in men", "prevalent among smokers"; "side effects are common" is a
        # statement of how often, not a comparison.
        return any(c.dep_ == "prep" and c.lower_ in ("in", "among") for c in token.children)
    if token.lower_ in comparison_words or token.lemma_.lower() in comparison_words:
        return True
    if token.tag_ in ("JJS", "RBS"):
        # "the lowest likelihood", not "the largest organ"
        return token.dep_ == "amod" and token.head.lemma_.lower() in vocab["measures"]
    if token.tag_ not in ("JJR", "RBR"):
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in ("likely", "prone"):
        return True
    if following is not None and following.lower_ == "than":
        after = token.nbor(2) if token.i + 2 < len(token.doc) else None
        return after is None or after.like_num is False
    return any(t.lower_ in COMPARISON_MARKS for t in token.sent)


def _verbal(token) -> bool:
    """True for a verb, or a word the tagger misread that takes a subject or an object as a
    verb does ("The intervention significantly improved[JJ] processing speed")."""
    return token.pos_ == "VERB" or (
        token.tag_ in ("JJ", "VBN", "VBD")
        and any(c.dep_ in ("dobj", "nsubj") for c in token.children)
    )


def _caused(verb) -> bool:
    """True when a verb of change names what changes and is active, or names its cause."""
    children = list(verb.children)
    if any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in children):
        return True  # "was reduced by the drug", "can be improved by adding supplements"
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
    return not passive and verb.dep_ != "amod" and any(c.dep_ == "dobj" for c in children)


def _aimed_at(token) -> bool:
    """True for an effect aimed at rather than claimed: "interventions to improve adherence",
    "focus on improving", "should be encouraged in order to decrease the risk"."""
    if token.dep_ in ("amod", "compound") or (token.dep_ == "acl" and token.tag_ == "VBN"):
        return True  # "an increased risk", "patients treated with insulin"
    if token.dep_ == "pcomp" and token.head.lower_ in AIM_PREPOSITIONS:
        return True  # "aimed at reducing", "focus on improving"; not "a breakthrough in reducing"
    return token.dep_ in ("acl", "advcl", "relcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    )


def _states_effect(token) -> bool:
    """True unless the effect word is asked about, aimed at or describes whom it was done to."""
    return not (_asked_about(token) or _aimed_at(token))


def _asked_about(token) -> bool:
    """True when ``token`` sits in (or is) an open question: the infinitive or gerund clause of
    a verb of inquiry ("to determine whether…"), or under a word such as "needed", "unclear";
    or in a clause below advice ("should be encouraged in order to decrease the risk"): an
    effect a writer advises working towards is not a relation they report."""
    vocab = claim_vocabulary()
    for step in range(10):
        if step and any(
            (c.dep_ == "aux" and c.lower_ in ADVICE_MODALS)
            or (c.dep_ in ("acomp", "attr") and c.lemma_.lower() in vocab["open_question_words"])
            for c in token.children
        ):
            return True  # "should be encouraged to…", "the impact of X is still unclear"
        lemma = token.lemma_.lower()
        if lemma in vocab["open_question_words"]:
            return True
        if lemma in vocab["inquiry_verbs"] and (
            token.tag_ == "VBG"
            or any(c.dep_ == "aux" and c.lower_ in OPEN_AUXILIARIES for c in token.children)
        ):
            return True
        if token.head.i == token.i:  # spaCy builds a new Token object per access
            return False
        token = token.head
    return False


def _reports_a_claim(verb) -> bool:
    """A reporting verb whose subject is research or a named source and whose complement is a
    clause: "Medical theories say that…", "The NHS notes that…"."""
    words = vocabulary()
    if verb.lemma_.lower() not in words["reporting_verbs"] or verb.dep_ == "relcl":
        return False
    children = list(verb.children)
    if not any(c.dep_ == "ccomp" for c in children) or any(
        c.tag_ in ("WP", "WDT", "WRB") for c in children
    ):
        return False
    for child in children:
        if child.dep_ == "nsubj" and (
            child.lemma_.lower() in words["research_subjects"]
            or is_named(child.doc[child.left_edge.i : child.i + 1])
        ):
            return True
    return False


def _strength(analysis: Analysis, sentence, trigger, relation) -> str:
    """The claim's strength: its context marks and the modality of its verb's clause."""
    marks = analysis.context.marks(trigger)
    if "distanced" in marks:
        return "distanced"
    reading = analysis.sentence_modality(sentence.start)
    if relation == "correlational":
        return "correlational"
    level = reading.of(trigger)
    if "negated" in marks or level is Modality.NEGATED:
        return "negated"
    hedged = "hedged" in marks or level is Modality.HEDGED
    if relation == "causal":
        # A cause is conditional when a hedge of possibility reaches it ("may reduce"); one
        # hedged only on the evidence ("results suggest that it reduces") is still a cause.
        return "conditional" if reading.possibility(trigger) else "causal"
    return "hedged" if hedged and level is not Modality.BOOSTED else "asserted"


def _claim(analysis: Analysis, sentence, claim_type: str, trigger, relation) -> Claim:
    start = len(sentence.text) - len(sentence.text.lstrip())
    text_start = sentence.start_char + start
    text_end = sentence.start_char + len(sentence.text.rstrip())
    line, column, end_line, end_column = analysis.document.span_position(text_start, text_end)
    evidence = analysis.evidence
    support, scope = None, None
    # The same reach as the citation rules: a figure may be sourced anywhere in its paragraph,
    # any other claim needs its source in the sentence.
    for candidate_scope in SUPPORT_SCOPES[claim_type]:
        support = evidence.support(text_start, text_end, candidate_scope)
        if support is not None:
            scope = "document" if support.kind == "source-line" else candidate_scope
            break
    return Claim(
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        type=claim_type,
        strength=_strength(
            analysis, sentence, relation[1] if relation else trigger, relation and relation[0]
        ),
        sentence=" ".join(sentence.text.split()),
        trigger=trigger.text,
        relation=relation[0] if relation else None,
        support_kind=support.kind if support else None,
        support=describe_support(analysis, support) if support else None,
        support_scope=scope,
    )


def describe_support(analysis: Analysis, citation: Citation) -> str:
    """What a fact-checker should look up: the reference entry behind a marker, the link's
    address, the author-year reference with its list entry when there is one."""
    evidence = analysis.evidence
    if citation.kind == "marker":
        inside = citation.target.strip("[]")
        if not inside.startswith("^") and not inside[:1].isdigit():
            inside = inside.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-"))
        entries = []
        for label in marker_labels(inside):
            entry = evidence.entry_for(label)
            entries.append(f"[{label}] {entry.text}" if entry else f"[{label}] (no entry)")
        return "; ".join(entries)
    if citation.kind == "author-year":
        surname = re.match(r"\(?\s*(?:see |e\.g\.,? )?([A-Z][\w'’-]+)", citation.target)
        if surname:
            for entry in evidence.references.values():
                if entry.text.lstrip().startswith(surname.group(1)):
                    return f"{citation.target} → {entry.text}"
        return citation.target
    if citation.kind == "link":
        text = analysis.document.text[citation.start : citation.end]
        return f"{text} <{citation.target}>"
    return citation.target


def _figure(sentence, trigger):
    """(proportion, population, condition) of a population figure, or None."""
    match = PROPORTION.search(trigger.text) or PROPORTION.search(sentence.text)
    if match is None:
        return None
    if match.group("pct"):
        value = float(match.group("pct")) / 100
    else:
        num = number_value(match.group("num"))
        den = number_value(match.group("den"))
        if not num or not den:
            return None
        value = num / den
    vocab = claim_vocabulary()
    after = sentence.doc[trigger.end : sentence.end]
    population = next((t.lemma_.lower() for t in after if t.pos_ == "NOUN"), None)
    conditions = sorted(
        {
            t.lemma_.lower()
            for t in sentence
            if t.pos_ in ("NOUN", "PROPN")
            and t.lemma_.lower() in vocab["health_terms"] - GENERIC_HEALTH
        }
        | {t.text for t in sentence if t.is_upper and len(t.text) > 1}
    )
    if population is None or not conditions:
        return None
    return value, population, tuple(conditions)


def _conflicts(figures) -> list[Conflict]:
    """Pairs of figures about the same population and condition that disagree.

    Deliberately strict: both figures must name the same population noun and share a
    condition, come from different sentences, and differ by more than CONFLICT_RATIO.
    """
    conflicts = []
    for i, (claim_a, value_a, population_a, conditions_a) in enumerate(figures):
        for claim_b, value_b, population_b, conditions_b in figures[i + 1 :]:
            shared = set(conditions_a) & set(conditions_b)
            if (
                population_a != population_b
                or not shared
                or claim_a.line == claim_b.line
                and (claim_a.column == claim_b.column)
            ):
                continue
            low, high = sorted((value_a, value_b))
            if low > 0 and high / low > CONFLICT_RATIO:
                quantity = f"share of {population_a} with {', '.join(sorted(shared))}"
                first = f"{value_a:.0%} (line {claim_a.line})"
                second = f"{value_b:.0%} (line {claim_b.line})"
                conflicts.append(Conflict(claim_a, claim_b, quantity, f"{first} vs {second}"))
    return conflicts
