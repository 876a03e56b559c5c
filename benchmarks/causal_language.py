#!/usr/bin/env python3
"""How an overclaim rule treats scientific claim sentences of known causal strength.

Corpora (Yu, Li & Wang), one sentence per row, each labelled by claim strength: ``pubmed``,
conclusion sentences from PubMed abstracts, and ``eureka``, press-release headlines and lead
sentences (the two files encode the labels differently; :mod:`corpora` names them). A
causal-overclaim rule should fire on "direct causal" and stay quiet on "conditional causal"
(hedged) and "correlational"; firing on those two is a false alarm. Each sentence is linted as
its own ``.txt`` file.

Example::

    .venv/bin/python benchmarks/causal_language.py --shared ../shared --corpus eureka
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

import harness
from corpora import (
    CAUSAL,
    CONDITIONAL,
    CORRELATIONAL,
    DIRECT,
    NO_CLAIM,
    SAMPLE_SENTENCES,
    Corpora,
    Record,
)
from harness import md_cell, md_table

DESCRIPTION = "Rate at which a healthlint rule fires on sentences of each causal label."
# The causal overclaims: cure/reverse/prevent/... frames (claim kind) and the detox and boost
# verbs that the causal-claim kind still reads.
DEFAULT_RULE = "overclaims.unhedged-causal,overclaims.health-promise"
LABEL_ORDER = [DIRECT, CONDITIONAL, CORRELATIONAL, NO_CLAIM]
FALSE_ALARM_LABELS = (CONDITIONAL, CORRELATIONAL)


def compute(
    rows: list[Record],
    run: harness.LintRun,
    counts: Any,
    n_examples: int,
    n_missed: int,
) -> dict[str, Any]:
    """Count flagged sentences per label and pick false-alarm and missed examples.

    *counts* says whether a finding counts (by rule or by category).
    """
    totals: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    flagged_rows: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    for row in rows:
        label = row.labels["label"]
        totals[label] += 1
        entry = {"id": row.id, "sentence": row.text.strip(), "label": label, "file": row.file}
        hits = [f for f in run.findings(row.file) if counts(f)]
        if hits:
            flagged[label] += 1
            matches = sorted({f"{f.get('rule', '?')}: {f.get('text', '')}" for f in hits})
            flagged_rows.append({**entry, "matches": matches})
        elif label == DIRECT and len(missed) < n_missed:
            missed.append(entry)
    # Alternate between the two false-alarm labels so both are represented in the examples.
    pools = [[r for r in flagged_rows if r["label"] == lab] for lab in FALSE_ALARM_LABELS]
    examples = [pool[i] for i in range(max(map(len, pools))) for pool in pools if i < len(pool)][
        :n_examples
    ]
    true_pos, all_flagged = flagged[DIRECT], sum(flagged.values())
    precision = true_pos / all_flagged if all_flagged else 0.0
    recall = true_pos / totals[DIRECT] if totals[DIRECT] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    hedged_total = sum(totals[lab] for lab in FALSE_ALARM_LABELS)
    hedged_flagged = sum(flagged[lab] for lab in FALSE_ALARM_LABELS)
    return {
        "sentences": len(rows),
        "labels": {
            lab: {
                "flagged": flagged[lab],
                "total": totals[lab],
                "rate_percent": 100.0 * flagged[lab] / totals[lab] if totals[lab] else 0.0,
            }
            for lab in LABEL_ORDER
        },
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
    scores = results["direct_causal_as_positive"]
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
        *md_table(
            ["label", "flagged", "total", "rate %"],
            "lrrr",
            (
                [lab, f"{row['flagged']:,}", f"{row['total']:,}", f"{row['rate_percent']:.1f}"]
                for lab, row in results["labels"].items()
            ),
        ),
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
    examples = results["false_alarm_examples"]
    out += (
        md_table(
            ["id", "label", "matched", "sentence"],
            "llll",
            (
                [
                    md_cell(r["id"]),
                    r["label"],
                    md_cell("; ".join(r["matches"])),
                    md_cell(r["sentence"]),
                ]
                for r in examples
            ),
        )
        if examples
        else ["None."]
    )
    if meta["missed"]:
        out += ["", f"## Missed direct-causal sentences (up to {meta['missed']})", ""]
        out += [
            f"- {md_cell(r['id'])}: {md_cell(r['sentence'])}"
            for r in results["missed_direct_examples"]
        ]
    out += harness.file_error_lines(meta)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown report; return the process exit status."""
    parser = harness.parser(DESCRIPTION, CAUSAL)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--rule", help=f"rule id(s) to count, comma-separated ({DEFAULT_RULE})")
    which.add_argument("--category", help="count any finding of this category, e.g. overclaim")
    parser.add_argument(
        "--examples", type=int, default=15, metavar="N", help="false-alarm examples to show"
    )
    parser.add_argument(
        "--missed", type=int, default=0, metavar="N", help="also show N unflagged direct claims"
    )
    args = parser.parse_args(argv)
    if args.category:
        category = args.category.strip()
        counted = f"category `{category}`"

        def counts(finding: dict) -> bool:
            return str(finding.get("category", "")) == category
    else:
        rules = {r.strip() for r in (args.rule or DEFAULT_RULE).split(",") if r.strip()}
        counted = "rule " + ", ".join(f"`{r}`" for r in sorted(rules))

        def counts(finding: dict) -> bool:
            return str(finding.get("rule", "")) in rules

    corpora = Corpora.from_args(args)
    rows = corpora.sentences(args.corpus, args.limit)
    run = harness.lint_texts({row.file: row.text for row in rows}, args)
    # Sentences the CLI did not report on, or failed on, would count as silently unflagged.
    checked = [r for r in rows if run.usable(r.file)]
    results = compute(checked, run, counts, args.examples, args.missed)
    meta = {
        "corpus": args.corpus,
        "corpus_file": corpora.name(CAUSAL[args.corpus][0], SAMPLE_SENTENCES),
        "counted": counted,
        "examples": args.examples,
        "missed": args.missed,
        **run.meta({row.file: row.id for row in rows}),
    }
    sys.stdout.write(render(results, meta))
    harness.write_json(args.json_out, meta, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
