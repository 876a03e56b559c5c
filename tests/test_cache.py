"""The parse cache: unchanged documents are loaded, not parsed, with identical results."""

from __future__ import annotations

from healthlint.cache import ParseCache
from healthlint.config import Settings
from healthlint.engine import Linter
from healthlint.inputs import Source

TEXT = "# Ginger\n\nThis tea is clinically proven to cure colds. Studies show it works.\n"


def test_second_run_loads_from_cache_with_identical_findings(tmp_path, nlp, shipped_packs):
    from healthlint.engine import active_rules

    cache = ParseCache(tmp_path, nlp)
    linter = Linter(active_rules(shipped_packs), nlp, Settings(), cache=cache)
    first = list(linter.lint([Source("a.md", TEXT, "markdown")]))
    assert (cache.hits, cache.misses) == (0, 1)
    second = list(linter.lint([Source("a.md", TEXT, "markdown")]))
    assert (cache.hits, cache.misses) == (1, 1)
    assert first == second and first[0].findings


def test_changed_text_or_model_version_is_a_new_entry(tmp_path, nlp):
    cache = ParseCache(tmp_path, nlp)
    key = cache.key(TEXT, [0, 10])
    assert key != cache.key(TEXT + "x", [0, 10])
    assert key != cache.key(TEXT, [0, 11])

    class OtherModel:
        meta = {**nlp.meta, "version": "9.9.9"}
        pipe_names = nlp.pipe_names

    assert key != ParseCache(tmp_path, OtherModel()).key(TEXT, [0, 10])


def test_damaged_entry_is_ignored_and_reparsed(tmp_path, nlp):
    cache = ParseCache(tmp_path, nlp)
    linter = Linter([], nlp, Settings(), cache=cache)
    list(linter.analyse([Source("a.md", TEXT, "markdown")]))
    (entry,) = list((tmp_path / "parses").glob("*/*.spacy"))
    entry.write_bytes(b"not a docbin")
    (analysis,) = list(linter.analyse([Source("a.md", TEXT, "markdown")]))
    assert len(analysis.doc) > 5 and cache.misses == 2
    assert entry.read_bytes() != b"not a docbin"  # rewritten by the new parse


def test_cache_is_pruned_to_its_bound(tmp_path, nlp):
    cache = ParseCache(tmp_path, nlp, max_bytes=1)
    linter = Linter([], nlp, Settings(), cache=cache)
    list(linter.analyse([Source(f"{i}.txt", f"Text number {i}.", "text") for i in range(3)]))
    assert len(list((tmp_path / "parses").glob("*/*.spacy"))) == 3
    cache.prune()
    assert list((tmp_path / "parses").glob("*/*.spacy")) == []
