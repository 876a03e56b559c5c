"""Citations and reference lists: what in an article counts as a source, and where it sits.

Computed once per document (``Analysis.evidence``) and shared by every rule that asks whether a
claim is supported, and by the claim inventory. A citation is any of: a hyperlink, a reference
marker ("[1]", "[1, 3]", "[^note]", a superscript), an author-year reference ("(Smith et al.,
2019)", "Smith and Jones (2020)"), a DOI, PMID, PMCID, arXiv id or URL in the text, or a named,
specific source ("according to the British Heart Foundation", "NICE guidelines recommend", "a
2019 Cochrane review of 12 trials").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING

from healthlint.nlp import with_entities
from healthlint.regexes import literal_clauses, may_match
from healthlint.yamlsource import load_yaml

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_NAME = r"[A-Z][A-Za-z'’\-]+(?:\s[A-Z][A-Za-z'’\-]+)?"
_AUTHORS = rf"{_NAME}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_NAME})?"
_YEAR = r"(?:19|20)\d\d[a-z]?"
PATTERNS = {
    "author-year": re.compile(
        rf"\((?:see |e\.g\.,? |cf\. )?{_AUTHORS},?\s+{_YEAR}"
        rf"(?:\s*[;,]\s*{_AUTHORS},?\s+{_YEAR})*\)"
        rf"|\b{_AUTHORS}\s+\({_YEAR}\)"
    ),
    "doi": re.compile(r"\b(?:doi:\s*)?10\.\d{4,9}/[^\s\]\)>,;\"]+", re.IGNORECASE),
    "pmid": re.compile(r"\bPMID:?\s*\d{5,9}\b"),
    "pmcid": re.compile(r"\bPMC\d{5,9}\b"),
    "arxiv": re.compile(r"\barXiv:\s*\d{4}\.\d{4,5}(?:v\d+)?\b", re.IGNORECASE),
    "url": re.compile(
        r"\bhttps?://[^\s<>\"\]\)]+|\bwww\.[a-z0-9-]+\.[a-z]{2,}[^\s<>\"\]\)]*", re.IGNORECASE
    ),
}
# Text that each pattern cannot match without: one substring test skips most scans.
_PATTERN_CLAUSES = {kind: literal_clauses(pattern) for kind, pattern in PATTERNS.items()}
MARKER = re.compile(r"\[(\^[\w.-]+|\d{1,3}(?:\s*[,;–—-]\s*\d{1,3})*)\]")
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT = re.compile(
    rf"(?<=[A-Za-z.,;:)\]])[{SUPERSCRIPT_DIGITS}]+(?:[,⁻][{SUPERSCRIPT_DIGITS}]+)*"
)
ENTRY_LABEL = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s+")
# "NIH: National Institute of Arthritis and …" closing an article: a source for the whole text.
SOURCE_LINE = re.compile(
    r"(?:^|\n|\s{3,})((?:Sources?|From|Adapted from|Reviewed by)\s*:\s*\S[^\n]{3,}"
    r"|[A-Z]{2,8}:\s+(?:[A-Z][\w,'’&-]*\s*(?:of|on|and|for|the|\s)*){2,}[^\n.]*)\s*$"
)
NAMED_ENTITY_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW"})
# A determiner that points back to something already introduced makes the subject specific.
ANAPHORIC = frozenset(
    {
        "this",
        "that",
        "these",
        "those",
        "the",
        "our",
        "their",
        "its",
        "his",
        "her",
        "such",
        "each",
        "both",
    }
)
ADVICE_VERBS = frozenset({"recommend", "advise", "warn", "agree", "support", "suggest"})
MASS_SUBJECTS = frozenset({"research", "science", "evidence", "data", "literature", "medicine"})
VAGUE_DETERMINERS = frozenset(
    {
        "some",
        "many",
        "most",
        "all",
        "several",
        "numerous",
        "various",
        "countless",
        "recent",
        "other",
        "multiple",
        "few",
        "certain",
    }
)


@dataclass(frozen=True)
class Citation:
    """One source signal in Document.text: its span, what kind it is, and what it points to."""

    start: int
    end: int
    kind: str
    target: str


@dataclass(frozen=True)
class ReferenceEntry:
    """One entry of a reference list or footnote, by the label markers use for it."""

    label: str
    start: int
    end: int
    text: str


@cache
def vocabulary() -> dict:
    """The claim and source vocabulary (lint/data/evidence.yaml), loaded once."""
    text = resources.files("healthlint").joinpath("data/evidence.yaml").read_text(encoding="utf-8")
    data = load_yaml(text, "lint/data/evidence.yaml")
    return {
        key: frozenset(v.lower() for v in values) if key != "known_sources" else tuple(values)
        for key, values in data.items()
    }


@cache
def _known_source_pattern() -> re.Pattern:
    """Any known source name as a whole word, in lower-case text: one search, not one each."""
    return re.compile(
        "|".join(rf"\b{re.escape(name.lower())}\b" for name in vocabulary()["known_sources"])
        or "(?!)"
    )


def marker_labels(inside: str) -> list[str]:
    """The labels one marker names: "1, 3" → 1, 3; "2-4" → 2, 3, 4; "^note" → ^note."""
    if inside.startswith("^"):
        return [inside]
    labels = []
    for part in re.split(r"\s*[,;]\s*", inside):
        bounds = re.split(r"\s*[–—-]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if 0 < high - low <= 50:
                labels += [str(n) for n in range(low, high + 1)]
                continue
        labels += [b for b in bounds if b.isdigit()]
    return labels


def _superscript_labels(text: str) -> list[str]:
    plain = text.translate(str.maketrans(SUPERSCRIPT_DIGITS, "0123456789", ""))
    return marker_labels(plain.replace("⁻", "-"))


class Evidence:
    """The citations and reference entries of one analysed document."""

    def __init__(self, analysis):
        self.analysis = analysis
        self.references: dict[str, ReferenceEntry] = {}
        self.markers: list[tuple[Citation, list[str]]] = []
        citations: list[Citation] = []
        document, text = analysis.document, analysis.document.text
        self._read_reference_entries()
        for link in document.links:
            if not analysis.in_references(link.start):
                citations.append(Citation(link.start, link.end, "link", link.href))
        for match in MARKER.finditer(text):
            self._marker(match.start(), match.end(), match.group(0), marker_labels(match.group(1)))
        superscripts = (
            SUPERSCRIPT.finditer(text) if any(digit in text for digit in SUPERSCRIPT_DIGITS) else ()
        )
        for match in superscripts:
            self._marker(
                match.start(), match.end(), match.group(0), _superscript_labels(match.group(0))
            )
        citations += [c for c, _ in self.markers]
        for kind, pattern in PATTERNS.items():
            if not may_match(pattern, _PATTERN_CLAUSES[kind], text, analysis.folded_text):
                continue
            for match in pattern.finditer(text):
                if not analysis.in_references(match.start()):
                    citations.append(Citation(match.start(), match.end(), kind, match.group(0)))
        citations += self._named_sources()
        self.citations = sorted(set(citations), key=lambda c: (c.start, c.end, c.kind))
        self._starts = [c.start for c in self.citations]
        source_line = SOURCE_LINE.search(text[-400:]) if text else None
        self.source_line = source_line.group(1).strip() if source_line else None

    # -- reference lists --------------------------------------------------------------------

    def _read_reference_entries(self) -> None:
        analysis, text = self.analysis, self.analysis.document.text
        for index, block in enumerate(analysis.document.blocks):
            label = block.label
            in_section = index in analysis.reference_blocks
            if not label.startswith("^") and not in_section:
                continue
            entry_text = text[block.start : block.end]
            start = block.start
            if not label:
                leading = ENTRY_LABEL.match(entry_text)
                if not leading:
                    continue
                label = leading.group(1) or leading.group(2)
                start += leading.end()
            self.references.setdefault(
                label, ReferenceEntry(label, start, block.end, text[start : block.end])
            )

    def _marker(self, start: int, end: int, raw: str, labels: list[str]) -> None:
        if not labels or self.analysis.in_references(start):
            return
        self.markers.append((Citation(start, end, "marker", raw), labels))

    def dangling_markers(self) -> list[tuple[Citation, list[str]]]:
        """Markers naming a label that no reference entry or footnote defines."""
        return [
            (citation, [label for label in labels if label not in self.references])
            for citation, labels in self.markers
            if any(label not in self.references for label in labels)
        ]

    def entry_for(self, label: str) -> ReferenceEntry | None:
        """The reference entry a marker label points to, if the document defines it."""
        return self.references.get(label)

    # -- named sources ----------------------------------------------------------------------

    def _named_sources(self) -> list[Citation]:
        found = []
        analysis = self.analysis
        doc, tokens, lowers = analysis.doc, analysis.tokens, analysis.lowers
        words = vocabulary()
        # Only these words can open a named source; the parse is read for them alone.
        openers = words["reporting_verbs"] | words["study_nouns"]
        for i, lemma in enumerate(analysis.lower_lemmas):
            if lowers[i] not in ("according", "published") and lemma not in openers:
                continue
            token = tokens[i]
            if analysis.in_references(token.idx):
                continue
            phrase = None
            if (
                token.lower_ == "according"
                and token.i + 1 < len(doc)
                and (doc[token.i + 1].lower_ == "to")
            ):
                objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
                phrase = _noun_phrase(objects[0]) if objects else None
            elif token.lemma_.lower() in words["reporting_verbs"] and token.pos_ == "VERB":
                # The one who reports: the active subject, or the agent of a passive ("is
                # recommended by the WHO"); a passive subject is what is reported, not who.
                agents = [c for c in token.children if c.dep_ == "nsubj"] + [
                    g
                    for c in token.children
                    if c.dep_ == "agent"
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                phrase = _noun_phrase(agents[0]) if agents else None
            elif token.lemma_.lower() in words["study_nouns"] and token.pos_ == "NOUN":
                phrase = _noun_phrase(token)
                if not is_specific_study(phrase):
                    phrase = None
            elif (
                token.lower_ == "published"
                and token.i + 1 < len(doc)
                and (doc[token.i + 1].lower_ == "in")
            ):
                objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
                phrase = _noun_phrase(objects[0]) if objects else None
            if phrase is not None and is_named(phrase):
                found.append(
                    Citation(phrase.start_char, phrase.end_char, "named-source", phrase.text)
                )
        return found

    # -- support ----------------------------------------------------------------------------

    def citations_between(self, start: int, end: int) -> list[Citation]:
        """Citations that start within text offsets [start, end)."""
        return self.citations[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def support(self, start: int, end: int, scope: str) -> Citation | None:
        """The citation that backs the claim at [start, end) within ``scope``, or None.

        ``sentence`` also accepts a marker placed right after the sentence's full stop
        ("… in adults.[2]"); ``paragraph`` is the claim's block; ``document`` is the whole
        article, including a closing source line ("NIH: National Institute of …").
        """
        # A closing source line ("NIH: National Institute of …") attributes the whole article, so
        # it backs figures and facts; it does not say which study "studies show" means.
        source_line = Citation(0, 0, "source-line", self.source_line) if self.source_line else None
        if scope == "document":
            return _best(self._resolved(self.citations)) or source_line
        span = self.analysis.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        if scope == "paragraph":
            block = self.analysis.block_at(start)
            if block is not None:
                found = self._resolved(self.citations_between(block.start, block.end))
                return _best(found) or source_line
        sentence = self.analysis.sentence_of(span.start)
        found = self.citations_between(sentence.start_char, self._trailing_end(sentence))
        return _best(self._resolved(found))

    def _resolved(self, citations: list[Citation]) -> list[Citation]:
        """Drop markers that point at no reference entry: they only look like support."""
        dangling = self._dangling_starts
        return [c for c in citations if c.kind != "marker" or c.start not in dangling]

    @cached_property
    def _dangling_starts(self) -> frozenset[int]:
        return frozenset(c.start for c, _ in self.dangling_markers())

    def _trailing_end(self, sentence: Span) -> int:
        """End of the sentence plus any citation that follows its full stop."""
        end = sentence.end_char
        text = self.analysis.document.text
        index = bisect_left(self._starts, end)
        while index < len(self.citations):
            citation = self.citations[index]
            gap = text[end : citation.start]
            if gap.strip():
                break
            end = max(end, citation.end)
            index += 1
        return end

    @cached_property
    def vague_attributions(self) -> list[tuple[int, int]]:
        """Vague attribution spans with the shipped vocabulary, found once per document for
        the attribution rule, the statistic rule and the claim inventory."""
        words = vocabulary()
        return vague_attributions(
            self.analysis,
            words["research_subjects"],
            words["reporting_verbs"],
            words["impersonal_verbs"],
        )

    @cached_property
    def attributed_sentences(self) -> frozenset[int]:
        """Start tokens of sentences that contain a vague attribution (default vocabulary)."""
        doc = self.analysis.doc
        return frozenset(
            self.analysis.sentence_of(doc.char_span(s, e, alignment_mode="expand").start).start
            for s, e in self.vague_attributions
        )

    def near(self, offset: int) -> Citation | None:
        """The first citation at or after ``offset`` (for reports)."""
        index = bisect_right(self._starts, offset - 1)
        return self.citations[index] if index < len(self.citations) else None


# Which citation to show when several back one claim: the most checkable first.
SUPPORT_PRIORITY = {
    "marker": 0,
    "link": 1,
    "author-year": 2,
    "doi": 3,
    "pmid": 3,
    "pmcid": 3,
    "arxiv": 3,
    "url": 4,
    "named-source": 5,
}


def _best(citations: list[Citation]) -> Citation | None:
    return min(citations, key=lambda c: (SUPPORT_PRIORITY.get(c.kind, 9), c.start), default=None)


def _noun_phrase(token: Token) -> Span:
    """The noun phrase headed by ``token``: its subtree, without a trailing clause."""
    doc = token.doc
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("prep", "compound", "appos", "nummod", "amod", "pobj", "conj", "cc"):
            end = max(end, child.right_edge.i + 1)
    return doc[token.left_edge.i : end]


def is_named(phrase: Span) -> bool:
    """True when a noun phrase names a checkable source rather than a vague group.

    Named: an organisation, person or publication ("the British Heart Foundation", "Dr Lee"),
    a known health body ("NICE", "Cochrane"), a proper name on a study or guideline ("the
    Framingham study", "NICE guidelines"), or a precisely described study ("a 2019 review of 12
    trials"). A capitalised word alone is not enough: "Ketamine intake" names no source.
    """
    if _known_source_pattern().search(phrase.text.lower()):
        return True
    study_nouns = vocabulary()["study_nouns"]
    has_study = any(t.lemma_.lower() in study_nouns for t in phrase)
    if has_study and any(t.pos_ == "PROPN" and t.is_alpha for t in phrase):
        return True
    if is_specific_study(phrase):
        return True
    # A name holds a proper noun or a capitalised word other than the sentence's first ("the
    # American Heart Association", "Professor Van den Berghe"): asking the recogniser about
    # "Your doctor" would only cost its run, which comes last as it may still be to do.
    if not any(
        token.pos_ == "PROPN" or (token.text[:1].isupper() and not token.is_sent_start)
        for token in phrase
    ):
        return False
    with_entities(phrase.doc)
    head = phrase.root
    return any(
        ent.label_ in NAMED_ENTITY_LABELS and ent.start <= head.i < ent.end for ent in phrase.ents
    )


def is_specific_study(phrase: Span) -> bool:
    """A study described precisely enough to look up: a year, a size, or a named series."""
    has_study = any(t.lemma_.lower() in vocabulary()["study_nouns"] for t in phrase)
    has_year = any(re.fullmatch(r"(?:19|20)\d\d", t.text) for t in phrase)
    has_size = any(
        t.like_num
        and t.dep_ == "nummod"
        and t.head.lemma_.lower()
        in {
            "trial",
            "study",
            "people",
            "adult",
            "patient",
            "participant",
            "woman",
            "man",
            "child",
            "volunteer",
            "subject",
            "case",
        }
        for t in phrase
    )
    return has_study and (has_year or has_size)


def vague_attributions(analysis, subjects, verbs, impersonal) -> list[tuple[int, int]]:
    """Spans "studies show", "experts agree", "it is said": research or authority credited
    with a claim, with nothing that names which study or whose advice."""
    found = []
    tokens = analysis.tokens
    for i, lemma in enumerate(analysis.lower_lemmas):
        if lemma not in verbs and lemma not in impersonal:
            continue
        verb = tokens[i]
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = _vague_subject(verb, subjects, verbs, impersonal)
        if subject is not None:
            found.append((subject.idx, verb.idx + len(verb.text)))
    return found


def _vague_subject(verb, subjects, verbs, impersonal):
    lemma = verb.lemma_.lower()
    deps = {c.dep_ for c in verb.children}
    if "neg" in deps:
        return None  # "doctors don't know why", "studies did not prove": no claim is credited
    passive = "auxpass" in deps
    # What is reported must be a clause ("studies show that …"); "doctors find it during
    # surgery" is finding something, not reporting a finding. Advice verbs take objects.
    reports_clause = bool(deps & {"ccomp", "xcomp"}) or lemma in ADVICE_VERBS
    for child in verb.children:
        if child.dep_ in ("nsubjpass", "expl") and child.lower_ == "it":
            if lemma in impersonal and passive and "ccomp" in deps:
                return child  # "It is said that …"
            continue
        if not reports_clause:
            continue
        if child.dep_ not in ("nsubj", "nsubjpass") or lemma not in verbs:
            continue
        if any(c.tag_ in ("WP", "WDT", "WRB") for c in verb.children) or verb.dep_ == "relcl":
            return None  # "explains what research has found": reported, not asserted
        if not _is_research_subject(child, subjects):
            continue
        determiners = {d.lower_ for d in child.children if d.dep_ in ("det", "poss")}
        if determiners & ANAPHORIC or "no" in determiners:
            return None  # "these studies" points back; "no studies show" claims nothing
        if (
            child.tag_ == "NN"
            and child.lower_ not in MASS_SUBJECTS
            and not (determiners & VAGUE_DETERMINERS)
        ):
            return None  # "a study found": research reporting, a rule of its own
        phrase = child.doc[child.left_edge.i : child.i + 1]
        if is_named(phrase):
            return None
        return phrase[0]
    return None


def _is_research_subject(token, subjects) -> bool:
    """True for "studies", "experts", "Studies" (which the tagger may call a proper noun)."""
    lower = token.lower_
    forms = {token.lemma_.lower(), lower}
    if lower.endswith("ies"):
        forms.add(lower[:-3] + "y")
    elif lower.endswith("s"):
        forms.add(lower[:-1])
    return bool(forms & subjects)
