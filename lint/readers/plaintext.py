"""Plain-text reader: the text is the source, blocks come from blank lines and bullets."""

from __future__ import annotations

import re

from healthlint.document import Block, Document, OffsetMap

# A bullet needs trailing whitespace so that "-5 degrees" or "1.5 mg" stay ordinary text.
_BULLET_RE = re.compile(
    r"[ \t]*(?:[-*\u2013]|\d{1,3}[.)]|\[\d{1,3}\])[ \t]+(?=\S)"
    r"|[ \t]*[\u2022\u25e6\u25aa\u2023][ \t]*(?=\S)"
)
_HEADING_MAX_WORDS = 12
_NOT_HEADING_ENDINGS = (".", "!", ":", ";", ",")


def _trimmed(source: str, start: int, end: int) -> tuple[int, int]:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return start, end


def _is_heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= _HEADING_MAX_WORDS and not line.endswith(_NOT_HEADING_ENDINGS)


def _blocks(source: str) -> list[Block]:
    blocks: list[Block] = []
    # Current block: [start, end, kind]; a list item absorbs indented continuation lines.
    current: list | None = None

    def close() -> None:
        nonlocal current
        if current is None:
            return
        start, end = _trimmed(source, current[0], current[1])
        kind, current_label = current[2], current[3]
        current = None
        if end <= start:
            return
        level = 0
        if kind == "paragraph" and "\n" not in source[start:end] and _is_heading(source[start:end]):
            kind = "heading"
            level = 1 if not blocks else 2
        blocks.append(Block(start, end, kind, level, current_label))

    pos = 0
    n = len(source)
    while pos <= n:
        nl = source.find("\n", pos)
        line_end = n if nl == -1 else nl
        line = source[pos:line_end]
        if not line.strip():
            close()
        else:
            bullet = _BULLET_RE.match(line)
            if bullet:
                close()
                number = bullet.group(0).strip().strip("[]").rstrip(".)")
                current = [
                    pos + bullet.end(),
                    line_end,
                    "list_item",
                    number if number.isdigit() else "",
                ]
            elif current is not None and (current[2] != "list_item" or line[:1] in " \t"):
                current[1] = line_end
            else:
                close()
                current = [pos, line_end, "paragraph", ""]
        if nl == -1:
            break
        pos = nl + 1
    close()
    return blocks


def read(path: str, source: str) -> Document:
    """Read plain text: ``text == source`` with an identity OffsetMap.

    Blocks are separated by blank lines; each bulleted line (``•``, ``-``, ``*``, ``–``, ``1.``,
    ``1)``) starts its own ``list_item`` block, without the bullet, and absorbs indented
    continuation lines. A single-line block of at most 12 words not ending in ``.!:;,`` is a
    ``heading`` (level 1 if it is the first block, else 2); the first block, if a heading, is the
    title.
    """
    blocks = _blocks(source)
    # A line break inside a paragraph is a space to the reader (and to phrase matching: the
    # "clinically\nproven" of a wrapped line is "clinically proven"). Replacing one character
    # by one keeps text and source the same length, so the identity map stays exact.
    chars = list(source)
    for block in blocks:
        for i in range(block.start, block.end):
            if chars[i] == "\n":
                chars[i] = " "
    text = "".join(chars)
    metadata: dict[str, str] = {}
    if blocks and blocks[0].kind == "heading":
        metadata["title"] = source[blocks[0].start : blocks[0].end]
    return Document(
        path=path,
        format="text",
        source=source,
        text=text,
        offsets=OffsetMap.identity(len(source)),
        blocks=blocks,
        links=[],
        metadata=metadata,
        directives=[],
        ignored_spans=[],
    )
