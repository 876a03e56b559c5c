#!/usr/bin/env python3
"""False-positive rate of healthlint on clean, professionally written health prose.

The corpora are MedQuAD extracts of MedlinePlus health-topic summaries and CDC Q&A answers
(US-government text written for the public). Nearly every finding on them is a false alarm, so
findings per 1,000 words is a direct measure of how noisy each category is on good writing.

Each document is written to its own ``.txt`` file in a temporary directory and ONE healthlint
process checks the whole directory (start-up dominates per-file runs).

Example::

    .venv/bin/python benchmarks/clean_prose_fp.py --shared ../shared --categories overclaim,safety
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import harness
from harness import md_cell, md_table

DESCRIPTION = "Findings per 1,000 words on clean MedQuAD health prose (false positives)."
CORPUS_HELP = "medlineplus (600 topic summaries, default) or cdc (250 Q&A answers)"
CORPORA = {
    "medlineplus": "eval/clean_prose_medquad/medlineplus_health_topic_summaries_sample600.jsonl",
    "cdc": "eval/clean_prose_medquad/cdc_qa_answers_sample250.jsonl",
}


def load_corpus(path: Path, limit: int | None) -> list[dict[str, str]]:
    """Read the MedQuAD JSONL file into ``{"doc_id", "label", "text", "file"}`` records.

    CDC answers share a doc_id per topic, so a label like ``0000001#2`` tells them apart; the
    file name carries the row number so it is unique whatever the ids are.
    """
    docs: list[dict[str, str]] = []
    seen: Counter[str] = Counter()
    with path.open(encoding="utf-8") as handle:
        for row_no, line in enumerate(handle):
            if not line.strip():
                continue
            row = json.loads(line)
            doc_id = str(row.get("doc_id", row_no))
            seen[doc_id] += 1
            label = doc_id if seen[doc_id] == 1 else f"{doc_id}#{seen[doc_id]}"
            safe = re.sub(r"[^A-Za-z0-9_.-]", "_", doc_id)
            docs.append(
                {
                    "doc_id": label,
                    "text": str(row.get("answer", "")),
                    "file": f"{len(docs):04d}_{safe}.txt",
                }
            )
            if limit is not None and len(docs) >= limit:
                break
    return docs


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = harness.new_parser(DESCRIPTION, CORPORA, "medlineplus", CORPUS_HELP)
    parser.add_argument(
        "--categories",
        default="",
        help="comma-separated finding categories to count, e.g. overclaim,safety (default: all)",
    )
    parser.add_argument("--top", type=int, default=10, metavar="N", help="most common findings")
    parser.add_argument(
        "--show-all", action="store_true", help="list every finding with doc id and sentence"
    )
    harness.add_run_options(parser, "docs")
    return parser.parse_args(argv)


def compute(
    docs: list[dict[str, str]],
    by_file: dict[str, list[dict]],
    categories: list[str] | None,
    top: int,
) -> dict[str, Any]:
    """Aggregate findings into per-category rates, per-rule counts and the top groups."""
    words = sum(len(doc["text"].split()) for doc in docs)

    def per_k(count: int) -> float:
        return 1000.0 * count / words if words else 0.0

    selected: list[dict[str, Any]] = []
    for doc in docs:
        for finding in by_file.get(doc["file"], []):
            category = str(finding.get("category", "?"))
            if categories is None or category in categories:
                selected.append({**finding, "doc_id": doc["doc_id"]})

    by_category = Counter(str(f.get("category", "?")) for f in selected)
    # Requested categories with no findings still get a row: a zero is a result.
    category_names = categories if categories is not None else sorted(by_category)
    by_rule = Counter(str(f.get("rule", "?")) for f in selected)
    rule_category = {str(f.get("rule", "?")): str(f.get("category", "?")) for f in selected}

    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for finding in selected:
        key = (str(finding.get("rule", "?")), str(finding.get("text", "")).lower())
        groups[key].append(finding)
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))

    return {
        "docs": len(docs),
        "words": words,
        "docs_with_findings": len({f["doc_id"] for f in selected}),
        "total": {"count": len(selected), "per_1000_words": per_k(len(selected))},
        "categories": {
            name: {"count": by_category[name], "per_1000_words": per_k(by_category[name])}
            for name in category_names
        },
        "rules": [
            {
                "rule": rule,
                "category": rule_category[rule],
                "count": count,
                "per_1000_words": per_k(count),
            }
            for rule, count in by_rule.most_common()
        ],
        "top": [
            {
                "rule": rule,
                "text": text,
                "count": len(items),
                "docs": len({f["doc_id"] for f in items}),
                "example_doc_id": items[0]["doc_id"],
                "example_sentence": str(items[0].get("sentence", "")),
            }
            for (rule, text), items in ranked[:top]
        ],
        "findings": [
            {
                "doc_id": f["doc_id"],
                "rule": f.get("rule"),
                "category": f.get("category"),
                "severity": f.get("severity"),
                "line": f.get("line"),
                "column": f.get("column"),
                "text": f.get("text"),
                "sentence": f.get("sentence"),
            }
            for f in selected
        ],
    }


def render(results: dict[str, Any], meta: dict[str, Any], show_all: bool) -> str:
    """Format the results as a Markdown report."""
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
    ]
    rows = [
        [md_cell(name), f"{row['count']:,}", f"{row['per_1000_words']:.3f}"]
        for name, row in results["categories"].items()
    ]
    total = results["total"]
    rows.append(["**total**", f"**{total['count']:,}**", f"**{total['per_1000_words']:.3f}**"])
    out += md_table(["category", "findings", "per 1,000 words"], "lrr", rows)

    if results["rules"]:
        out += ["", "## By rule", ""]
        out += md_table(
            ["rule", "category", "findings", "per 1,000 words"],
            "llrr",
            [
                [
                    f"`{md_cell(row['rule'])}`",
                    md_cell(row["category"]),
                    f"{row['count']:,}",
                    f"{row['per_1000_words']:.3f}",
                ]
                for row in results["rules"]
            ],
        )

    out += ["", f"## Most common findings (top {meta['top']})", ""]
    if results["top"]:
        out += md_table(
            ["#", "rule", "matched text", "count", "docs", "example (doc id: sentence)"],
            "rllrrl",
            [
                [
                    rank,
                    f"`{md_cell(row['rule'])}`",
                    md_cell(row["text"]),
                    row["count"],
                    row["docs"],
                    md_cell(f"{row['example_doc_id']}: {row['example_sentence']}", 220),
                ]
                for rank, row in enumerate(results["top"], 1)
            ],
        )
    else:
        out.append("No findings in the counted categories.")

    if show_all:
        out += ["", "## All findings", ""]
        out += md_table(
            ["doc id", "rule", "line:col", "matched text", "sentence"],
            "lllll",
            [
                [
                    md_cell(f["doc_id"]),
                    f"`{md_cell(f['rule'])}`",
                    f"{f['line']}:{f['column']}",
                    md_cell(f["text"]),
                    md_cell(f["sentence"] or ""),
                ]
                for f in results["findings"]
            ],
        )

    out += harness.file_error_lines(meta)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown report; return the process exit status."""
    args = parse_args(argv)
    corpus_file = args.shared / CORPORA[args.corpus]
    if not corpus_file.is_file():
        harness.die(f"corpus not found: {corpus_file} (set --shared)")
    categories = [c.strip() for c in args.categories.split(",") if c.strip()] or None
    docs = load_corpus(corpus_file, args.limit)
    run = harness.lint_texts(
        {doc["file"]: doc["text"] for doc in docs},
        "healthlint-fp-",
        args.healthlint,
        args.extra_args,
        args.timeout,
    )
    # Documents the CLI did not report on, or failed on, would dilute the rate with zeros.
    checked = [d for d in docs if run.usable(d["file"])]
    results = compute(checked, run.findings, categories, args.top)
    meta = {
        "corpus": args.corpus,
        "corpus_file": str(corpus_file),
        "categories": ",".join(categories) if categories else None,
        **run.cli_meta(),
        "top": args.top,
        **run.problem_meta({doc["file"]: doc["doc_id"] for doc in docs}),
    }
    sys.stdout.write(render(results, meta, args.show_all))
    harness.write_json(args.json_out, meta, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
