"""The claim inventory: claim types, strength, and the exact source behind each claim."""

from __future__ import annotations

import csv
import io
import json

import pytest

from healthlint.inputs import Source
from healthlint.inventory import build_inventory
from healthlint.inventory_formats import INVENTORY_FORMATTERS

ARTICLE = """\
# Ginger and nausea

A 2014 review combined 12 trials with 1,278 pregnant women [1]. Ginger may ease mild nausea,
according to the [NHS](https://www.nhs.uk/ginger). Ginger did not clearly reduce vomiting
(Viljoen et al., 2014). Studies show that ginger cures motion sickness.

Claims that ginger "cures" cancer are false. Take ginger with food.

## References

1. Viljoen E, et al. Ginger in pregnancy. Nutr J. 2014.
2. Ernst E, Pittler MH. Ginger for nausea. Br J Anaesth. 2000.
"""


@pytest.fixture(scope="module")
def inventory_of(linter):
    def run(text: str, input_format: str = "markdown"):
        (analysis,) = linter.analyse([Source("t.md", text, input_format)])
        return build_inventory(analysis)

    return run


def by_start(inventory):
    return {c.sentence.split()[0] + " " + c.sentence.split()[1]: c for c in inventory.claims}


def test_each_claim_is_paired_with_its_exact_source(inventory_of):
    claims = by_start(inventory_of(ARTICLE))
    marker = claims["A 2014"]
    assert (marker.type, marker.support_kind, marker.support) == (
        "statistic",
        "marker",
        "[1] Viljoen E, et al. Ginger in pregnancy. Nutr J. 2014.",
    )
    link = claims["Ginger may"]
    assert (link.support_kind, link.support, link.strength) == (
        "link",
        "NHS <https://www.nhs.uk/ginger>",
        "conditional",
    )
    author_year = claims["Ginger did"]
    assert author_year.support_kind == "author-year"
    assert author_year.support == (
        "(Viljoen et al., 2014) → Viljoen E, et al. Ginger in pregnancy. Nutr J. 2014."
    )
    assert author_year.strength == "negated"


def test_unsupported_distanced_and_advice_claims(inventory_of):
    claims = by_start(inventory_of(ARTICLE))
    vague = claims["Studies show"]
    assert (vague.type, vague.supported, vague.line, vague.column) == ("attributed", False, 5, 25)
    assert claims["Claims that"].strength == "distanced"
    assert claims["Take ginger"].type == "recommendation"
    assert not any(c.sentence.startswith("Viljoen E") for c in inventory_of(ARTICLE).claims)


def test_summary_counts_the_articles_own_claims(inventory_of):
    summary = inventory_of(ARTICLE).summary()
    assert summary["claims"] == 6
    assert summary["distanced"] == 1
    assert summary["supported"] == 3
    assert summary["supported_share"] == 0.6


def test_questions_and_section_titles_are_not_claims(inventory_of):
    inventory = inventory_of("# How ginger helps nausea\n\nDoes ginger cure nausea?\n")
    assert inventory.claims == []


def test_conflicting_figures_about_the_same_quantity(inventory_of):
    text = (
        "About 1 in 4 adults has high blood pressure.\n\n"
        "Only 10% of adults have high blood pressure, the survey says.\n\n"
        "About 10% of children have asthma.\n"
    )
    (conflict,) = inventory_of(text).conflicts
    assert conflict.quantity == "share of adult with blood, pressure"
    assert (conflict.first.line, conflict.second.line) == (1, 3)


def test_consistent_or_unrelated_figures_are_not_conflicts(inventory_of):
    text = (
        "About 1 in 4 adults has high blood pressure.\n\n"
        "Roughly 25% of adults have high blood pressure.\n\n"
        "About 10% of children have asthma.\n"
    )
    assert inventory_of(text).conflicts == []


def test_formats_render_every_claim(inventory_of):
    inventory = inventory_of(ARTICLE)
    out = io.StringIO()
    INVENTORY_FORMATTERS["csv"]([inventory], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(inventory.claims)
    assert rows[0]["verdict"] == "" and rows[0]["file"] == "t.md"
    out = io.StringIO()
    INVENTORY_FORMATTERS["json"]([inventory], out)
    payload = json.loads(out.getvalue())
    assert payload["files"][0]["summary"]["claims"] == 6
    out = io.StringIO()
    INVENTORY_FORMATTERS["markdown"]([inventory], out)
    assert "| 5 | attributed | causal | **none** |" in out.getvalue()
    out = io.StringIO()
    INVENTORY_FORMATTERS["text"]([inventory], out)
    assert "6 claims, 60% supported" in out.getvalue()
