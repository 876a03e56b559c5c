"""What a check sees of one document: the prose, its one spaCy parse and its context marks.

Facts that several rule kinds need (which blocks are reference lists, which tokens are in
headings) are worked out here once per document, on first use.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from healthlint.document import Block, Document

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from healthlint.context import Context, ContextMarker
    from healthlint.health_terms import DocumentTerms
    from healthlint.modality import SentenceModality
    from healthlint.prose import Prose

T = TypeVar("T")

# Headings that open a list of sources: the list is read for citations, never linted as prose.
REFERENCE_HEADING = re.compile(
    r"^\W*(references?|sources?|bibliography|works cited|citations?|further reading|"
    r"notes|footnotes|literature|reading list|evidence|read more)\W*$",
    re.IGNORECASE,
)


# Page furniture that is not the article: related-article links, share prompts, comment forms.
BOILERPLATE = re.compile(
    r"^\W*(read (also|more|next)|see also|related( articles?| posts?)?|you may also like|"
    r"share (this|on)|leave a (reply|comment)|your email address will not be published|"
    r"required fields are marked|subscribe to|sign up for|follow us|advertisement)\b",
    re.IGNORECASE,
)


FURNITURE_MAX_WORDS = 15


class Analysis:
    """One document after the single spaCy pass and the context layer.

    ``marker`` prepares the document's context marks as the Analysis is built; without one
    (tests of facts that need no context) ``context`` is None.
    """

    def __init__(self, document: Document, doc: Doc, marker: ContextMarker | None = None):
        self.document = document
        self.doc = doc
        self.context: Context | None = (
            marker.analyse(doc, self.token_block_kinds, self.sentence_of, self.sentence_modality)
            if marker is not None
            else None
        )

    @cached_property
    def tokens(self) -> list:
        """The document's tokens as a list: iterating a spaCy Doc builds new Token objects
        every time, and a dozen rules each walk every token."""
        return list(self.doc)

    # Token attributes as plain lists, read once per document: each read of a spaCy attribute
    # builds a new Python object, and several kinds walk every token.
    @cached_property
    def texts(self) -> list[str]:
        """Each token's text."""
        return [token.text for token in self.tokens]

    @cached_property
    def lowers(self) -> list[str]:
        """Each token's lower-case text."""
        return [token.lower_ for token in self.tokens]

    @cached_property
    def norms(self) -> list[str]:
        """Each token's norm (spaCy's normalised form, as Matcher patterns on NORM compare)."""
        return [token.norm_ for token in self.tokens]

    @cached_property
    def lemmas(self) -> list[str]:
        """Each token's lemma."""
        return [token.lemma_ for token in self.tokens]

    @cached_property
    def lower_lemmas(self) -> list[str]:
        """Each token's lemma in lower case, as word lists compare them."""
        return [lemma.lower() for lemma in self.lemmas]

    @cached_property
    def offsets(self) -> list[int]:
        """Each token's start offset in ``Document.text``."""
        return [token.idx for token in self.tokens]

    @cached_property
    def folded_text(self) -> str:
        """``Document.text`` case-folded as healthlint.regexes.fold_case does, for literal
        pre-filters of case-insensitive patterns."""
        from healthlint.regexes import fold_case

        return fold_case(self.document.text)

    @cached_property
    def word_count(self) -> int:
        """Whitespace-separated words in ``Document.text``, for the cheap length tests."""
        return len(self.document.text.split())

    @cached_property
    def prose(self) -> Prose:
        """The prose sentences and their readability figures (healthlint.prose)."""
        from healthlint.prose import measure_prose

        return measure_prose(self)

    @cached_property
    def health_terms(self) -> DocumentTerms:
        """The conditions, treatments and remedies the document names
        (healthlint.health_terms)."""
        from healthlint.health_terms import find_terms

        return find_terms(self.doc, self.texts)

    @cached_property
    def sentences(self) -> list:
        """The document's sentences, computed once (``Span.sent`` walks the whole doc)."""
        return list(self.doc.sents)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    def sentence_index(self, token_index: int) -> int:
        """The position in ``sentences`` of the sentence containing token ``token_index``."""
        return bisect_right(self._sentence_starts, token_index) - 1

    def sentence_of(self, token_index: int):
        """The sentence containing token ``token_index``."""
        return self.sentences[self.sentence_index(token_index)]

    def sentence_modality(self, token_index: int) -> SentenceModality:
        """The modality of the sentence containing token ``token_index`` (healthlint.modality),
        read from the parse on first request and shared by the context layer, the kinds and
        the claim inventory."""
        index = self.sentence_index(token_index)
        readings = self.__dict__.setdefault("_sentence_modality", {})
        if index not in readings:
            from healthlint.modality import read_sentence

            readings[index] = read_sentence(self.sentences[index])
        return readings[index]

    def fact(self, compute: Callable[[Analysis], T]) -> T:
        """``compute(self)``, worked out on the first request: a per-document fact that the
        checks of one kind module share (the typo kinds' words, the pattern rules' one Matcher
        pass). ``compute`` is the key, so pass the same function, or a bound method of the
        same object, every time. Facts several kind modules read are properties instead."""
        facts = self.__dict__.setdefault("_facts", {})
        if compute not in facts:
            facts[compute] = compute(self)
        return facts[compute]

    @cached_property
    def block_starts(self) -> list[int]:
        """Start offsets of the document's blocks, for bisecting."""
        return [block.start for block in self.document.blocks]

    def block_at(self, offset: int) -> Block | None:
        """The block containing text offset ``offset``, if any."""
        return self.document.block_at(offset)

    @cached_property
    def reference_blocks(self) -> frozenset[int]:
        """Indexes of blocks that belong to a reference section.

        A section starts at a heading such as "References", "Sources" or "Further reading" and
        runs to the next heading of the same or a higher level.
        """
        inside, level, found = False, 0, set()
        text = self.document.text
        for index, block in enumerate(self.document.blocks):
            if block.kind == "heading":
                heading = text[block.start : block.end]
                if REFERENCE_HEADING.match(heading):
                    inside, level = True, block.level or 1
                    continue
                if inside and (block.level or 1) <= level:
                    inside = False
            if inside:
                found.add(index)
        return frozenset(found)

    @cached_property
    def boilerplate_blocks(self) -> frozenset[int]:
        """Indexes of blocks that are page furniture ("Read also: …", "Leave a Reply")."""
        text = self.document.text
        # Furniture is short ("Share this", "Read also: …"); a long block that happens to
        # start with "Sign up for" is prose.
        return frozenset(
            i
            for i, block in enumerate(self.document.blocks)
            if BOILERPLATE.match(text[block.start : block.end])
            and len(text[block.start : block.end].split()) <= FURNITURE_MAX_WORDS
        )

    def in_boilerplate(self, offset: int) -> bool:
        """True when text offset ``offset`` lies in page furniture rather than the article."""
        if not self.boilerplate_blocks:
            return False
        return bisect_right(self.block_starts, offset) - 1 in self.boilerplate_blocks

    def in_references(self, offset: int) -> bool:
        """True when text offset ``offset`` lies in a reference section."""
        if not self.reference_blocks:
            return False
        index = bisect_right(self.block_starts, offset) - 1
        return index in self.reference_blocks

    @cached_property
    def evidence(self):
        """Citations and reference entries of the document (healthlint.evidence.Evidence)."""
        from healthlint.evidence import Evidence

        return Evidence(self)

    @cached_property
    def token_block_kinds(self) -> list[str | None]:
        """The kind of the block each token sits in (None between blocks)."""
        blocks, starts = self.document.blocks, self.block_starts
        kinds = []
        for offset in self.offsets:
            index = bisect_right(starts, offset) - 1
            block = blocks[index] if index >= 0 else None
            kinds.append(block.kind if block and offset < block.end else None)
        return kinds
