"""Tests for the document model and the plain-text, Markdown and HTML readers."""

from __future__ import annotations

import html

import pytest

from healthlint.document import Block, Document, Link, OffsetMap
from healthlint.errors import HealthlintError
from healthlint.readers import FORMATS_BY_EXTENSION, READERS, build_document, detect_format
from healthlint.suppressions import Directive, Suppressions, parse_directive


def md(source: str) -> Document:
    return build_document("t.md", source, "markdown")


def htm(source: str) -> Document:
    return build_document("t.html", source, "html")


def txt(source: str) -> Document:
    return build_document("t.txt", source, "text")


def where(doc: Document, word: str, nth: int = 0) -> tuple[int, int, int, int]:
    """Source (line, col, end_line, end_col) of the nth occurrence of ``word`` in doc.text."""
    i = -1
    for _ in range(nth + 1):
        i = doc.text.index(word, i + 1)
    return doc.span_position(i, i + len(word))


def src_of(doc: Document, word: str) -> str:
    i = doc.text.index(word)
    s, e = doc.offsets.to_source(i, i + len(word))
    return doc.source[s:e]


def block_texts(doc: Document) -> list[tuple[str, str, int]]:
    return [(b.kind, doc.text[b.start : b.end], b.level) for b in doc.blocks]


def assert_well_formed(doc: Document) -> None:
    """Blocks sorted and non-overlapping; links and ignored spans inside the text."""
    prev_end = 0
    for b in doc.blocks:
        assert prev_end <= b.start < b.end <= len(doc.text)
        prev_end = b.end
    for link in doc.links:
        assert 0 <= link.start < link.end <= len(doc.text)
    for s, e in doc.ignored_spans:
        assert 0 <= s < e <= len(doc.text)


def decodes_to(source_run: str, ch: str) -> bool:
    """Whether a source run is a plausible origin of one text char."""
    if source_run == ch:
        return True
    if ch == " " and source_run.isspace():
        return True  # soft/hard line breaks, collapsed whitespace
    if source_run.startswith("&") and html.unescape(source_run) in (ch, "\xa0"):
        return True
    if (ch, source_run.lower()) in (("[", "<sup>"), ("]", "</sup>")):
        return True  # a superscript reference reads as a bracketed marker
    return source_run == "\\" + ch


# ---------------------------------------------------------------------------------------------
# Format detection and dispatch
# ---------------------------------------------------------------------------------------------


def test_detect_format_by_extension_and_forced():
    assert detect_format("a/b/post.md") == "markdown"
    assert detect_format("x.MARKDOWN") == "markdown"
    assert detect_format("page.htm") == "html"
    assert detect_format("page.html") == "html"
    assert detect_format("notes.txt") == "text"
    assert detect_format("notes.rst") == "text"
    assert detect_format("-") == "text"
    assert detect_format("notes.txt", forced="markdown") == "markdown"
    assert detect_format("-", forced="md") == "markdown"
    with pytest.raises(ValueError):
        detect_format("x.md", forced="docx")
    with pytest.raises(HealthlintError):  # the engine reports these per file
        detect_format("x.md", forced="docx")
    assert set(FORMATS_BY_EXTENSION.values()) <= set(READERS)


def test_build_document_dispatches_through_table():
    assert set(READERS) == {"text", "markdown", "html"}
    for fmt in READERS:
        doc = build_document("f", "Hello world.", fmt)
        assert doc.format == fmt
        assert doc.text.strip() == "Hello world."
    with pytest.raises(ValueError):
        build_document("f", "x", "rtf")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_empty_document(fmt):
    doc = build_document("f", "", fmt)
    assert doc.text == ""
    assert doc.blocks == []
    assert doc.offsets.to_source(0, 0) == (0, 0)
    assert doc.position(0) == (1, 1)
    assert doc.block_at(0) is None


# ---------------------------------------------------------------------------------------------
# Document and OffsetMap
# ---------------------------------------------------------------------------------------------


def test_offset_map_identity_and_clamping():
    m = OffsetMap.identity(10)
    assert m.to_source(2, 5) == (2, 5)
    assert m.to_source(4, 4) == (4, 4)
    assert m.to_source(-3, 99) == (0, 10)
    assert OffsetMap().to_source(0, 5) == (0, 0)


def test_offset_map_replaced_runs_map_whole_run():
    # text "a&b": "a" verbatim at 0, "&" from "&amp;" at 1..6, "b" verbatim at 6.
    m = OffsetMap([0, 1, 2], [0, 1, 6], [1, 6, 7], 3)
    assert m.to_source(1, 2) == (1, 6)
    assert m.to_source(0, 3) == (0, 7)
    assert m.to_source(2, 3) == (6, 7)


def test_position_counts_characters_and_lines():
    doc = txt("Café naïve\nsecond líne word\n")
    assert doc.position(0) == (1, 1)
    assert where(doc, "naïve") == (1, 6, 1, 11)
    assert where(doc, "word") == (2, 13, 2, 17)
    assert doc.position(len(doc.source)) == (3, 1)


def test_hand_made_document_builds_suppressions():
    doc = Document("x", "text", "a\nb", "a\nb", OffsetMap.identity(3))
    assert isinstance(doc.suppressions, Suppressions)
    assert not doc.suppressions.is_suppressed("p.r", "c", 1)
    assert doc.blocks == [] and doc.links == [] and doc.metadata == {}


def test_block_at():
    doc = md("# Title\n\nBody text here.\n")
    assert doc.block_at(0) == Block(0, 5, "heading", 1)
    body = doc.text.index("Body")
    assert doc.block_at(body + 3).kind == "paragraph"
    assert doc.block_at(5) is None  # separator
    assert doc.block_at(len(doc.text)) is None


# ---------------------------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------------------------


PLAIN = """Is Ketamine Therapy Safe?

Ketamine is an anaesthetic. It is
also used for depression.

Key facts:
• It acts fast
  and wears off.
- Side effects exist
* Dose matters
– Evidence is mixed
1. Talk to a doctor
2) Never self-medicate
-5 degrees is not a bullet; neither is 1.5 mg.

Short Heading Here
"""


def test_plaintext_identity_and_blocks():
    doc = txt(PLAIN)
    # Same length as the source: a line break inside a block reads as a space.
    assert doc.text == "".join(
        " " if ch == "\n" and any(b.start <= i < b.end for b in doc.blocks) else ch
        for i, ch in enumerate(doc.source)
    )
    assert doc.offsets.to_source(5, 12) == (5, 12)
    assert block_texts(doc) == [
        ("heading", "Is Ketamine Therapy Safe?", 1),
        ("paragraph", "Ketamine is an anaesthetic. It is also used for depression.", 0),
        ("paragraph", "Key facts:", 0),
        ("list_item", "It acts fast   and wears off.", 0),
        ("list_item", "Side effects exist", 0),
        ("list_item", "Dose matters", 0),
        ("list_item", "Evidence is mixed", 0),
        ("list_item", "Talk to a doctor", 0),
        ("list_item", "Never self-medicate", 0),
        ("paragraph", "-5 degrees is not a bullet; neither is 1.5 mg.", 0),
        ("heading", "Short Heading Here", 2),
    ]
    assert doc.metadata["title"] == "Is Ketamine Therapy Safe?"
    assert where(doc, "Dose") == (10, 3, 10, 7)
    assert_well_formed(doc)


def test_plaintext_heading_rules():
    doc = txt(
        "Ends with a period.\n\nEnds with colon:\n\n" + " ".join(["w"] * 13) + "\n\nTwo\nlines\n"
    )
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 4


def test_plaintext_trims_whitespace():
    doc = txt("   \n  Indented paragraph.  \n\n\n")
    (block,) = doc.blocks
    assert doc.text[block.start : block.end] == "Indented paragraph."


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------


MD_INLINE = """Some *emphasis* and **strong** words with [a link](https://ex.com/a "Title") here.
Fish &amp; chips &#8212; an \\*escaped\\* star and `inline code` too.
"""


def test_markdown_inline_positions():
    doc = md(MD_INLINE)
    assert len(doc.blocks) == 1
    assert doc.text.startswith("Some emphasis and strong words with a link here. Fish & chips")
    assert where(doc, "emphasis") == (1, 7, 1, 15)
    assert where(doc, "strong") == (1, 23, 1, 29)
    assert where(doc, "a link") == (1, 44, 1, 50)
    assert where(doc, "here") == (1, 78, 1, 82)
    # The soft line break is one space mapped to the newline.
    i = doc.text.index("here.") + len("here.")
    assert doc.text[i] == " "
    assert doc.offsets.to_source(i, i + 1) == (82, 83)
    assert where(doc, "Fish") == (2, 1, 2, 5)
    assert src_of(doc, "&") == "&amp;"
    assert where(doc, "&") == (2, 6, 2, 11)
    assert where(doc, "chips") == (2, 12, 2, 17)
    assert src_of(doc, "\u2014") == "&#8212;"
    assert where(doc, "*escaped*") == (2, 29, 2, 40)
    assert src_of(doc, "*escaped*") == "\\*escaped\\*"
    assert where(doc, "inline code") == (2, 51, 2, 62)
    assert doc.links == [
        Link(doc.text.index("a link"), doc.text.index("a link") + 6, "https://ex.com/a")
    ]


def test_markdown_inline_code_is_text_but_ignored():
    doc = md(MD_INLINE)
    i = doc.text.index("inline code")
    assert doc.ignored_spans == [(i, i + len("inline code"))]


def test_markdown_headings_are_separate_blocks():
    doc = md("# Title\nParagraph right after.\n\n## Sub *heading*\n\nText.\n\nSetext\n------\n")
    assert block_texts(doc) == [
        ("heading", "Title", 1),
        ("paragraph", "Paragraph right after.", 0),
        ("heading", "Sub heading", 2),
        ("paragraph", "Text.", 0),
        ("heading", "Setext", 2),
    ]
    assert where(doc, "Title") == (1, 3, 1, 8)
    assert where(doc, "Paragraph") == (2, 1, 2, 10)
    assert where(doc, "heading") == (4, 9, 4, 16)
    assert doc.metadata["title"] == "Title"
    assert_well_formed(doc)


MD_LISTS = """- first item
  wraps here
  - nested item
    - deeper `x`
- second item

  second paragraph

1. numbered one
2. numbered two
"""


def test_markdown_lists_and_nested_lists():
    doc = md(MD_LISTS)
    assert block_texts(doc) == [
        ("list_item", "first item wraps here", 0),
        ("list_item", "nested item", 0),
        ("list_item", "deeper x", 0),
        ("list_item", "second item", 0),
        ("list_item", "second paragraph", 0),
        ("list_item", "numbered one", 0),
        ("list_item", "numbered two", 0),
    ]
    assert where(doc, "wraps") == (2, 3, 2, 8)
    assert where(doc, "nested") == (3, 5, 3, 11)
    assert where(doc, "deeper") == (4, 7, 4, 13)
    assert where(doc, "x") == (4, 15, 4, 16)
    assert where(doc, "paragraph") == (7, 10, 7, 19)
    assert where(doc, "two") == (10, 13, 10, 16)


def test_markdown_blockquotes():
    doc = md("> Quoted *claim* here\n> continues on.\n>\n> > Nested quote.\n\nAfter.\n")
    assert block_texts(doc) == [
        ("blockquote", "Quoted claim here continues on.", 0),
        ("blockquote", "Nested quote.", 0),
        ("paragraph", "After.", 0),
    ]
    assert where(doc, "claim") == (1, 11, 1, 16)
    assert where(doc, "continues") == (2, 3, 2, 12)
    assert where(doc, "Nested") == (4, 5, 4, 11)


def test_markdown_list_inside_blockquote_is_list_item():
    doc = md("> - item in quote\n")
    assert block_texts(doc) == [("list_item", "item in quote", 0)]
    assert where(doc, "quote") == (1, 13, 1, 18)


def test_markdown_tables():
    doc = md("| Drug | Dose |\n|------|------|\n| Aspirin | 75 mg |\n| a \\| b | `c` |\n")
    assert block_texts(doc) == [
        ("table_cell", "Drug", 0),
        ("table_cell", "Dose", 0),
        ("table_cell", "Aspirin", 0),
        ("table_cell", "75 mg", 0),
        ("table_cell", "a | b", 0),
        ("table_cell", "c", 0),
    ]
    assert where(doc, "Dose") == (1, 10, 1, 14)
    assert where(doc, "75 mg") == (3, 13, 3, 18)
    assert where(doc, "a | b") == (4, 3, 4, 9)
    assert where(doc, "c") == (4, 13, 4, 14)


MD_EXCLUDED = """---
title: Front Title
Author: Dr Who
date: 2024-03-01
tags: [a, b]
nested: {x: 1}
---

Prose one.

```python
fenced = "not prose"
```

    indented code is not prose

<!-- a plain comment -->

Prose <!-- inline comment --> two.
"""


def test_markdown_excludes_code_front_matter_and_comments():
    doc = md(MD_EXCLUDED)
    assert block_texts(doc) == [("paragraph", "Prose one.", 0), ("paragraph", "Prose two.", 0)]
    assert "fenced" not in doc.text and "indented" not in doc.text
    assert "comment" not in doc.text and "title" not in doc.text.lower()
    assert doc.metadata == {
        "title": "Front Title",
        "author": "Dr Who",
        "date": "2024-03-01",
        "tags": "a, b",
    }
    assert where(doc, "one") == (9, 7, 9, 10)
    assert where(doc, "two") == (19, 31, 19, 34)


def test_markdown_front_matter_yaml_error_is_tolerated():
    doc = md("---\ntitle: [unclosed\n---\n\n# Real Title\n\nBody.\n")
    assert doc.metadata == {"title": "Real Title"}
    assert block_texts(doc)[1] == ("paragraph", "Body.", 0)
    assert where(doc, "Body") == (7, 1, 7, 5)


def test_markdown_links_reference_and_autolinks():
    source = (
        "See [the NHS page][nhs], [shortcut], <https://example.org/x> and "
        "[inline](<https://a.b/c d> 'T (x)') end.\n\n"
        "[nhs]: https://www.nhs.uk\n[shortcut]: https://s.example\n"
    )
    doc = md(source)
    texts = [(doc.text[link.start : link.end], link.href) for link in doc.links]
    assert texts == [
        ("the NHS page", "https://www.nhs.uk"),
        ("shortcut", "https://s.example"),
        ("https://example.org/x", "https://example.org/x"),
        ("inline", "https://a.b/c%20d"),
    ]
    assert where(doc, "https://example.org/x") == (1, 39, 1, 60)
    assert where(doc, "end") == (1, 102, 1, 105)
    assert "nhs.uk" not in doc.text


def test_markdown_autolink_with_escapes_maps_to_whole_url():
    doc = md("See <https://x.org/a%20b> now.\n")
    assert doc.text == "See https://x.org/a b now."
    assert where(doc, "https://x.org/a b") == (1, 6, 1, 25)
    assert where(doc, "now") == (1, 27, 1, 30)
    assert doc.links[0].href == "https://x.org/a%20b"


def test_markdown_code_span_across_lines_in_blockquote():
    doc = md("> Run `pip\n> install x` then stop.\n")
    assert doc.text == "Run pip install x then stop."
    assert where(doc, "install") == (2, 3, 2, 10)
    assert where(doc, "stop") == (2, 19, 2, 23)
    i = doc.text.index("pip")
    assert doc.ignored_spans == [(i, i + len("pip install x"))]


def test_markdown_images_and_footnotes():
    source = (
        'Claim[^1] with ![alt *text*](i.png "t") image and note^[inline note] end.\n\n'
        "[^1]: The footnote\n    definition.\n\nLast paragraph.\n"
    )
    doc = md(source)
    assert block_texts(doc) == [
        ("paragraph", "Claim[^1] with image and note end.", 0),
        ("paragraph", "The footnote definition.", 0),
        ("paragraph", "Last paragraph.", 0),
    ]
    assert where(doc, "image") == (1, 41, 1, 46)
    assert where(doc, "end") == (1, 70, 1, 73)
    assert where(doc, "footnote") == (3, 11, 3, 19)
    assert where(doc, "definition") == (4, 5, 4, 15)
    assert where(doc, "Last") == (6, 1, 6, 5)


def test_markdown_inline_html():
    doc = md('Risk fell 40%<sup>2</sup> per <a href="https://x.org">the study</a>.<br>Next.\n')
    assert doc.text == "Risk fell 40%[2] per the study. Next."
    assert where(doc, "2") == (1, 19, 1, 20)
    assert doc.links == [Link(21, 30, "https://x.org")]
    assert where(doc, "the study") == (1, 55, 1, 64)
    assert where(doc, "Next") == (1, 73, 1, 77)


def test_markdown_html_block_in_tab_indented_list():
    doc = md("- item\n\n\t<p>Tabbed &amp; html</p>\n")
    assert block_texts(doc)[1] == ("paragraph", "Tabbed & html", 0)
    assert where(doc, "Tabbed") == (3, 5, 3, 11)
    assert where(doc, "html") == (3, 18, 3, 22)


def test_markdown_html_blocks_are_spliced():
    source = (
        'Intro.\n\n<div class="box">\n<p>Boxed &amp; <b>bold</b>.</p>\n</div>\n\n'
        "- item\n\n  <p>Nested html</p>\n"
    )
    doc = md(source)
    assert block_texts(doc) == [
        ("paragraph", "Intro.", 0),
        ("paragraph", "Boxed & bold.", 0),
        ("list_item", "item", 0),
        ("paragraph", "Nested html", 0),
    ]
    assert where(doc, "bold") == (4, 19, 4, 23)
    assert src_of(doc, "&") == "&amp;"
    assert where(doc, "html") == (9, 13, 9, 17)
    assert_well_formed(doc)


MD_DIRECTIVES = """<!-- healthlint-disable overclaims -->

Text.

Para <!-- healthlint-disable-next-line overclaims.proven, safety -- reason here -->

<!-- healthlint-enable -->
"""


def test_markdown_directives():
    doc = md(MD_DIRECTIVES)
    assert doc.directives == [
        Directive("disable", ("overclaims",), 1),
        Directive("disable-next-line", ("overclaims.proven", "safety"), 5),
        Directive("enable", (), 7),
    ]
    sup = doc.suppressions
    assert sup.is_suppressed("overclaims.proven", "overclaim", 3)
    assert not sup.is_suppressed("safety.dose", "unsafe-advice", 3)
    # Line 7 (the enable comment) is the next non-blank line after the line-5 directive.
    assert sup.is_suppressed("safety.dose", "unsafe-advice", 7)
    assert not sup.is_suppressed("overclaims.proven", "overclaim", 8)


MD_MIXED = """---
title: Mixed
---

# Heading with `code` and *emphasis*

A paragraph with **bold**, _em_, [links](http://a.b "t"), &amp; &#8212; &copy; \\# escapes,
a soft break and a hard break\\
and trailing spaces<SP>
here. Footnote[^n] and <sup>3</sup> <span>span</span> caf&eacute;.

> Quote with [ref][r] link
> and <https://auto.link>.

- List *item* one
  - nested `code` item
1. ordered &amp; item

| h1 | h2 \\| x |
|----|----|
| `c` | **b** &lt; |

Setext Title
============

<p>Raw &rsquo;html&rsquo; block</p>

[^n]: Footnote *body*
    continued.

[r]: http://r.example
""".replace("<SP>", "  ")  # a hard break by trailing spaces, kept out of the file itself


def test_markdown_every_text_char_maps_back():
    doc = md(MD_MIXED)
    assert_well_formed(doc)
    assert len(doc.blocks) == 13
    checked = 0
    for block in doc.blocks:
        for i in range(block.start, block.end):
            s, e = doc.offsets.to_source(i, i + 1)
            run = doc.source[s:e]
            assert decodes_to(run, doc.text[i]), (i, doc.text[i], run)
            if len(run) == 1 and run == doc.text[i]:
                assert doc.source[s] == doc.text[i]
            checked += 1
    assert checked == sum(b.end - b.start for b in doc.blocks)


def test_markdown_separators_map_to_end_of_previous_block():
    doc = md("First block.\n\n\n\nSecond block.\n")
    sep = doc.text.index("\n\n")
    assert doc.offsets.to_source(sep, sep + 2) == (12, 12)
    assert doc.span_position(sep, sep + 1) == (1, 13, 1, 13)


def test_markdown_spans_crossing_blocks_map_to_both_ends():
    doc = md("# One\n\nTwo words.\n")
    assert doc.span_position(0, len(doc.text)) == (1, 3, 3, 11)


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <title>Coffee &amp; Health</title>
  <meta name="Author" content="Jane Doe">
  <meta name="date" content="2020-01-01">
  <meta property="article:published_time" content="2024-05-01T10:00:00Z">
  <meta name="description" content="About coffee.">
  <script>var p = "<p>not prose</p>";</script>
  <style>p { color: red }</style>
</head>
<body>
<nav><a href="/">Home</a></nav>
<h1 class="title"
    id="main">Coffee&rsquo;s <em>effects</em></h1>
<p>Caf&#233; drinkers&nbsp;sleep   <b>less <i>deeply</i></b>, says
a <a class="ref"
   href="https://ex.org/?a=1&amp;b=2">study</a> using <code>x = 1</code>.</p>
<!-- healthlint-disable-next-line overclaims -->
<ul><li>One<li>Two</ul>
<blockquote><p>Quoted claim.</p></blockquote>
<table><tr><th>Cups</th><td>Risk</td></tr></table>
<pre>code block</pre>
<p>Line one<br>line two</p>
<div>Bare div <span>text</span></div>
<h3>Small heading</h3>
</body>
</html>
"""


def test_html_blocks_and_kinds():
    doc = htm(HTML_PAGE)
    assert block_texts(doc) == [
        ("heading", "Coffee’s effects", 1),
        ("paragraph", "Café drinkers sleep less deeply, says a study using x = 1.", 0),
        ("list_item", "One", 0),
        ("list_item", "Two", 0),
        ("blockquote", "Quoted claim.", 0),
        ("table_cell", "Cups", 0),
        ("table_cell", "Risk", 0),
        ("paragraph", "Line one", 0),
        ("paragraph", "line two", 0),
        ("paragraph", "Bare div text", 0),
        ("heading", "Small heading", 3),
    ]
    for absent in ("not prose", "color", "Home", "code block", "Coffee & Health"):
        assert absent not in doc.text
    assert_well_formed(doc)


def test_html_metadata():
    doc = htm(HTML_PAGE)
    assert doc.metadata["title"] == "Coffee & Health"
    assert doc.metadata["author"] == "Jane Doe"
    assert doc.metadata["description"] == "About coffee."
    assert doc.metadata["article:published_time"] == "2024-05-01T10:00:00Z"
    assert doc.metadata["date"] == "2024-05-01T10:00:00Z"  # published_time wins over date
    assert doc.metadata["lang"] == "en"
    assert all(b.kind != "title" for b in doc.blocks)


def test_html_positions_entities_and_multiline_attributes():
    doc = htm(HTML_PAGE)
    assert where(doc, "Coffee") == (15, 15, 15, 21)  # after a tag spanning two lines
    assert src_of(doc, "’") == "&rsquo;"
    assert where(doc, "effects") == (15, 34, 15, 41)
    assert src_of(doc, "é") == "&#233;"
    assert where(doc, "Café") == (16, 4, 16, 13)
    assert src_of(doc, "drinkers sleep")[len("drinkers") : -len("sleep")] == "&nbsp;"
    assert src_of(doc, "sleep less") == "sleep   <b>less"
    assert where(doc, "deeply") == (16, 47, 16, 53)
    assert where(doc, "says") == (16, 63, 16, 67)
    assert where(doc, "study") == (18, 39, 18, 44)
    assert where(doc, "Two") == (20, 16, 20, 19)
    assert where(doc, "Risk") == (22, 29, 22, 33)


def test_html_links_code_and_directives():
    doc = htm(HTML_PAGE)
    assert [(doc.text[x.start : x.end], x.href) for x in doc.links] == [
        ("study", "https://ex.org/?a=1&b=2")
    ]
    i = doc.text.index("x = 1")
    assert doc.ignored_spans == [(i, i + 5)]
    assert doc.directives == [Directive("disable-next-line", ("overclaims",), 19)]
    assert doc.suppressions.is_suppressed("overclaims.cures", "overclaim", 20)
    assert not doc.suppressions.is_suppressed("overclaims.cures", "overclaim", 21)


def test_html_inline_elements_do_not_split_blocks():
    doc = htm("<p>Take <img src=a.png alt=pill> one <span>pill</span><sup>1</sup> daily.</p>")
    assert block_texts(doc) == [("paragraph", "Take one pill[1] daily.", 0)]


def test_html_legacy_entities_without_semicolon():
    doc = htm("<p>AT&T &copy 2024 &copyright&amp x</p>")
    assert doc.text == "AT&T \u00a9 2024 \u00a9right& x"
    assert src_of(doc, "\u00a9 ") == "&copy "
    assert src_of(doc, "right") == "right"
    assert where(doc, "right") == (1, 25, 1, 30)


def test_html_title_falls_back_to_first_h1_and_date_keys():
    doc = htm('<meta name="DC.date" content="2021"><h1>Only <b>H1</b></h1><p>x</p>')
    assert doc.metadata["title"] == "Only H1"
    assert doc.metadata["date"] == "2021"
    assert doc.metadata["dc.date"] == "2021"


@pytest.mark.parametrize(
    "source",
    [
        "<p>unclosed <b>bold <i>italic",
        "</p></div></li>stray end tags",
        "<p a='1 b=2>broken attr</p>",
        "<<<>>> & &; &#; &#xZZ; <!-- unterminated comment",
        "<![CDATA[x]]><?php echo 1 ?><!weird>text",
        "<script>never closed",
        "<p>x</p" + "<b>" * 200,
        "\x00\ufffd<p>\udcff</p>",
    ],
)
def test_html_malformed_never_raises(source):
    doc = htm(source)
    assert_well_formed(doc)
    for b in doc.blocks:
        s, e = doc.offsets.to_source(b.start, b.end)
        assert 0 <= s <= e <= len(source)


def test_html_unclosed_comment_hides_the_rest_as_a_browser_does():
    doc = htm("<p>Shown.</p><!-- draft notes <p>Hidden text cures all.</p>\n")
    assert block_texts(doc) == [("paragraph", "Shown.", 0)]
    closed = htm("<p>Shown.</p><!-- note --><p>Also shown.</p>")
    assert block_texts(closed) == [("paragraph", "Shown.", 0), ("paragraph", "Also shown.", 0)]


def test_html_unclosed_tags_and_implicit_closes():
    doc = htm("<ul><li>one<li>two</ul><p>para one<p>para two<h2>head</h2>tail")
    assert block_texts(doc) == [
        ("list_item", "one", 0),
        ("list_item", "two", 0),
        ("paragraph", "para one", 0),
        ("paragraph", "para two", 0),
        ("heading", "head", 2),
        ("paragraph", "tail", 0),
    ]


def test_html_every_text_char_maps_back():
    doc = htm(HTML_PAGE)
    for block in doc.blocks:
        for i in range(block.start, block.end):
            s, e = doc.offsets.to_source(i, i + 1)
            assert decodes_to(doc.source[s:e], doc.text[i]), (i, doc.text[i], doc.source[s:e])


# ---------------------------------------------------------------------------------------------
# Directives and suppressions
# ---------------------------------------------------------------------------------------------


def test_parse_directive_syntax():
    assert parse_directive(" healthlint-disable ", 3) == Directive("disable", (), 3)
    assert parse_directive("healthlint-disable a.b, c d", 1) == Directive(
        "disable", ("a.b", "c", "d"), 1
    )
    assert parse_directive("healthlint-enable x", 2) == Directive("enable", ("x",), 2)
    assert parse_directive("healthlint-disable-next-line a,b", 4) == Directive(
        "disable-next-line", ("a", "b"), 4
    )
    assert parse_directive("healthlint-disable x -- because", 1).rules == ("x",)
    assert parse_directive("healthlint-disabled", 1) is None
    assert parse_directive("note: healthlint-disable", 1) is None


def test_suppressions_disable_enable_range():
    s = Suppressions([Directive("disable", (), 3), Directive("enable", (), 6)], 10)
    assert not s.is_suppressed("overclaims.proven", "overclaim", 2)
    assert s.is_suppressed("overclaims.proven", "overclaim", 3)
    assert s.is_suppressed("typos.x", "typo", 5)
    assert not s.is_suppressed("overclaims.proven", "overclaim", 6)
    assert not s.is_suppressed("overclaims.proven", "overclaim", 9)


def test_suppressions_named_rule_pack_and_category():
    s = Suppressions(
        [
            Directive("disable", ("overclaims.proven",), 1),
            Directive("disable", ("safety",), 10),
            Directive("disable", ("unsourced",), 20),
        ],
        30,
    )
    assert s.is_suppressed("overclaims.proven", "overclaim", 2)
    assert not s.is_suppressed("overclaims.cure", "overclaim", 2)  # other rule, same pack
    assert s.is_suppressed("safety.dosage", "unsafe-advice", 11)  # pack name
    assert not s.is_suppressed("safety.dosage", "unsafe-advice", 9)
    assert s.is_suppressed("citations.missing", "unsourced", 25)  # category
    assert not s.is_suppressed("citations.missing", "sourced", 25)


def test_suppressions_enable_with_rules_reenables_only_those():
    s = Suppressions([Directive("disable", (), 1), Directive("enable", ("overclaims",), 5)], 20)
    assert not s.is_suppressed("overclaims.proven", "overclaim", 6)
    assert s.is_suppressed("typos.misspelling", "typo", 6)
    assert s.is_suppressed("overclaims.proven", "overclaim", 4)


def test_suppressions_unclosed_disable_runs_to_end():
    s = Suppressions([Directive("disable", ("all",), 4)], 8)
    assert not s.is_suppressed("a.b", "c", 3)
    assert all(s.is_suppressed("a.b", "c", line) for line in range(4, 9))


def test_suppressions_disable_next_line_skips_blank_lines():
    source = "a\n<!-- healthlint-disable-next-line overclaims -->\n\n   \nTarget line.\nAfter.\n"
    doc = md(source)
    assert doc.directives == [Directive("disable-next-line", ("overclaims",), 2)]
    sup = doc.suppressions
    assert not sup.is_suppressed("overclaims.proven", "overclaim", 2)
    assert not sup.is_suppressed("overclaims.proven", "overclaim", 3)
    assert sup.is_suppressed("overclaims.proven", "overclaim", 5)
    assert not sup.is_suppressed("overclaims.proven", "overclaim", 6)
    assert not sup.is_suppressed("typos.x", "typo", 5)


def test_suppressions_disable_next_line_after_multiline_comment():
    source = "<!--\nhealthlint-disable-next-line\n-->\nTarget.\n"
    doc = htm(source)
    assert doc.directives == [Directive("disable-next-line", (), 1)]
    assert doc.suppressions.is_suppressed("x.y", "z", 4)
    assert not doc.suppressions.is_suppressed("x.y", "z", 2)


def test_suppressions_without_source_use_next_line():
    s = Suppressions([Directive("disable-next-line", ("x",), 3)], 10)
    assert s.is_suppressed("x.y", "c", 4)
    assert not s.is_suppressed("x.y", "c", 5)
    assert not s.is_suppressed("other.y", "c", 4)


# ---------------------------------------------------------------------------------------------
# Scale
# ---------------------------------------------------------------------------------------------


def test_large_markdown_document_is_linear():
    para = "Coffee *may* reduce [risk](http://x.y) of `T2D` &amp; more.\nSecond line here.\n\n"
    source = "# Big\n\n" + para * 3000  # ~30k words
    doc = md(source)
    assert len(doc.blocks) == 3001
    last = doc.text.rindex("Second")
    assert doc.span_position(last, last + 6) == (2 + 3000 * 3 - 1, 1, 2 + 3000 * 3 - 1, 7)
    # Verbatim runs merge: far fewer segments than characters.
    assert len(doc.offsets) < len(doc.text) // 5
