"""Property-based tests (issue 7): random Unicode, Markdown and HTML never break the linter.

For every generated input, in each format:

* linting never raises; a failure may only come back as a ``FileResult.error`` string;
* every finding's ``line``/``column``/``end_line``/``end_column`` lies inside the file and the
  end is not before the start;
* the source text at a finding's span is its ``text``: strictly for plain text (where a line
  break inside a paragraph reads as a space), and in Markdown/HTML whenever the span is a
  verbatim run of the source, or a run of plain text and entities (compared after decoding the
  entities and collapsing whitespace);
* linting is deterministic, and linting files together gives what linting them one by one
  gives.

And directly on the readers: every char of ``Document.text`` outside a block separator maps
back to a source run that is the same char, whitespace for a space, an entity or escape that
decodes to it, or ``<sup>``/``</sup>`` for a bracket, with source positions non-decreasing.

Inputs mix random Unicode with the words health rules fire on ("clinically proven", "cures",
"Studies show", "50% of adults", ...), so the position checks run on real findings. The spaCy
model is the session one (see conftest.py); hypothesis tests are defined inside test functions
that take the session fixtures, so nothing is loaded per example.
"""

from __future__ import annotations

import html
import os
import re
from html.entities import html5
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from healthlint.document import Document, line_starts
from healthlint.inputs import Source
from healthlint.readers import READERS, build_document
from healthlint.readers.assembly import BLOCK_SEPARATOR

# No example database: a test run must not write into the repository. Failures print the
# shrunk input, and the fixed examples below keep the regressions that were found. For a
# deeper hunt, scale the example counts: HEALTHLINT_PROPERTY_SCALE=20 pytest <this file>
SCALE = float(os.environ.get("HEALTHLINT_PROPERTY_SCALE", "1"))


def examples(n: int) -> settings:
    return settings(
        max_examples=max(1, int(n * SCALE)),
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


PATHS = {"text": "t.txt", "markdown": "t.md", "html": "t.html"}

# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------

CLAIMS = (
    "clinically proven",
    "cures",
    "cure-all",
    "miracle",
    "miracle cure",
    "stop taking your pills",
    "Stop taking your medication",
    "Studies show",
    "Research shows",
    "50% of adults",
    "1 in 3 people",
    "NDMA",
    "guaranteed",
    "100% effective",
    "no side effects",
    "perfectly safe",
    "instant relief",
    "works for everyone",
    "Big Pharma",
    "doctors don't want you to know",
    "Experts say",
    "a 3-fold higher risk",
    "twice as likely",
    "the the",
    "more then",
    "recieve",
    "breakthrough",
    "you don't need a doctor",
    "take 10 tablets a day",
    "causes cancer",
    "[1]",
    "(Smith, 2020)",
    "according to the CDC",
)
WORDS = (
    "the",
    "tea",
    "doctor",
    "sleep",
    "heart",
    "risk",
    "adults",
    "pills",
    "water",
    "Café",
    "naïve",
    "e.g.",
    "Dr.",
    "vitamin",
    "D",
    "COVID-19",
    "mg",
    "1.5",
    "(see",
    "below)",
    "—",
    "“quoted”",
    "don't",
    "HbA1c",
    "IBS",
    "patients",
    "was",
    "reduced",
    "by",
    "significantly",
)
SENTENCES = (
    "This herbal tea cures diabetes.",
    "The serum is clinically proven to regrow hair.",
    "Turmeric is a miracle spice for sore joints.",
    "Stop taking your pills if you feel better.",
    "Studies show that 50% of adults sleep badly.",
    "NDMA was found in some batches of the tablets.",
    "Results are guaranteed within a month.",
    "The cleanse has no side effects.",
    "Here is what Big Pharma hides from you.",
    "Experts say this diet works for everyone.",
    "Coffee causes cancer in 1 in 3 people.",
    "Smokers are twice as likely to get the disease.",
)
# Characters that mean something to one reader or another, and odd Unicode.
TRICKY = (
    "&",
    "*",
    "_",
    "`",
    "\\",
    "<",
    ">",
    "[",
    "]",
    "(",
    ")",
    "!",
    "#",
    "|",
    "~",
    "\t",
    "\xa0",
    "\u2028",
    "\r",
    "\x00",
    "\ufeff",
    "\u200b",
    "é",
    "e\u0301",
    "😀",
    "ﬁ",
    "İ",
    "ß",
    "\x85",
)
ENTITIES = (
    "&amp;",
    "&eacute;",
    "&#233;",
    "&#xE9;",
    "&#x1F600;",
    "&nbsp;",
    "&ampx",
    "&copy",
    "&#0;",
    "&#xD800;",
    "&#1114112;",
    "&bogus;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&rsquo;",
    "&#10;",
    "&NotANamedEntityAtAll;",
    "&#",
    "&#x;",
    "&;",
)


def _mangle(claim: str, gaps: list[str], entity: bool) -> str:
    """A claim as markup may spell it: line breaks and entities between or inside its words."""
    parts = claim.split(" ")
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        out += gaps[i % len(gaps)] + part
    if entity:  # spell one letter as a character reference
        for k, ch in enumerate(out):
            if ch.isalpha() and ch.isascii():
                return out[:k] + f"&#{ord(ch)};" + out[k + 1 :]
    return out


# What a page may put between two words of one sentence.
GAPS = (" ", "\n", "  ", "\n   ", "\t", "&nbsp;", " \n", "\r\n", "&#32;")
mangled_claim = st.builds(
    _mangle,
    st.sampled_from(CLAIMS + SENTENCES),
    st.lists(st.sampled_from(GAPS), min_size=1, max_size=3),
    st.booleans(),
)
word = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(CLAIMS),
    st.sampled_from(TRICKY),
    st.text(max_size=6),
    mangled_claim,
)
prose = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(word, min_size=1, max_size=10),
    st.sampled_from(("", ".", ".", "!", "?", ":", "...")),
)
sentence = st.one_of(st.sampled_from(SENTENCES), prose)
sentences = st.lists(sentence, min_size=1, max_size=4).map(" ".join)

# -- plain text --------------------------------------------------------------------------------

text_block = st.one_of(
    sentences,
    st.text(max_size=40),
    st.builds(
        lambda bullet, s: bullet + s, st.sampled_from(("- ", "* ", "• ", "1. ", "2) ")), sentences
    ),
    st.lists(sentences, min_size=2, max_size=3).map("\n".join),  # a wrapped paragraph
    st.lists(word, min_size=1, max_size=5).map(" ".join),  # a heading-like line
)
plain_texts = st.builds(
    lambda blocks, seps, tail: (
        "".join(b + seps[i % len(seps)] for i, b in enumerate(blocks)) + tail
    ),
    st.lists(text_block, min_size=1, max_size=6),
    st.lists(st.sampled_from(("\n\n", "\n", "\n\n\n", "\n \n", " ")), min_size=1, max_size=3),
    st.sampled_from(("", "\n", "\n\n")),
)

# -- Markdown ----------------------------------------------------------------------------------

MD_ATOMS = (
    "`code`",
    "`` a ` b ``",
    "` cures `",
    "<https://example.org/a%20b?x=1&y=2>",
    "<mailto:someone@example.org>",
    "![a miracle](img.png)",
    '![alt *x*](i.png "t")',
    "<!-- note -->",
    "<!-- healthlint-disable-next-line -->",
    "<!-- healthlint-disable -->",
    "<!-- healthlint-enable -->",
    "[^1]",
    "[^note]",
    "^[an inline note that cures]",
    "\\*",
    "\\[1\\]",
    "\\&amp;",
    "  \n",
    "\\\n",
    "\n",
    "<br>",
    "<sup>1</sup>",
    "<sup>[2]</sup>",
    "10<sup>6</sup>",
    "<b>",
    "</b>",
    '<span class="x">',
    "</span>",
    "<code>x</code>",
    "<script>cures()</script>",
    '<a href="http://e.org">',
    "</a>",
    "https://bare.example",
    "***",
    "___",
    "**",
    "_",
    "*",
    "[",
    "]",
    "(",
    ")",
    "[text]",
    "[ref][r]",
    "[r]",
) + ENTITIES


def _md_wrap(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda s, m: f"{m}{s}{m}", inner, st.sampled_from(("*", "**", "_", "__", "~~"))),
        st.builds(
            lambda s, href: f"[{s}]({href})",
            inner,
            st.sampled_from(
                (
                    "http://example.org/x",
                    "<a b>",
                    '/p "title"',
                    "",
                    "http://e.org/(x)",
                    "x 'multi\nline'",
                )
            ),
        ),
        inner.map(lambda s: f"[{s}][r]"),
        inner.map(lambda s: f"<em>{s}</em>"),
        inner.map(lambda s: f"<sup>{s}</sup>"),
        inner.map(lambda s: f'<a href="http://e.org/?a=1&amp;b">{s}</a>'),
        st.lists(inner, min_size=2, max_size=3).map(" ".join),
        st.lists(inner, min_size=2, max_size=3).map("".join),
    )


md_inline = st.recursive(
    st.one_of(sentence, word, st.sampled_from(MD_ATOMS)), _md_wrap, max_leaves=6
)
md_lines = st.lists(md_inline, min_size=1, max_size=3).map("\n".join)


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


def _list(items: list[tuple[str, str, str]]) -> str:
    return "\n".join(
        indent + marker + _indent(body, " " * len(indent + marker)).lstrip(" ")
        for indent, marker, body in items
    )


md_block = st.one_of(
    md_lines,
    md_lines,
    st.builds(
        lambda n, s, close: "#" * n + " " + s.replace("\n", " ") + close,
        st.integers(1, 7),
        md_inline,
        st.sampled_from(("", " ##", " #")),
    ),
    st.builds(lambda s, u: s + "\n" + u, md_lines, st.sampled_from(("===", "---", "= ="))),
    st.lists(
        st.tuples(
            st.sampled_from(("", "", "  ", "    ", "\t")),
            st.sampled_from(("- ", "* ", "+ ", "1. ", "2) ", "10. ", "-\t")),
            md_lines,
        ),
        min_size=1,
        max_size=4,
    ).map(_list),
    st.builds(_indent, md_lines, st.sampled_from(("> ", ">", "> > ", " > "))),
    st.builds(
        lambda fence, info, body, closed: f"{fence}{info}\n{body}\n" + (fence if closed else ""),
        st.sampled_from(("```", "~~~", "````")),
        st.sampled_from(("", "python", "md")),
        md_lines,
        st.booleans(),
    ),
    md_lines.map(lambda s: _indent(s, "    ")),
    st.builds(
        lambda a, b: f"| {a} | h2 |\n|---|:---:|\n| {b} | x \\| y |",
        md_inline.map(lambda s: s.replace("\n", " ")),
        md_inline.map(lambda s: s.replace("\n", " ")),
    ),
    md_inline.map(lambda s: "[^1]: " + s),
    md_inline.map(lambda s: "[^note]: " + s.replace("\n", "\n    ")),
    st.just('[r]: http://r.example "Title"'),
    st.sampled_from(
        (
            "---",
            "***",
            "- - -",
            "<!-- healthlint-disable -->",
            "<!-- healthlint-enable -->",
            "<!-- healthlint-disable overclaims -->",
            "<!-- healthlint-disable-next-line safety -->",
            "<!--\nhealthlint-disable-next-line\n-->",
            "<!-- unclosed comment",
            "<!-- healthlint-disable typos, citations -- reason -->",
        )
    ),
    st.builds(
        lambda tag, body, close: f"<{tag}>\n{body}\n" + (f"</{tag}>" if close else ""),
        st.sampled_from(("div", "p", "section", "table", "pre", "script", "style")),
        sentences,
        st.booleans(),
    ),
    st.builds(lambda s: f"<p>{s}</p>", sentences),
    st.text(max_size=30),
)
FRONT_MATTER = (
    "",
    "",
    "---\ntitle: A miracle\nauthor: Jane Doe\ndate: 2024-01-01\n---\n",
    "---\nauthor: [A, B]\nnested: {a: 1}\n---\n",
    "---\n: bad: yaml: [\n---\n",
    "---\n---\n",
    "---\ntitle: unclosed front matter\n",
)
markdown_texts = st.builds(
    lambda front, blocks, seps: (
        front + "".join(b + seps[i % len(seps)] for i, b in enumerate(blocks))
    ),
    st.sampled_from(FRONT_MATTER),
    st.lists(md_block, min_size=1, max_size=7),
    st.lists(st.sampled_from(("\n\n", "\n", "\n\n\n", "\n \n", "")), min_size=1, max_size=3),
)

# -- HTML --------------------------------------------------------------------------------------

TAGS = (
    "p",
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "li",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "sup",
    "sub",
    "code",
    "pre",
    "span",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "title",
    "head",
    "body",
    "html",
    "script",
    "style",
    "nav",
    "template",
    "svg",
    "textarea",
    "figure",
    "figcaption",
    "section",
    "article",
    "dl",
    "dt",
    "dd",
    "footer",
    "button",
)
VOIDS = (
    "br",
    "br/",
    'img src="x.png" alt="a miracle"',
    "hr",
    "wbr",
    'meta name="author" content="Jane Doe"',
    'meta property="article:published_time" content="2024-05-01"',
)
ATTRS = (
    "",
    "",
    ' class="x"',
    ' href="http://e.org/?a=1&amp;b=2"',
    " href=bare",
    ' title="line one\nline two"',
    " data-x='a>b'",
    " disabled",
    ' start="3"',
    ' lang="en"',
    ' id="main"\n    class="title"',
    " href='/x'\n",
    ' style="color: red"',
    ' title="cures &amp; more"',
)
HTML_ODD = (
    "<!DOCTYPE html>",
    "<![CDATA[ cures ]]>",
    '<?xml version="1.0"?>',
    "<",
    "< p>",
    "</>",
    "<!--",
    "-->",
    "<!-- healthlint-disable -->",
    "<!-- healthlint-enable -->",
    "<!-- healthlint-disable-next-line overclaims -->",
    "<!--\nhealthlint-disable safety\n-->",
    "<p/>",
    "</ p>",
    "<P>",
    "</P>",
    "<Li>",
    "&",
    "a < b",
    "a > b",
    '<a href="x"',
    "<b",
    "</script>",
    "<script>",
    "<style>p { }</style>",
    "<br>",
    "\n",
    "\n\n",
    "  ",
)

html_text = st.one_of(sentence, word, st.sampled_from(ENTITIES), st.sampled_from(HTML_ODD))
html_open = st.builds(
    lambda tag, attrs: f"<{tag}{attrs}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)
)
html_close = st.sampled_from(TAGS).map(lambda tag: f"</{tag}>")
html_void = st.sampled_from(VOIDS).map(lambda tag: f"<{tag}>")


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, body, closed: (
            f"<{tag}{attrs}>{''.join(body)}" + (f"</{tag}>" if closed else "")
        ),
        st.sampled_from(TAGS),
        st.sampled_from(ATTRS),
        st.lists(children, max_size=4),
        st.integers(0, 5).map(bool),  # mostly closed
    )


html_nested = st.recursive(st.one_of(html_text, html_void), _element, max_leaves=14)
# Tag soup: opening and closing tags in any order, so misnested and unclosed ones abound.
html_soup = st.lists(
    st.one_of(html_text, html_text, html_open, html_close, html_void), max_size=30
).map("".join)
html_texts = st.builds(
    lambda head, body: head + body,
    st.sampled_from(
        (
            "",
            '<!DOCTYPE html>\n<html lang="en">\n<head><title>A miracle</title></head>\n<body>\n',
            "<html><body>",
        )
    ),
    st.one_of(html_nested, html_soup, st.lists(html_nested, max_size=4).map("\n".join)),
)

any_texts = st.one_of(st.text(max_size=200), plain_texts, markdown_texts, html_texts)
INPUTS = {
    "text": st.one_of(st.text(max_size=300), plain_texts),
    "markdown": markdown_texts,
    "html": html_texts,
}

# ---------------------------------------------------------------------------------------------
# What must hold
# ---------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_LINE_BREAK_IN_CONTAINER = re.compile(r"[ \t]*(?:\r\n?|\n)[ \t>]*")
_BR = re.compile(r"<br(?:[\s/][^>]*)?>", re.IGNORECASE)
_SUP_OPEN = re.compile(r"<sup(?:\s(?:\"[^\"]*\"|'[^']*'|[^'\">])*)?>", re.IGNORECASE)
# The closing tag, after whitespace (a space or a reference to one) and whatever non-prose
# element sits between that and the tag.
_SUP_CLOSE = re.compile(r"(?:(?:\s|&#?\w+;?).*)?</sup\s*>", re.IGNORECASE | re.DOTALL)
_CM_ENTITY = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));")
# Source chars that mark Markdown or HTML syntax: a span holding one is not a run of plain text.
_MARKUP = {"markdown": set("<>*_`[]\\|"), "html": set("<>")}


def _commonmark_unescape(run: str) -> str:
    """Decode entities and NUL the way CommonMark does (invalid code points become U+FFFD)."""

    def one(m: re.Match) -> str:
        if m.group(3) is not None:
            return html5.get(m.group(3) + ";", m.group(0))
        code = int(m.group(1), 16) if m.group(1) is not None else int(m.group(2))
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return "\ufffd"
        return chr(code)

    return _CM_ENTITY.sub(one, run.replace("\x00", "\ufffd"))


def decodes_to(source_run: str, ch: str, fmt: str) -> bool:
    """Whether a source run is a plausible origin of one text char (see test_documents.py)."""
    if source_run == ch:
        return True
    if ch == " " and source_run.isspace():
        return True  # soft/hard line breaks, collapsed whitespace
    if source_run.startswith("&") and ch in (
        html.unescape(source_run),
        _commonmark_unescape(source_run),
    ):
        return True
    if source_run.startswith("&") and ch == " " and html.unescape(source_run).isspace():
        return True  # &nbsp; and friends read as a space
    if ch == "[" and _SUP_OPEN.fullmatch(source_run):
        return True  # a superscript reference reads as a bracketed marker
    if ch in "] " and _SUP_CLOSE.fullmatch(source_run):
        return True  # ... and whitespace closing it reads after the bracket
    if ch == " " and _LINE_BREAK_IN_CONTAINER.fullmatch(source_run):
        return True  # a line break and the next line's block quote prefix
    if ch == " " and _BR.fullmatch(source_run):
        return True  # an inline <br> in Markdown
    if fmt == "markdown" and "://" in source_run and ch in unquote(source_run):
        return True  # an autolink's text is its %-decoded URL, mapped to the whole URL
    if fmt == "markdown" and source_run == "\x00" and ch == "\ufffd":
        return True  # CommonMark replaces NUL
    return source_run == "\\" + ch


def source_offset(starts: list[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1


def assert_position_inside(finding, lines: list[str]) -> None:
    for line, column in ((finding.line, finding.column), (finding.end_line, finding.end_column)):
        assert 1 <= line <= len(lines), finding
        assert 1 <= column <= len(lines[line - 1]) + 1, finding
    assert (finding.end_line, finding.end_column) >= (finding.line, finding.column), finding
    if finding.text.strip():
        assert (finding.end_line, finding.end_column) > (finding.line, finding.column), finding


def assert_plain_text_span(finding, run: str) -> None:
    """Plain text: the span is the text itself, a line break in a paragraph read as a space."""
    assert len(run) == len(finding.text), (finding, run)
    for src_ch, text_ch in zip(run, finding.text, strict=True):
        assert src_ch == text_ch or (src_ch == "\n" and text_ch == " "), (finding, run)


def text_offsets_of(doc: Document, finding) -> list[int]:
    """Where in doc.text the finding's text sits at the finding's reported source span."""
    where = (finding.line, finding.column, finding.end_line, finding.end_column)
    hits, n = [], len(finding.text)
    i = doc.text.find(finding.text)
    while i >= 0:
        if doc.span_position(i, i + n) == where:
            hits.append(i)
        i = doc.text.find(finding.text, i + 1)
    return hits


def verbatim(doc: Document, start: int, end: int) -> bool:
    """Whether every char of doc.text[start:end] maps to the next char of one source run.

    (One char for one is not always the same char: a line break read as a space, say.)"""
    first = doc.offsets.to_source(start, start + 1)[0]
    return all(
        doc.offsets.to_source(i, i + 1) == (first + i - start, first + i - start + 1)
        for i in range(start, end)
    )


def assert_markup_span(finding, run: str, doc: Document, fmt: str) -> None:
    """Markdown/HTML: the span is the text whenever it is verbatim, or plain text + entities."""
    if not finding.text:
        return
    hits = text_offsets_of(doc, finding)
    assert hits, (finding, run)  # the finding's text is the document's text at that span
    if any(verbatim(doc, i, i + len(finding.text)) for i in hits):
        assert len(run) == len(finding.text), (finding, run)
        for src_ch, ch in zip(run, finding.text, strict=True):
            assert decodes_to(src_ch, ch, fmt), (finding, run)
    if not _MARKUP[fmt] & set(run):
        decoded = html.unescape(run) if fmt == "html" else _commonmark_unescape(run)
        assert _WS.sub(" ", decoded).strip() == _WS.sub(" ", finding.text).strip(), (finding, run)


def assert_result_sound(result, source: str, fmt: str) -> None:
    # Linting did not raise (lint_one); nor did it give up on the file: every str is a valid
    # input for every reader, so an error here (a ReaderError) is a reader bug.
    assert result.error is None, result.error
    lines = source.split("\n")
    starts = line_starts(source)
    doc = build_document(PATHS[fmt], source, fmt) if fmt != "text" else None
    for finding in result.findings:
        assert_position_inside(finding, lines)
        run = source[
            source_offset(starts, finding.line, finding.column) : source_offset(
                starts, finding.end_line, finding.end_column
            )
        ]
        if fmt == "text":
            assert_plain_text_span(finding, run)
        else:
            assert_markup_span(finding, run, doc, fmt)
        for n in range(finding.line, finding.end_line + 1):
            assert result.lines[n] == lines[n - 1]


def same_result(a, b) -> bool:
    return (a.path, a.error, a.findings, repr(a.metrics)) == (
        b.path,
        b.error,
        b.findings,
        repr(b.metrics),
    )


def lint_one(linter, source: str, fmt: str):
    (result,) = linter.lint([Source(PATHS[fmt], source, fmt)])
    return result


# ---------------------------------------------------------------------------------------------
# The linter end to end
# ---------------------------------------------------------------------------------------------


# One input per format on which many rules fire, whatever the random draws are: the check below
# that rules fired must not depend on luck.
_RICH = " ".join(SENTENCES)
RICH_INPUTS = {
    "text": _RICH,
    "markdown": f"# Title\n\n{_RICH}\n\n- {SENTENCES[0]}\n",
    "html": f"<h1>Title</h1><p>{_RICH}</p><ul><li>{SENTENCES[1]}</li></ul>",
}


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_lint_never_crashes_and_findings_point_at_their_text(linter, fmt):
    fired: set[str] = set()

    @examples(60)
    @given(INPUTS[fmt])
    @example(RICH_INPUTS[fmt])
    def check(source):
        result = lint_one(linter, source, fmt)
        assert_result_sound(result, source, fmt)
        assert same_result(result, lint_one(linter, source, fmt))  # deterministic
        fired.update(f.rule for f in result.findings)

    check()
    # The inputs are built so that rules fire; a generator that stops reaching them would make
    # the position checks vacuous.
    assert SCALE < 1 or len(fired) >= 5, fired


def test_lint_of_a_batch_equals_lint_one_by_one(linter):
    @examples(15)
    @given(st.lists(st.tuples(st.sampled_from(sorted(INPUTS)), any_texts), min_size=2, max_size=4))
    def check(items):
        sources = [
            Source(f"f{i}{PATHS[fmt][1:]}", text, fmt) for i, (fmt, text) in enumerate(items)
        ]
        together = list(linter.lint(sources))
        alone = [next(iter(linter.lint([source]))) for source in sources]
        assert [r.path for r in together] == [s.path for s in sources]
        for a, b in zip(together, alone, strict=True):
            assert same_result(a, b)

    check()


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_passive_voice_with_the_verb_before_its_auxiliary(lint_text, fmt):
    """Found by the properties: an inverted passive gave a span ending before it started."""
    result = lint_text("Listed below are the side effects.", fmt)
    assert result.error is None
    for finding in result.findings:
        assert (finding.end_line, finding.end_column) > (finding.line, finding.column)


def test_unreadable_sources_come_back_as_errors_in_place(linter):
    sources = [
        Source("a.txt", "This tea cures diabetes.", "text"),
        Source("b.txt", None, "text", "cannot read: gone"),
        Source("c.md", "It is *clinically proven*.", "markdown"),
    ]
    results = list(linter.lint(sources))
    assert [r.path for r in results] == ["a.txt", "b.txt", "c.md"]
    assert results[1].error == "cannot read: gone" and not results[1].findings
    assert results[0].findings and results[2].findings


def test_markdown_reads_carriage_returns_as_line_breaks():
    """Found by the properties: markdown-it counts "\\r" and "\\r\\n" as line breaks, the reader
    counted only "\\n", so blocks after a lone CR mapped to the wrong source chars."""
    doc = build_document("t.md", "A\rb\r\rThis tea cures.\r\n\r\n# Head\r\n", "markdown")
    assert doc.text == "A b\n\nThis tea cures.\n\nHead"
    i = doc.text.index("cures")
    assert doc.source[slice(*doc.offsets.to_source(i, i + 5))] == "cures"


# ---------------------------------------------------------------------------------------------
# The readers' offset maps
# ---------------------------------------------------------------------------------------------


def assert_offsets_sound(doc: Document) -> None:
    text, source = doc.text, doc.source
    plain = doc.format == "text"  # its text is the whole source; the others join blocks
    in_block = bytearray(b"\x01" * len(text)) if plain else bytearray(len(text))
    prev_end = 0
    for block in doc.blocks:
        assert prev_end <= block.start < block.end <= len(text), block
        if block.start and not plain:
            assert text[prev_end : block.start] == BLOCK_SEPARATOR, block
        in_block[block.start : block.end] = b"\x01" * (block.end - block.start)
        prev_end = block.end
    assert plain or prev_end == len(text)
    last = 0
    for i, ch in enumerate(text):
        s, e = doc.offsets.to_source(i, i + 1)
        assert 0 <= s <= e <= len(source), (i, ch, s, e)
        assert s >= last, ("source positions go back", i, ch, s, last)
        last = s
        if in_block[i]:
            assert decodes_to(source[s:e], ch, doc.format), (i, ch, source[s:e])
    for start, end in doc.ignored_spans + [(k.start, k.end) for k in doc.links]:
        assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_text_char_maps_back_to_its_source(fmt):
    @examples(250)
    @given(st.one_of(INPUTS[fmt], any_texts))
    @example("0\x00")  # Markdown: U+FFFD for NUL was pinned to the char before it
    @example(" \x00")
    @example("</TITLE>0\r")  # Markdown: a lone CR is a line break to markdown-it
    @example(":<SUP>\r<?></SUP>0")  # HTML: the space closing a superscript mapped backwards
    @example(":<SUP A='>'> <SCRIPT>0</SCRIPT></SUP>")
    @example('| <a href="x"><sup>\t</sup></a> | x |\n|---|---|\n')
    @example("x\r\rab cures\r\n> quote\r\n> on two lines\r\n\r\n<div>\r\nraw\r\n</div>\r\n")
    def check(source):
        doc = READERS[fmt](PATHS[fmt], source)
        assert doc.source == source
        assert_offsets_sound(doc)
        if fmt == "text":
            assert len(doc.text) == len(source)

    check()
