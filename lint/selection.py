"""Which rules a name selects: one answer for ``select``/``ignore`` and suppression comments."""

from __future__ import annotations

from collections.abc import Iterable


def rule_selected(
    tokens: Iterable[str], rule_id: str, category: str, *, ignore_case: bool = False
) -> bool:
    """True when one of ``tokens`` names the rule: its id, its pack, its category, or "all".

    The pack is the part of the rule id before the first "." (the pack loader enforces it).
    Configuration and command-line tokens match exactly; suppression comments are written by
    hand in articles, so they match with ``ignore_case``.
    """
    names = {"all", rule_id, rule_id.split(".", 1)[0], category}
    if ignore_case:
        names = {name.lower() for name in names}
        return any(token.lower() in names for token in tokens)
    return any(token in names for token in tokens)
