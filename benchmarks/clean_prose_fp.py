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
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, NoReturn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared"

CORPORA = {
    "medlineplus": "eval/clean_prose_medquad/medlineplus_health_topic_summaries_sample600.jsonl",
    "cdc": "eval/clean_prose_medquad/cdc_qa_answers_sample250.jsonl",
}


# --------------------------------------------------------------------------------------------
# Running the CLI (kept in sync with benchmarks/causal_language.py; each script is standalone
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
    parser = argparse.ArgumentParser(
        description="Findings per 1,000 words on clean MedQuAD health prose (false positives).",
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
        default="medlineplus",
        help="medlineplus (600 topic summaries, default) or cdc (250 Q&A answers)",
    )
    parser.add_argument(
        "--categories",
        default="",
        help="comma-separated finding categories to count, e.g. overclaim,safety (default: all)",
    )
    parser.add_argument("--top", type=int, default=10, metavar="N", help="most common findings")
    parser.add_argument(
        "--show-all", action="store_true", help="list every finding with doc id and sentence"
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="first N docs only")
    parser.add_argument("--timeout", type=float, default=None, help="CLI timeout in seconds")
    parser.add_argument("--json-out", type=Path, default=None, metavar="FILE")
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
        f"- documents with at least one counted finding: {results['docs_with_findings']:,}",
        "",
        "## Findings per 1,000 words",
        "",
        "| category | findings | per 1,000 words |",
        "|---|---:|---:|",
    ]
    for name, row in results["categories"].items():
        out.append(f"| {md_cell(name)} | {row['count']:,} | {row['per_1000_words']:.3f} |")
    total = results["total"]
    out.append(f"| **total** | **{total['count']:,}** | **{total['per_1000_words']:.3f}** |")

    if results["rules"]:
        out += ["", "## By rule", "", "| rule | category | findings | per 1,000 words |"]
        out.append("|---|---|---:|---:|")
        for row in results["rules"]:
            out.append(
                f"| `{md_cell(row['rule'])}` | {md_cell(row['category'])} | {row['count']:,} "
                f"| {row['per_1000_words']:.3f} |"
            )

    out += ["", f"## Most common findings (top {meta['top']})", ""]
    if results["top"]:
        out += ["| # | rule | matched text | count | docs | example (doc id: sentence) |"]
        out.append("|---:|---|---|---:|---:|---|")
        for rank, row in enumerate(results["top"], 1):
            example = f"{row['example_doc_id']}: {row['example_sentence']}"
            out.append(
                f"| {rank} | `{md_cell(row['rule'])}` | {md_cell(row['text'])} | {row['count']} "
                f"| {row['docs']} | {md_cell(example, 220)} |"
            )
    else:
        out.append("No findings in the counted categories.")

    if show_all:
        out += ["", "## All findings", ""]
        out += ["| doc id | rule | line:col | matched text | sentence |", "|---|---|---|---|---|"]
        for f in results["findings"]:
            out.append(
                f"| {md_cell(f['doc_id'])} | `{md_cell(f['rule'])}` | {f['line']}:{f['column']} "
                f"| {md_cell(f['text'])} | {md_cell(f['sentence'] or '')} |"
            )

    if meta["file_errors"]:
        out += ["", "## File errors", ""]
        for doc_id, message in meta["file_errors"].items():
            out.append(f"- {doc_id}: {md_cell(message, 300)}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown report; return the process exit status."""
    args = parse_args(argv)
    corpus_file = args.shared / CORPORA[args.corpus]
    if not corpus_file.is_file():
        die(f"corpus not found: {corpus_file} (set --shared)")
    categories = [c.strip() for c in args.categories.split(",") if c.strip()] or None
    docs = load_corpus(corpus_file, args.limit)
    prefix, cwd = resolve_healthlint(args.healthlint)
    extra = shlex.split(args.extra_args)

    with tempfile.TemporaryDirectory(prefix="healthlint-fp-") as tmp:
        tmpdir = Path(tmp)
        for doc in docs:
            (tmpdir / doc["file"]).write_text(doc["text"], encoding="utf-8")
        report, code, seconds, _stderr = run_healthlint(prefix, cwd, tmpdir, extra, args.timeout)

    by_file, errors = index_report(report)
    file_to_doc = {doc["file"]: doc["doc_id"] for doc in docs}
    # Documents the CLI did not report on, or failed on, would dilute the rate with zeros.
    checked = [d for d in docs if d["file"] in by_file and d["file"] not in errors]
    results = compute(checked, by_file, categories, args.top)
    meta = {
        "corpus": args.corpus,
        "corpus_file": str(corpus_file),
        "categories": ",".join(categories) if categories else None,
        "command": shlex.join([*prefix, "check", "--format", "json", "--fail-on", "never", *extra]),
        "version": report.get("version", "?"),
        "exit_code": code,
        "seconds": seconds,
        "top": args.top,
        "file_errors": {file_to_doc.get(name, name): msg for name, msg in errors.items()},
        "missing_files": sum(1 for doc in docs if doc["file"] not in by_file),
    }
    sys.stdout.write(render(results, meta, args.show_all))
    if args.json_out:
        payload = {"meta": meta, **results}
        args.json_out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
