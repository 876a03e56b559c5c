"""Citations: what counts as a source, where it must sit, and reference lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.inputs import Source

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def analyse(linter):
    """Build the Analysis of a text, the way the engine does, to inspect its evidence."""

    def run(text: str, input_format: str = "markdown"):
        (analysis,) = linter.analyse([Source("t", text, input_format)])
        return analysis

    return run


def citation_findings(lint_text, text, input_format="markdown"):
    result = lint_text(text, input_format)
    return [(f.rule, f.text, f.line, f.column) for f in result.findings if f.category == "citation"]


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("Ginger eases nausea [1].", "marker", "[1]"),
        ("Ginger eases nausea [1, 3].", "marker", "[1, 3]"),
        ("Ginger eases nausea (Viljoen et al., 2014).", "author-year", "(Viljoen et al., 2014)"),
        ("Viljoen and Smith (2014) found less nausea.", "author-year", "Viljoen and Smith (2014)"),
        ("See doi:10.1186/1475-2891-13-20 for details.", "doi", "doi:10.1186/1475-2891-13-20"),
        ("The trial is PMID: 24642205.", "pmid", "PMID: 24642205"),
        ("The full text is PMC4013088.", "pmcid", "PMC4013088"),
        ("A preprint, arXiv:2002.00837, describes it.", "arxiv", "arXiv:2002.00837"),
        (
            "Read https://www.nhs.uk/conditions/nausea for more.",
            "url",
            "https://www.nhs.uk/conditions/nausea",
        ),
        (
            "Ginger eases [nausea](https://nccih.nih.gov/ginger).",
            "link",
            "https://nccih.nih.gov/ginger",
        ),
        ("Ginger eases nausea²", "marker", "²"),
    ],
)
def test_citation_forms_are_recognised(analyse, text, kind, target):
    citations = analyse(text).evidence.citations
    assert (kind, target) in [(c.kind, c.target) for c in citations]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "According to the British Heart Foundation, salt raises blood pressure.",
            "the British Heart Foundation",
        ),
        ("NICE guidelines recommend two doses.", "NICE guidelines"),
        (
            "A 2019 Cochrane review of 12 trials found less pain.",
            "A 2019 Cochrane review of 12 trials",
        ),
    ],
)
def test_named_specific_sources_count_as_citations(analyse, text, source):
    named = [c.target for c in analyse(text).evidence.citations if c.kind == "named-source"]
    assert source in named


def test_vague_groups_are_not_named_sources(analyse):
    text = "According to experts, salt is bad. Ketamine intake is widely recommended."
    assert [c for c in analyse(text).evidence.citations if c.kind == "named-source"] == []


def test_reference_list_entries_resolve_markers_in_every_format(analyse):
    markdown = "Claim [2].\n\n## References\n\n1. Lee A. 2020.\n2. Kim B. 2021.\n"
    html = (
        "<p>Claim<sup>2</sup>.</p><h2>Sources</h2>"
        "<ol><li>Lee A. 2020.</li><li>Kim B. 2021.</li></ol>"
    )
    text = "Claim [2].\n\nReferences\n\n1. Lee A. 2020.\n2. Kim B. 2021.\n"
    for source, fmt in ((markdown, "markdown"), (html, "html"), (text, "text")):
        evidence = analyse(source, fmt).evidence
        assert evidence.entry_for("2").text == "Kim B. 2021.", fmt
        assert evidence.dangling_markers() == [], fmt


def test_footnotes_resolve(analyse):
    evidence = analyse("Claim[^src].\n\n[^src]: Lee A. J Med. 2020.\n").evidence
    assert evidence.entry_for("^src").text == "Lee A. J Med. 2020."
    assert evidence.dangling_markers() == []


def test_dangling_marker_is_one_finding(lint_text):
    text = (
        "Ginger eased nausea in 12 trials [1]. Walking helps too [4].\n\n"
        "## References\n\n1. Viljoen E, et al. Nutr J. 2014.\n"
    )
    findings = citation_findings(lint_text, text)
    assert findings == [("citations.dangling-reference", "[4]", 1, 57)]


@pytest.mark.parametrize("input_format", ["markdown", "html"])
def test_a_link_in_the_sentence_supports_an_attribution(lint_text, input_format):
    linked = {
        "markdown": "Studies show that [ginger eases nausea](https://example.org/g).\n",
        "html": '<p>Studies show that <a href="https://example.org/g">ginger eases nausea</a>.</p>',
    }[input_format]
    unlinked = {
        "markdown": "Studies show that ginger eases nausea.\n",
        "html": "<p>Studies show that ginger eases nausea.</p>",
    }[input_format]
    assert citation_findings(lint_text, linked, input_format) == []
    assert [f[:2] for f in citation_findings(lint_text, unlinked, input_format)] == [
        ("citations.vague-attribution", "Studies show")
    ]


@pytest.mark.parametrize("input_format", ["markdown", "html"])
def test_a_link_in_the_paragraph_supports_a_statistic_but_not_an_attribution(
    lint_text, input_format
):
    paragraph = {
        "markdown": "About 40% of adults snore. The [sleep charity](https://example.org) says"
        " so.\n\nStudies show that snoring is common. See [this](https://x.org).\n",
        "html": "<p>About 40% of adults snore. The <a href='https://example.org'>sleep charity"
        "</a> says so.</p><p>Studies show that snoring is common. See <a "
        "href='https://x.org'>this</a>.</p>",
    }[input_format]
    rules = [f[0] for f in citation_findings(lint_text, paragraph, input_format)]
    assert rules == ["citations.vague-attribution"]
    without_links = paragraph.replace("https://example.org", "").replace("https://x.org", "")
    without_links = (
        without_links.replace("[sleep charity]()", "sleep charity")
        .replace("[this]()", "this")
        .replace("<a href=''>", "")
        .replace("</a>", "")
    )
    rules = [f[0] for f in citation_findings(lint_text, without_links, input_format)]
    assert sorted(rules) == ["citations.unsourced-statistic", "citations.vague-attribution"]


def test_marker_after_the_full_stop_supports_the_sentence(lint_text):
    text = "Studies show that ginger eases nausea.[1]\n\n## References\n\n1. Viljoen E. 2014.\n"
    assert citation_findings(lint_text, text) == []


def test_closing_source_line_supports_figures_but_not_vague_attributions(lint_text):
    text = (
        "About 1 in 10 adults has it. Studies show that rest helps.    "
        "NIH: National Institute of Arthritis and Musculoskeletal and Skin Diseases\n"
    )
    assert [f[0] for f in citation_findings(lint_text, text, "text")] == [
        "citations.vague-attribution"
    ]


def test_reference_section_is_not_linted_for_claims(lint_text):
    text = (
        "Ginger may ease nausea [1].\n\n## References\n\n"
        "1. Studies show that 40% of adults use ginger. J Herb Med. 2020.\n"
    )
    assert citation_findings(lint_text, text) == []


def test_careful_sample_has_no_citation_findings(linter):
    path = SAMPLES / "careful-ginger-nausea.md"
    (result,) = linter.lint([Source(str(path), path.read_text(encoding="utf-8"), "markdown")])
    assert [f for f in result.findings if f.category in ("citation", "overclaim", "safety")] == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Daily aspirin cuts the risk of a second stroke by 25%.", "citations.relative-risk"),
        ("Ginger is as effective as ibuprofen for period pain.", "citations.unsourced-comparison"),
        ("A new study found that coffee protects the liver.", "citations.unsourced-study"),
        ("About 40% of adults will have back pain this year.", "citations.unsourced-statistic"),
    ],
)
def test_claim_types_are_flagged(lint_text, text, rule):
    assert rule in [f[0] for f in citation_findings(lint_text, text, "text")]


ARTICLE = (
    "Ginger and nausea\n\n"
    + "Ginger is a root used in cooking. Some people take it for an upset stomach, and it is "
    "sold as tea, capsules and sweets. It may ease mild nausea in pregnancy. It can interact "
    "with blood thinners, so ask a pharmacist first. Doctors see patients with nausea often; "
    "the symptoms of this common disease vary, and so does the treatment. " * 2
)


def transparency(lint_text, text, input_format="text"):
    return sorted(
        f.rule for f in lint_text(text, input_format).findings if f.category == "transparency"
    )


def test_transparency_reads_front_matter_and_meta(lint_text):
    assert transparency(lint_text, ARTICLE) == [
        "transparency.author",
        "transparency.date",
        "transparency.sources",
    ]
    front = f"---\ntitle: Ginger\nauthor: Jane Smith\ndate: 2025-03-03\n---\n\n{ARTICLE} [1]\n"
    front += "\n## References\n\n1. Viljoen E. Nutr J. 2014.\n"
    assert transparency(lint_text, front, "markdown") == []
    html = (
        '<html><head><meta name="author" content="Jane Smith">'
        '<meta property="article:published_time" content="2025-03-03"></head>'
        f"<body><p>{ARTICLE}</p></body></html>"
    )
    assert transparency(lint_text, html, "html") == ["transparency.sources"]


def test_transparency_reads_bylines_and_review_dates(lint_text):
    text = f"Ginger\n\nBy Jane Smith, RN\n\nLast reviewed: 3 March 2025\n\n{ARTICLE}"
    assert transparency(lint_text, text) == ["transparency.sources"]


def test_disclosure_needed_only_where_something_is_sold(lint_text):
    selling = ARTICLE + " Order now for $39 with free shipping. Our formula works."
    assert "transparency.disclosure" in transparency(lint_text, selling)
    disclosed = selling + " Disclosure: we sell this formula."
    assert "transparency.disclosure" not in transparency(lint_text, disclosed)
    assert "transparency.disclosure" not in transparency(lint_text, ARTICLE)


def test_document_findings_point_at_the_first_line(lint_text):
    result = lint_text(ARTICLE)
    assert {(f.line, f.column) for f in result.findings if f.category == "transparency"} == {(1, 1)}


STATISTIC_TEXTS = (
    "About 40% of adults, 1 in 3 people and twice as many women; 1,278 pregnant women.",
    "It halves your risk. Rates per 100,000 rose threefold, a 3-fold rise; 10 out of 10.",
    "One in every five smokers, a quarter of teens, millions of Americans, 2.5 percent.",
    "Take 1 in the morning; 100% natural; 95% CI; 10 percent of your weight; every 1,000.",
    "x1 in 2, per cent, Twice As Likely, THREE TIMES MORE COMMON, twenty-five people, 7%%.",
)


@pytest.mark.parametrize("text", STATISTIC_TEXTS)
def test_statistic_shapes_tried_at_their_starts_find_what_a_full_scan_finds(text):
    from healthlint.figures import SHAPE_STARTS, SHAPES, shape_matches

    starts = [m.start() for m in SHAPE_STARTS.finditer(text)]
    for shape in SHAPES.values():
        assert shape_matches(shape, text, starts) == [m.span() for m in shape.finditer(text)]
    assert any(shape.search(text) for shape in SHAPES.values())
