"""Assign the dev/test split of the hand-written claim suite, reproducibly.

Run from anywhere: ``python benchmarks/data/claim_suite/split.py``. It fills in the ``split``
column of ``sentences.tsv`` next to this script and prints the counts per part, family,
expect and split (the table in README.md is this output).

A sentence's split never changes once assigned, so that adding sentences cannot move a test
sentence someone has not looked at into dev, or the reverse. Only rows whose split is ``-`` (new
sentences) are assigned. The split is stratified by (part, family, expect): within each stratum
the new rows are shuffled with a random generator seeded from SEED and the stratum's key, and
each goes to whichever half of the stratum is smaller at that point (a tie is broken by the same
generator). Ids and sentences are never touched, and running the script twice gives the same file.
``--reshuffle`` clears every split first; use it only before anyone has tuned on the suite.
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
        elif row["split"] not in {"dev", "test", "-"}:
            problem = "split must be dev, test or - (not yet assigned)"
        if problem:
            sys.exit(f"{path}: {row['id']}: {problem}")
    return rows


def assign_splits(rows, seed=SEED):
    """Give every row whose split is '-' a split, balancing dev and test within its stratum."""
    groups = defaultdict(list)
    for row in rows:
        groups[(row["part"], row["family"], row["expect"])].append(row)
    for key in sorted(groups):
        members = groups[key]
        sizes = Counter(row["split"] for row in members)
        new = sorted((row for row in members if row["split"] == "-"), key=lambda row: row["id"])
        rng = random.Random(f"{seed}:{':'.join(key)}")
        rng.shuffle(new)
        for row in new:
            if sizes["dev"] == sizes["test"]:
                side = rng.choice(["dev", "test"])
            else:
                side = "dev" if sizes["dev"] < sizes["test"] else "test"
            row["split"] = side
            sizes[side] += 1


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
    if "--reshuffle" in sys.argv[1:]:
        for row in rows:
            row["split"] = "-"
    assign_splits(rows)
    write_rows(SUITE, rows)
    print(f"seed {SEED}, {len(rows)} sentences\n")
    print(count_table(rows))


if __name__ == "__main__":
    main()
