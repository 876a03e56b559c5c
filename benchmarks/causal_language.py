#!/usr/bin/env python3
"""How an overclaim rule treats scientific claim sentences of known causal strength.

Corpora (Yu, Li & Wang), one sentence per row, each labelled by claim strength:

- ``pubmed``: ``yu2019_pubmed_causal_language_use.csv`` (columns sentence,label), conclusion
  sentences from PubMed abstracts. Encoding: 0 no claim, 1 direct causal, 2 conditional causal,
  3 correlational.
- ``eureka``: ``yu2020_annotated_eureka_pressrelease.csv`` (columns sentId,sentence,label),
  press-release headlines and lead sentences. Encoding DIFFERS: 0 no claim, 1 correlational,
  2 conditional causal, 3 direct causal.

Labels are normalised to names before anything is counted. A causal-overclaim rule should fire
on "direct causal" and stay quiet on "conditional causal" (hedged) and "correlational"; firing
on those two is a false alarm. Each sentence goes into its own ``.txt`` file and ONE healthlint
process checks the directory.

Example::

    .venv/bin/python benchmarks/causal_language.py --shared ../shared --corpus eureka
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import harness
from harness import md_cell, md_table

DESCRIPTION = "Rate at which a healthlint rule fires on sentences of each causal label."
CORPUS_HELP = "pubmed (Yu 2019 abstract conclusions, default) or eureka (Yu 2020 press releases)"
DEFAULT_RULE = "overclaims.unhedged-causal"

NO_CLAIM = "no claim"
DIRECT = "direct causal"
CONDITIONAL = "conditional causal"
CORRELATIONAL = "correlational"
LABEL_ORDER = [DIRECT, CONDITIONAL, CORRELATIONAL, NO_CLAIM]
FALSE_ALARM_LABELS = (CONDITIONAL, CORRELATIONAL)

CORPORA: dict[str, dict[str, Any]] = {
    "pubmed": {
        "path": "eval/causal_language/yu2019_pubmed_causal_language_use.csv",
        "id_column": None,
        "labels": {"0": NO_CLAIM, "1": DIRECT, "2": CONDITIONAL, "3": CORRELATIONAL},
    },
    "eureka": {
        "path": "eval/causal_language/yu2020_annotated_eureka_pressrelease.csv",
        "id_column": "sentId",
        "labels": {"0": NO_CLAIM, "1": CORRELATIONAL, "2": CONDITIONAL, "3": DIRECT},
    },
}


def load_corpus(name: str, shared: Path, limit: int | None) -> tuple[Path, list[dict[str, str]]]:
    """Read a Yu et al. CSV into ``{"id", "sentence", "label", "file"}`` rows with named labels.

    Exits if a label value is not in that corpus's encoding, since a silent mis-mapping would
    swap the meaning of "direct causal" and "correlational".
    """
    spec = CORPORA[name]
    path = shared / spec["path"]
    if not path.is_file():
        harness.die(f"corpus not found: {path} (set --shared)")
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row_no, row in enumerate(csv.DictReader(handle)):
            raw = str(row.get("label", "")).strip()
            if raw not in spec["labels"]:
                harness.die(f"{path.name} row {row_no + 2}: unknown label {raw!r}")
            ident = row.get(spec["id_column"]) if spec["id_column"] else None
            rows.append(
                {
                    "id": str(ident or row_no + 1),
                    "sentence": str(row.get("sentence", "")).strip(),
                    "label": spec["labels"][raw],
                    "file": f"{len(rows):05d}.txt",
                }
            )
            if limit is not None and len(rows) >= limit:
                break
    return path, rows


def is_hit(finding: dict[str, Any], rules: set[str] | None, category: str | None) -> bool:
    """Whether *finding* counts: by category when one is given, otherwise by rule id."""
    if category is not None:
        return str(finding.get("category", "")) == category
    return rules is not None and str(finding.get("rule", "")) in rules


def compute(
    rows: list[dict[str, str]],
    by_file: dict[str, list[dict]],
    rules: set[str] | None,
    category: str | None,
    n_examples: int,
    n_missed: int,
) -> dict[str, Any]:
    """Count flagged sentences per label and pick false-alarm and missed examples."""
    totals: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    flagged_rows: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    for row in rows:
        totals[row["label"]] += 1
        hits = [f for f in by_file.get(row["file"], []) if is_hit(f, rules, category)]
        if hits:
            flagged[row["label"]] += 1
            matches = sorted({f"{f.get('rule', '?')}: {f.get('text', '')}" for f in hits})
            flagged_rows.append({**row, "matches": matches})
        elif row["label"] == DIRECT and len(missed) < n_missed:
            missed.append(row)

    # Alternate between the two false-alarm labels so both are represented in the examples.
    pools = [[r for r in flagged_rows if r["label"] == lab] for lab in FALSE_ALARM_LABELS]
    examples: list[dict[str, Any]] = []
    for i in range(max((len(p) for p in pools), default=0)):
        for pool in pools:
            if i < len(pool) and len(examples) < n_examples:
                examples.append(pool[i])

    labels = {
        lab: {
            "flagged": flagged[lab],
            "total": totals[lab],
            "rate_percent": 100.0 * flagged[lab] / totals[lab] if totals[lab] else 0.0,
        }
        for lab in LABEL_ORDER
    }
    true_pos = flagged[DIRECT]
    all_flagged = sum(flagged.values())
    precision = true_pos / all_flagged if all_flagged else 0.0
    recall = true_pos / totals[DIRECT] if totals[DIRECT] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    hedged_total = sum(totals[lab] for lab in FALSE_ALARM_LABELS)
    hedged_flagged = sum(flagged[lab] for lab in FALSE_ALARM_LABELS)
    return {
        "sentences": len(rows),
        "labels": labels,
        "direct_causal_as_positive": {"precision": precision, "recall": recall, "f1": f1},
        "false_alarm_rate_hedged_percent": (
            100.0 * hedged_flagged / hedged_total if hedged_total else 0.0
        ),
        "false_alarm_examples": examples,
        "missed_direct_examples": missed,
        "flagged": flagged_rows,
    }


def render(results: dict[str, Any], meta: dict[str, Any]) -> str:
    """Format the results as a Markdown report."""
    out = [
        "# healthlint on causal-language sentences",
        "",
        f"- corpus: `{meta['corpus_file']}` ({meta['corpus']}; labels normalised to names)",
        f"- sentences checked: {results['sentences']:,}",
        f"- counted: {meta['counted']}",
        *harness.run_lines(meta),
        "",
        "## Sentences flagged, by label",
        "",
    ]
    out += md_table(
        ["label", "flagged", "total", "rate %"],
        "lrrr",
        [
            [lab, f"{row['flagged']:,}", f"{row['total']:,}", f"{row['rate_percent']:.1f}"]
            for lab, row in results["labels"].items()
        ],
    )
    scores = results["direct_causal_as_positive"]
    out += [
        "",
        "Treating *direct causal* as the positive class: "
        f"precision {scores['precision']:.3f}, recall {scores['recall']:.3f}, "
        f"F1 {scores['f1']:.3f}. False-alarm rate on conditional + correlational sentences: "
        f"{results['false_alarm_rate_hedged_percent']:.1f}%.",
        "",
        f"## False alarms: flagged conditional-causal and correlational sentences "
        f"(up to {meta['examples']})",
        "",
    ]
    if results["false_alarm_examples"]:
        out += md_table(
            ["id", "label", "matched", "sentence"],
            "llll",
            [
                [
                    md_cell(row["id"]),
                    row["label"],
                    md_cell("; ".join(row["matches"])),
                    md_cell(row["sentence"]),
                ]
                for row in results["false_alarm_examples"]
            ],
        )
    else:
        out.append("None.")
    if meta["missed"]:
        out += ["", f"## Missed direct-causal sentences (up to {meta['missed']})", ""]
        for row in results["missed_direct_examples"]:
            out.append(f"- {md_cell(row['id'])}: {md_cell(row['sentence'])}")
    out += harness.file_error_lines(meta)
    return "\n".join(out) + "\n"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = harness.new_parser(DESCRIPTION, CORPORA, "pubmed", CORPUS_HELP)
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--rule",
        default=None,
        help=f"rule id(s) to count, comma-separated (default: {DEFAULT_RULE})",
    )
    which.add_argument(
        "--category", default=None, help="count any finding of this category, e.g. overclaim"
    )
    parser.add_argument(
        "--examples", type=int, default=15, metavar="N", help="false-alarm examples to show"
    )
    parser.add_argument(
        "--missed", type=int, default=0, metavar="N", help="also show N unflagged direct claims"
    )
    harness.add_run_options(parser, "rows")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown report; return the process exit status."""
    args = parse_args(argv)
    category = args.category.strip() if args.category else None
    rules = None
    if category is None:
        rules = {r.strip() for r in (args.rule or DEFAULT_RULE).split(",") if r.strip()}
    corpus_file, rows = load_corpus(args.corpus, args.shared, args.limit)
    run = harness.lint_texts(
        {row["file"]: row["sentence"] + "\n" for row in rows},
        "healthlint-causal-",
        args.healthlint,
        args.extra_args,
        args.timeout,
    )
    # Sentences the CLI did not report on, or failed on, would count as silently unflagged.
    checked = [r for r in rows if run.usable(r["file"])]
    results = compute(checked, run.findings, rules, category, args.examples, args.missed)
    meta = {
        "corpus": args.corpus,
        "corpus_file": str(corpus_file),
        "counted": f"category `{category}`"
        if category
        else "rule " + ", ".join(f"`{r}`" for r in sorted(rules or ())),
        **run.cli_meta(),
        "examples": args.examples,
        "missed": args.missed,
        **run.problem_meta({row["file"]: row["id"] for row in rows}),
    }
    sys.stdout.write(render(results, meta))
    harness.write_json(args.json_out, meta, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
