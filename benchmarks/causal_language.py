#!/usr/bin/env python3
"""How an overclaim rule treats scientific claim sentences of known causal strength.

Corpora (Yu, Li & Wang), one sentence per row, each labelled by claim strength: ``pubmed``,
conclusion sentences from PubMed abstracts, and ``eureka``, press-release headlines and lead
sentences (the two files encode the labels differently; :mod:`corpora` names them). A
causal-overclaim rule should fire on "direct causal" and stay quiet on "conditional causal"
(hedged) and "correlational"; firing on those two is a false alarm. Each sentence is linted as
its own ``.txt`` file.

``--strength`` scores the claim inventory instead (``healthlint claims``): each sentence's
claims give one of the four labels (``inventory_label``), and the report gives the confusion
matrix, per-label precision, recall and F1, and their macro average. ``--split dev|test``
keeps one fixed half of the rows (``split_of``): tune on ``dev``, score ``test`` at the end.

Example::

    .venv/bin/python benchmarks/causal_language.py --shared ../shared --corpus eureka
    .venv/bin/python benchmarks/causal_language.py --shared ../shared --strength --split dev
"""

from __future__ import annotations

import hashlib
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
# The claim inventory's claims as Yu et al. label them: a hedged cause ("conditional") is
# conditional causal; otherwise the relation decides, whatever the polarity (Yu et al. label
# "X did not improve Y" direct causal); a claim with no relation counts as "no claim".
RELATION_LABELS = {"causal": DIRECT, "correlational": CORRELATIONAL}
# When one row parses into several claims, the label of the strongest wins.
STRENGTH_PRIORITY = (DIRECT, CONDITIONAL, CORRELATIONAL)
CLAIMS_ARGS = ("claims", "--format", "json")
# The dev/test split: a row is in dev when the first byte of SHA-256("SEED:corpus:id") is even.
# Changing the seed would let a tuned rule see the test half; do not.
SPLIT_SEED = "healthlint-yu-2026-12"
SPLITS = ("all", "dev", "test")


def split_of(corpus: str, ident: str) -> str:
    """``"dev"`` or ``"test"``: the half of the data a row belongs to, fixed by SPLIT_SEED."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{corpus}:{ident}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def inventory_label(entry: dict[str, Any]) -> str:
    """The Yu label of one file's claims: the strongest label they map to, else no claim."""
    labels = {
        CONDITIONAL
        if claim.get("strength") == "conditional"
        else RELATION_LABELS.get(str(claim.get("relation")))
        for claim in entry.get("claims") or ()
    }
    return next((label for label in STRENGTH_PRIORITY if label in labels), NO_CLAIM)


def score_strengths(rows: list[Record], run: harness.LintRun, n_examples: int) -> dict[str, Any]:
    """Confusion matrix, per-label precision/recall/F1 and macro-F1 of the inventory's labels.

    Up to *n_examples* misclassified rows per (label, inventory) pair are kept to inspect.
    """
    confusion: Counter[tuple[str, str]] = Counter()
    errors: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        gold = row.labels["label"]
        predicted = inventory_label(run.entries.get(row.file, {}))
        confusion[(gold, predicted)] += 1
        pool = errors.setdefault(f"{gold} -> {predicted}", []) if predicted != gold else None
        if pool is not None and len(pool) < n_examples:
            pool.append({"id": row.id, "sentence": row.text.strip()})
    per_label = {}
    for label in LABEL_ORDER:
        true_pos = confusion[(label, label)]
        gold = sum(n for (g, _), n in confusion.items() if g == label)
        predicted = sum(n for (_, p), n in confusion.items() if p == label)
        precision = true_pos / predicted if predicted else 0.0
        recall = true_pos / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"gold": gold, "precision": precision, "recall": recall, "f1": f1}
    correct = sum(confusion[(label, label)] for label in LABEL_ORDER)
    return {
        "sentences": len(rows),
        "accuracy": correct / len(rows) if rows else 0.0,
        "macro_f1": sum(v["f1"] for v in per_label.values()) / len(LABEL_ORDER),
        "labels": per_label,
        "confusion_matrix": [[confusion[(g, p)] for p in LABEL_ORDER] for g in LABEL_ORDER],
        "errors": {pair: errors[pair] for pair in sorted(errors) if errors[pair]},
    }


def render_strengths(results: dict[str, Any], meta: dict[str, Any]) -> str:
    """Format the inventory-strength scores as a Markdown report."""
    out = [
        "# The claim inventory's strength against causal-language labels",
        "",
        f"- corpus: `{meta['corpus_file']}` ({meta['corpus']}; labels normalised to names)",
        f"- split: {meta['split']} (seed `{SPLIT_SEED}`); sentences scored: "
        f"{results['sentences']:,}",
        *harness.run_lines(meta),
        "",
        f"**Macro-F1 {results['macro_f1']:.3f}**, accuracy {results['accuracy']:.3f}.",
        "",
        *md_table(
            ["label", "sentences", "precision", "recall", "F1"],
            "lrrrr",
            (
                [
                    lab,
                    f"{v['gold']:,}",
                    f"{v['precision']:.3f}",
                    f"{v['recall']:.3f}",
                    f"{v['f1']:.3f}",
                ]
                for lab, v in results["labels"].items()
            ),
        ),
        "",
        "Confusion matrix (rows: label; columns: inventory):",
        "",
        *md_table(
            ["label", *LABEL_ORDER],
            "l" + "r" * len(LABEL_ORDER),
            ([g, *row] for g, row in zip(LABEL_ORDER, results["confusion_matrix"], strict=True)),
        ),
    ]
    if meta["examples"] and results["errors"]:
        out += ["", f"## Disagreements (up to {meta['examples']} per pair)"]
        for pair, pool in results["errors"].items():
            out += ["", f"### {pair}", ""]
            out += [f"- {md_cell(r['id'])}: {md_cell(r['sentence'])}" for r in pool]
    out += harness.file_error_lines(meta)
    return "\n".join(out) + "\n"


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
        f"- split: {meta['split']}; sentences checked: {results['sentences']:,}",
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
    parser.add_argument(
        "--strength",
        action="store_true",
        help="score the claim inventory's strength against the four labels (macro-F1) "
        "instead of counting a rule's findings",
    )
    parser.add_argument(
        "--split",
        choices=SPLITS,
        default="all",
        help="dev (tune on it), test (score it at the end) or all rows (default)",
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
    if args.split != "all":
        rows = [row for row in rows if split_of(args.corpus, row.id) == args.split]
    texts = {row.file: row.text for row in rows}
    run = harness.lint_texts(texts, args, CLAIMS_ARGS if args.strength else harness.CHECK)
    # Sentences the CLI did not report on, or failed on, would count as silently unflagged.
    checked = [r for r in rows if run.usable(r.file)]
    meta = {
        "corpus": args.corpus,
        "corpus_file": corpora.name(CAUSAL[args.corpus][0], SAMPLE_SENTENCES),
        "split": args.split,
        "examples": args.examples,
        **run.meta({row.file: row.id for row in rows}),
    }
    if args.strength:
        results = score_strengths(checked, run, args.examples)
        sys.stdout.write(render_strengths(results, meta))
        harness.write_json(args.json_out, meta, results)
        return 0
    results = compute(checked, run, counts, args.examples, args.missed)
    meta = {**meta, "counted": counted, "missed": args.missed}
    sys.stdout.write(render(results, meta))
    harness.write_json(args.json_out, meta, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
