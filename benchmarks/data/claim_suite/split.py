"""Assign the dev/test split of the hand-written claim suite, reproducibly.

Run from anywhere: ``python benchmarks/data/claim_suite/split.py``. It rewrites the ``split``
column of ``sentences.tsv`` next to this script and prints the counts per part, family,
expect and split (the table in README.md is this output).

The split is stratified: sentences are grouped by (part, family, expect); each group is
shuffled with a random generator seeded from SEED and the group's own key, and its first half
(rounded at random, so odd groups do not all lean the same way) goes to ``dev``, the rest to
``test``. Seeding per group means that adding sentences to one family leaves every other
family's split unchanged. Only the ``split`` column is written; ids and sentences are never
touched, and running the script twice gives the same file.
"""

import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

SEED = 20261205
SUITE = Path(__file__).with_name("sentences.tsv")
COLUMNS = ["id", "split", "part", "family", "shape", "expect", "category", "sentence"]
CATEGORIES = {"overclaim", "safety", "misinformation", "citation", "transparency"}


def read_rows(path):
    """Read the suite, checking the header and each row's labels."""
    # Plain tab splitting, not csv: sentences contain quotation marks that must stay as typed.
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    if header.split("\t") != COLUMNS:
        sys.exit(f"{path}: header must be {COLUMNS}, got {header.split(chr(9))}")
    rows = []
    for number, line in enumerate(lines, start=2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            sys.exit(f"{path}:{number}: expected {len(COLUMNS)} tab-separated fields")
        rows.append(dict(zip(COLUMNS, fields, strict=True)))
    ids = Counter(row["id"] for row in rows)
    for row in rows:
        problem = None
        if ids[row["id"]] > 1:
            problem = "duplicate id"
        elif row["part"] not in {"claims", "factcheck"}:
            problem = "part must be claims or factcheck"
        elif row["expect"] == "flag" and row["category"] not in CATEGORIES:
            problem = "a flag sentence needs a category"
        elif row["expect"] == "quiet" and row["category"] != "-":
            problem = "a quiet sentence has category '-'"
        elif row["expect"] not in {"flag", "quiet"}:
            problem = "expect must be flag or quiet"
        if problem:
            sys.exit(f"{path}: {row['id']}: {problem}")
    return rows


def assign_splits(rows, seed=SEED):
    """Set row['split'] to dev or test, stratified by (part, family, expect)."""
    groups = defaultdict(list)
    for row in rows:
        groups[(row["part"], row["family"], row["expect"])].append(row)
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda row: row["id"])
        rng = random.Random(f"{seed}:{':'.join(key)}")
        rng.shuffle(members)
        n_dev = len(members) // 2 + (len(members) % 2 and rng.random() < 0.5)
        for index, row in enumerate(members):
            row["split"] = "dev" if index < n_dev else "test"


def write_rows(path, rows):
    """Write the suite back in its original row order."""
    lines = ["\t".join(COLUMNS)] + ["\t".join(row[column] for column in COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def count_table(rows):
    """Markdown table of counts per part, family and expect, split into dev and test."""
    counts = Counter((row["part"], row["family"], row["expect"], row["split"]) for row in rows)
    keys = sorted({key[:3] for key in counts})
    lines = [
        "| part | family | expect | dev | test | total |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for part, family, expect in keys:
        dev = counts[(part, family, expect, "dev")]
        test = counts[(part, family, expect, "test")]
        lines.append(f"| {part} | {family} | {expect} | {dev} | {test} | {dev + test} |")
    totals = Counter((row["part"], row["expect"], row["split"]) for row in rows)
    for part, expect in sorted({(p, e) for p, e, _ in totals}):
        dev, test = totals[(part, expect, "dev")], totals[(part, expect, "test")]
        lines.append(f"| **{part}** | **all** | **{expect}** | {dev} | {test} | {dev + test} |")
    dev = sum(1 for row in rows if row["split"] == "dev")
    lines.append(f"| **all** | | | {dev} | {len(rows) - dev} | {len(rows)} |")
    return "\n".join(lines)


def main():
    rows = read_rows(SUITE)
    assign_splits(rows)
    write_rows(SUITE, rows)
    print(f"seed {SEED}, {len(rows)} sentences\n")
    print(count_table(rows))


if __name__ == "__main__":
    main()
