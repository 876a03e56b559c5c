"""Running a pack's own examples: every bad example must be flagged, every good one not."""

from __future__ import annotations

from dataclasses import dataclass

from healthlint.config import Settings
from healthlint.engine import Linter
from healthlint.inputs import Source
from healthlint.packs import Rule


@dataclass(frozen=True)
class ExampleOutcome:
    """The verdict on one example of one rule."""

    rule: str
    path: str
    line: int
    text: str
    ok: bool
    problem: str = ""


def run_examples(rules: list[Rule], nlp) -> list[ExampleOutcome]:
    """Lint each example on its own, with only its own rule active, as plain text unless the
    example names another format (``format: markdown`` or ``html``).

    Examples are judged under the default settings, so that a pack's verdict is the same in
    every project whatever its config says.
    """
    linter = Linter(list(rules), nlp, Settings())
    cases = [(rule, example, True) for rule in rules for example in rule.bad_examples]
    cases += [(rule, example, False) for rule in rules for example in rule.good_examples]
    sources = (
        Source(f"example-{i}", example.text, example.input_format)
        for i, (_, example, _) in enumerate(cases)
    )
    outcomes = []
    for (rule, example, should_flag), result in zip(cases, linter.lint(sources), strict=True):
        hits = [f for f in result.findings if f.rule == rule.id]
        if should_flag and not hits:
            problem = f"bad example not flagged: {example.text!r}"
        elif should_flag and example.match and not any(f.text == example.match for f in hits):
            problem = (
                f"bad example flagged {[f.text for f in hits]} instead of "
                f"{example.match!r}: {example.text!r}"
            )
        elif not should_flag and hits:
            problem = f"good example flagged at {[f.text for f in hits]}: {example.text!r}"
        else:
            problem = ""
        outcomes.append(
            ExampleOutcome(rule.id, rule.path, example.line, example.text, not problem, problem)
        )
    return outcomes
