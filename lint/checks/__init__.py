"""Rule kinds: one module each, registered in the one table below.

A rule's ``kind`` field names the implementation that runs it. To add a kind, write a module
with a :class:`~lint.checks.base.Check` subclass and add it here.
"""

from lint.checks.causal import CausalClaimCheck
from lint.checks.pattern import PatternCheck
from lint.checks.terms import TermsCheck

KINDS = {
    "terms": TermsCheck,
    "pattern": PatternCheck,
    "causal-claim": CausalClaimCheck,
}
