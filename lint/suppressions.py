"""Suppression comments: ``<!-- healthlint-disable overclaims -->`` and their scope in a file.

Readers find the comments (:func:`parse_directive` turns one into a :class:`Directive`); the
document keeps them as :class:`Suppressions`, which the engine asks about every finding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from healthlint.selection import rule_selected

__all__ = ["Directive", "Suppressions", "parse_directive"]


@dataclass(frozen=True)
class Directive:
    """An inline suppression comment such as ``<!-- healthlint-disable overclaims -->``."""

    action: str
    rules: tuple[str, ...]
    line: int


def _selects(tokens: tuple[str, ...], rule_id: str, category: str) -> bool:
    """A directive without tokens covers every rule; tokens match in any case."""
    return not tokens or rule_selected(tokens, rule_id, category, ignore_case=True)


class Suppressions:
    """Answers whether a finding is suppressed by the document's directives.

    A directive token matches a finding if it names the rule as ``--select`` does (the rule id,
    the pack, the category or "all"; see :func:`healthlint.selection.rule_selected`), in any
    case; a directive without tokens matches every finding.

    * ``disable`` suppresses matching findings from the comment's line (inclusive) up to the
      line of a matching ``enable`` (exclusive), or to the end of the file if never re-enabled.
      An ``enable`` with tokens re-enables only what those tokens match.
    * ``disable-next-line`` suppresses matching findings on the next non-blank source line after
      the comment (after the line where the comment closes, when ``source`` is given).

    ``source`` is an optional extension of the contract: without it, blank lines and multi-line
    comments cannot be seen and "next line" means ``line + 1``.
    """

    def __init__(
        self, directives: list[Directive], source_line_count: int, source: str | None = None
    ) -> None:
        self._line_count = source_line_count
        ordered = sorted(directives, key=lambda d: d.line)  # stable: same-line order kept
        self._toggles = [d for d in ordered if d.action in ("disable", "enable")]
        self._next_line: dict[int, list[tuple[str, ...]]] = {}
        has_next_line = any(d.action == "disable-next-line" for d in ordered)
        lines = source.split("\n") if source is not None and has_next_line else None
        for d in ordered:
            if d.action == "disable-next-line":
                target = self._target_line(d.line, lines)
                if target is not None:
                    self._next_line.setdefault(target, []).append(d.rules)
        self._cache: dict[tuple[str, str], tuple[list[int], list[bool]]] = {}

    def _target_line(self, line: int, lines: list[str] | None) -> int | None:
        if lines is None:
            target = line + 1
            return target if self._line_count <= 0 or target <= self._line_count else None
        idx = line - 1  # 0-based index of the comment's first line
        # The comment may span lines: the "next line" is the one after the comment closes.
        if 0 <= idx < len(lines):
            line_text = lines[idx]
            at = line_text.find("healthlint-disable-next-line")
            if at < 0:
                at = line_text.rfind("<!--")
            if at >= 0:
                tail = line_text[at:]
                while "-->" not in tail and idx + 1 < len(lines):
                    idx += 1
                    tail = lines[idx]
        idx += 1
        while idx < len(lines) and not lines[idx].strip():
            idx += 1
        return idx + 1 if idx < len(lines) else None

    def _transitions(self, rule_id: str, category: str) -> tuple[list[int], list[bool]]:
        key = (rule_id, category)
        cached = self._cache.get(key)
        if cached is None:
            lines: list[int] = []
            states: list[bool] = []
            for d in self._toggles:
                if _selects(d.rules, rule_id, category):
                    lines.append(d.line)
                    states.append(d.action == "disable")
            cached = self._cache[key] = (lines, states)
        return cached

    def is_suppressed(self, rule_id: str, category: str, line: int) -> bool:
        """Whether a ``rule_id``/``category`` finding on 1-based source ``line`` is suppressed."""
        for rules in self._next_line.get(line, ()):
            if _selects(rules, rule_id, category):
                return True
        lines, states = self._transitions(rule_id, category)
        i = bisect_right(lines, line) - 1
        return i >= 0 and states[i]

    def __bool__(self) -> bool:
        return bool(self._toggles or self._next_line)

    def __repr__(self) -> str:
        return f"Suppressions(toggles={len(self._toggles)}, next_line={len(self._next_line)})"


_DIRECTIVE_RE = re.compile(
    r"^\s*healthlint-(disable-next-line|disable|enable)(?=[\s,]|$)(.*)\Z", re.DOTALL
)


def parse_directive(comment: str, line: int) -> Directive | None:
    """Parse the inside of an HTML comment; return a Directive, or None if it is not one.

    Rules are separated by commas and/or whitespace; anything after `` -- `` is a free-text reason.
    """
    m = _DIRECTIVE_RE.match(comment)
    if m is None:
        return None
    rest = re.split(r"\s--(?:\s|$)", " " + m.group(2), maxsplit=1)[0]
    rules = tuple(r for r in re.split(r"[\s,]+", rest) if r)
    return Directive(m.group(1), rules, line)
