#!/usr/bin/env python3
"""False-positive rate of healthlint on clean, professionally written health prose.

The corpora are MedQuAD extracts of MedlinePlus health-topic summaries and CDC Q&A answers
(US-government text written for the public). Nearly every finding on them is a false alarm, so
findings per 1,000 words is a direct measure of how noisy each category is on good writing.

Example::

    .venv/bin/python benchmarks/clean_prose_fp.py --shared ../shared --categories overclaim,safety
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

import harness
from corpora import MEDQUAD, Corpora, Record
from harness import md_cell, md_table

DESCRIPTION = "Findings per 1,000 words on clean MedQuAD health prose (false positives)."


def compute(
    docs: list[Record], run: harness.LintRun, categories: list[str] | None, top: int
) -> dict[str, Any]:
    """Aggregate findings into per-category rates, per-rule counts and the top groups."""
    words = sum(doc.words for doc in docs)

    def per_k(count: int) -> float:
        return 1000.0 * count / words if words else 0.0

    selected = [
        {**finding, "doc_id": doc.id}
        for doc in docs
        for finding in run.findings(doc.file)
        if categories is None or str(finding.get("category", "?")) in categories
    ]
    by_category = Counter(str(f.get("category", "?")) for f in selected)
    by_rule = Counter(str(f.get("rule", "?")) for f in selected)
    rule_category = {str(f.get("rule", "?")): str(f.get("category", "?")) for f in selected}
    fields = ("doc_id", "rule", "category", "severity", "line", "column", "text", "sentence")
    return {
        "docs": len(docs),
        "words": words,
        "docs_with_findings": len({f["doc_id"] for f in selected}),
        "total": {"count": len(selected), "per_1000_words": per_k(len(selected))},
        # Requested categories with no findings still get a row: a zero is a result.
        "categories": {
            name: {"count": by_category[name], "per_1000_words": per_k(by_category[name])}
            for name in (categories if categories is not None else sorted(by_category))
        },
        "rules": [
            {"rule": r, "category": rule_category[r], "count": n, "per_1000_words": per_k(n)}
            for r, n in by_rule.most_common()
        ],
        "top": harness.most_common(((f["doc_id"], f) for f in selected), top),
        "findings": [{key: f.get(key) for key in fields} for f in selected],
    }


def render(results: dict[str, Any], meta: dict[str, Any], show_all: bool) -> str:
    """Format the results as a Markdown report."""
    total = results["total"]
    out = [
        "# healthlint false positives on clean health prose",
        "",
        f"- corpus: `{meta['corpus_file']}` ({meta['corpus']})",
        f"- documents checked: {results['docs']:,}; words: {results['words']:,} (whitespace split)",
        f"- categories counted: {meta['categories'] or 'all'}",
        *harness.run_lines(meta),
        f"- documents with at least one counted finding: {results['docs_with_findings']:,}",
        "",
        "## Findings per 1,000 words",
        "",
        *md_table(
            ["category", "findings", "per 1,000 words"],
            "lrr",
            [
                *(
                    [md_cell(name), f"{r['count']:,}", f"{r['per_1000_words']:.3f}"]
                    for name, r in results["categories"].items()
                ),
                ["**total**", f"**{total['count']:,}**", f"**{total['per_1000_words']:.3f}**"],
            ],
        ),
    ]
    if results["rules"]:
        out += ["", "## By rule", ""]
        out += md_table(
            ["rule", "category", "findings", "per 1,000 words"],
            "llrr",
            (
                [
                    f"`{md_cell(r['rule'])}`",
                    md_cell(r["category"]),
                    f"{r['count']:,}",
                    f"{r['per_1000_words']:.3f}",
                ]
                for r in results["rules"]
            ),
        )
    out += ["", f"## Most common findings (top {meta['top']})", ""]
    out += (
        md_table(
            ["#", "rule", "matched text", "count", "docs", "example (doc id: sentence)"],
            "rllrrl",
            (
                [
                    rank,
                    f"`{md_cell(r['rule'])}`",
                    md_cell(r["text"]),
                    r["count"],
                    r["docs"],
                    md_cell(f"{r['example_id']}: {r['example'].get('sentence', '')}", 220),
                ]
                for rank, r in enumerate(results["top"], 1)
            ),
        )
        if results["top"]
        else ["No findings in the counted categories."]
    )
    if show_all:
        out += ["", "## All findings", ""]
        out += md_table(
            ["doc id", "rule", "line:col", "matched text", "sentence"],
            "lllll",
            (
                [
                    md_cell(f["doc_id"]),
                    f"`{md_cell(f['rule'])}`",
                    f"{f['line']}:{f['column']}",
                    md_cell(f["text"]),
                    md_cell(f["sentence"] or ""),
                ]
                for f in results["findings"]
            ),
        )
    out += harness.file_error_lines(meta)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown report; return the process exit status."""
    parser = harness.parser(DESCRIPTION, MEDQUAD)
    parser.add_argument(
        "--categories",
        default="",
        help="comma-separated finding categories to count, e.g. overclaim,safety (default: all)",
    )
    parser.add_argument("--top", type=int, default=10, metavar="N", help="most common findings")
    parser.add_argument("--show-all", action="store_true", help="list every finding")
    args = parser.parse_args(argv)
    categories = [c.strip() for c in args.categories.split(",") if c.strip()] or None
    corpora = Corpora.from_args(args)
    docs = corpora.medquad(args.corpus, args.limit)
    run = harness.lint_texts({doc.file: doc.text for doc in docs}, args)
    # Documents the CLI did not report on, or failed on, would dilute the rate with zeros.
    results = compute([d for d in docs if run.usable(d.file)], run, categories, args.top)
    meta = {
        "corpus": args.corpus,
        "corpus_file": corpora.name(MEDQUAD[args.corpus]),
        "categories": ",".join(categories) if categories else None,
        "top": args.top,
        **run.meta({doc.file: doc.id for doc in docs}),
    }
    sys.stdout.write(render(results, meta, args.show_all))
    harness.write_json(args.json_out, meta, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
