#!/usr/bin/env python3
"""Where a cold healthlint run spends its CPU time, phase by phase and rule kind by rule kind.

cProfile distorts spaCy's Cython code (the Matcher is built with profiling hooks), so this
script times each phase with ``time.process_time()`` in one process instead: spaCy's parse,
the context layer, each rule kind's ``find`` + ``measure``, and the finding filters. Run it with
the venv's Python::

    .venv/bin/python benchmarks/phases.py --shared ../shared
    .venv/bin/python benchmarks/phases.py --samples
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Facts on Analysis that several kinds share: timed on their own, so that each kind's figure is
# its own work and not whichever kind asked first.
SHARED_FACTS = (
    "tokens",
    "texts",
    "lowers",
    "lemmas",
    "offsets",
    "sentences",
    "token_block_kinds",
    "evidence",
)


def main() -> int:
    """Time one cold lint of the corpus, phase by phase."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--shared", type=Path, help="the shared folder (uses clean_prose_medquad)")
    where.add_argument("--samples", action="store_true", help="the repository's samples/")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    args = parser.parse_args()

    clock = time.process_time
    t0 = clock()
    import spacy  # noqa: F401

    from healthlint.config import Settings
    from healthlint.engine import Linter, active_rules
    from healthlint.formatters import FORMATTERS
    from healthlint.inputs import Source, discover, read_source
    from healthlint.nlp import load_model
    from healthlint.packs import load_packs

    t_import = clock() - t0
    if args.samples:
        paths = list(discover((str(ROOT / "samples"),)))
        sources: list[Source] = [read_source(p) for p in paths]
    else:
        from clean_prose_fp import CORPORA, load_corpus

        records = load_corpus(args.shared / CORPORA["medlineplus"], None)
        sources = [Source(r["file"], r["text"], "text") for r in records]
    if args.limit:
        sources = sources[: args.limit]
    t0 = clock()
    nlp = load_model()
    t_model = clock() - t0
    t0 = clock()
    settings = Settings()
    packs, _problems = load_packs(settings.packs)
    rules = active_rules(packs)
    t_packs = clock() - t0
    t0 = clock()
    linter = Linter(rules, nlp, settings)
    gc.freeze()  # as the command line does once the linter is built
    t_build = clock() - t0

    words = sum(len(s.text.split()) for s in sources if s.text)
    by_kind: dict[str, float] = defaultdict(float)
    by_rule: dict[str, float] = defaultdict(float)
    t_filter = 0.0

    original_finding = linter._finding

    def timed_finding(rule, match, analysis):
        nonlocal t_filter
        start = clock()
        try:
            return original_finding(rule, match, analysis)
        finally:
            t_filter += clock() - start

    linter._finding = timed_finding
    for rule, check in linter.checks:

        def wrap(method, kind=rule.kind, rule_id=rule.id):
            def timed(analysis):
                start = clock()
                result = list(method(analysis)) if method.__name__ == "find" else method(analysis)
                spent = clock() - start
                by_kind[kind] += spent
                by_rule[rule_id] += spent
                return result

            timed.__name__ = method.__name__
            return timed

        check.find = wrap(check.find)
        check.measure = wrap(check.measure)

    # Split the analyse generator's time into spaCy's parse and the rest.
    import healthlint.engine as engine

    parse_time = 0.0
    original_parse = engine.parse

    def timed_parse(*a, **k):
        nonlocal parse_time
        iterator = original_parse(*a, **k)
        while True:
            start = clock()
            try:
                doc = next(iterator)
            except StopIteration:
                parse_time += clock() - start
                return
            parse_time += clock() - start
            yield doc

    engine.parse = timed_parse
    t0 = clock()
    t_lint = t_shared = 0.0
    t_analyse_total = 0.0
    results = []
    iterator = linter.analyse(sources)
    while True:
        start = clock()
        try:
            item = next(iterator)
        except StopIteration:
            break
        t_analyse_total += clock() - start
        if hasattr(item, "doc"):
            start = clock()
            for name in SHARED_FACTS:
                getattr(item, name)
            t_shared += clock() - start
        start = clock()
        results.append(item if not hasattr(item, "doc") else linter.lint_analysis(item))
        t_lint += clock() - start
    start = clock()
    FORMATTERS["json"](results, io.StringIO())
    t_output = clock() - start
    t_run = clock() - t0
    rules_total = sum(by_kind.values())
    rows = [
        ("import spaCy + lint", t_import),
        ("load model", t_model),
        ("load packs", t_packs),
        ("build rules", t_build),
        ("spaCy parse", parse_time),
        ("documents + context marks", t_analyse_total - parse_time),
        ("shared per-document facts", t_shared),
        ("rules (find + measure)", rules_total),
        ("finding filters", t_filter),
        ("lint_analysis other", t_lint - rules_total - t_filter),
        ("JSON output", t_output),
    ]
    total = t_import + t_model + t_packs + t_build + t_run
    print(
        f"{len(sources)} files, {words:,} words; total CPU {total:.2f} s; "
        f"non-parse {total - parse_time:.2f} s; parse share {parse_time / total:.1%}"
    )
    for name, seconds in rows:
        print(f"  {name:<28} {seconds:7.2f} s  {seconds / total:6.1%}")
    print("rule kinds:")
    for kind, seconds in sorted(by_kind.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:<28} {seconds:7.3f} s")
    print("slowest rules:")
    for rule_id, seconds in sorted(by_rule.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {rule_id:<40} {seconds:7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
