#!/usr/bin/env python3
"""The claim inventory (``healthlint claims``) on press releases by rating, and on one article.

Part 1 groups the press releases of ``press_releases.py`` by their ``evidence_quality`` rating
and shows the claims the inventory lists, how many have a source in the text, and their types
and strengths; part 2 prints every claim of one seed article (``--seed``). It is descriptive:
no thresholds, no scores. See benchmarks/README.md. Example::

    .venv/bin/python benchmarks/claims_eval.py --shared ../shared --json-out /tmp/claims.json
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import harness
from corpora import EVIDENCE, RELEASES, Corpora, Record, rating_values
from harness import md_cell, md_table

from healthlint.inventory import STRENGTHS, claim_vocabulary

DESCRIPTION = "Claim inventory on press releases by evidence-quality rating, and on one article."
CLAIMS_ARGS = ("claims", "--format", "json")
# The inventory's types and strengths in its own order; any other value seen is appended.
TYPES = tuple(claim_vocabulary()["type_order"])
SENTENCE_CHARS = 100
SUPPORT_CHARS = 80


def percent(part: float, whole: float) -> str:
    """``"12.5%"``, or ``"n/a"`` when *whole* is zero."""
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def release_row(release: Record, entry: dict[str, Any]) -> dict[str, Any]:
    """One release's summary (from the CLI) and its claims counted by type and strength."""
    claims = list(entry.get("claims") or [])
    return {
        "news_id": release.id,
        "rating": release.labels[EVIDENCE],
        "words": release.words,
        "summary": dict(entry.get("summary") or {}),
        "types": Counter(str(c.get("type")) for c in claims),
        "strengths": Counter(str(c.get("strength")) for c in claims),
        "support_kinds": Counter(str(c["support_kind"]) for c in claims if c.get("support_kind")),
    }


def group_row(members: list[dict[str, Any]]) -> dict[str, Any]:
    """Pooled figures for one group of releases, and the mean per-release unsupported-causal share.

    The shares are of the group's own claims (all claims minus the distanced ones), as in the
    CLI's summary; the mean is over the releases with at least one own claim.
    """

    def total(key: str) -> int:
        return sum(int(m["summary"].get(key) or 0) for m in members)

    claims, own = total("claims"), total("claims") - total("distanced")
    per_release = []
    for m in members:
        own_here = int(m["summary"].get("claims") or 0) - int(m["summary"].get("distanced") or 0)
        if own_here:
            per_release.append(int(m["summary"].get("causal_unsupported") or 0) / own_here)
    return {
        "releases": len(members),
        "words": sum(m["words"] for m in members),
        "claims": claims,
        "claims_per_release": claims / len(members) if members else 0.0,
        "distanced": total("distanced"),
        "own": own,
        "supported": total("supported"),
        "supported_share": total("supported") / own if own else None,
        "causal_unsupported": total("causal_unsupported"),
        "causal_unsupported_share": total("causal_unsupported") / own if own else None,
        "causal_unsupported_mean": sum(per_release) / len(per_release) if per_release else None,
        "releases_with_own_claims": len(per_release),
        "conflicts": total("conflicts"),
        "types": dict(sum((m["types"] for m in members), Counter())),
        "strengths": dict(sum((m["strengths"] for m in members), Counter())),
        "support_kinds": dict(sum((m["support_kinds"] for m in members), Counter())),
    }


def ordered(known: tuple[str, ...], rows: dict[str, dict[str, Any]], key: str) -> list[str]:
    """The *known* values, then any other value of *key* seen in *rows*, sorted."""
    seen = {value for row in rows.values() for value in row[key]}
    return [*known, *sorted(seen - set(known))]


def compute(releases: list[Record], run: harness.LintRun) -> dict[str, Any]:
    """Per-release rows and the table of groups by ``evidence_quality``."""
    per_release = [release_row(r, run.entries[r.file]) for r in releases]
    rows = {
        value: group_row([m for m in per_release if m["rating"] == value])
        for value in rating_values(releases, EVIDENCE)
    }
    rows["all releases"] = group_row(per_release)
    return {
        "releases": len(releases),
        "rows": rows,
        "types": ordered(TYPES, rows, "types"),
        "strengths": ordered(STRENGTHS, rows, "strengths"),
        "per_release": [
            {
                **m,
                "types": dict(m["types"]),
                "strengths": dict(m["strengths"]),
                "support_kinds": dict(m["support_kinds"]),
            }
            for m in per_release
        ],
    }


def seed_result(path: Path, entry: dict[str, Any] | None) -> dict[str, Any]:
    """The seed article's entry as the report and ``--json-out`` show it."""
    if entry is None:
        return {"path": str(path), "error": "missing from the CLI's JSON output"}
    return {
        "path": str(path),
        "error": entry.get("error"),
        "summary": entry.get("summary"),
        "claims": list(entry.get("claims") or []),
        "conflicts": list(entry.get("conflicts") or []),
    }


def group_table(results: dict[str, Any]) -> list[str]:
    """The main table: one row per rating, then all releases."""
    header = [
        f"`{EVIDENCE}`",
        "releases",
        "words / release",
        "claims",
        "claims / release",
        "distanced",
        "supported (of own)",
        "causal unsupported, pooled (of own)",
        "causal unsupported, mean / release",
        "conflicts",
    ]
    body = []
    for value, row in results["rows"].items():
        n = row["releases"]
        mean = row["causal_unsupported_mean"]
        body.append(
            [
                f"**{value}**" if value == "all releases" else md_cell(value),
                n,
                f"{row['words'] / n:.0f}" if n else "n/a",
                row["claims"],
                f"{row['claims_per_release']:.1f}",
                row["distanced"],
                f"{percent(row['supported'], row['own'])} ({row['supported']})",
                f"{percent(row['causal_unsupported'], row['own'])} ({row['causal_unsupported']})",
                "n/a" if mean is None else f"{100.0 * mean:.1f}%",
                row["conflicts"],
            ]
        )
    return md_table(header, "l" + "r" * (len(header) - 1), body)


def count_table(results: dict[str, Any], key: str, label: str) -> list[str]:
    """Claims per *key* value (type or strength) and group, with the share of the group's."""
    rows = results["rows"]
    return md_table(
        [label, *(md_cell(value) for value in rows)],
        "l" + "r" * len(rows),
        [
            [
                f"`{md_cell(name)}`",
                *(
                    f"{row[key].get(name, 0)} ({percent(row[key].get(name, 0), row['claims'])})"
                    for row in rows.values()
                ),
            ]
            for name in results[key]
        ],
    )


def support_cell(claim: dict[str, Any]) -> str:
    """``kind (scope): source`` shortened for a table cell, or a dash for an unsupported claim."""
    if not claim.get("support_kind"):
        return "—"
    text = f"{claim['support_kind']} ({claim.get('support_scope')}): {claim.get('support')}"
    return md_cell(text, SUPPORT_CHARS)


def seed_lines(seed: dict[str, Any]) -> list[str]:
    """The seed section: summary, then every claim in document order."""
    out = ["", "## Seed article", "", f"- file: `{seed['path']}`"]
    if seed["error"]:
        return [*out, f"- **error: {md_cell(seed['error'], 300)}**"]
    s = seed["summary"] or {}
    own = int(s.get("claims") or 0) - int(s.get("distanced") or 0)
    out += [
        f"- claims: {s.get('claims')} ({s.get('distanced')} distanced, {own} own)",
        f"- supported: {s.get('supported')} of the own claims "
        f"(`supported_share` {s.get('supported_share')})",
        f"- stated causally without support: {s.get('causal_unsupported')} "
        f"(`causal_unsupported_share` {s.get('causal_unsupported_share')})",
        f"- conflicting figures: {s.get('conflicts')}",
        f"- summary as in the JSON: `{md_cell(json.dumps(s))}`",
        "",
    ]
    claims = sorted(seed["claims"], key=lambda c: (c.get("line", 0), c.get("column", 0)))
    if not claims:
        out.append("No check-worthy claims.")
    else:
        out += md_table(
            ["line", "type", "strength", "supported", "support", "sentence"],
            "rlllll",
            [
                [
                    f"{c.get('line')}:{c.get('column')}",
                    md_cell(c.get("type")),
                    md_cell(c.get("strength")),
                    "yes" if c.get("supported") else "no",
                    support_cell(c),
                    md_cell(c.get("sentence"), SENTENCE_CHARS),
                ]
                for c in claims
            ],
        )
    out += [
        f"- conflict: {md_cell(c.get('quantity'))}: {md_cell(c.get('reason'))}"
        for c in seed["conflicts"]
    ]
    return out


def render(results: dict[str, Any], seed: dict[str, Any], meta: dict[str, Any]) -> str:
    """Format the results as a Markdown report."""
    everyone = results["rows"]["all releases"]
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(everyone["support_kinds"].items()))
    with_own = ", ".join(
        f"{md_cell(value)} {row['releases_with_own_claims']}"
        for value, row in results["rows"].items()
    )
    out = [
        "# healthlint claims: the claim inventory on press releases and on a seed article",
        "",
        f"- texts: `{meta['text_file']}` (field `text`, linted as `.txt`)",
        f"- ratings: `{meta['label_file']}` (column `{EVIDENCE}`)",
        f"- releases listed: {results['releases']:,}; seed: `{seed['path']}`",
        *harness.run_lines(meta),
        "",
        f"## Press releases by `{EVIDENCE}`",
        "",
        "Shares are of the group's *own* claims: all claims minus the distanced ones (reported "
        "only to be rejected), as in the CLI's summary; the count is in brackets. Pooled shares "
        "divide the group's totals; the mean per release averages each release's share over the "
        f"releases with at least one own claim ({with_own}). "
        "No thresholds; the groups are small and unequal, and no test of the differences is made.",
        "",
        *group_table(results),
        "",
        f"Supported claims by kind of support (all releases): {kinds or 'none'}.",
        "",
        "Claims by type (share of the group's claims):",
        "",
        *count_table(results, "types", "type"),
        "",
        "Claims by strength (share of the group's claims):",
        "",
        *count_table(results, "strengths", "strength"),
        "",
        "## Caveats",
        "",
        "- **Text-only view, links lost.** Each release is its scraped body text as plain `.txt`: "
        "the hyperlinks of the published page are gone (their anchor words remain), and most "
        'texts start after the headline and keep the boilerplate ("About …", media contacts). '
        'Only sources printed in the text can count as support (named sources, "according '
        'to", reference markers, author-year citations, printed URLs), so the supported '
        "shares are lower bounds for the releases as published.",
        "- **Support is looked for near the claim**: in the same sentence, or the same paragraph "
        "for a statistic. A release that names the journal once and reports the findings in "
        "later sentences has those claims counted as unsupported.",
        "- **Strength is wording, not study design.** `causal` means the sentence states an "
        'effect (an effect verb such as "reduces" or "helps", or a causal-type claim) with no '
        "hedge, correlational cue, negation or distancing; the reviewers rated the whole release, "
        "headline included, on how well it conveys the quality of the evidence.",
        "- One row per sentence: a sentence with several claims counts once, under the first "
        "type that fits (in the order of the type table).",
    ]
    out += seed_lines(seed)
    out += harness.file_error_lines(meta)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown report; return the process exit status."""
    parser = harness.parser(DESCRIPTION, RELEASES)
    parser.add_argument(
        "--seed",
        type=Path,
        default=None,
        metavar="PATH",
        help="article whose full inventory is printed (default: the shared seed article)",
    )
    args = parser.parse_args(argv)
    corpora = Corpora.from_args(args)
    releases, disagreements = corpora.releases(args.limit)
    seed_path = corpora.seed(args.seed)
    # The prefix keeps the seed apart from the releases; its suffix stays, so a Markdown or HTML
    # seed is read as such.
    seed_file = f"seed-{seed_path.name}"
    texts = {r.file: r.text for r in releases}
    texts[seed_file] = seed_path.read_text(encoding="utf-8")
    run = harness.lint_texts(texts, args, CLAIMS_ARGS)
    # Releases the CLI did not list, or failed on, would count as releases with no claim.
    results = compute([r for r in releases if run.usable(r.file)], run)
    seed = seed_result(seed_path, run.entries.get(seed_file))
    text_file, label_file = RELEASES[args.corpus]
    meta = {
        "corpus": args.corpus,
        "text_file": corpora.name(text_file),
        "label_file": corpora.name(label_file),
        "seed": str(seed_path),
        "rating_disagreements": disagreements,
        **run.meta({r.file: r.id for r in releases} | {seed_file: f"seed {seed_path.name}"}),
    }
    sys.stdout.write(render(results, seed, meta))
    harness.write_json(args.json_out, meta, {**results, "seed": seed})
    return 0


if __name__ == "__main__":
    sys.exit(main())
