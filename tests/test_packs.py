"""Pack validation: every problem is reported with the file and the line it is on."""

from __future__ import annotations

import textwrap

import pytest

from healthlint.errors import PackError
from healthlint.packs import load_packs, parse_pack

GOOD_RULE = """\
pack: house
description: House style.
rules:
  - id: house.no-wonder
    kind: terms
    category: style
    severity: warning
    message: "Avoid '{match}'."
    description: Wonder words oversell.
    terms: [wonder]
    examples:
      bad: ["A wonder herb."]
      good: ["A herb."]
"""


def problem(text: str) -> str:
    with pytest.raises(PackError) as caught:
        parse_pack(textwrap.dedent(text), "rules/house.yaml")
    return str(caught.value)


def test_valid_pack_loads_with_its_rule():
    pack = parse_pack(GOOD_RULE, "rules/house.yaml")
    (rule,) = pack.rules
    assert (pack.name, rule.id, rule.kind, rule.options["terms"]) == (
        "house",
        "house.no-wonder",
        "terms",
        ("wonder",),
    )


def test_unknown_rule_key_names_its_line():
    text = GOOD_RULE.replace("    terms: [wonder]\n", "    terms: [wonder]\n    colour: red\n")
    assert problem(text).startswith("rules/house.yaml:11: unknown key 'colour'")


def test_unknown_kind_names_its_line():
    text = GOOD_RULE.replace("kind: terms", "kind: regexp")
    assert problem(text).startswith("rules/house.yaml:5: unknown kind 'regexp'")


def test_bad_spacy_pattern_names_its_line():
    text = GOOD_RULE.replace("kind: terms", "kind: pattern").replace(
        "    terms: [wonder]\n", "    patterns:\n      - [{LOWR: wonder}]\n"
    )
    message = problem(text)
    assert message.startswith("rules/house.yaml:10: patterns pattern 1 is not a valid spaCy")


def test_duplicate_rule_id_names_the_second_rule():
    rule = GOOD_RULE.split("rules:\n", 1)[1]
    message = problem(GOOD_RULE + rule)
    assert message.startswith("rules/house.yaml:14: duplicate rule id 'house.no-wonder'")


def test_rule_id_must_carry_pack_name():
    assert "must be 'house.<name>'" in problem(GOOD_RULE.replace("house.no-wonder", "x.y"))


def test_missing_required_fields_are_listed():
    message = problem(GOOD_RULE.replace("    message: \"Avoid '{match}'.\"\n", ""))
    assert message == "rules/house.yaml:4: rule is missing message"


def test_bad_unless_and_severity_and_regex():
    assert ":11: unless must be" in problem(
        GOOD_RULE.replace("    terms: [wonder]\n", "    terms: [wonder]\n    unless: [sarcastic]\n")
    )
    assert ":7: severity must be" in problem(GOOD_RULE.replace("warning", "fatal"))
    bad_regex = ":12: exceptions: '(unclosed' is not a valid regular expression"
    assert bad_regex in problem(
        GOOD_RULE.replace(
            "    terms: [wonder]\n", "    terms: [wonder]\n    exceptions:\n      - '(unclosed'\n"
        )
    )


def test_yaml_syntax_error_names_its_line():
    assert problem("pack: x\nrules: [\n  - a: 1\n").startswith("rules/house.yaml:3: invalid YAML")


def test_examples_are_required():
    text = GOOD_RULE.split("    examples:")[0]
    assert "rule is missing examples" in problem(text)


def test_user_pack_with_clashing_id_is_reported_and_others_still_load(tmp_path):
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        GOOD_RULE.replace("pack: house", "pack: overclaims").replace(
            "house.no-wonder", "overclaims.proven"
        ),
        encoding="utf-8",
    )
    good = tmp_path / "house.yaml"
    good.write_text(GOOD_RULE, encoding="utf-8")
    packs, problems = load_packs([str(clash), str(good)])
    assert [p.name for p in packs][-1] == "house"
    assert len(problems) == 1 and "already defined" in str(problems[0])
    assert str(problems[0]).startswith(f"{clash}:4:")


def test_shipped_rule_ids_are_unique_and_categorised(shipped_packs):
    ids = [rule.id for pack in shipped_packs for rule in pack.rules]
    assert len(ids) == len(set(ids))
    assert {"overclaims", "safety"} <= {pack.name for pack in shipped_packs}


def test_bad_message_templates_are_rejected_at_load():
    assert ":8: message has placeholders ['0']" in problem(
        GOOD_RULE.replace("\"Avoid '{match}'.\"", '"Avoid {0}."')
    )
    assert ":8: message is not a valid template" in problem(
        GOOD_RULE.replace("\"Avoid '{match}'.\"", '"Avoid {match."')
    )


def test_kind_must_be_a_name_and_example_match_a_string():
    assert ":5: unknown kind" in problem(GOOD_RULE.replace("kind: terms", "kind: [terms]"))
    assert "quote values such as no" in problem(
        GOOD_RULE.replace(
            '      bad: ["A wonder herb."]', "      bad: [{text: A wonder herb., match: no}]"
        )
    )


def test_constraints_between_kind_options_are_checked_at_load():
    assert "needs 'terms' or 'lemmas'" in problem(GOOD_RULE.replace("    terms: [wonder]\n", ""))
    causal = GOOD_RULE.replace("kind: terms", "kind: causal-claim").replace(
        "    terms: [wonder]\n", "    verbs: [prevent]\n    outcomes: [blood pressure]\n"
    )
    assert "outcomes must be single words" in problem(causal)


def test_regex_that_can_backtrack_catastrophically_is_rejected():
    message = problem(
        GOOD_RULE.replace(
            "    terms: [wonder]\n",
            ("    terms: [wonder]\n    sentence_exceptions:\n      - '(\\w+)+$'\n"),
        )
    )
    assert ":12: sentence_exceptions:" in message and "backtrack catastrophically" in message


def test_rule_id_shape_and_pack_fields_name_their_line():
    assert problem(GOOD_RULE.replace("house.no-wonder", "house.No")) == (
        "rules/house.yaml:4: id 'house.No' must be '<pack>.<name>' in lower-case-with-dashes"
    )
    assert problem("description: x\n") == "rules/house.yaml:1: a pack needs pack and rules"
    assert problem(GOOD_RULE.replace("pack: house", "pack: House")).startswith(
        "rules/house.yaml:1: pack must be a lower-case name"
    )
    assert problem(GOOD_RULE.replace("rules:\n", "rules: []\nx:\n", 1)).startswith(
        "rules/house.yaml:3: rules must be a non-empty list"
    )


def test_common_field_errors_name_their_line():
    extra = "    terms: [wonder]\n"
    for added, expected in (
        ("suggestion: 'Say {0}.'", ":11: suggestion has placeholders ['0']"),
        ("requires_citation: page", ":11: requires_citation must be one of sentence, paragraph"),
        ("exceptions: wonder", ":11: exceptions must be a list of regular expressions"),
        ("suggestion:", ":11: suggestion must be a string"),
    ):
        text = GOOD_RULE.replace(extra, f"{extra}    {added}\n")
        assert problem(text).startswith(f"rules/house.yaml{expected}"), added
    no_description = GOOD_RULE.replace("description: Wonder words oversell.", "description: ' '")
    assert problem(no_description) == "rules/house.yaml:9: description must be a non-empty string"


def test_example_errors_name_the_example_line():
    bad_item = GOOD_RULE.replace(
        '      bad: ["A wonder herb."]', "      bad:\n        - ok\n        - 5"
    )
    assert problem(bad_item).startswith("rules/house.yaml:14: examples.bad: each example is")
    no_bad = GOOD_RULE.replace('      bad: ["A wonder herb."]\n', "")
    assert problem(no_bad) == "rules/house.yaml:11: examples is missing bad"
    unknown = GOOD_RULE.replace("      good:", "      ugly:")
    assert (
        problem(unknown) == "rules/house.yaml:13: unknown examples key 'ugly' (allowed: bad, good)"
    )
    not_a_mapping = GOOD_RULE.split("    examples:")[0] + "    examples: [A wonder herb.]\n"
    assert problem(not_a_mapping).startswith("rules/house.yaml:11: examples must be a mapping")


def test_example_lines_and_empty_good_list_are_kept():
    (rule,) = parse_pack(GOOD_RULE.replace('good: ["A herb."]', "good: []"), "h.yaml").rules
    assert [(e.text, e.line) for e in rule.bad_examples] == [("A wonder herb.", 12)]
    assert rule.good_examples == ()


def test_an_example_may_name_its_format():
    markdown = GOOD_RULE.replace(
        'good: ["A herb."]', 'good: [{text: "A *herb*.", format: markdown}, "A herb."]'
    )
    (rule,) = parse_pack(markdown, "h.yaml").rules
    assert [e.input_format for e in rule.good_examples] == ["markdown", "text"]
    assert rule.bad_examples[0].input_format == "text"
    unknown = GOOD_RULE.replace('good: ["A herb."]', 'good: [{text: "A herb.", format: md}]')
    assert problem(unknown) == (
        "rules/house.yaml:13: examples.good: an example's format must be one of text, markdown, "
        "html, got 'md'"
    )


def test_a_rule_that_is_not_a_mapping_names_its_line():
    text = GOOD_RULE.replace("rules:\n", "rules:\n  - just a sentence\n", 1)
    assert problem(text) == "rules/house.yaml:4: rules: each rule must be a mapping of rule fields"


def test_kind_options_do_not_reuse_common_field_names():
    from healthlint.checks import KINDS
    from healthlint.packs import RULE_FIELDS

    for name, kind in KINDS.items():
        assert not set(kind.OPTIONS) & set(RULE_FIELDS), name
