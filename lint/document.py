"""The document model: prose text extracted from a source file, plus a map back to the source.

Every reader (plain text, Markdown, HTML) produces a :class:`Document`. Checks only ever see
``Document.text``; findings are mapped back to the original file through ``Document.offsets``,
which the reader builds once while it extracts the text.

The second half of this module is reader infrastructure shared by all readers:
:class:`BlockBuffer` (one block's text and source segments, filled while a reader walks its
parse), :class:`TextAssembler` (joins blocks into ``Document.text`` and builds the
:class:`OffsetMap`) and :func:`parse_directive` (suppression comments).
"""

from __future__ import annotations

import os
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from healthlint.errors import HealthlintError
from healthlint.suppressions import Directive, Suppressions

__all__ = [
    "FORMATS_BY_EXTENSION",
    "Block",
    "BlockBuffer",
    "Document",
    "Link",
    "OffsetMap",
    "ReaderError",
    "TextAssembler",
    "UnknownFormatError",
    "build_document",
    "detect_format",
    "line_starts",
]

BLOCK_KINDS = frozenset({"paragraph", "heading", "list_item", "table_cell", "blockquote", "title"})
BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Block:
    """A unit of prose; sentences never cross a block boundary. Offsets index Document.text."""

    start: int
    end: int
    kind: str
    level: int = 0
    # The list item's number ("3") or a footnote definition's label ("^note"): reference lists
    # are resolved through it, since the number itself is markup, not text.
    label: str = ""


@dataclass(frozen=True)
class Link:
    """A hyperlink; ``start``/``end`` span the link text in Document.text."""

    start: int
    end: int
    href: str


# ---------------------------------------------------------------------------------------------
# Offset map
# ---------------------------------------------------------------------------------------------


class OffsetMap:
    """Maps Document.text offsets to source offsets.

    The map is a sorted list of segments, each covering a contiguous run of text. A segment whose
    text length equals its source length maps linearly (verbatim text); any other segment is a
    replaced run (an entity, an escape, a collapsed whitespace run) and every character in it maps
    to the whole source run. Segments are stored in parallel ``array``\\ s so that a 100k-word
    document costs a few bytes per segment, and looked up with bisect.
    """

    __slots__ = ("_text_starts", "_src_starts", "_src_ends", "_length")

    def __init__(
        self,
        text_starts: Iterable[int] = (),
        src_starts: Iterable[int] = (),
        src_ends: Iterable[int] = (),
        text_length: int = 0,
    ) -> None:
        self._text_starts = array("q", text_starts)
        self._src_starts = array("q", src_starts)
        self._src_ends = array("q", src_ends)
        self._length = text_length
        if not len(self._text_starts) == len(self._src_starts) == len(self._src_ends):
            raise ValueError("segment arrays must have equal lengths")

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """Return the map of a text that is its own source (plain text)."""
        if length <= 0:
            return cls()
        return cls([0], [0], [length], length)

    @property
    def text_length(self) -> int:
        """Length of the text this map covers."""
        return self._length

    def __len__(self) -> int:
        return len(self._text_starts)

    def __repr__(self) -> str:
        return f"OffsetMap(segments={len(self)}, text_length={self._length})"

    def _segment(self, offset: int) -> int:
        return max(bisect_right(self._text_starts, offset) - 1, 0)

    def _seg_text_end(self, i: int) -> int:
        return self._text_starts[i + 1] if i + 1 < len(self._text_starts) else self._length

    def _point(self, offset: int, *, end: bool) -> int:
        """Source offset of the start (or the exclusive end) of the text char at ``offset``."""
        i = self._segment(offset)
        ts = self._text_starts[i]
        ss, se = self._src_starts[i], self._src_ends[i]
        if self._seg_text_end(i) - ts == se - ss:
            return ss + (offset - ts) + (1 if end else 0)
        return se if end else ss

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the text span ``[start, end)`` to a source span (end exclusive).

        Offsets are clamped to the text; an empty span maps to an empty source span at the source
        position of ``start``.
        """
        if not len(self._text_starts):
            return (0, 0)
        start = min(max(start, 0), self._length)
        end = min(max(end, start), self._length)
        if start == self._length:
            # Past the last char: the end of the last segment.
            pos = self._point(self._length - 1, end=True)
            return (pos, pos)
        src_start = self._point(start, end=False)
        if end == start:
            return (src_start, src_start)
        src_end = self._point(end - 1, end=True)
        # Blocks are emitted in source order, so this only guards against malformed readers.
        return (src_start, max(src_end, src_start))


class _MapBuilder:
    """Accumulates OffsetMap segments in text order, merging adjacent verbatim runs."""

    __slots__ = ("text_starts", "src_starts", "src_ends", "length")

    def __init__(self) -> None:
        self.text_starts = array("q")
        self.src_starts = array("q")
        self.src_ends = array("q")
        self.length = 0

    def add(self, text_start: int, text_len: int, src_start: int, src_end: int) -> None:
        if text_len <= 0:
            return
        if text_start != self.length:
            raise ValueError("segments must be added contiguously in text order")
        if self.text_starts:
            prev_text_len = self.length - self.text_starts[-1]
            prev_src_len = self.src_ends[-1] - self.src_starts[-1]
            if (
                prev_text_len == prev_src_len
                and text_len == src_end - src_start
                and self.src_ends[-1] == src_start
            ):
                self.src_ends[-1] = src_end
                self.length += text_len
                return
        self.text_starts.append(text_start)
        self.src_starts.append(src_start)
        self.src_ends.append(src_end)
        self.length += text_len

    def build(self) -> OffsetMap:
        m = OffsetMap()
        m._text_starts = self.text_starts
        m._src_starts = self.src_starts
        m._src_ends = self.src_ends
        m._length = self.length
        return m


# ---------------------------------------------------------------------------------------------
# Document
# ---------------------------------------------------------------------------------------------


def line_starts(source: str) -> list[int]:
    """Offsets at which each line of ``source`` starts ("\\n" newlines)."""
    starts = [0]
    find = source.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


@dataclass
class Document:
    """A parsed input file: prose text for checks plus everything needed to report positions."""

    path: str
    format: str
    source: str
    text: str
    offsets: OffsetMap
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)
    ignored_spans: list[tuple[int, int]] = field(default_factory=list)
    # Built from ``directives`` when not given, so hand-made Documents (tests) stay short.
    suppressions: Suppressions = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self._line_starts = line_starts(self.source)
        self._block_starts = [b.start for b in self.blocks]
        if self.suppressions is None:
            self.suppressions = Suppressions(
                self.directives, len(self._line_starts), source=self.source
            )

    def position(self, source_offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count characters."""
        offset = min(max(source_offset, 0), len(self.source))
        i = bisect_right(self._line_starts, offset) - 1
        return (i + 1, offset - self._line_starts[i] + 1)

    def span_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """Text span -> source ``(line, col, end_line, end_col)``, 1-based, end_col exclusive."""
        src_start, src_end = self.offsets.to_source(start, end)
        line, col = self.position(src_start)
        end_line, end_col = self.position(src_end)
        return (line, col, end_line, end_col)

    def block_at(self, offset: int) -> Block | None:
        """The block containing text offset ``offset``, or None (separators, outside text)."""
        if len(self._block_starts) != len(self.blocks):  # blocks were replaced after init
            self._block_starts = [b.start for b in self.blocks]
        i = bisect_right(self._block_starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < self.blocks[i].end:
            return self.blocks[i]
        return None


FORMATS_BY_EXTENSION = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


class UnknownFormatError(HealthlintError, ValueError):
    """An input format name that no reader handles."""


class ReaderError(HealthlintError):
    """A reader failed on its input (a bug, reported per file instead of aborting the run)."""


_FORMAT_ALIASES = {
    "text": "text",
    "txt": "text",
    "plain": "text",
    "plaintext": "text",
    "markdown": "markdown",
    "md": "markdown",
    "html": "html",
    "htm": "html",
}


def detect_format(path: str, forced: str | None = None) -> str:
    """Return the input format for ``path``: ``forced`` if given, else by extension.

    Unknown extensions (and stdin, "-") are plain text. An unknown ``forced`` value raises
    :class:`UnknownFormatError` (a ValueError and a HealthlintError).
    """
    if forced:
        fmt = _FORMAT_ALIASES.get(forced.strip().lower().lstrip("."))
        if fmt is None:
            raise UnknownFormatError(f"unknown input format: {forced!r}")
        return fmt
    ext = os.path.splitext(path)[1].lower()
    return FORMATS_BY_EXTENSION.get(ext, "text")


def build_document(path: str, source: str, input_format: str) -> Document:
    """Parse ``source`` with the reader registered for ``input_format``.

    Raises :class:`UnknownFormatError` for a format without a reader, and wraps an unexpected
    reader failure in :class:`ReaderError` so that one bad file does not abort a whole run.
    """
    from healthlint.readers import READERS  # readers import this module

    try:
        reader = READERS[input_format]
    except KeyError:
        raise UnknownFormatError(f"no reader for format {input_format!r}", path) from None
    try:
        return reader(path, source)
    except HealthlintError:
        raise
    except Exception as exc:  # reader bug: report it against the file, keep linting the rest
        raise ReaderError(f"cannot read as {input_format}: {exc!r}", path) from exc


# ---------------------------------------------------------------------------------------------
# Reader infrastructure
# ---------------------------------------------------------------------------------------------


class BlockBuffer:
    """One block's text and source segments, filled while a reader walks its parse.

    ``add(text, src_start, src_end)`` appends text that came from ``source[src_start:src_end]``:
    verbatim when the lengths match, a replaced run otherwise. Links and ignored spans are kept
    relative to the block and shifted by :class:`TextAssembler`.
    """

    __slots__ = (
        "kind",
        "level",
        "label",
        "parts",
        "seg_starts",
        "seg_src_starts",
        "seg_src_ends",
        "length",
        "links",
        "ignored",
    )

    def __init__(self, kind: str, level: int = 0, label: str = "") -> None:
        self.kind = kind
        self.level = level
        self.label = label
        self.parts: list[str] = []
        self.seg_starts: list[int] = []
        self.seg_src_starts: list[int] = []
        self.seg_src_ends: list[int] = []
        self.length = 0
        self.links: list[tuple[int, int, str]] = []
        self.ignored: list[tuple[int, int]] = []

    def add(self, text: str, src_start: int, src_end: int) -> None:
        """Append ``text`` mapped to the source run ``[src_start, src_end)``."""
        n = len(text)
        if not n:
            return
        if self.seg_starts:
            prev_len = self.length - self.seg_starts[-1]
            if (
                prev_len == self.seg_src_ends[-1] - self.seg_src_starts[-1]
                and n == src_end - src_start
                and self.seg_src_ends[-1] == src_start
            ):
                self.seg_src_ends[-1] = src_end
                self.parts.append(text)
                self.length += n
                return
        self.seg_starts.append(self.length)
        self.seg_src_starts.append(src_start)
        self.seg_src_ends.append(src_end)
        self.parts.append(text)
        self.length += n

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
        return self.seg_src_starts[0] if self.seg_src_starts else -1

    def mark_ignored(self, start: int, end: int) -> None:
        """Record ``[start, end)`` (block-relative) as not prose, merging with a touching span."""
        if end <= start:
            return
        if self.ignored and self.ignored[-1][1] >= start:
            self.ignored[-1] = (self.ignored[-1][0], max(end, self.ignored[-1][1]))
        else:
            self.ignored.append((start, end))


class TextAssembler:
    """Joins BlockBuffers into Document.text with "\\n\\n" separators and builds the OffsetMap.

    Each block's leading/trailing whitespace is trimmed; separator chars map to the (empty)
    source position at the end of the previous block.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._map = _MapBuilder()
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.ignored: list[tuple[int, int]] = []
        self._prev_src_end = 0

    @property
    def length(self) -> int:
        """Length of the text assembled so far."""
        return self._map.length

    def add_block(self, buf: BlockBuffer) -> Block | None:
        """Append one block; return it, or None if it was empty after trimming."""
        text = buf.text
        lead = len(text) - len(text.lstrip())
        stop = len(text.rstrip())
        if stop <= lead:
            return None
        if self.blocks:
            self._map.add(self.length, len(BLOCK_SEPARATOR), self._prev_src_end, self._prev_src_end)
            self._parts.append(BLOCK_SEPARATOR)
        start = self.length
        base = start - lead
        n = len(buf.seg_starts)
        for i in range(n):
            ts = buf.seg_starts[i]
            te = buf.seg_starts[i + 1] if i + 1 < n else buf.length
            cs, ce = max(ts, lead), min(te, stop)
            if ce <= cs:
                continue
            ss, se = buf.seg_src_starts[i], buf.seg_src_ends[i]
            if te - ts == se - ss:
                ss, se = ss + (cs - ts), ss + (ce - ts)
            self._map.add(base + cs, ce - cs, ss, se)
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
        return "".join(self._parts), self._map.build()

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
