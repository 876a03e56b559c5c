#!/usr/bin/env python3
"""Where a cold healthlint run spends its CPU time, phase by phase and rule kind by rule kind.

cProfile distorts spaCy's Cython code (the Matcher is built with profiling hooks), so this
script lints the corpus once in one process, as ``check --no-cache --jobs 1`` does, and times
each phase with ``time.process_time()``: through the engine's timing hook (``Linter(timer=)``)
for context marks, each rule's ``find`` + ``measure`` and the finding filters, and around the
engine's calls for the rest. Each phase counts its own time, without the phases inside it.
Run it with the venv's Python::

    .venv/bin/python benchmarks/phases.py --shared ../shared
    .venv/bin/python benchmarks/phases.py --samples
"""

from __future__ import annotations

import gc
import io
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import harness
from corpora import Corpora

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


class PhaseClock:
    """CPU seconds per ``(phase, key)``, each phase without the phases timed inside it."""

    def __init__(self) -> None:
        self.seconds: dict[tuple[str, str], float] = defaultdict(float)
        self._inner: list[float] = []  # per open phase, the time of the phases inside it

    @contextmanager
    def __call__(self, phase: str, key: str = "") -> Iterator[None]:
        """Time one phase; this is the engine's timing hook."""
        self._inner.append(0.0)
        start = time.process_time()
        try:
            yield
        finally:
            spent = time.process_time() - start
            self.seconds[(phase, key)] += spent - self._inner.pop()
            if self._inner:
                self._inner[-1] += spent

    def total(self, phase: str) -> float:
        """The seconds of *phase* over all its keys."""
        return sum(s for (name, _), s in self.seconds.items() if name == phase)


def main(argv: list[str] | None = None) -> int:
    """Time one cold lint of the corpus, phase by phase, and print the table."""
    args = harness.parser(__doc__.splitlines()[0], cli=False).parse_args(argv)
    clock = PhaseClock()
    with clock("import spaCy + healthlint"):
        import spacy  # noqa: F401

        import healthlint.nlp
        from healthlint.analysis import Analysis
        from healthlint.config import Settings
        from healthlint.engine import Linter, active_rules
        from healthlint.formatters import FORMATTERS
        from healthlint.packs import load_packs
    docs = Corpora.from_args(args).medquad("medlineplus", args.limit)
    sources = harness.sources({doc.file: doc.text for doc in docs})
    with clock("load model"):
        nlp = healthlint.nlp.load_model()
    with clock("load packs"):
        settings = Settings()
        rules = active_rules(load_packs(settings.packs)[0])
    with clock("build rules"):
        linter = Linter(rules, nlp, settings, timer=clock)
        gc.freeze()  # as the command line does once the linter is built
    results = []
    analyses = linter.analyse(sources)
    while True:
        # Reading, documents and spaCy's parse happen inside the engine's `analyse`; its
        # context marks are timed apart through the hook.
        with clock("documents + spaCy parse"):
            item = next(analyses, None)
        if item is None:
            break
        if isinstance(item, Analysis):
            with clock("shared per-document facts"):
                for name in SHARED_FACTS:
                    getattr(item, name)
            with clock("lint_analysis other"):
                item = linter.lint_analysis(item)
        results.append(item)
    with clock("JSON output"):
        FORMATTERS["json"](results, io.StringIO())

    kind_of = {rule.id: rule.kind for rule in rules}
    by_rule = {key: s for (phase, key), s in clock.seconds.items() if phase == "rule"}
    by_kind: dict[str, float] = defaultdict(float)
    for rule_id, seconds in by_rule.items():
        by_kind[kind_of[rule_id]] += seconds
    # Report rows, and the phase each is timed as (the engine's hook names its own three).
    rows = {
        name: clock.total(phase)
        for name, phase in (
            ("import spaCy + healthlint", "import spaCy + healthlint"),
            ("load model", "load model"),
            ("load packs", "load packs"),
            ("build rules", "build rules"),
            ("documents + spaCy parse", "documents + spaCy parse"),
            ("context marks", "context"),
            ("shared per-document facts", "shared per-document facts"),
            ("rules (find + measure)", "rule"),
            ("finding filters", "filter"),
            ("lint_analysis other", "lint_analysis other"),
            ("JSON output", "JSON output"),
        )
    }
    total, parse = sum(rows.values()), rows["documents + spaCy parse"]
    words = sum(doc.words for doc in docs)
    print(
        f"{len(sources)} files, {words:,} words; total CPU {total:.2f} s; "
        f"non-parse {total - parse:.2f} s; parse share {parse / total:.1%}"
    )
    for name, seconds in rows.items():
        print(f"  {name:<28} {seconds:7.2f} s  {seconds / total:6.1%}")
    print("rule kinds:")
    for kind, seconds in sorted(by_kind.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:<28} {seconds:7.3f} s")
    print("slowest rules:")
    for rule_id, seconds in sorted(by_rule.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {rule_id:<40} {seconds:7.3f} s")
    meta = {"files": len(sources), "words": words, "total_cpu": total}
    harness.write_json(args.json_out, meta, {"phases": rows, "kinds": by_kind, "rules": by_rule})
    return 0


if __name__ == "__main__":
    sys.exit(main())
