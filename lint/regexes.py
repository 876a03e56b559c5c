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


def _has_unbounded_repeat(parsed) -> bool:
    for op, value in parsed:
        if op in _REPEATS or op == _POSSESSIVE:
            low, high, sub = value
            if high == sre_constants.MAXREPEAT or _has_unbounded_repeat(sub):
                return True
        elif op in (sre_constants.SUBPATTERN, sre_constants.ATOMIC_GROUP) and (
                _has_unbounded_repeat(value[-1])):
            return True
        elif op == sre_constants.BRANCH and any(_has_unbounded_repeat(b) for b in value[1]):
            return True
    return False


def _nested_unbounded(parsed) -> bool:
    for op, value in parsed:
        if op in _REPEATS:
            low, high, sub = value
            if high == sre_constants.MAXREPEAT and _has_unbounded_repeat(sub):
                return True
            if _nested_unbounded(sub):
                return True
        elif op == sre_constants.SUBPATTERN and _nested_unbounded(value[-1]):
            return True
        elif op == sre_constants.BRANCH and any(_nested_unbounded(b) for b in value[1]):
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
