"""Only the pipeline components the active rules need are run: the entity recogniser is left
out when no rule reads named entities, and that never changes a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.cache import ParseCache
from healthlint.config import Settings
from healthlint.engine import Linter, active_rules
from healthlint.inputs import Source, read_source
from healthlint.nlp import entity_components
from healthlint.packs import parse_pack
from healthlint.run import Runner

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# Text where entities matter to the rules that read them, so a wrong declaration would show.
ENTITY_TEXT = (
    "Dr Maria Lopez of the Mayo Clinic says turmeric cures arthritis. Researchers say it "
    "helps 80% of patients. According to the World Health Organization, sleep matters. "
    "Metformin is proven to reverse diabetes. Jonh Smith wrote this article in London."
)


def _entity_free_rules(nlp, shipped_packs):
    rules = []
    for rule in active_rules(shipped_packs):
        probe = Linter([rule], nlp, Settings())
        if probe.skipped_components and not probe.deferred_components:
            rules.append(rule)
    return rules


def test_the_models_entity_recogniser_is_its_only_entity_component(nlp):
    assert entity_components(nlp) == ("ner",)


def test_shipped_rules_recognise_entities_only_on_demand(linter):
    assert (linter.skipped_components, linter.deferred_components) == (("ner",), ("ner",))


def test_rules_that_read_entities_keep_the_recogniser_on_demand(nlp, shipped_packs):
    by_kind = {}
    for rule in active_rules(shipped_packs):
        by_kind.setdefault(rule.kind, rule)
    for kind in (
        "misspelling",
        "spelling",
        "term-consistency",
        "statistic",
        "attribution",
        "dangling-citation",
        "document-requirement",
    ):
        assert Linter([by_kind[kind]], nlp, Settings()).deferred_components == ("ner",), kind
    cited = next(r for r in active_rules(shipped_packs) if r.requires_citation)
    assert Linter([cited], nlp, Settings()).deferred_components == ("ner",)
    claims_only = Runner(Settings(), findings=False, claims=True, nlp=nlp)
    assert claims_only.linter.deferred_components == ("ner",)


def test_readability_rules_alone_skip_the_recogniser(nlp, shipped_packs):
    readability = [r for r in active_rules(shipped_packs) if r.category == "readability"]
    assert readability
    linter = Linter(readability, nlp, Settings())
    assert (linter.skipped_components, linter.deferred_components) == (("ner",), ())


def _pattern_rules():
    rule = (
        "  - id: {id}\n    kind: pattern\n    category: style\n    severity: info\n"
        "    message: m\n    description: d\n    examples: {{bad: [x]}}\n"
        "    patterns:\n      - {pattern}\n"
    )
    pack = parse_pack(
        "pack: p\ndescription: d\nrules:\n"
        + rule.format(id="p.who", pattern="[{ENT_TYPE: PERSON}, {LOWER: says}]")
        + rule.format(id="p.plain", pattern="[{LOWER: cures}]"),
        "p.yaml",
    )
    return pack.rules


def test_a_pattern_on_entity_labels_keeps_the_recogniser(nlp, shipped_packs):
    who, plain = _pattern_rules()
    assert Linter([plain], nlp, Settings()).skipped_components == ("ner",)
    # A pattern reads entities itself, so the recogniser runs in the pipeline for everyone.
    linter = Linter([who, *active_rules(shipped_packs)], nlp, Settings())
    assert (linter.skipped_components, linter.deferred_components) == ((), ())
    linter = Linter([who], nlp, Settings())
    (result,) = linter.lint([Source("t.txt", "Dr Maria Lopez says so.", "text")])
    assert [f.text for f in result.findings] == ["Lopez says"]


def _source(item):
    return read_source(item) if isinstance(item, Path) else Source("t.txt", item, "text")


@pytest.mark.parametrize("source", [*sorted(SAMPLES.iterdir()), ENTITY_TEXT], ids=str)
def test_recognising_entities_on_demand_changes_no_finding(nlp, shipped_packs, linter, source):
    """The shipped rules find the same whether the recogniser runs in the pipeline (forced by
    a pattern on entity labels) or only on documents where a rule asks for entities."""
    who, _ = _pattern_rules()
    eager = Linter([who, *active_rules(shipped_packs)], nlp, Settings())
    (in_pipeline,) = eager.lint([_source(source)])
    (on_demand,) = linter.lint([_source(source)])
    assert on_demand.findings == tuple(f for f in in_pipeline.findings if f.rule != "p.who")
    assert on_demand.metrics == in_pipeline.metrics


@pytest.mark.parametrize(
    ("text", "recognised"),
    [
        ("Drink water when you exercise. Your doctor can tell you how much you need.", False),
        ("Jonh Smith treats colds with zinc.", True),  # an unknown first word: is it a name?
        (
            "Professor Maria Lopez says that zinc shortens colds.",
            True,
        ),  # who says it: a named source?
    ],
)
def test_entities_are_recognised_only_where_a_rule_asks(linter, text, recognised):
    (analysis,) = linter.analyse([Source("t.txt", text, "text")])
    assert not analysis.doc.has_annotation("ENT_IOB")
    linter.lint_analysis(analysis)
    assert analysis.doc.has_annotation("ENT_IOB") is recognised


@pytest.mark.parametrize("source", [*sorted(SAMPLES.iterdir()), ENTITY_TEXT], ids=str)
def test_leaving_out_the_recogniser_changes_no_finding(nlp, shipped_packs, linter, source):
    """Every rule that says it does not read entities finds the same with and without them."""
    rules = _entity_free_rules(nlp, shipped_packs)
    assert len(rules) > 20
    without = Linter(rules, nlp, Settings())
    assert (without.skipped_components, without.deferred_components) == (("ner",), ())
    item = read_source(source) if isinstance(source, Path) else Source("t.txt", source, "text")
    (full,) = linter.lint([item])
    (reduced,) = without.lint([item])
    ids = {rule.id for rule in rules}
    expected = [f for f in full.findings if f.rule in ids]
    assert reduced.findings == tuple(expected)
    assert expected  # the comparison covers real findings
    assert reduced.metrics.get("readability") == full.metrics.get("readability")


def test_parses_without_entities_are_cached_apart(tmp_path, nlp, shipped_packs):
    who, _ = _pattern_rules()
    cache = ParseCache(tmp_path, nlp)
    text = "Dr Maria Lopez works at the Mayo Clinic in Rochester."
    (deferred,) = Linter(active_rules(shipped_packs), nlp, Settings(), cache=cache).analyse(
        [Source("a.txt", text, "text")]
    )
    assert not deferred.doc.has_annotation("ENT_IOB")
    (eager,) = Linter([who], nlp, Settings(), cache=cache).analyse([Source("a.txt", text, "text")])
    assert (cache.hits, cache.misses) == (0, 2)
    assert [e.text for e in eager.doc.ents][:1] == ["Maria Lopez"]
    assert cache.key(text, [0]) != cache.key(text, [0], ("tok2vec", "tagger"))


def test_a_recogniser_sharing_an_embedding_layer_stays_in_the_pipeline(nlp):
    class Shared:
        listening_components = ["tagger", "parser", "ner"]

    class Pipeline:
        pipe_names = nlp.pipe_names
        pipeline = [("tok2vec", Shared())]
        get_pipe_meta = nlp.get_pipe_meta

    assert entity_components(Pipeline()) == ()
