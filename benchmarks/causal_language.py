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
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, NoReturn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
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


# --------------------------------------------------------------------------------------------
# Running the CLI (kept in sync with benchmarks/clean_prose_fp.py; each script is standalone
# so it can be copied or run without the other).
# --------------------------------------------------------------------------------------------


def die(message: str) -> NoReturn:
    """Print *message* to stderr and exit with status 2 (the benchmark could not run)."""
    sys.stderr.write(f"error: {message}\n")
    raise SystemExit(2)


def resolve_healthlint(command: str | None) -> tuple[list[str], Path | None]:
    """Return the argv prefix that starts healthlint, and the working directory to run it in.

    ``None`` or ``"healthlint"`` means auto-detect: the console script next to the running
    interpreter, then ``healthlint`` on PATH, then ``python -m lint`` from the repository root.
    Any other value is split like a shell command line.
    """
    if command is not None and command.strip() != "healthlint":
        return shlex.split(command), None
    # ``.venv/bin/python benchmarks/...`` should measure this venv's install even when the venv
    # is not activated and another healthlint is on PATH.
    sibling = Path(sys.executable).with_name("healthlint")
    if sibling.is_file():
        return [str(sibling)], None
    found = shutil.which("healthlint")
    if found:
        return [found], None
    # Running from the repo root makes ``-m lint`` importable even without an install.
    return [sys.executable, "-m", "lint"], REPO_ROOT


def run_healthlint(
    prefix: list[str],
    cwd: Path | None,
    target: Path,
    extra_args: list[str],
    timeout: float | None,
) -> tuple[dict[str, Any], int, float, str]:
    """Run ``healthlint check --format json --fail-on never`` on *target* and parse its JSON.

    Returns ``(report, exit_code, seconds, stderr)``. Exit codes 0 and 1 mean success (with or
    without findings); 2 means some files errored, and the JSON is still parsed. Exits the
    benchmark with status 2 if the output is not the expected JSON document.
    """
    argv = [*prefix, "check", "--format", "json", "--fail-on", "never", *extra_args, str(target)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            argv, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        die(f"cannot start healthlint ({shlex.join(argv[:3])} ...): {exc}")
    except subprocess.TimeoutExpired:
        die(f"healthlint did not finish within {timeout} s")
    seconds = time.perf_counter() - start
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        sys.stderr.write(proc.stderr[-4000:])
        sys.stderr.write(f"\n--- stdout (first 2000 chars) ---\n{proc.stdout[:2000]}\n")
        die(f"healthlint exited {proc.returncode} without valid JSON ({exc})")
    if not isinstance(report, dict) or not isinstance(report.get("files"), list):
        die("healthlint JSON has no 'files' list")
    if proc.returncode not in (0, 1, 2):
        # The JSON parsed, so report the numbers, but an unexpected code usually means a crash.
        sys.stderr.write(f"warning: healthlint exited with unexpected code {proc.returncode}\n")
        sys.stderr.write(proc.stderr[-2000:])
    return report, proc.returncode, seconds, proc.stderr


def index_report(report: dict[str, Any]) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Map each checked file's base name to its findings, and to its error message if any.

    Files are matched by base name because the CLI may print absolute paths, paths relative to
    its working directory, or paths relative to the checked directory.
    """
    findings: dict[str, list[dict]] = {}
    errors: dict[str, str] = {}
    for entry in report["files"]:
        name = Path(str(entry.get("path", ""))).name
        findings[name] = list(entry.get("findings") or [])
        if entry.get("error"):
            errors[name] = str(entry["error"])
    return findings, errors


def md_cell(value: object, limit: int = 0) -> str:
    """Make *value* safe for one Markdown table cell, optionally shortened to *limit* chars."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("|", "\\|")


# --------------------------------------------------------------------------------------------
# This benchmark
# --------------------------------------------------------------------------------------------


def load_corpus(name: str, shared: Path, limit: int | None) -> tuple[Path, list[dict[str, str]]]:
    """Read a Yu et al. CSV into ``{"id", "sentence", "label", "file"}`` rows with named labels.

    Exits if a label value is not in that corpus's encoding, since a silent mis-mapping would
    swap the meaning of "direct causal" and "correlational".
    """
    spec = CORPORA[name]
    path = shared / spec["path"]
    if not path.is_file():
        die(f"corpus not found: {path} (set --shared)")
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row_no, row in enumerate(csv.DictReader(handle)):
            raw = str(row.get("label", "")).strip()
            if raw not in spec["labels"]:
                die(f"{path.name} row {row_no + 2}: unknown label {raw!r}")
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
        f"- CLI: `{meta['command']}` (version {meta['version']}, exit {meta['exit_code']}, "
        f"{meta['seconds']:.1f} s)",
    ]
    if meta["file_errors"]:
        out.append(
            f"- **files with errors: {len(meta['file_errors'])}** "
            "(excluded from the counts; listed at the end)"
        )
    if meta["missing_files"]:
        out.append(f"- **files missing from the JSON output: {meta['missing_files']}** (excluded)")
    out += [
        "",
        "## Sentences flagged, by label",
        "",
        "| label | flagged | total | rate % |",
        "|---|---:|---:|---:|",
    ]
    for lab, row in results["labels"].items():
        out.append(f"| {lab} | {row['flagged']:,} | {row['total']:,} | {row['rate_percent']:.1f} |")
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
        out += ["| id | label | matched | sentence |", "|---|---|---|---|"]
        for row in results["false_alarm_examples"]:
            out.append(
                f"| {md_cell(row['id'])} | {row['label']} | {md_cell('; '.join(row['matches']))} "
                f"| {md_cell(row['sentence'])} |"
            )
    else:
        out.append("None.")
    if meta["missed"]:
        out += ["", f"## Missed direct-causal sentences (up to {meta['missed']})", ""]
        for row in results["missed_direct_examples"]:
            out.append(f"- {md_cell(row['id'])}: {md_cell(row['sentence'])}")
    if meta["file_errors"]:
        out += ["", "## File errors", ""]
        for ident, message in meta["file_errors"].items():
            out.append(f"- {ident}: {md_cell(message, 300)}")
    return "\n".join(out) + "\n"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Rate at which a healthlint rule fires on sentences of each causal label.",
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="path to the shared data directory (default: ../shared next to the repo)",
    )
    parser.add_argument(
        "--healthlint",
        metavar="CMD",
        default=None,
        help='command that runs the CLI, split like a shell line, e.g. "python /tmp/fake.py" '
        "(default: healthlint next to this Python or on PATH, else python -m lint)",
    )
    parser.add_argument(
        "--extra-args",
        default="",
        metavar="ARGS",
        help='extra CLI arguments, one string; use --extra-args="--config x.yaml" form',
    )
    parser.add_argument(
        "--corpus",
        choices=sorted(CORPORA),
        default="pubmed",
        help="pubmed (Yu 2019 abstract conclusions, default) or eureka (Yu 2020 press releases)",
    )
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
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="first N rows only")
    parser.add_argument("--timeout", type=float, default=None, help="CLI timeout in seconds")
    parser.add_argument("--json-out", type=Path, default=None, metavar="FILE")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown report; return the process exit status."""
    args = parse_args(argv)
    category = args.category.strip() if args.category else None
    rules = None
    if category is None:
        rules = {r.strip() for r in (args.rule or DEFAULT_RULE).split(",") if r.strip()}
    corpus_file, rows = load_corpus(args.corpus, args.shared, args.limit)
    prefix, cwd = resolve_healthlint(args.healthlint)
    extra = shlex.split(args.extra_args)

    with tempfile.TemporaryDirectory(prefix="healthlint-causal-") as tmp:
        tmpdir = Path(tmp)
        for row in rows:
            (tmpdir / row["file"]).write_text(row["sentence"] + "\n", encoding="utf-8")
        report, code, seconds, _stderr = run_healthlint(prefix, cwd, tmpdir, extra, args.timeout)

    by_file, errors = index_report(report)
    file_to_id = {row["file"]: row["id"] for row in rows}
    # Sentences the CLI did not report on, or failed on, would count as silently unflagged.
    checked = [r for r in rows if r["file"] in by_file and r["file"] not in errors]
    results = compute(checked, by_file, rules, category, args.examples, args.missed)
    meta = {
        "corpus": args.corpus,
        "corpus_file": str(corpus_file),
        "counted": f"category `{category}`"
        if category
        else "rule " + ", ".join(f"`{r}`" for r in sorted(rules or ())),
        "command": shlex.join([*prefix, "check", "--format", "json", "--fail-on", "never", *extra]),
        "version": report.get("version", "?"),
        "exit_code": code,
        "seconds": seconds,
        "examples": args.examples,
        "missed": args.missed,
        "file_errors": {file_to_id.get(name, name): msg for name, msg in errors.items()},
        "missing_files": sum(1 for row in rows if row["file"] not in by_file),
    }
    sys.stdout.write(render(results, meta))
    if args.json_out:
        payload = {"meta": meta, **results}
        args.json_out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
