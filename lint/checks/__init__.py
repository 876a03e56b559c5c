"""Rule kinds: one module each, registered in the one table below.

A rule's ``kind`` field names the implementation that runs it. To add a kind, write a module
with a :class:`~lint.checks.base.Check` subclass and add it here.
"""

from lint.checks.acronyms import AcronymCheck
from lint.checks.attribution import AttributionCheck
from lint.checks.causal import CausalClaimCheck
from lint.checks.dangling import DanglingCitationCheck
from lint.checks.document_requirement import DocumentRequirementCheck
from lint.checks.hard_sentence import HardSentenceCheck
from lint.checks.jargon import JargonCheck
from lint.checks.paragraph_length import ParagraphLengthCheck
from lint.checks.passive import PassiveVoiceCheck
from lint.checks.pattern import PatternCheck
from lint.checks.readability import ReadabilityCheck
from lint.checks.sentence_length import SentenceLengthCheck
from lint.checks.slips import SlipCheck
from lint.checks.spelling import ConsistencyCheck, MisspellingCheck, SpellingCheck
from lint.checks.statistic import StatisticCheck
from lint.checks.terms import TermsCheck

KINDS = {
    "terms": TermsCheck,
    "pattern": PatternCheck,
    "causal-claim": CausalClaimCheck,
    "attribution": AttributionCheck,
    "statistic": StatisticCheck,
    "dangling-citation": DanglingCitationCheck,
    "document-requirement": DocumentRequirementCheck,
    "readability": ReadabilityCheck,
    "sentence-length": SentenceLengthCheck,
    "hard-sentence": HardSentenceCheck,
    "paragraph-length": ParagraphLengthCheck,
    "passive-voice": PassiveVoiceCheck,
    "jargon": JargonCheck,
    "acronym": AcronymCheck,
    "misspelling": MisspellingCheck,
    "spelling": SpellingCheck,
    "term-consistency": ConsistencyCheck,
    "slip": SlipCheck,
}
