"""Output formats of the claim inventory, chosen from the table at the bottom.

Each is ``render(inventories, stream)``; CSV is one row per claim with an empty ``verdict``
column for the fact-checker to fill in.
"""

from __future__ import annotations

import csv
import json

from healthlint import __version__

CSV_COLUMNS = (
    "file",
    "line",
    "column",
    "type",
    "strength",
    "supported",
    "support_kind",
    "support",
    "support_scope",
    "trigger",
    "sentence",
    "verdict",
)


def _summary_line(inventory) -> str:
    s = inventory.summary()
    if not s["claims"]:
        return "no check-worthy claims"
    share = "n/a" if s["supported_share"] is None else f"{s['supported_share']:.0%}"
    causal = (
        "n/a" if s["causal_unsupported_share"] is None else f"{s['causal_unsupported_share']:.0%}"
    )
    line = f"{s['claims']} claims, {share} supported, {causal} stated causally without support"
    if s["distanced"]:
        line += f", {s['distanced']} reported only to be rejected"
    if s["conflicts"]:
        line += f", {s['conflicts']} conflicting figure{'s' if s['conflicts'] != 1 else ''}"
    return line


def _unsupported_first(inventory) -> list:
    return sorted(inventory.claims, key=lambda c: (c.supported, c.line, c.column))


def render_text(inventories, stream) -> None:
    """A readable table per file: unsupported claims first, then the supported ones."""
    for inventory in inventories:
        stream.write(f"{inventory.path}\n")
        if inventory.error:
            stream.write(f"  error: {inventory.error}\n\n")
            continue
        stream.write(f"  {_summary_line(inventory)}\n")
        for claim in _unsupported_first(inventory):
            sentence = (
                claim.sentence if len(claim.sentence) <= 110 else (claim.sentence[:107] + "...")
            )
            stream.write(
                f"  {claim.line:>4}:{claim.column:<4} {claim.type:<14} "
                f"{claim.strength:<13} {'supported' if claim.supported else 'NO SOURCE'}"
                f"  {sentence}\n"
            )
            if claim.supported:
                stream.write(f"{'':>14}source ({claim.support_scope}): {claim.support}\n")
        for conflict in inventory.conflicts:
            stream.write(f"  conflict: {conflict.quantity}: {conflict.reason}\n")
        stream.write("\n")


def render_json(inventories, stream) -> None:
    """Every claim, conflict and summary as one JSON object."""
    payload = {
        "version": __version__,
        "files": [
            {
                "path": inv.path,
                "error": inv.error,
                "summary": None if inv.error else inv.summary(),
                "claims": [c.to_dict() for c in inv.claims],
                "conflicts": [
                    {
                        "quantity": c.quantity,
                        "reason": c.reason,
                        "first": c.first.to_dict(),
                        "second": c.second.to_dict(),
                    }
                    for c in inv.conflicts
                ],
            }
            for inv in inventories
        ],
    }
    json.dump(payload, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def render_csv(inventories, stream) -> None:
    """One row per claim, ready for a verdict column."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for inventory in inventories:
        for claim in inventory.claims:
            row = claim.to_dict()
            writer.writerow(
                {
                    "file": inventory.path,
                    "verdict": "",
                    **{k: row[k] for k in CSV_COLUMNS if k in row},
                }
            )


def _cell(text) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def render_markdown(inventories, stream) -> None:
    """A table per file, unsupported claims first."""
    for inventory in inventories:
        stream.write(f"## {_cell(inventory.path)}\n\n")
        if inventory.error:
            stream.write(f"Error: {_cell(inventory.error)}\n\n")
            continue
        stream.write(f"{_summary_line(inventory)}\n\n")
        if inventory.claims:
            stream.write("| line | type | strength | source | claim |\n|---:|---|---|---|---|\n")
            for c in _unsupported_first(inventory):
                source = _cell(c.support) if c.supported else "**none**"
                stream.write(
                    f"| {c.line} | {c.type} | {c.strength} | {source} | {_cell(c.sentence)} |\n"
                )
            stream.write("\n")
        for conflict in inventory.conflicts:
            stream.write(
                f"- Conflicting figures, {_cell(conflict.quantity)}: {_cell(conflict.reason)}\n"
            )


INVENTORY_FORMATTERS = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
}
