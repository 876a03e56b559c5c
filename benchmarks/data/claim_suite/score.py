"""Score healthlint on one half of the claim suite and print a Markdown table per family.

Usage (from the repository root):

    .venv/bin/python benchmarks/data/claim_suite/score.py --split dev
    .venv/bin/python benchmarks/data/claim_suite/score.py --split test   # only at the end
    .venv/bin/python benchmarks/data/claim_suite/score.py --split fresh \
        --file benchmarks/data/claim_suite/fresh-2026-12-05.tsv

Each sentence is written to its own file in a temporary folder and one CLI process lints the
folder, so that no sentence lends context to another. The scoring rules are the ones in
README.md: a flag sentence is caught by a finding of its listed category (either of two for
`conspiracy` and `testimonial`); a quiet sentence is a false alarm when it gets an overclaim,
safety or misinformation finding (for `experience_no_cause`, a citation finding too).
"""

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

SUITE = Path(__file__).with_name("sentences.tsv")
CLAIM_CATEGORIES = {"overclaim", "safety", "misinformation"}
# Families for which issue 15 allows a second category.
ACCEPTED = {
    "conspiracy": {"misinformation", "overclaim"},
    "testimonial": {"overclaim", "citation"},
}


def read_suite(split, path=SUITE):
    """Rows of the suite file at `path` in the given split ('all' for every split), as dicts."""
    header, *lines = Path(path).read_text(encoding="utf-8").splitlines()
    columns = header.split("\t")
    rows = [dict(zip(columns, line.split("\t"), strict=True)) for line in lines]
    return [row for row in rows if split == "all" or row["split"] == split]


def lint(rows, command):
    """Map each row id to the set of finding categories the CLI reports for its sentence."""
    with tempfile.TemporaryDirectory() as folder:
        for row in rows:
            Path(folder, f"{row['id']}.txt").write_text(row["sentence"] + "\n", encoding="utf-8")
        args = [*command, "check", "--format", "json", "--fail-on", "never", "--no-cache", folder]
        result = subprocess.run(args, capture_output=True, text=True, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"healthlint did not print JSON:\n{result.stderr}")
    return {
        Path(entry["path"]).stem: {finding["category"] for finding in entry["findings"]}
        for entry in report["files"]
    }


def judge(row, categories):
    """True when the linter did what the row expects."""
    if row["expect"] == "flag":
        return bool(categories & ACCEPTED.get(row["family"], {row["category"]}))
    alarms = CLAIM_CATEGORIES | ({"citation"} if row["family"] == "experience_no_cause" else set())
    return not categories & alarms


def table(rows, found):
    """Markdown table: per part, expect and family, how many sentences behaved as expected."""
    good, total = Counter(), Counter()
    for row in rows:
        key = (row["part"], row["expect"], row["family"])
        total[key] += 1
        good[key] += judge(row, found.get(row["id"], set()))
    lines = ["| part | expect | family | sentences | caught | false alarms |", "| --- " * 6 + "|"]
    for key in sorted(total):
        part, expect, family = key
        n, ok = total[key], good[key]
        cells = (ok, "") if expect == "flag" else ("", n - ok)
        lines.append(f"| {part} | {expect} | {family} | {n} | {cells[0]} | {cells[1]} |")
    for part in sorted({key[0] for key in total}):
        for expect in ("flag", "quiet"):
            keys = [key for key in total if key[:2] == (part, expect)]
            n = sum(total[key] for key in keys)
            ok = sum(good[key] for key in keys)
            if not n:
                continue
            share = f"{ok} ({100 * ok / n:.0f}%)" if expect == "flag" else f"{n - ok}"
            cells = (
                (share, "") if expect == "flag" else ("", f"{share} ({100 * (n - ok) / n:.1f}%)")
            )
            lines.append(f"| **{part}** | **{expect}** | all | {n} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "fresh", "all"], required=True)
    parser.add_argument(
        "--file",
        default=str(SUITE),
        help="suite TSV to score (same columns as sentences.tsv); default: sentences.tsv",
    )
    parser.add_argument(
        "--healthlint",
        default=str(Path(sys.executable).with_name("healthlint")),
        help="command that runs the CLI (split like a shell line); default: the venv's healthlint",
    )
    options = parser.parse_args()
    rows = read_suite(options.split, options.file)
    found = lint(rows, shlex.split(options.healthlint))
    print(table(rows, found))
    missed = [row for row in rows if not judge(row, found.get(row["id"], set()))]
    print(f"\n{len(missed)} sentences did not behave as expected:\n")
    for row in missed:
        got = ", ".join(sorted(found.get(row["id"], set()))) or "no findings"
        print(f"- {row['id']} {row['family']} ({row['expect']}; got {got}): {row['sentence']}")


if __name__ == "__main__":
    main()
