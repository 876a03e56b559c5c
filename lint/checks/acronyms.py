"""Kind ``acronym``: acronyms used before they are spelled out.

An acronym counts as spelled out when its first use defines it ("chronic obstructive pulmonary
disease (COPD)", "COPD (chronic obstructive pulmonary disease)", "COPD, or chronic …",
"COPD stands for …") or, for acronyms of three letters or more, when the words it
abbreviates appear earlier in the document. Uses in headings neither count nor are flagged: a
heading may name what the next paragraph spells out.
"""

from __future__ import annotations

import re

from lint.checks.base import Check, Match, Option, optional_string_list
from lint.checks.readability import PROSE_KINDS, in_ignored

# Two or more capitals, digits allowed after the first letter, an optional plural "s":
# COPD, GPs, H5N1, A1C. "U.S." and "mRNA" are not acronyms in this sense.
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Z0-9&]*[A-Z0-9](s?)$")
_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
# Words written in capitals for emphasis ("do NOT stop", "CALL 911"). A general word list
# would be wrong here: NICE, CARE and AIDS are acronyms that are also words.
_EMPHASIS = frozenset({
    "ALL", "ALWAYS", "AND", "ANY", "ARE", "AT", "BE", "BEFORE", "AFTER", "BUT", "CALL", "CAUTION",
    "DANGER", "DO", "DON'T", "DONT", "EMERGENCY", "EVER", "EVERY", "FREE", "GET", "HELP", "IF",
    "IMPORTANT", "IN", "IS", "IT", "MUST", "NEVER", "NEW", "NO", "NOT", "NOTE", "NOW", "OFF", "ON",
    "ONLY", "OR", "OUT", "SEEK", "SHOULD", "STOP", "TAKE", "THE", "TO", "UP", "URGENT", "USE",
    "VERY", "WARNING", "WITH", "WITHOUT", "YES", "YOU", "YOUR",
})
# Virus subtypes such as H5N1 are names; nobody spells them out.
_SUBTYPE = re.compile(r"^[A-Z]\d+[A-Z]\d+$")
_DEFINES_AFTER = re.compile(r"^\s*(?:\(\s*[a-z]|,?\s*(?:or|which stands for|stands for|means|"
                            r"is short for|short for)\b)", re.IGNORECASE)
# Small words a spelled-out name may skip: "Centers for Disease Control and Prevention" (CDC).
_SKIPPABLE = r"(?:(?:of|and|the|for|in|on|to|with|&|by|a|an)\s+)*"


def _spelled_out_pattern(acronym: str) -> re.Pattern:
    """Words whose initials spell ``acronym``, allowing small words in between."""
    letters = [ch for ch in acronym if ch.isalpha()]
    parts = [rf"\b{re.escape(ch)}[\w'\u2019]*" for ch in letters]
    return re.compile((r"[\s/-]+" + _SKIPPABLE).join(parts), re.IGNORECASE)


class AcronymCheck(Check):
    """Flags the first use of each acronym that is not spelled out there or earlier.

    ``allow`` lists acronyms every reader knows (DNA, HIV, UK, US); the config's
    ``readability.acronyms`` adds to it. All-capital words that are ordinary words shouted
    ("do NOT stop") and Roman numerals ("type II") are not acronyms.
    """

    OPTIONS = {
        "allow": Option(optional_string_list, default=(),
                        help="acronyms that need no spelling out"),
    }

    def __init__(self, rule, nlp, settings=None):
        super().__init__(rule, nlp, settings)
        extra = settings.readability.get("acronyms", ()) if settings else ()
        self.allowed = frozenset(a.upper() for a in (*rule.options["allow"], *extra))

    def _candidate(self, token) -> str | None:
        """The acronym a token writes (plural "s" removed), or None."""
        found = _ACRONYM.match(token.text)
        if not found:
            return None
        acronym = token.text[:-1] if found.group(1) else token.text
        if acronym in self.allowed or _ROMAN.match(acronym) or _SUBTYPE.match(acronym):
            return None
        if acronym in _EMPHASIS:
            return None
        return acronym

    def find(self, analysis):
        """Yield the first use of each acronym that is used before it is spelled out."""
        doc, kinds, text = analysis.doc, analysis.token_block_kinds, analysis.document.text
        seen: set[str] = set()
        for token in analysis.tokens:
            if kinds[token.i] not in PROSE_KINDS:
                continue
            acronym = self._candidate(token)
            if (acronym is None or acronym in seen or analysis.in_references(token.idx)
                    or in_ignored(analysis, token.idx)):
                continue
            sentence = analysis.sentence_of(token.i)
            if sum(ch.isupper() for ch in sentence.text) > 0.6 * sum(
                    ch.isalpha() for ch in sentence.text):
                continue  # a sentence in capitals is shouting, not using acronyms
            seen.add(acronym)
            before = doc[token.i - 1].text if token.i > 0 else ""
            after = text[token.idx + len(token.text):sentence.end_char]
            if before == "(" or _DEFINES_AFTER.match(after):
                continue
            # Two initials match too many ordinary word pairs ("good people" for GP) to count.
            if sum(ch.isalpha() for ch in acronym) >= 3 and _spelled_out_pattern(
                    acronym).search(text, 0, token.idx):
                continue
            yield Match(token.idx, token.idx + len(token.text), {"acronym": acronym})
