"""HTML reader, built on the stdlib ``html.parser`` because it reports source positions.

The parser runs with ``convert_charrefs=False`` so that every entity arrives on its own and can be
mapped to its source run. :func:`extract_html` is also used by the Markdown reader for raw HTML
blocks, with a position translator for blocks nested in containers.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from html.parser import HTMLParser

from healthlint.document import Document, line_starts
from healthlint.readers.assembly import BlockBuffer, TextAssembler
from healthlint.suppressions import Directive, parse_directive

# Content of these elements is never prose. ``code`` is handled separately: inline code is kept.
SKIP_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
        "textarea",
        "button",
        "form",
        "nav",
        "pre",
    }
)
# Start or end of any of these ends the current block.
BLOCK_ELEMENTS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "td",
        "th",
        "dt",
        "dd",
        "dl",
        "blockquote",
        "figure",
        "figcaption",
        "caption",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "address",
        "details",
        "summary",
        "fieldset",
        "legend",
        "hgroup",
        "center",
        "menu",
        "br",
        "hr",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "table",
        "ul",
        "ol",
        "body",
        "head",
        "html",
        "title",
    }
)
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_KIND_OF = {"li": "list_item", "td": "table_cell", "th": "table_cell", "blockquote": "blockquote"}
# Inside these, a <code> element is inline code (kept, marked ignored) rather than a code block.
_PROSE_CONTAINERS = frozenset(
    {"p", "li", "td", "th", "dt", "dd", "blockquote", "figcaption", "caption", "a", "span"}
    | set(_HEADINGS)
)
# Tags that implicitly close an open <p> when they start (HTML parsing rules, simplified).
_CLOSES_P = BLOCK_ELEMENTS - {"br", "title"}
# Skipped elements that are blocks themselves (the rest may sit inside a sentence).
_SKIPPED_BLOCKS = frozenset({"pre", "nav", "form", "template", "textarea", "select"})
_CONTAINER_BOUNDARY = frozenset({"div", "section", "article", "blockquote", "td", "th", "li"})

DATE_KEYS = (
    "article:published_time",
    "date",
    "dc.date",
    "citation_publication_date",
    "last-modified",
)
AUTHOR_KEYS = ("author", "article:author", "dc.creator", "citation_author")

_WS_RE = re.compile(r"\s+")
_HREF_RE = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>'"]+))""", re.IGNORECASE)


def href_of(tag: str) -> str | None:
    """The unescaped ``href`` attribute of a raw start tag, or None."""
    m = _HREF_RE.search(tag)
    if m is None:
        return None
    value = next(g for g in m.groups() if g is not None)
    return html.unescape(value)


class HtmlExtraction:
    """What :func:`extract_html` found: blocks (absolute offsets), comments, metadata."""

    def __init__(self) -> None:
        self.blocks: list[BlockBuffer] = []
        self.comments: list[tuple[int, str]] = []  # (absolute source offset, comment text)
        self.metadata: dict[str, str] = {}
        self.first_h1: str | None = None


class _Extractor(HTMLParser):
    def __init__(self, src: str, to_abs: Callable[[int], int]) -> None:
        super().__init__(convert_charrefs=False)
        self.src = src
        self.to_abs = to_abs
        self.local_starts = line_starts(src)
        self.out = HtmlExtraction()
        self.stack: list[str] = []
        self.skip: list[str] = []
        self.cur: BlockBuffer | None = None
        self.pending_space: tuple[int, int] | None = None
        self.link: list | None = None  # [href, buffer, start, end]
        self.title: list[str] | None = None
        self.h1_parts: list[str] | None = None
        # Ordered-list counters (innermost last) and the number of the current <li>, so a
        # reference list's entries keep their numbers as Block.label.
        self.ol_counters: list[int | None] = []
        self.li_label = ""
        self.sup_brackets: list[bool] = []

    # -- positions ------------------------------------------------------------------------

    def _local(self) -> int:
        line, col = self.getpos()
        idx = min(line - 1, len(self.local_starts) - 1)
        return self.local_starts[idx] + col

    # -- blocks ---------------------------------------------------------------------------

    def _kind(self) -> tuple[str, int]:
        for tag in reversed(self.stack):
            if tag in _HEADINGS:
                return "heading", _HEADINGS[tag]
            kind = _KIND_OF.get(tag)
            if kind is not None:
                return kind, 0
        return "paragraph", 0

    def _flush(self) -> None:
        self.pending_space = None
        buf = self.cur
        if buf is None:
            return
        self.cur = None
        if self.link is not None and self.link[1] is buf:
            self._close_link()
        if buf.length:
            self.out.blocks.append(buf)

    def _emit(self, text: str, local_start: int, local_end: int) -> None:
        """Add non-whitespace text (verbatim or a replaced run) to the current block."""
        buf = self.cur
        if buf is None:
            kind, level = self._kind()
            buf = self.cur = BlockBuffer(kind, level, self.li_label if kind == "list_item" else "")
            self.pending_space = None
        before = buf.length
        if self.pending_space is not None:
            if buf.length and buf.last_char() != " ":
                ps, pe = self.pending_space
                buf.add(" ", self.to_abs(ps), self.to_abs(pe))
            self.pending_space = None
        text_start = buf.length
        buf.add(text, self.to_abs(local_start), self.to_abs(local_end))
        if "code" in self.stack:
            # A collapsed space between two words of the same code element is code too.
            touching = bool(buf.ignored) and buf.ignored[-1][1] == before
            buf.mark_ignored(before if touching else text_start, buf.length)
        if self.link is not None:
            if self.link[1] is None:
                self.link[1], self.link[2] = buf, text_start
            if self.link[1] is buf:
                self.link[3] = buf.length
        if self.h1_parts is not None:
            self.h1_parts.append(text)

    def _space(self, local_start: int, local_end: int) -> None:
        if self.cur is not None and self.pending_space is None:
            self.pending_space = (local_start, local_end)
        if self.h1_parts is not None:
            self.h1_parts.append(" ")

    def _text(self, data: str, local_start: int) -> None:
        pos = 0
        for m in _WS_RE.finditer(data):
            if m.start() > pos:
                self._emit(data[pos : m.start()], local_start + pos, local_start + m.start())
            self._space(local_start + m.start(), local_start + m.end())
            pos = m.end()
        if pos < len(data):
            self._emit(data[pos:], local_start + pos, local_start + len(data))

    def _end_title(self) -> None:
        title = _WS_RE.sub(" ", "".join(self.title or ())).strip()
        if title:
            self.out.metadata.setdefault("title", title)
        self.title = None

    def _close_link(self) -> None:
        href, buf, start, end = self.link  # type: ignore[misc]
        self.link = None
        if buf is not None and end > start:
            buf.links.append((start, end, href))

    # -- stack ----------------------------------------------------------------------------

    def _pop_to(self, tag: str, boundary: frozenset[str] = frozenset()) -> bool:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i] == tag:
                del self.stack[i:]
                return True
            if self.stack[i] in boundary:
                return False
        return False

    def _implicit_close(self, tag: str) -> None:
        if tag in _CLOSES_P and "p" in self.stack:
            self._pop_to("p", _CONTAINER_BOUNDARY)
        if tag == "li":
            self._pop_to("li", frozenset({"ul", "ol", "menu"}))
        elif tag in ("dt", "dd"):
            if not self._pop_to("dt", frozenset({"dl"})):
                self._pop_to("dd", frozenset({"dl"}))
        elif tag in ("td", "th"):
            if not self._pop_to("td", frozenset({"tr", "table"})):
                self._pop_to("th", frozenset({"tr", "table"}))
        elif tag == "tr":
            self._pop_to("tr", frozenset({"table"}))
        elif tag in _HEADINGS:
            for h in _HEADINGS:
                if h in self.stack:
                    self._pop_to(h, _CONTAINER_BOUNDARY)

    # -- parser callbacks -----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[-1] or (tag in SKIP_ELEMENTS and tag not in VOID_ELEMENTS):
                self.skip.append(tag)
            return
        if tag == "meta":
            self._meta(attrs)
            return
        if tag == "html":
            lang = dict(attrs).get("lang")
            if lang:
                self.out.metadata.setdefault("lang", lang.strip())
        if tag in SKIP_ELEMENTS:
            if tag in _SKIPPED_BLOCKS:
                self._flush()
            self.skip.append(tag)
            return
        if tag == "code":
            if self.cur is not None or any(t in _PROSE_CONTAINERS for t in self.stack):
                self.stack.append(tag)
            else:
                self.skip.append(tag)
            return
        if tag == "title":
            self._flush()
            self.title = []
            self.stack.append(tag)
            return
        if self.title is not None and (tag in BLOCK_ELEMENTS or tag == "body"):
            self._end_title()  # an unclosed <title> must not swallow the page
        if tag in BLOCK_ELEMENTS:
            self._flush()
            self._implicit_close(tag)
        if tag == "a":
            if self.link is not None:
                self._close_link()
            href = dict(attrs).get("href")
            if href is not None:
                self.link = [href.strip(), None, 0, 0]
        if tag == "h1" and self.out.first_h1 is None:
            self.h1_parts = []
        if tag in ("ol", "ul", "menu"):
            start = dict(attrs).get("start") or "1"
            self.ol_counters.append(int(start) - 1 if tag == "ol" and start.isdigit() else None)
        elif tag == "li":
            counter = self.ol_counters[-1] if self.ol_counters else None
            if counter is not None:
                self.ol_counters[-1] = counter + 1
            self.li_label = "" if counter is None else str(counter + 1)
        elif tag == "sup":
            self._superscript_open()
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def _superscript_open(self) -> None:
        """Bracket a superscript reference: "risk<sup>2</sup>" reads as "risk[2]".

        A superscript right after a digit is an exponent (10<sup>6</sup>) and is left alone.
        """
        buf = self.cur
        bracket = buf is not None and buf.length > 0 and not buf.last_char().isdigit()
        self.sup_brackets.append(bracket)
        if bracket:
            start = self._local()
            self.pending_space = None
            buf.add(
                "[", self.to_abs(start), self.to_abs(start + len(self.get_starttag_text() or ""))
            )

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag in ("title", "head") and self.title is not None:
            self._end_title()
        if tag in BLOCK_ELEMENTS:
            self._flush()
        if tag == "a" and self.link is not None:
            self._close_link()
        if tag in ("ol", "ul", "menu") and self.ol_counters:
            self.ol_counters.pop()
        if tag == "sup" and self.sup_brackets and self.sup_brackets.pop() and self.cur is not None:
            start = self._local()
            end = self.src.find(">", start)
            end = end + 1 if end >= 0 else start
            if self.pending_space is None:
                self.cur.add("]", self.to_abs(start), self.to_abs(end))
            else:
                # "risk<sup>2 </sup>": the space inside reads after the bracket; one run for
                # both keeps the offset map in source order.
                self.cur.add("] ", self.to_abs(self.pending_space[0]), self.to_abs(end))
                self.pending_space = None
        if tag == "h1" and self.h1_parts is not None:
            h1 = _WS_RE.sub(" ", "".join(self.h1_parts)).strip()
            self.h1_parts = None
            if h1:
                self.out.first_h1 = h1
        if tag in self.stack:
            self._pop_to(tag)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.title is not None:
            self.title.append(data)
            return
        self._text(data, self._local())

    def _reference(self, raw: str) -> None:
        if self.skip:
            return
        start = self._local()
        end = start + len(raw)
        if self.src.startswith(raw + ";", start):
            raw += ";"
            end += 1
        value = html.unescape(raw)
        if not value:
            return  # references to invalid code points expand to nothing
        if self.title is not None:
            self.title.append(value)
            return
        # A legacy entity without ";" matches as a prefix ("&copyright" -> "\u00a9right"):
        # the unconsumed tail is verbatim text and maps char by char.
        tail = 0
        while tail < min(len(value), len(raw)) - 1 and value[-1 - tail] == raw[-1 - tail]:
            tail += 1
        if tail:
            head = value[:-tail]
            self._reference_text(head, start, end - tail)
            self._text(value[-tail:], end - tail)
        else:
            self._reference_text(value, start, end)

    def _reference_text(self, value: str, start: int, end: int) -> None:
        if not value.strip():
            self._space(start, end)  # &nbsp; and friends collapse like whitespace
        else:
            self._emit(value, start, end)

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def handle_comment(self, data: str) -> None:
        self.out.comments.append((self.to_abs(self._local()), data))

    def close(self) -> None:
        # A comment left open runs to the end of the file, as in a browser, which shows none of
        # it; html.parser would hand it over as text, markup and all.
        if self.rawdata.startswith("<!--"):
            self.handle_comment(self.rawdata[4:])
            self.rawdata = ""
        super().close()

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v for k, v in attrs if v is not None}
        name = values.get("name") or values.get("property") or values.get("http-equiv")
        name = name or values.get("itemprop")
        content = values.get("content")
        if name and content is not None:
            self.out.metadata.setdefault(name.strip().lower(), content.strip())

    def finish(self) -> HtmlExtraction:
        self._flush()
        meta = self.out.metadata
        for key in DATE_KEYS:
            if meta.get(key):
                meta["date"] = meta[key]
                break
        if not meta.get("author"):
            for key in AUTHOR_KEYS[1:]:
                if meta.get(key):
                    meta["author"] = meta[key]
                    break
        return self.out


def extract_html(src: str, to_abs: Callable[[int], int] | None = None) -> HtmlExtraction:
    """Extract prose blocks, comments and metadata from an HTML string.

    ``to_abs`` translates an offset in ``src`` to an offset in the document's source (identity by
    default). Never raises on malformed HTML: whatever was extracted before an error is kept.
    """
    parser = _Extractor(src, to_abs or (lambda o: o))
    try:
        parser.feed(src)
        parser.close()
    except Exception:  # html.parser edge cases must not abort a lint run
        pass
    return parser.finish()


def line_translator(
    content: str, source: str, first_line: int, starts: list[int]
) -> Callable[[int], int]:
    """Offset translator for text whose lines are suffixes of source lines from ``first_line``.

    Markdown hands raw HTML blocks over with container prefixes (``> ``, list indentation)
    stripped, and tabs in that indentation possibly expanded to spaces; past its leading
    whitespace, each content line is still the tail of its source line.
    """
    local = line_starts(content)
    shifts: list[int] = []
    floors: list[int] = []
    for i, ls in enumerate(local):
        le = local[i + 1] - 1 if i + 1 < len(local) else len(content)
        line_no = first_line + i
        if line_no >= len(starts):
            shifts.append(len(source) - ls)
            floors.append(len(source))
            continue
        src_ls = starts[line_no]
        src_le = starts[line_no + 1] if line_no + 1 < len(starts) else len(source)
        if src_le > src_ls and source[src_le - 1] == "\n":
            src_le -= 1
        if src_le > src_ls and source[src_le - 1] == "\r":
            src_le -= 1  # ("\r\n" or a lone "\r", which Markdown reads as a line break)
        line = content[ls:le]
        indent = len(line) - len(line.lstrip(" \t"))
        core = le - ls - indent
        if src_le - src_ls >= core:
            shifts.append(src_le - core - (ls + indent))
        else:
            shifts.append(src_ls - ls)
        floors.append(src_ls)

    def to_abs(offset: int) -> int:
        i = max(bisect_right(local, offset) - 1, 0)
        return max(floors[i], min(offset + shifts[i], len(source)))

    return to_abs


def comments_to_directives(comments: list[tuple[int, str]], starts: list[int]) -> list[Directive]:
    """Turn (source offset, comment text) pairs into Directives with 1-based lines."""
    directives = []
    for offset, text in comments:
        line = bisect_right(starts, offset)
        d = parse_directive(text, line)
        if d is not None:
            directives.append(d)
    return directives


def read(path: str, source: str) -> Document:
    """Read an HTML document.

    Prose comes from text outside non-prose elements (script, style, nav, pre, forms, ...);
    block elements end blocks; whitespace runs collapse to one space; entities map to their
    source runs. ``<title>`` and ``<meta>`` go to metadata only.
    """
    result = extract_html(source)
    assembler = TextAssembler()
    for buf in result.blocks:
        assembler.add_block(buf)
    metadata = result.metadata
    if not metadata.get("title") and result.first_h1:
        metadata["title"] = result.first_h1
    directives = comments_to_directives(result.comments, line_starts(source))
    return assembler.document(path, "html", source, metadata, directives)
