#!/usr/bin/env python3
"""How trustworthy the typo rules are: false positives, recall on real misspellings, speed.

On clean MedQuAD prose: false positives per 1,000 words, recall on injected misspellings (the
Wikipedia list and two medical corpora; Birkbeck apart), false positives on real drug and
condition names, and the CPU time of the typo rules against everything else a lint does. It
lints in-process, to time the typo rules apart and to know where each injected word is. See
benchmarks/README.md. Example::

    .venv/bin/python benchmarks/typo_eval.py --shared ../shared
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import harness
from corpora import MEDQUAD, Corpora
from harness import md_cell, md_table

import healthlint.nlp
from healthlint.checks.spelling import match_case
from healthlint.config import Settings
from healthlint.engine import Linter, active_rules
from healthlint.lexicon import load_lexicon
from healthlint.packs import load_packs

NAMES = harness.REPO_ROOT / "benchmarks" / "data" / "drug_condition_names.txt"
# Misspellings that are really in the MedQuAD sample, each checked in its sentence. A finding on
# one of these is a true positive, not a false one.
GENUINE_TYPOS = frozenset(
    {
        "anectodal",
        "doxcycline",
        "enteroccocci",
        "forumulations",
        "phagocytophilium",
        "prevelant",
        "queestions",
        "quidelines",
        "reqion",
        "seologic",
        "transmissable",
    }
)
# Where a drug or condition name is put to be linted: inside a sentence and opening one.
NAME_TEMPLATES = ("Ask your doctor about {name} today.", "{Name} is discussed below.")
_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")


def read_names(path: Path) -> list[str]:
    """The names in the drug and condition list (comment and blank lines skipped)."""
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


# ---------------------------------------------------------------------------------------------
# Injection
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Injection:
    """One misspelling written into a document in place of the correct word."""

    doc: int
    source: str
    wrong: str  # as written, in the case of the word it replaced
    right: str
    line: int  # 1-based position of the misspelling in the injected text
    column: int


def inject(
    texts: list[str], pairs: dict[str, list[tuple[str, str]]], per_doc: int, uses: int, seed: int
) -> tuple[list[str], list[Injection]]:
    """Write misspellings into the texts in place of the words they misspell.

    Every pair whose correct word occurs in the corpus is used up to ``uses`` times, each time
    in a different document, so each misspelling weighs the same whatever the frequency of its
    word; a document takes at most ``per_doc`` misspellings from each source.
    """
    rng = random.Random(seed)
    where: dict[str, list[tuple[int, re.Match]]] = defaultdict(list)
    for doc, text in enumerate(texts):
        for match in _WORD.finditer(text):
            where[match.group().lower()].append((doc, match))
    chosen: dict[int, dict[int, tuple[str, str, str]]] = defaultdict(dict)
    for source, items in pairs.items():
        load = Counter()
        order = [pair for pair in items if pair[1] in where]
        rng.shuffle(order)
        for _ in range(uses):
            for wrong, right in order:
                free = [
                    (doc, m)
                    for doc, m in where[right]
                    if load[doc] < per_doc
                    and m.start() not in chosen[doc]
                    and all(existing[2].lower() != right for existing in chosen[doc].values())
                ]
                if not free:
                    continue
                doc, match = rng.choice(free)
                chosen[doc][match.start()] = (
                    source,
                    match_case(wrong, match.group()),
                    match.group(),
                )
                load[doc] += 1
    injected_texts, injections = [], []
    for doc, text in enumerate(texts):
        pieces, cursor = [], 0
        for start in sorted(chosen[doc]):
            source, wrong, original = chosen[doc][start]
            pieces.append(text[cursor:start])
            prefix = "".join(pieces)
            line = prefix.count("\n") + 1
            column = len(prefix) - (prefix.rfind("\n") + 1) + 1
            injections.append(Injection(doc, source, wrong, original.lower(), line, column))
            pieces.append(wrong)
            cursor = start + len(original)
        pieces.append(text[cursor:])
        injected_texts.append("".join(pieces))
    return injected_texts, injections


# ---------------------------------------------------------------------------------------------
# Linting
# ---------------------------------------------------------------------------------------------


def typo_linter(nlp, rules):
    """A linter that runs only the typo rules."""
    return Linter([r for r in rules if r.category == "typo"], nlp, Settings())


def plain(texts: list[str], prefix: str) -> dict[str, str]:
    """The texts as plain-text files named in order (injection positions are in plain text)."""
    return {f"{prefix}{i:04d}.txt": text for i, text in enumerate(texts)}


def lint_typos(linter, texts: list[str], prefix: str):
    """Typo findings per text (plain-text documents, linted in order)."""
    sources = harness.sources(plain(texts, prefix))
    return [list(result.findings) for result in linter.lint(sources)]


def timed_full_lint(nlp, rules, texts: list[str]):
    """Lint the texts once, timing (a) reading + spaCy + context + other rules, (b) typo rules.

    Returns (seconds without typo rules, seconds of typo rules, typo findings per text). The
    seconds are CPU time of this process, taken document by document with the two parts
    interleaved, so a busy machine slows both alike.
    """
    linter = Linter([r for r in rules if r.category != "typo"], nlp, Settings())
    typo_only = typo_linter(nlp, rules)
    base = typo_seconds = 0.0
    findings = []
    start = time.process_time()
    for analysis in linter.analyse(harness.sources(plain(texts, "doc"))):
        linter.lint_analysis(analysis)
        after_other = time.process_time()
        result = typo_only.lint_analysis(analysis)
        end = time.process_time()
        base += after_other - start
        typo_seconds += end - after_other
        findings.append(list(result.findings))
        start = time.process_time()
    return base, typo_seconds, findings


def cli_seconds(texts: list[str], args, extra: list[str]) -> tuple[float, float]:
    """Wall time and CPU time of one ``healthlint check`` over the texts, with an empty cache
    folder, so neither run reuses parses from the other."""
    with tempfile.TemporaryDirectory(prefix="healthlint-typo-") as cache:
        run = harness.lint_texts(
            plain(texts, "doc"), args, [*harness.CHECK, "--cache-dir", cache, *extra]
        )
    return run.process.seconds, run.process.cpu


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def false_positives(texts: list[str], findings: list[list], top: int) -> dict:
    """Findings per 1,000 words on clean text, genuine typos counted apart, and the top list."""
    words = sum(len(text.split()) for text in texts)
    genuine, false = [], []
    for doc, items in enumerate(findings):
        for finding in items:
            fields = ("rule", "text", "suggestion", "sentence")
            row = {"doc": doc, **{name: getattr(finding, name) for name in fields}}
            is_genuine = finding.rule == "typos.repeated-word" or (
                finding.text.lower() in GENUINE_TYPOS
            )
            (genuine if is_genuine else false).append(row)
    return {
        "documents": len(texts),
        "words": words,
        "findings": len(genuine) + len(false),
        "genuine_typos": len(genuine),
        "false_positives": len(false),
        "findings_per_1000_words": 1000 * (len(genuine) + len(false)) / words,
        "false_positives_per_1000_words": 1000 * len(false) / words,
        "genuine": genuine,
        "top": harness.most_common(((str(row["doc"]), row) for row in false), top),
    }


def recall(injections: list[Injection], findings: list[list], known: set[str], zipf) -> dict:
    """Share of injected misspellings that a typo finding covers, by source and by kind."""
    rows = []
    for inj in injections:
        hits = [
            f
            for f in findings[inj.doc]
            if f.line == inj.line and f.column <= inj.column < f.end_column
        ]
        suggested = any(f"'{inj.right}'" in f.suggestion.lower() for f in hits)
        kind = (
            "known misspelling"
            if inj.wrong.lower() in known
            else "real word"
            if zipf(inj.wrong.lower()) >= 3.0
            else "other non-word"
        )
        rules = sorted({f.rule for f in hits})
        found = {"found": bool(hits), "suggested": suggested, "kind": kind, "rules": rules}
        rows.append({**asdict(inj), **found})

    def summary(selected: list[dict]) -> dict:
        found = sum(r["found"] for r in selected)
        return {
            "injected": len(selected),
            "found": found,
            "recall": found / len(selected) if selected else 0.0,
            "right_suggestion": sum(r["suggested"] for r in selected),
            "right_suggestion_rate": (
                sum(r["suggested"] for r in selected) / found if found else 0.0
            ),
        }

    by_source = {
        s: summary([r for r in rows if r["source"] == s])
        for s in sorted({r["source"] for r in rows})
    }
    by_kind = {
        f"{s} / {k}": summary([r for r in rows if r["source"] == s and r["kind"] == k])
        for s in sorted({r["source"] for r in rows})
        for k in ("known misspelling", "other non-word", "real word")
        if any(r["source"] == s and r["kind"] == k for r in rows)
    }
    # Birkbeck's errors are children's and learners' handwriting: reported, but apart.
    headline = summary([r for r in rows if r["source"] != "birkbeck"])
    missed = Counter((r["source"], r["wrong"].lower(), r["right"]) for r in rows if not r["found"])
    return {
        "headline": headline,
        "by_source": by_source,
        "by_kind": by_kind,
        "rows": rows,
        "missed": [
            {"source": s, "wrong": w, "right": c, "count": n}
            for (s, w, c), n in missed.most_common(40)
        ],
    }


def names_fp(linter: Linter, names: list[str]) -> dict:
    """Names with at least one typo finding in either template."""
    texts = [
        template.format(name=name, Name=name[:1].upper() + name[1:])
        for name in names
        for template in NAME_TEMPLATES
    ]
    findings = lint_typos(linter, texts, "name")
    flagged: dict[str, set[str]] = defaultdict(set)
    for index, items in enumerate(findings):
        name = names[index // len(NAME_TEMPLATES)]
        for finding in items:
            flagged[name].add(f"{finding.rule}: {finding.text} -> {finding.suggestion}")
    return {
        "names": len(names),
        "flagged": len(flagged),
        "rate": len(flagged) / len(names) if names else 0.0,
        "list": {name: sorted(items) for name, items in sorted(flagged.items())},
    }


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def render(results: dict) -> str:
    """The Markdown report."""
    fp, rec, names, speed = (results[k] for k in ("false_positives", "recall", "names", "speed"))
    genuine = Counter((g["rule"], g["text"]) for g in fp["genuine"])
    head = rec["headline"]
    out = [
        "# healthlint typo rules",
        "",
        f"- corpus: {results['corpus']} ({fp['documents']} documents, {fp['words']:,} words)",
        "",
        "## 1. False positives on clean prose",
        "",
        f"- typo findings: {fp['findings']} ({fp['findings_per_1000_words']:.3f} per 1,000 "
        f"words), of which genuine typos in the source: {fp['genuine_typos']}",
        f"- **false positives: {fp['false_positives']} = "
        f"{fp['false_positives_per_1000_words']:.3f} per 1,000 words** (target <= 0.5)",
        "",
        f"Most common false positives (top {len(fp['top'])}):",
        "",
        *md_table(
            ["#", "rule", "text", "count", "docs", "suggestion", "sentence"],
            "rllrrll",
            (
                [
                    rank,
                    f"`{r['rule']}`",
                    md_cell(r["text"]),
                    r["count"],
                    r["docs"],
                    md_cell(r["example"]["suggestion"]),
                    md_cell(r["example"]["sentence"][:160]),
                ]
                for rank, r in enumerate(fp["top"], 1)
            ),
        ),
        "",
        "Genuine typos found in the source text: "
        + (", ".join(f"{t} ({rule}, {n})" for (rule, t), n in sorted(genuine.items())) or "none"),
        "",
        "## 2. Recall on injected misspellings",
        "",
        f"- **{' + '.join(s for s in rec['by_source'] if s != 'birkbeck')}: "
        f"{head['found']}/{head['injected']} = {head['recall']:.3f}** (target >= 0.90); right "
        f"word suggested for {head['right_suggestion_rate']:.3f} of those found",
        "",
        *md_table(
            ["source / kind", "injected", "found", "recall", "right suggestion"],
            "lrrrr",
            (
                [
                    label,
                    r["injected"],
                    r["found"],
                    f"{r['recall']:.3f}",
                    f"{r['right_suggestion_rate']:.3f}",
                ]
                for label, r in [*rec["by_source"].items(), *rec["by_kind"].items()]
            ),
        ),
        "",
        "Kinds: *known misspelling* = on codespell's or healthlint's list; *real word* "
        "= a word of general English (wordfreq Zipf >= 3), which only context could "
        "catch; *other non-word* = everything else, found by the lexicon alone.",
        "",
        "Most often missed: "
        + ", ".join(f"{m['wrong']}->{m['right']} ({m['source']})" for m in rec["missed"][:25]),
        "",
        "## 3. Drug and condition names",
        "",
        f"- **{names['flagged']} of {names['names']} names flagged ({names['rate']:.3f})**; "
        "each name linted in: " + " / ".join(f"`{t}`" for t in NAME_TEMPLATES),
        *(f"  - {name}: {'; '.join(items)}" for name, items in names["list"].items()),
        "",
        "## 4. Speed",
        "",
        f"- in one process, CPU time: everything but the typo rules "
        f"{speed['base_seconds']:.1f} s; "
        f"typo rules (lexicon loading included) {speed['typo_seconds']:.2f} s; "
        f"**overhead {100 * speed['overhead']:.1f}%** (target <= 15%)",
    ]
    if "cli_all_seconds" in speed:
        out.append(
            f"- CLI, CPU time (wall time): all rules {speed['cli_all_cpu']:.1f} s "
            f"({speed['cli_all_seconds']:.1f} s), `--ignore typo` "
            f"{speed['cli_without_cpu']:.1f} s ({speed['cli_without_seconds']:.1f} s): "
            f"overhead {100 * speed['cli_overhead']:.1f}% of CPU time"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print the report."""
    parser = harness.parser(__doc__.splitlines()[0], ["both", *MEDQUAD])
    parser.add_argument(
        "--per-doc",
        type=int,
        default=2,
        metavar="N",
        help="misspellings injected per document from each source (default 2)",
    )
    parser.add_argument(
        "--uses",
        type=int,
        default=2,
        metavar="N",
        help="times each misspelling is injected, in different documents",
    )
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--names", type=Path, default=NAMES)
    parser.add_argument(
        "--cli-speed", action="store_true", help="also time two CLI runs (all rules; --ignore typo)"
    )
    args = parser.parse_args(argv)
    corpora = Corpora.from_args(args)
    wanted = list(MEDQUAD) if args.corpus == "both" else [args.corpus]
    if args.samples:  # the samples stand in for every corpus: once is enough
        wanted = wanted[:1]
    texts = [r.text for name in wanted for r in corpora.medquad(name)][: args.limit]
    nlp = healthlint.nlp.load_model()
    rules = active_rules(load_packs()[0])
    base, typo_seconds, clean_findings = timed_full_lint(nlp, rules, texts)
    speed = {"base_seconds": base, "typo_seconds": typo_seconds, "overhead": typo_seconds / base}
    if args.cli_speed:
        without = cli_seconds(texts, args, ["--ignore", "typo"])
        with_typos = cli_seconds(texts, args, [])
        speed["cli_all_seconds"], speed["cli_all_cpu"] = with_typos
        speed["cli_without_seconds"], speed["cli_without_cpu"] = without
        speed["cli_overhead"] = with_typos[1] / without[1] - 1
    lexicon = load_lexicon()
    linter = typo_linter(nlp, rules)
    injected, injections = inject(texts, corpora.misspellings(), args.per_doc, args.uses, args.seed)
    results = {
        "corpus": "samples" if args.samples else args.corpus,
        "false_positives": false_positives(texts, clean_findings, args.top),
        "recall": recall(
            injections,
            lint_typos(linter, injected, "injected"),
            set(lexicon.misspellings),
            lexicon.zipf,
        ),
        "names": names_fp(linter, read_names(args.names)),
        "speed": speed,
    }
    sys.stdout.write(render(results))
    harness.write_json(args.json_out, {"corpus": results["corpus"]}, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
