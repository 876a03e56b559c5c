"""Regular expressions from rule packs: compiled once, and refused when they can hang.

Python's ``re`` has no time limit, so a pattern with a nested unbounded repeat such as
``(\\w+)+$`` can take minutes on one unlucky sentence (catastrophic backtracking). Packs are
written by users; such a pattern is rejected at load time with the reason, which is cheaper and
more predictable than running every search under a watchdog.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parse

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)


def _children(op, value) -> list:
    """The sub-patterns of a group or an alternation, to search for repeats inside."""
    if op in (sre_constants.SUBPATTERN, sre_constants.ATOMIC_GROUP):
        return [value[-1]]
    if op == sre_constants.BRANCH:
        return list(value[1])
    return []


def _has_unbounded_repeat(parsed) -> bool:
    for op, value in parsed:
        if op in _REPEATS or op == _POSSESSIVE:
            _, high, sub = value
            if high == sre_constants.MAXREPEAT or _has_unbounded_repeat(sub):
                return True
        elif any(_has_unbounded_repeat(child) for child in _children(op, value)):
            return True
    return False


def _nested_unbounded(parsed) -> bool:
    for op, value in parsed:
        if op in _REPEATS:
            _, high, sub = value
            if high == sre_constants.MAXREPEAT and _has_unbounded_repeat(sub):
                return True
            if _nested_unbounded(sub):
                return True
        elif any(_nested_unbounded(child) for child in _children(op, value)):
            return True
    return False


def compile_pattern(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """Compile a pack's regular expression; raise ValueError if it is invalid or can hang."""
    if not isinstance(pattern, str):
        raise ValueError(f"{pattern!r} is not a string")
    try:
        compiled = re.compile(pattern, flags)
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a valid regular expression: {exc}") from None
    if _nested_unbounded(sre_parse.parse(pattern, flags)):
        raise ValueError(
            f"{pattern!r} nests one unbounded repeat inside another, which can "
            "backtrack catastrophically; bound the inner repeat (e.g. {1,20}) or "
            "drop the outer one"
        )
    return compiled


# Characters outside ASCII that Python's case-insensitive matching equates with ASCII letters
# ("ſ" with "s", "ı" and "İ" with "i"); str.lower() maps the Kelvin sign to "k" by itself.
_ASCII_CASE_TWINS = str.maketrans({"ſ": "s", "ı": "i", "İ": "i"})


def fold_case(text: str) -> str:
    """``text`` lower-cased the way a case-insensitive pattern's ASCII literals see it."""
    if not text.isascii():
        text = text.translate(_ASCII_CASE_TWINS)
    return text.lower()


def literal_clauses(pattern: re.Pattern) -> tuple[frozenset[str], ...]:
    """Literal strings a match of ``pattern`` must contain, as clauses: a text can only match
    when, for every clause, it contains at least one of the clause's strings.

    ``\\b(treats?|cures?) (cancer|diabetes)`` gives {"treat", "cure"} and {"cancer",
    "diabetes"}. Only ASCII literals are used; for a case-insensitive pattern they are lower
    case and must be looked for in :func:`fold_case` of the text. Anything the analysis does
    not follow (classes, lookarounds, scoped flags) contributes nothing, so the clauses are
    always necessary, never sufficient: they let a scan be skipped, not a match be assumed.
    """
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # a pattern this analysis cannot read is simply not pre-filtered
        return ()
    ignore_case = bool(parsed.state.flags & re.IGNORECASE)
    return tuple(clause for clause in _sequence_clauses(parsed, ignore_case) if clause)


def admits(clauses: tuple[frozenset[str], ...], text: str) -> bool:
    """True when ``text`` (folded with fold_case for a case-insensitive pattern) holds at
    least one string of every clause."""
    return all(any(literal in text for literal in clause) for clause in clauses)


def may_match(
    pattern: re.Pattern, clauses: tuple[frozenset[str], ...], text: str, folded: str
) -> bool:
    """False only when ``pattern`` cannot match ``text``, by its :func:`literal_clauses`;
    ``folded`` is :func:`fold_case` of ``text``, for a case-insensitive pattern."""
    return admits(clauses, folded if pattern.flags & re.IGNORECASE else text)


def _sequence_clauses(parsed, ignore_case: bool) -> list[frozenset[str]]:
    clauses: list[frozenset[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            literal = "".join(run)
            clauses.append(frozenset({literal.lower() if ignore_case else literal}))
            run.clear()

    for op, value in parsed:
        if op == sre_constants.LITERAL and value < 128:
            run.append(chr(value))
            continue
        end_run()
        if op == sre_constants.SUBPATTERN:
            _, add_flags, del_flags, sub = value
            if not add_flags and not del_flags:
                clauses += _sequence_clauses(sub, ignore_case)
        elif op == sre_constants.ATOMIC_GROUP:
            clauses += _sequence_clauses(value, ignore_case)
        elif op in _REPEATS or op == _POSSESSIVE:
            low, _, sub = value
            if low >= 1:
                clauses += _sequence_clauses(sub, ignore_case)
        elif op == sre_constants.BRANCH:
            clause = _branch_clause(value[1], ignore_case)
            if clause:
                clauses.append(clause)
    end_run()
    return clauses


def _branch_clause(alternatives, ignore_case: bool) -> frozenset[str]:
    """One clause for an alternation: the best clause of each alternative, joined; empty
    when some alternative requires no literal at all."""
    joined: set[str] = set()
    for alternative in alternatives:
        options = [c for c in _sequence_clauses(alternative, ignore_case) if c]
        if not options:
            return frozenset()
        # The clause whose shortest string is longest is the most selective.
        joined |= max(options, key=lambda clause: min(map(len, clause)))
    return frozenset(joined)
