#!/usr/bin/env python3
"""Readability figures and readability findings on clean, professionally edited health prose.

How the readability formulas grade MedQuAD's MedlinePlus summaries (or CDC answers), and how
many readability findings an editor would get per 1,000 words, rule by rule, so the defaults
can be calibrated on real text. MedQuAD flattened the pages' breaks into spaces; they are put
back unless ``--raw``. See benchmarks/README.md. Example::

    .venv/bin/python benchmarks/readability_eval.py --shared ../shared
"""

from __future__ import annotations

import argparse
import re
import statistics
from collections import Counter
from typing import Any

import harness
from corpora import MEDQUAD, Corpora
from harness import md_cell, md_table

DESCRIPTION = "Readability grades and readability findings per 1,000 words on MedQuAD prose."
BANDS = ((0, 6), (6, 8), (8, 10), (10, 12), (12, 14), (14, 99))
# Findings about one sentence as a whole; jargon, acronyms and paragraphs are the other
# findings an editor meets in the text, and the grade-level finding is one per document.
SENTENCE_LEVEL = ("readability.long-sentence", "readability.hard-sentence")
DOCUMENT_LEVEL = "readability.grade-level"
_BULLET = re.compile(r"[ \t]{2,}-[ \t]+|[ \t]+-[ \t]{2,}")
_PARAGRAPH = re.compile(r"[ \t]{3,}")


def restore_breaks(text: str) -> str:
    """Put back the list items and paragraph breaks that MedQuAD flattened into spaces."""
    text = _BULLET.sub("\n- ", text)
    return _PARAGRAPH.sub("\n\n", text).strip() + "\n"


def quantiles(values: list[float]) -> dict[str, float]:
    """Min, 10th, 25th, 50th, 75th, 90th percentile, max and mean of *values*."""
    ordered = sorted(values)
    cuts = (
        statistics.quantiles(ordered, n=20, method="inclusive")
        if len(ordered) > 1
        else (ordered * 19)
    )
    return {
        "min": ordered[0],
        "p10": cuts[1],
        "p25": cuts[4],
        "median": cuts[9],
        "p75": cuts[14],
        "p90": cuts[17],
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Lint the corpus once and gather figures and findings per document."""
    docs = Corpora.from_args(args).medquad(args.corpus, args.limit)
    # The samples keep their own breaks (and formats); only MedQuAD's flattened text needs them.
    raw = args.raw or args.samples
    texts = {d.file: d.text if raw else restore_breaks(d.text) for d in docs}
    config = f"audience: {args.audience}\n" if args.audience else None
    done = harness.lint_texts(texts, args, [*harness.CHECK, "--select", "readability"], config)
    rows = [
        {
            "doc_id": doc.id,
            "words": doc.words,
            "readability": done.entries[doc.file]["readability"],
            "findings": done.findings(doc.file),
        }
        for doc in docs
        if done.usable(doc.file) and "readability" in done.entries[doc.file]
    ]
    return {
        "meta": {
            **done.meta({doc.file: doc.id for doc in docs}),
            "corpus": args.corpus,
            "restored_breaks": not raw,
            "documents": len(docs),
            "usable": len(rows),
        },
        "rows": rows,
    }


def report_lines(result: dict[str, Any], examples: int) -> list[str]:
    """The Markdown report."""
    meta, rows = result["meta"], result["rows"]
    words = sum(r["words"] for r in rows)
    out = [
        "# Readability on clean health prose",
        "",
        f"- corpus: {meta['corpus']}, {meta['usable']} of {meta['documents']} documents, "
        f"{words:,} words (whitespace-separated, as in clean_prose_fp.py)",
        f"- breaks restored: {'yes' if meta['restored_breaks'] else 'no (--raw or --samples)'}",
        *harness.run_lines(meta),
        "",
    ]
    if not rows:
        return [*out, "No usable documents."]
    # A document with no prose sentence (a bare list) has no scores at all.
    scored = [r for r in rows if r["readability"].get("smog") is not None]
    out += ["## Grade distributions", ""]
    header = ["formula", "min", "p10", "p25", "median", "p75", "p90", "max", "mean"]
    table = []
    for key, label in (
        ("smog", "SMOG"),
        ("flesch_kincaid_grade", "Flesch-Kincaid grade"),
        ("flesch_reading_ease", "Flesch reading ease"),
        ("gunning_fog", "Gunning fog"),
        ("coleman_liau", "Coleman-Liau"),
        ("dale_chall", "Dale-Chall score"),
        ("avg_sentence_length", "words per sentence"),
    ):
        values = [r["readability"][key] for r in rows if r["readability"].get(key) is not None]
        if values:
            q = quantiles(values)
            table.append([label, *(f"{q[k]:.1f}" for k in header[1:])])
    out += md_table(header, "lrrrrrrrr", table)
    out += ["", "Documents per grade band:", ""]
    band_rows = []
    for low, high in BANDS:
        name = f"{low}–{high}" if high < 99 else f"≥{low}"
        smog = sum(1 for r in scored if low <= r["readability"]["smog"] < high)
        fk = sum(1 for r in scored if low <= r["readability"]["flesch_kincaid_grade"] < high)
        band_rows.append([name, smog, fk])
    out += md_table(["grade", "SMOG", "Flesch-Kincaid"], "lrr", band_rows)
    graded = [r for r in rows if r["readability"].get("over_target") is not None]
    over = [r for r in graded if r["readability"]["over_target"]]
    target = rows[0]["readability"].get("target_grade")
    audience = rows[0]["readability"].get("audience")
    out += [
        "",
        f"Over the {audience} target (SMOG > {target}): **{len(over)} of "
        f"{len(graded)}** graded documents ({len(rows) - len(graded)} under the "
        f"minimum length or without prose are not graded); by Flesch-Kincaid > "
        f"{target}: "
        f"{sum(1 for r in scored if r['readability']['flesch_kincaid_grade'] > target)}"
        f" of {len(scored)} scored.",
        "",
    ]
    counts: Counter[str] = Counter()
    severity: dict[str, str] = {}
    for r in rows:
        for f in r["findings"]:
            counts[f["rule"]] += 1
            severity[f["rule"]] = f["severity"]
    per_k = 1000 / words
    out += ["## Findings per 1,000 words", ""]
    rule_rows = [
        [
            rule,
            severity[rule],
            n,
            f"{n * per_k:.2f}",
            len({r["doc_id"] for r in rows if any(f["rule"] == rule for f in r["findings"])}),
        ]
        for rule, n in sorted(counts.items())
    ]
    sentence = sum(counts[r] for r in SENTENCE_LEVEL)
    warnings = sum(n for rule, n in counts.items() if severity[rule] == "warning")
    in_text = warnings - counts[DOCUMENT_LEVEL]
    for name, severity_name, n, bold in (
        ("**sentence-level warnings** (long + hard sentence)", "warning", sentence, True),
        ("**warnings in the text** (all but grade-level)", "warning", in_text, True),
        ("all warnings", "warning", warnings, False),
        ("all findings", "", sum(counts.values()), False),
    ):
        rate = f"**{n * per_k:.2f}**" if bold else f"{n * per_k:.2f}"
        rule_rows.append([name, severity_name, n, rate, ""])
    out += md_table(
        ["rule", "severity", "findings", "per 1,000 words", "documents"], "llrrr", rule_rows
    )
    for rule in ("readability.jargon", "readability.acronym"):
        common = Counter(
            f["text"].lower() for r in rows for f in r["findings"] if f["rule"] == rule
        )
        if common:
            out += [
                "",
                f"Most common `{rule}` matches: "
                + ", ".join(f"{text} ({n})" for text, n in common.most_common(examples * 3)),
            ]
    out += ["", "## Examples", ""]
    for rule in sorted(counts):
        if rule in ("readability.grade-level", "readability.passive-voice"):
            continue
        shown = [(r["doc_id"], f) for r in rows for f in r["findings"] if f["rule"] == rule]
        out += [f"### {rule}", ""]
        for doc_id, f in shown[:examples]:
            out.append(
                f"- {doc_id} {f['line']}:{f['column']} `{md_cell(f['text'], 60)}` — "
                f"{md_cell(f['sentence'] or f['message'], 200)}"
            )
        out.append("")
    return out


def main(argv: list[str] | None = None) -> None:
    """Run the evaluation and print the report."""
    parser = harness.parser(DESCRIPTION, MEDQUAD)
    parser.add_argument(
        "--raw", action="store_true", help="lint the text as MedQuAD stores it, breaks flattened"
    )
    parser.add_argument(
        "--audience",
        choices=("patient", "general", "professional"),
        default=None,
        help="run under this audience (default: the config's, or patient)",
    )
    parser.add_argument(
        "--examples", type=int, default=5, metavar="N", help="example findings per rule"
    )
    args = parser.parse_args(argv)
    result = run(args)
    print("\n".join(report_lines(result, args.examples)))
    harness.write_json(args.json_out, result["meta"], {"documents": result["rows"]})


if __name__ == "__main__":
    main()
