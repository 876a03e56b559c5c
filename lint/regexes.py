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
        raise ValueError(f"{pattern!r} nests one unbounded repeat inside another, which can "
                         "backtrack catastrophically; bound the inner repeat (e.g. {1,20}) or "
                         "drop the outer one")
    return compiled
