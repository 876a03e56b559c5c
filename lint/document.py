"""The document model: prose text extracted from a source file, plus a map back to the source.

Every reader (plain text, Markdown, HTML; see :mod:`healthlint.readers`) produces a
:class:`Document`. Checks only ever see ``Document.text``; findings are mapped back to the
original file through ``Document.offsets``, which the reader builds once while it extracts the
text, and suppression comments are answered by ``Document.suppressions``.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from healthlint.suppressions import Directive, Suppressions

__all__ = ["BLOCK_KINDS", "Block", "Document", "Link", "OffsetMap", "line_starts"]

BLOCK_KINDS = frozenset({"paragraph", "heading", "list_item", "table_cell", "blockquote", "title"})


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


class OffsetMap:
    """Maps Document.text offsets to source offsets.

    The map is a sorted list of segments, each covering a contiguous run of text. A segment whose
    text length equals its source length maps linearly (verbatim text); any other segment is a
    replaced run (an entity, an escape, a collapsed whitespace run) and every character in it maps
    to the whole source run. Segments are stored in parallel ``array``\\ s so that a 100k-word
    document costs a few bytes per segment, and looked up with bisect. Readers collect the
    segments with :class:`healthlint.readers.assembly.Segments`.
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


# "\r\n" or a lone "\r" ends a line for markdown-it, as "\n" does.
_CARRIAGE_RETURN_BREAK = re.compile(r"\r\n?|\n")


def line_starts(source: str, *, carriage_returns: bool = False) -> list[int]:
    """Offsets at which each line of ``source`` starts.

    Lines end at "\\n": these are the lines findings are reported on (inputs are read with
    universal newlines). With ``carriage_returns``, "\\r\\n" and a lone "\\r" end a line too,
    as markdown-it counts lines.
    """
    if carriage_returns and "\r" in source:
        return [0] + [m.end() for m in _CARRIAGE_RETURN_BREAK.finditer(source)]
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
