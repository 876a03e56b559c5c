"""Rule kinds: one module each, registered in the one table below.

A rule's ``kind`` field names the implementation that runs it. To add a kind, write a module
with a :class:`~healthlint.checks.base.Check` subclass and add it here.
"""

from healthlint.checks.acronyms import AcronymCheck
from healthlint.checks.attribution import AttributionCheck
from healthlint.checks.causal import CausalClaimCheck
from healthlint.checks.claim import ClaimCheck
from healthlint.checks.dangling import DanglingCitationCheck
from healthlint.checks.document_requirement import DocumentRequirementCheck
from healthlint.checks.hard_sentence import HardSentenceCheck
from healthlint.checks.jargon import JargonCheck
from healthlint.checks.link_text import LinkTextCheck
from healthlint.checks.paragraph_length import ParagraphLengthCheck
from healthlint.checks.passive import PassiveVoiceCheck
from healthlint.checks.pattern import PatternCheck
from healthlint.checks.readability import ReadabilityCheck
from healthlint.checks.sentence_length import SentenceLengthCheck
from healthlint.checks.slips import SlipCheck
from healthlint.checks.spelling import ConsistencyCheck, MisspellingCheck, SpellingCheck
from healthlint.checks.statistic import StatisticCheck
from healthlint.checks.substitution import SubstitutionCheck
from healthlint.checks.terms import TermsCheck

KINDS = {
    "terms": TermsCheck,
    "pattern": PatternCheck,
    "causal-claim": CausalClaimCheck,
    "claim": ClaimCheck,
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
    "link-text": LinkTextCheck,
    "substitution": SubstitutionCheck,
}
