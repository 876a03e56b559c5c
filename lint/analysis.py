"""What a check sees of one document: the prose, its one spaCy parse and its context marks."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from lint.context import Context
from lint.document import Document


@dataclass(frozen=True)
class Analysis:
    """One document after the single spaCy pass and the context layer."""

    document: Document
    doc: Doc
    context: Context


def token_block_kinds(document: Document, doc: Doc) -> list[str | None]:
    """The kind of the block each token sits in (None between blocks)."""
    starts = [block.start for block in document.blocks]
    kinds = []
    for token in doc:
        index = bisect_right(starts, token.idx) - 1
        block = document.blocks[index] if index >= 0 else None
        kinds.append(block.kind if block and token.idx < block.end else None)
    return kinds
