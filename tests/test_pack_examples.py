"""Every example of every shipped rule: bad ones are flagged, good ones are not."""

from __future__ import annotations

import pytest

from healthlint.examples import run_examples
from healthlint.packs import load_packs

PACKS, _ = load_packs()
RULES = [rule for pack in PACKS for rule in pack.rules]


@pytest.fixture(scope="module")
def outcomes(nlp):
    by_rule: dict[str, list] = {}
    for outcome in run_examples(RULES, nlp):
        by_rule.setdefault(outcome.rule, []).append(outcome)
    return by_rule


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule, outcomes):
    assert len(outcomes[rule.id]) == len(rule.bad_examples) + len(rule.good_examples)
    failures = [f"{o.path}:{o.line}: {o.problem}" for o in outcomes[rule.id] if not o.ok]
    assert not failures, "\n".join(failures)


def test_every_rule_has_good_and_bad_examples():
    for rule in RULES:
        assert rule.bad_examples, rule.id
        assert rule.good_examples, rule.id
