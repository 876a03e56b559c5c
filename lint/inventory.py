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
from healthlint.modality import is_modal_hedge
from healthlint.yamlsource import load_yaml

STRENGTHS = ("causal", "correlational", "hedged", "negated", "distanced", "asserted")
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
        if found is None:
            continue
        claim_type, trigger = found
        claim = _claim(analysis, sentence, claim_type, trigger)
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


def _strength(analysis: Analysis, sentence, claim_type: str, trigger) -> str:
    marks = analysis.context.marks(trigger)
    if "distanced" in marks:
        return "distanced"
    if "negated" in marks:
        return "negated"
    if "hedged" in marks or any(is_modal_hedge(token) for token in sentence):
        return "hedged"
    vocab = claim_vocabulary()
    text = sentence.text.lower()
    if any(re.search(rf"\b{re.escape(cue)}\b", text) for cue in vocab["correlational_cues"]):
        return "correlational"
    if claim_type == "causal" or any(
        t.pos_ == "VERB" and t.lemma_.lower() in vocab["effect_verbs"] for t in sentence
    ):
        return "causal"
    return "asserted"


def _claim(analysis: Analysis, sentence, claim_type: str, trigger) -> Claim:
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
        strength=_strength(analysis, sentence, claim_type, trigger),
        sentence=" ".join(sentence.text.split()),
        trigger=trigger.text,
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
