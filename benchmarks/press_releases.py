#!/usr/bin/env python3
"""Citation and transparency findings on press releases, grouped by HealthNewsReview ratings.

The FakeHealth "HealthRelease" sample (120 releases) side by side by their ``evidence_quality``
and ``funding_coi`` ratings, with what the scraped text still carries of its sources. It is
descriptive: no thresholds, no scores. See benchmarks/README.md. Example::

    .venv/bin/python benchmarks/press_releases.py --shared ../shared --json-out /tmp/pr.json
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from typing import Any

import harness
from corpora import EVIDENCE, FUNDING, RELEASES, Corpora, Record, rating_values
from harness import md_cell, md_table

DESCRIPTION = "Citation and transparency findings on press releases by HealthNewsReview rating."

# The rules of the two packs, in pack order; rules of other packs in these categories (from
# --extra-args) are appended when they fire. A rule that never fires still gets a zero.
CITATION_RULES = (
    "citations.vague-attribution",
    "citations.unsourced-statistic",
    "citations.unsourced-comparison",
    "citations.unsourced-study",
    "citations.dangling-reference",
    "citations.relative-risk",
)
TRANSPARENCY_RULES = (
    "transparency.author",
    "transparency.date",
    "transparency.sources",
    "transparency.disclosure",
)
# Share of releases with at least one finding of these, in the evidence-quality table.
EVIDENCE_SHARES = (
    "citations.vague-attribution",
    "citations.unsourced-statistic",
    "citations.relative-risk",
    "transparency.sources",
)

# What the scraped text still carries of its sources and markup (the "text view" section).
TEXT_SIGNALS = {
    "a printed URL (http… or www.…)": re.compile(r"\bhttps?://\S+|\bwww\.[a-z0-9-]+\.[a-z]{2,}"),
    "a DOI": re.compile(r"\b10\.\d{4,9}/\S+"),
    "a PMID": re.compile(r"\bPMID:?\s*\d{5,9}\b"),
    "a numbered reference marker like [1]": re.compile(r"\[\d{1,3}\]"),
    'an HTML remnant (a tag or a stray ">)': re.compile(r"<[A-Za-z/][^>]{0,80}>|\">"),
    "the end mark ### or # # #": re.compile(r"#\s?#\s?#"),
}


def paragraphs(text: str) -> list[str]:
    """The non-empty blocks of *text* between blank lines."""
    return [block for block in re.split(r"\n\s*\n", text) if block.strip()]


def short_first_paragraph(text: str) -> bool:
    """Whether the first paragraph is short (≤ 20 words) and has no closing . ! or ?."""
    blocks = paragraphs(text)
    first = blocks[0].strip() if blocks else ""
    return bool(first) and len(first.split()) <= 20 and first[-1] not in ".!?\"”'’"


def rules_of(category: str, known: tuple[str, ...], findings: list[dict]) -> list[str]:
    """The *known* rules of *category*, then any other rule of it that fired, sorted."""
    fired = {str(f.get("rule", "?")) for f in findings if f.get("category") == category}
    return [*known, *sorted(fired - set(known))]


def group_row(members: list[dict[str, Any]], category: str, rules: list[str]) -> dict[str, Any]:
    """Figures for one group of releases: size, words, findings of *category*, and per rule."""
    words = sum(m["words"] for m in members)
    total = sum(m["categories"][category] for m in members)
    return {
        "releases": len(members),
        "words": words,
        "findings": total,
        "per_release": total / len(members) if members else 0.0,
        "per_1000_words": 1000.0 * total / words if words else 0.0,
        "rules": {
            rule: {
                "count": sum(m["rules"][rule] for m in members),
                "releases_with": sum(1 for m in members if m["rules"][rule]),
            }
            for rule in rules
        },
    }


def compute(releases: list[Record], run: harness.LintRun, top: int) -> dict[str, Any]:
    """Per-release rule counts, the two rating tables and the most common citation findings."""
    all_findings = [f for r in releases for f in run.findings(r.file)]
    citation_rules = rules_of("citation", CITATION_RULES, all_findings)
    transparency_rules = rules_of("transparency", TRANSPARENCY_RULES, all_findings)
    per_release = [
        {
            "news_id": release.id,
            "ratings": release.labels,
            "words": release.words,
            "categories": Counter(str(f.get("category", "?")) for f in run.findings(release.file)),
            "rules": Counter(str(f.get("rule", "?")) for f in run.findings(release.file)),
        }
        for release in releases
    ]
    tables: dict[str, dict[str, Any]] = {}
    for criterion, category, rules in (
        (EVIDENCE, "citation", [*citation_rules, "transparency.sources"]),
        (FUNDING, "transparency", transparency_rules),
    ):
        rows = {
            value: group_row(
                [m for m in per_release if m["ratings"][criterion] == value], category, rules
            )
            for value in rating_values(releases, criterion)
        }
        rows["all releases"] = group_row(per_release, category, rules)
        tables[criterion] = {"category": category, "rules": rules, "rows": rows}

    citations = [
        (r.id, f) for r in releases for f in run.findings(r.file) if f.get("category") == "citation"
    ]
    return {
        "releases": len(releases),
        "words": sum(r.words for r in releases),
        "text_view": {
            name: sum(1 for r in releases if pattern.search(r.text))
            for name, pattern in TEXT_SIGNALS.items()
        },
        "short_first_paragraph": sum(1 for r in releases if short_first_paragraph(r.text)),
        "paragraphs_per_release": (
            sum(len(paragraphs(r.text)) for r in releases) / len(releases) if releases else 0.0
        ),
        "tables": tables,
        "top": harness.most_common(citations, top),
        "per_release": [
            {**m, "categories": dict(m["categories"]), "rules": dict(m["rules"])}
            for m in per_release
        ],
    }


def share(part: int, whole: int) -> str:
    """``"12 (48%)"``: a count of releases and its share of the group."""
    return f"{part} ({100.0 * part / whole:.0f}%)" if whole else "0"


def short(rule: str) -> str:
    """A rule id without its pack name, for narrow column headers."""
    return rule.split(".", 1)[-1]


def rating_table(table: dict[str, Any], share_rules: list[str], label: str) -> list[str]:
    """The group table: size, words, finding rates and the share with each of *share_rules*."""
    header = [
        label,
        "releases",
        "words",
        f"{table['category']} findings",
        "per release",
        "per 1,000 words",
        *(f"≥1 `{short(rule)}`" for rule in share_rules),
    ]
    rows = []
    for value, row in table["rows"].items():
        name = f"**{value}**" if value == "all releases" else md_cell(value)
        rows.append(
            [
                name,
                row["releases"],
                f"{row['words']:,}",
                row["findings"],
                f"{row['per_release']:.2f}",
                f"{row['per_1000_words']:.2f}",
                *(share(row["rules"][r]["releases_with"], row["releases"]) for r in share_rules),
            ]
        )
    return md_table(header, "lrrrrr" + "r" * len(share_rules), rows)


def render(results: dict[str, Any], meta: dict[str, Any]) -> str:
    """Format the results as a Markdown report."""
    count = results["releases"]
    out = [
        "# healthlint on health press releases, by HealthNewsReview rating",
        "",
        f"- texts: `{meta['text_file']}` (field `text`, linted as `.txt`)",
        f"- ratings: `{meta['label_file']}` (columns `{EVIDENCE}`, `{FUNDING}`)",
        f"- releases checked: {count:,}; words: {results['words']:,} (whitespace split)",
        *harness.run_lines(meta),
    ]
    if meta["rating_disagreements"]:
        out.append(
            f"- **releases whose JSONL copy of a rating disagrees with the CSV: "
            f"{meta['rating_disagreements']}** (the CSV is used)"
        )
    out += [
        "",
        "## What the linter sees",
        "",
        "Text-only view: each release is its scraped body text as plain `.txt`. Hyperlinks "
        "did not survive extraction (only their anchor words remain), so the only sources the "
        "citation rules can credit are ones printed in the text, such as named sources "
        '("published in the Journal of …", "according to …"), printed URLs, DOIs and '
        "reference markers. "
        "Paragraphs are separated by blank lines (mean "
        f"{results['paragraphs_per_release']:.1f} per release); the text keeps the boilerplate "
        '("About …", media contacts) and usually starts with the first sentence of the body, '
        "often after a dateline, rather than with the release headline. Releases whose text "
        "contains:",
        "",
    ]
    out += [f"- {name}: {share(n, count)}" for name, n in results["text_view"].items()]
    out.append(
        "- a short first paragraph (≤ 20 words, no closing . ! ?), such as a headline or a "
        f'"For Immediate Release" line: {share(results["short_first_paragraph"], count)}'
    )

    evidence = results["tables"][EVIDENCE]
    out += [
        "",
        f"## `{EVIDENCE}`: does the release grasp the quality of the evidence?",
        "",
        "Rates per 1,000 words pool each group's findings over its words. The groups are "
        "small and unequal; no test of the differences is made.",
        "",
    ]
    out += rating_table(evidence, list(EVIDENCE_SHARES), f"`{EVIDENCE}`")
    out += ["", "Findings per rule, with the number of releases that have ≥1 in brackets:", ""]
    values = list(evidence["rows"])
    out += md_table(
        ["rule", *(md_cell(v) for v in values)],
        "l" + "r" * len(values),
        [
            [
                f"`{rule}`",
                *(
                    f"{cell['count']} ({cell['releases_with']})"
                    for cell in (evidence["rows"][v]["rules"][rule] for v in values)
                ),
            ]
            for rule in evidence["rules"]
        ],
    )

    funding = results["tables"][FUNDING]
    out += [
        "",
        f"## `{FUNDING}`: does the release identify funding and conflicts of interest?",
        "",
        "The built-in transparency rules are checked once per release, so for them a count of "
        "findings is a count of releases.",
        "",
    ]
    out += rating_table(funding, funding["rules"], f"`{FUNDING}`")

    out += ["", f"## Most common citation findings (top {meta['top']})", ""]
    out += [
        f'{rank}. `{md_cell(row["rule"])}` "{md_cell(row["text"])}": {row["count"]} '
        f"in {row['docs']} releases. Example, {md_cell(row['example_id'])}: "
        f'"{md_cell(row["example"].get("sentence", ""), 240)}"'
        for rank, row in enumerate(results["top"], 1)
    ] or ["No citation findings."]
    out += harness.file_error_lines(meta)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown report; return the process exit status."""
    parser = harness.parser(DESCRIPTION, RELEASES)
    parser.add_argument("--top", type=int, default=10, metavar="N", help="most common findings")
    args = parser.parse_args(argv)
    corpora = Corpora.from_args(args)
    releases, disagreements = corpora.releases(args.limit)
    run = harness.lint_texts({r.file: r.text for r in releases}, args)
    # Releases the CLI did not report on, or failed on, would count as releases with no finding.
    results = compute([r for r in releases if run.usable(r.file)], run, args.top)
    text_file, label_file = RELEASES[args.corpus]
    meta = {
        "corpus": args.corpus,
        "text_file": corpora.name(text_file),
        "label_file": corpora.name(label_file),
        "rating_disagreements": disagreements,
        "top": args.top,
        **run.meta({r.file: r.id for r in releases}),
    }
    sys.stdout.write(render(results, meta))
    harness.write_json(args.json_out, meta, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
