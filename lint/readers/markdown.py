"""Markdown reader (markdown-it-py, CommonMark + tables, front matter and footnotes).

Block tokens carry line ranges (``.map``) but inline tokens do not carry positions, so each inline
token's children are aligned to the source lines of their block with a forward-only cursor: text
runs are verbatim source substrings (except ``text_special`` escapes/entities, whose original is in
``.markup``), and everything between them (emphasis markers, link destinations, container
prefixes such as ``> ``, continuation indentation) is skipped by the cursor.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml
from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from healthlint.document import Document, line_starts
from healthlint.readers.assembly import BlockBuffer, TextAssembler
from healthlint.readers.html import comments_to_directives, extract_html, href_of, line_translator

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# Inline HTML elements whose content is not prose even though Markdown parses it as text.
_INLINE_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "button", "select"})
# How far the fallback aligner looks ahead for a char it cannot place at the cursor.
_RELAXED_LOOKAHEAD = 8
# markdown-it reads "\r\n" and a lone "\r" as "\n": its token line numbers count those breaks.
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")

_DATE_ALIASES = (
    "published",
    "publishdate",
    "pubdate",
    "date_published",
    "datepublished",
    "created",
)
_AUTHOR_ALIASES = ("authors", "byline", "creator")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(footnote_plugin)
    # Keep escapes and entities as ``text_special`` tokens so their source form stays in .markup.
    md.disable("text_join")
    return md


def _scalar(value: object) -> str | None:
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, list | tuple):
        items = [s for s in (_scalar(v) for v in value) if s]
        return ", ".join(items) if items else None
    return str(value).strip()


def front_matter_metadata(content: str) -> dict[str, str]:
    """Metadata from YAML front matter: lower-case keys, str() of scalar values.

    Lists of scalars are joined with ", "; nested mappings are dropped. A YAML error yields no
    metadata rather than an exception.
    """
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    meta: dict[str, str] = {}
    for key, value in data.items():
        text = _scalar(value)
        if text is not None:
            meta[str(key).strip().lower()] = text
    if "date" not in meta:
        for alias in _DATE_ALIASES:
            if alias in meta:
                meta["date"] = meta[alias]
                break
    if "author" not in meta:
        for alias in _AUTHOR_ALIASES:
            if alias in meta:
                meta["author"] = meta[alias]
                break
    return meta


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = line_starts(source, carriage_returns=True)
        self.buffers: list[BlockBuffer] = []
        self.comments: list[tuple[int, str]] = []
        self.metadata: dict[str, str] = {}
        self.html_metadata: dict[str, str] = {}
        self.first_h1: str | None = None
        # Alignment state for the inline token being walked.
        self.cursor = 0
        self.limit = 0
        self.prev_map: tuple[int, int] | None = None
        self.buf = BlockBuffer("paragraph")
        self.emit = True
        self.drop_space = False
        self.links: list[tuple[str, int, bool]] = []
        self.html_link: tuple[str, int] | None = None
        self.html_code_start: int | None = None
        self.html_skip = 0
        self.sup_bracket = False

    def line_offset(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.source)

    # -- block level ----------------------------------------------------------------------

    def run(self, tokens: list[Token]) -> None:
        containers: list[str] = []
        labels: list[str] = []  # ordered-list numbers and footnote labels, innermost last
        heading_level = 0
        in_cell = False
        for tok in tokens:
            t = tok.type
            if t == "inline":
                if tok.map is None:
                    continue  # inline footnote bodies: no source lines of their own
                if heading_level:
                    kind, level = "heading", heading_level
                elif in_cell:
                    kind, level = "table_cell", 0
                else:
                    kind, level = (containers[-1] if containers else "paragraph"), 0
                self.inline(tok, kind, level, labels[-1] if labels else "")
            elif t == "blockquote_open":
                containers.append("blockquote")
            elif t == "list_item_open":
                containers.append("list_item")
                labels.append(tok.info)
            elif t in ("blockquote_close", "list_item_close"):
                if containers:
                    containers.pop()
                if t == "list_item_close" and labels:
                    labels.pop()
            elif t == "footnote_open":
                labels.append("^" + str((tok.meta or {}).get("label", "")))
            elif t == "footnote_close" and labels:
                labels.pop()
            elif t == "heading_open":
                heading_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            elif t == "heading_close":
                heading_level = 0
            elif t in ("th_open", "td_open"):
                in_cell = True
            elif t in ("th_close", "td_close"):
                in_cell = False
            elif t == "front_matter":
                self.metadata.update(front_matter_metadata(tok.content))
            elif t == "html_block" and tok.map is not None:
                self.html_block(tok)
            # code_block, fence, hr: not prose.

    def html_block(self, tok: Token) -> None:
        to_abs = line_translator(tok.content, self.source, tok.map[0], self.starts)
        result = extract_html(tok.content, to_abs)
        self.buffers.extend(result.blocks)
        self.comments.extend(result.comments)
        for key, value in result.metadata.items():
            self.html_metadata.setdefault(key, value)

    def inline(self, tok: Token, kind: str, level: int, label: str = "") -> None:
        block_map = (tok.map[0], tok.map[1])
        # Table cells of one row share the row's map: keep walking that line.
        if block_map != self.prev_map:
            self.cursor = self.line_offset(block_map[0])
        self.prev_map = block_map
        self.limit = self.line_offset(block_map[1])
        self.buf = BlockBuffer(kind, level, label)
        self.emit = True
        self.drop_space = False
        self.links = []
        self.html_link = None
        self.html_code_start = None
        self.html_skip = 0
        self.sup_bracket = False
        self.children(tok.children or [])
        buf = self.buf
        if buf.length:
            self.buffers.append(buf)
            if kind == "heading" and level == 1 and self.first_h1 is None:
                self.first_h1 = " ".join(buf.text.split())

    # -- inline alignment -----------------------------------------------------------------

    def children(self, children: list[Token]) -> None:
        for child in children:
            t = child.type
            if t == "text":
                self.text(child.content)
            elif t == "text_special":
                self.special(child)
            elif t in ("softbreak", "hardbreak"):
                self.newline()
            elif t == "code_inline":
                self.code(child)
            elif t == "link_open":
                self.link_open(child)
            elif t == "link_close":
                self.link_close()
            elif t == "image":
                self.image(child)
            elif t == "html_inline":
                self.html_inline(child)
            elif t == "footnote_ref":
                self.footnote_ref(child)
            # em/strong open/close: their markers are skipped by the next search.

    def find(self, needle: str) -> int:
        if self.source.startswith(needle, self.cursor):
            return self.cursor
        return self.source.find(needle, self.cursor, self.limit)

    def add(self, text: str, src_start: int, src_end: int) -> None:
        if not self.emit or self.html_skip or not text:
            return
        buf = self.buf
        if self.drop_space:
            self.drop_space = False
            # A removed construct (comment, image, footnote marker) left a doubled space.
            if text[0] == " " and (not buf.length or buf.last_char() == " "):
                if len(text) == 1:
                    return
                if len(text) == src_end - src_start:
                    text, src_start = text[1:], src_start + 1
                else:
                    text = text[1:]
        buf.add(text, src_start, src_end)

    def text(self, run: str) -> None:
        if not run:
            return
        if self.links and self.links[-1][2] and not self.source.startswith(run, self.cursor):
            # An autolink's text is its URL with %-escapes decoded: map it to the whole URL.
            end = self.source.find(">", self.cursor, self.limit)
            if end > self.cursor:
                self.add(run, self.cursor, end)
                self.cursor = end
                return
        pos = self.find(run)
        if pos < 0:
            self.relaxed(run)
            return
        self.add(run, pos, pos + len(run))
        self.cursor = pos + len(run)

    def relaxed(self, run: str) -> None:
        """Align ``run`` char by char when it is not a verbatim substring of the source.

        The normalisations markdown-it applies inside a run are few: ``\\|`` becomes ``|`` in
        table cells, and in code spans a line break (plus the next line's container prefix)
        becomes a space. Anything else may skip a few source chars; a char that cannot be
        placed is attached to the previous source char without moving the cursor, so one bad
        guess cannot run away with the rest of the block.
        """
        src, cur, limit = self.source, self.cursor, self.limit
        i, n = 0, len(run)
        while i < n:
            ch = run[i]
            if ch in " \t" and cur < limit and src[cur] in " \t\r\n":
                # Pair the text's whitespace run with the source's (which may include a line
                # break and the next line's container prefix).
                j = i
                while j < n and run[j] in " \t":
                    j += 1
                k, after_newline = cur, False
                while k < limit and (src[k] in " \t\r\n" or (after_newline and src[k] == ">")):
                    after_newline = after_newline or src[k] in "\r\n"
                    k += 1
                self.add(run[i:j], cur, k)
                i, cur = j, k
                continue
            if cur < limit and src[cur] == ch:
                self.add(ch, cur, cur + 1)
                cur += 1
            elif ch == "|" and src.startswith("\\|", cur):
                self.add(ch, cur, cur + 2)
                cur += 2
            else:
                stop = min(limit, cur + _RELAXED_LOOKAHEAD)
                k = src.find(ch, cur, stop)
                if k < 0 and ch == "\ufffd":  # markdown-it's stand-in for NUL, as in CommonMark
                    k = src.find("\x00", cur, stop)
                if k >= 0:
                    self.add(ch, k, k + 1)
                    cur = k + 1
                else:
                    anchor = max(min(cur, len(src)) - 1, 0)
                    self.add(ch, anchor, anchor + 1)
            i += 1
        self.cursor = cur

    def special(self, tok: Token) -> None:
        original = tok.markup or tok.content
        pos = self.find(original)
        if pos < 0:
            self.relaxed(tok.content)
            return
        self.add(tok.content, pos, pos + len(original))
        self.cursor = pos + len(original)

    def newline(self) -> None:
        brk = _LINE_BREAK_RE.search(self.source, self.cursor, self.limit)
        if brk is None:
            return
        if self.buf.length and self.buf.last_char() != " ":
            self.add(" ", brk.start(), brk.end())
        self.cursor = brk.end()

    def code(self, tok: Token) -> None:
        marker = tok.markup or "`"
        pos = self.find(marker)
        if pos >= 0:
            self.cursor = pos + len(marker)
        start = self.buf.length
        content = tok.content
        src = self.source
        if src.startswith(content, self.cursor):
            self.add(content, self.cursor, self.cursor + len(content))
            self.cursor += len(content)
        elif src.startswith(content, self.cursor + 1):  # one padding space was stripped
            self.add(content, self.cursor + 1, self.cursor + 1 + len(content))
            self.cursor += 1 + len(content)
        else:
            self.relaxed(content)
        if self.emit and not self.html_skip:
            self.buf.mark_ignored(start, self.buf.length)
        pos = self.find(marker)
        if pos >= 0:
            self.cursor = pos + len(marker)

    def link_open(self, tok: Token) -> None:
        autolink = tok.markup == "autolink"
        pos = self.find("<" if autolink else "[")
        if pos >= 0:
            self.cursor = pos + 1
        href = str(tok.attrs.get("href", ""))
        self.links.append((href, self.buf.length, autolink))

    def link_close(self) -> None:
        if not self.links:
            return
        href, start, autolink = self.links.pop()
        if autolink:
            pos = self.find(">")
            if pos >= 0:
                self.cursor = pos + 1
        else:
            self.skip_link_tail()
        if self.emit and self.buf.length > start:
            self.buf.links.append((start, self.buf.length, href))

    def skip_link_tail(self) -> None:
        """Move the cursor past ``](destination "title")``, ``][label]`` or ``]``."""
        src, limit = self.source, self.limit
        pos = src.find("]", self.cursor, limit)
        if pos < 0:
            return
        pos += 1
        if pos < limit and src[pos] == "(":
            p = self._skip_ws(pos + 1)
            dest = parseLinkDestination(src, p, limit)
            if dest.ok:
                p = self._skip_ws(dest.pos)
            title = parseLinkTitle(src, p, limit)
            if title.ok:
                p = self._skip_ws(title.pos)
            if p < limit and src[p] == ")":
                pos = p + 1
            else:
                close = src.find(")", pos, limit)
                pos = close + 1 if close >= 0 else pos
        elif pos < limit and src[pos] == "[":
            close = src.find("]", pos, limit)
            if close >= 0:
                pos = close + 1
        self.cursor = pos

    def _skip_ws(self, pos: int) -> int:
        src, limit = self.source, self.limit
        while pos < limit and src[pos] in " \t\r\n":
            pos += 1
        return pos

    def image(self, tok: Token) -> None:
        pos = self.find("![")
        if pos >= 0:
            self.cursor = pos + 2
        # Alt text is not part of the reading flow; walk it only to move the cursor.
        saved, self.emit = self.emit, False
        self.children(tok.children or [])
        self.emit = saved
        self.skip_link_tail()
        self.drop_space = True

    def html_inline(self, tok: Token) -> None:
        content = tok.content
        pos = self.find(content)
        if pos < 0:
            return
        self.cursor = pos + len(content)
        if content.startswith("<!--"):
            inner = content[4:-3] if content.endswith("-->") else content[4:]
            self.comments.append((pos, inner))
            self.drop_space = True
            return
        m = _TAG_RE.match(content)
        if m is None:
            return
        closing, name = m.group(1) == "/", m.group(2).lower()
        buf = self.buf
        if name in _INLINE_SKIP:
            self.html_skip = max(self.html_skip + (-1 if closing else 1), 0)
        elif name == "a":
            if closing and self.html_link is not None:
                href, start = self.html_link
                self.html_link = None
                if self.emit and buf.length > start:
                    buf.links.append((start, buf.length, href))
            elif not closing:
                href = href_of(content)
                self.html_link = (href, buf.length) if href is not None else None
        elif name == "code":
            if closing and self.html_code_start is not None:
                if self.emit:
                    buf.mark_ignored(self.html_code_start, buf.length)
                self.html_code_start = None
            elif not closing:
                self.html_code_start = buf.length
        elif name == "sup":
            self.superscript(closing, pos, pos + len(content))
        elif name == "br":
            if buf.length and buf.last_char() != " ":
                self.add(" ", pos, pos + len(content))
            self.drop_space = True

    def superscript(self, closing: bool, start: int, end: int) -> None:
        """Bracket a superscript reference: "risk<sup>2</sup>" reads as "risk[2]".

        A superscript right after a digit is an exponent (10<sup>6</sup>) and is left alone.
        """
        buf = self.buf
        if not closing:
            self.sup_bracket = bool(buf.length) and not buf.last_char().isdigit()
            if self.sup_bracket:
                self.add("[", start, end)
        elif self.sup_bracket:
            self.sup_bracket = False
            self.add("]", start, end)

    def footnote_ref(self, tok: Token) -> None:
        label = (tok.meta or {}).get("label")
        src = self.source
        if label is not None:
            marker = f"[^{label}]"
            pos = self.find(marker)
            if pos >= 0:
                # The marker stays in the text (as not-prose) so citation checks can see it.
                start = self.buf.length
                self.add(marker, pos, pos + len(marker))
                if self.emit and not self.html_skip:
                    self.buf.mark_ignored(start, self.buf.length)
                self.cursor = pos + len(marker)
                return
        # Inline footnote ``^[...]`` (or an unexpected label form): skip to the matching "]".
        pos = self.find("^[" if label is None else "[^")
        if pos < 0:
            return
        bracket = pos + 1 if src[pos] == "^" else pos
        try:
            # The parser's own label scanner skips code spans and other tokens containing "]".
            state = StateInline(src[bracket : self.limit], _parser(), {}, [])
            end = parseLinkLabel(state, 0)
        except Exception:  # fall back to plain bracket matching
            end = -1
        if end >= 0:
            self.cursor = bracket + end + 1
            self.drop_space = True
            return
        depth, k = 0, pos + 1
        while k < self.limit:
            ch = src[k]
            if ch == "\\":
                k += 2
                continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    k += 1
                    break
            k += 1
        self.cursor = k
        self.drop_space = True


def read(path: str, source: str) -> Document:
    """Read a Markdown document.

    Headings, paragraphs, list items' paragraphs, block quotes' paragraphs, table cells and
    footnote definitions become blocks in source order. Code blocks, front matter, comments and
    raw tags are not prose; inline code is kept but listed in ``ignored_spans``. Raw HTML blocks
    go through the HTML reader's extraction.
    """
    reader = _Reader(source)
    reader.run(_parser().parse(source, {}))
    assembler = TextAssembler()
    # Footnote definitions come last in the token stream; put every block back in source order.
    for buf in sorted(reader.buffers, key=lambda b: b.src_start):
        assembler.add_block(buf)
    metadata = reader.metadata
    for key, value in reader.html_metadata.items():
        metadata.setdefault(key, value)
    if not metadata.get("title") and reader.first_h1:
        metadata["title"] = reader.first_h1
    # Directive lines are the Document's lines, which only "\n" ends.
    directives = comments_to_directives(reader.comments, line_starts(source))
    return assembler.document(path, "markdown", source, metadata, directives)
