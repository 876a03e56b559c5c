"""Building a Document from a parse: one block at a time, text and offset map together.

A reader walks its parse and fills one :class:`BlockBuffer` per block of prose;
:class:`TextAssembler` joins the blocks into ``Document.text`` and builds the
:class:`~healthlint.document.OffsetMap` back to the source. Both record where their text came
from as :class:`Segments`.
"""

from __future__ import annotations

from array import array

from healthlint.document import Block, Document, Link, OffsetMap
from healthlint.suppressions import Directive

__all__ = ["BLOCK_SEPARATOR", "BlockBuffer", "Segments", "TextAssembler"]

# What stands between two blocks in Document.text: sentences never cross it.
BLOCK_SEPARATOR = "\n\n"


class Segments:
    """Runs of text in order, each mapped to the run of source it came from.

    A run whose text and source lengths match is verbatim and maps char by char; any other run
    is a replacement (an entity, an escape, a collapsed whitespace run) whose every char maps to
    the whole source run. A verbatim run that continues the previous verbatim run in the source
    extends it, so plain prose costs one segment however a reader feeds it in. The runs are
    kept in ``array``\\ s: a 100k-word document costs a few bytes per segment.
    """

    __slots__ = ("text_starts", "src_starts", "src_ends", "length")

    def __init__(self) -> None:
        self.text_starts = array("q")
        self.src_starts = array("q")
        self.src_ends = array("q")
        self.length = 0

    def append(self, text_length: int, src_start: int, src_end: int) -> None:
        """Append ``text_length`` chars of text that came from ``source[src_start:src_end]``."""
        if text_length <= 0:
            return
        if (
            self.text_starts
            and self.length - self.text_starts[-1] == self.src_ends[-1] - self.src_starts[-1]
            and text_length == src_end - src_start
            and self.src_ends[-1] == src_start
        ):
            self.src_ends[-1] = src_end
        else:
            self.text_starts.append(self.length)
            self.src_starts.append(src_start)
            self.src_ends.append(src_end)
        self.length += text_length

    def offset_map(self) -> OffsetMap:
        """The OffsetMap of the text appended so far."""
        return OffsetMap(self.text_starts, self.src_starts, self.src_ends, self.length)


class BlockBuffer(Segments):
    """One block's text and source segments, filled while a reader walks its parse.

    ``add(text, src_start, src_end)`` appends text that came from ``source[src_start:src_end]``:
    verbatim when the lengths match, a replaced run otherwise. Links and ignored spans are kept
    relative to the block and shifted by :class:`TextAssembler`.
    """

    __slots__ = ("kind", "level", "label", "parts", "links", "ignored")

    def __init__(self, kind: str, level: int = 0, label: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.level = level
        self.label = label
        self.parts: list[str] = []
        self.links: list[tuple[int, int, str]] = []
        self.ignored: list[tuple[int, int]] = []

    def add(self, text: str, src_start: int, src_end: int) -> None:
        """Append ``text`` mapped to the source run ``[src_start, src_end)``."""
        if text:
            self.append(len(text), src_start, src_end)
            self.parts.append(text)

    @property
    def text(self) -> str:
        """The block's text so far."""
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    def last_char(self) -> str:
        """The last char added, or "" for an empty buffer."""
        for part in reversed(self.parts):
            if part:
                return part[-1]
        return ""

    @property
    def src_start(self) -> int:
        """Source offset of the first segment (sort key for source order); -1 if empty."""
        return self.src_starts[0] if self.src_starts else -1

    def mark_ignored(self, start: int, end: int) -> None:
        """Record ``[start, end)`` (block-relative) as not prose, merging with a touching span."""
        if end <= start:
            return
        if self.ignored and self.ignored[-1][1] >= start:
            self.ignored[-1] = (self.ignored[-1][0], max(end, self.ignored[-1][1]))
        else:
            self.ignored.append((start, end))


class TextAssembler:
    """Joins BlockBuffers into Document.text with BLOCK_SEPARATOR and builds the OffsetMap.

    Each block's leading/trailing whitespace is trimmed; separator chars map to the (empty)
    source position at the end of the previous block.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments = Segments()
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.ignored: list[tuple[int, int]] = []
        self._prev_src_end = 0

    @property
    def length(self) -> int:
        """Length of the text assembled so far."""
        return self._segments.length

    def add_block(self, buf: BlockBuffer) -> Block | None:
        """Append one block; return it, or None if it was empty after trimming."""
        text = buf.text
        lead = len(text) - len(text.lstrip())
        stop = len(text.rstrip())
        if stop <= lead:
            return None
        if self.blocks:
            self._segments.append(len(BLOCK_SEPARATOR), self._prev_src_end, self._prev_src_end)
            self._parts.append(BLOCK_SEPARATOR)
        start = self.length
        base = start - lead
        n = len(buf.text_starts)
        for i in range(n):
            ts = buf.text_starts[i]
            te = buf.text_starts[i + 1] if i + 1 < n else buf.length
            cs, ce = max(ts, lead), min(te, stop)
            if ce <= cs:
                continue
            ss, se = buf.src_starts[i], buf.src_ends[i]
            if te - ts == se - ss:
                ss, se = ss + (cs - ts), ss + (ce - ts)
            self._segments.append(ce - cs, ss, se)
            self._prev_src_end = se
        self._parts.append(text[lead:stop])
        block = Block(start, self.length, buf.kind, buf.level, buf.label)
        self.blocks.append(block)
        for ls, le, href in buf.links:
            ls, le = max(ls, lead), min(le, stop)
            while ls < le and text[ls].isspace():
                ls += 1
            while le > ls and text[le - 1].isspace():
                le -= 1
            if le > ls:
                self.links.append(Link(base + ls, base + le, href))
        for gs, ge in buf.ignored:
            gs, ge = max(gs, lead), min(ge, stop)
            if ge > gs:
                self.ignored.append((base + gs, base + ge))
        return block

    def finish(self) -> tuple[str, OffsetMap]:
        """Return the assembled text and its OffsetMap."""
        return "".join(self._parts), self._segments.offset_map()

    def document(
        self,
        path: str,
        fmt: str,
        source: str,
        metadata: dict[str, str],
        directives: list[Directive],
    ) -> Document:
        """Finish and wrap everything in a Document."""
        text, offsets = self.finish()
        return Document(
            path=path,
            format=fmt,
            source=source,
            text=text,
            offsets=offsets,
            blocks=self.blocks,
            links=self.links,
            metadata=metadata,
            directives=sorted(directives, key=lambda d: d.line),
            ignored_spans=self.ignored,
        )
