"""Kind ``acronym``: acronyms used before they are spelled out.

An acronym counts as spelled out when its first use defines it ("chronic obstructive pulmonary
disease (COPD)", "COPD (chronic obstructive pulmonary disease)", "COPD, or chronic …",
"COPD stands for …") or, for acronyms of three letters or more, when the words it
abbreviates appear earlier in the document. Uses in headings neither count nor are flagged: a
heading may name what the next paragraph spells out.
"""

from __future__ import annotations

import re

from healthlint.checks.base import Check, Match, Option, optional_string_list
from healthlint.prose import PROSE_KINDS, in_ignored

# Two or more capitals, digits allowed after the first letter, an optional plural "s":
# COPD, GPs, H5N1, A1C. "U.S." and "mRNA" are not acronyms in this sense.
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Z0-9&]*[A-Z0-9](s?)$")
_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
# Words written in capitals for emphasis ("do NOT stop", "CALL 911"). A general word list
# would be wrong here: NICE, CARE and AIDS are acronyms that are also words.
_EMPHASIS = frozenset(
    {
        "ALL",
        "ALWAYS",
        "AND",
        "ANY",
        "ARE",
        "AT",
        "BE",
        "BEFORE",
        "AFTER",
        "BUT",
        "CALL",
        "CAUTION",
        "DANGER",
        "DO",
        "DON'T",
        "DONT",
        "EMERGENCY",
        "EVER",
        "EVERY",
        "FREE",
        "GET",
        "HELP",
        "IF",
        "IMPORTANT",
        "IN",
        "IS",
        "IT",
        "MUST",
        "NEVER",
        "NEW",
        "NO",
        "NOT",
        "NOTE",
        "NOW",
        "OFF",
        "ON",
        "ONLY",
        "OR",
        "OUT",
        "SEEK",
        "SHOULD",
        "STOP",
        "TAKE",
        "THE",
        "TO",
        "UP",
        "URGENT",
        "USE",
        "VERY",
        "WARNING",
        "WITH",
        "WITHOUT",
        "YES",
        "YOU",
        "YOUR",
    }
)
# Virus subtypes such as H5N1 are names; nobody spells them out.
_SUBTYPE = re.compile(r"^[A-Z]\d+[A-Z]\d+$")
_DEFINES_AFTER = re.compile(
    r"^\s*(?:\(\s*[a-z]|,?\s*(?:or|which stands for|stands for|means|"
    r"is short for|short for)\b)",
    re.IGNORECASE,
)
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

    reads_entities = False

    OPTIONS = {
        "allow": Option(
            optional_string_list, default=(), help="acronyms that need no spelling out"
        ),
    }

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        extra = settings.readability.get("acronyms", ()) if settings else ()
        self.allowed = frozenset(a.upper() for a in (*rule.options["allow"], *extra))

    def _candidate(self, text: str) -> str | None:
        """The acronym a token's text writes (plural "s" removed), or None."""
        found = _ACRONYM.match(text)
        if not found:
            return None
        acronym = text[:-1] if found.group(1) else text
        if acronym in self.allowed or _ROMAN.match(acronym) or _SUBTYPE.match(acronym):
            return None
        if acronym in _EMPHASIS:
            return None
        return acronym

    def find(self, analysis):
        """Yield the first use of each acronym that is used before it is spelled out."""
        kinds, text = analysis.token_block_kinds, analysis.document.text
        texts, offsets = analysis.texts, analysis.offsets
        seen: set[str] = set()
        # An acronym has capitals, so the many tokens in lower case need no regular expression.
        not_lower_case = [i for i, written in enumerate(texts) if not written.islower()]
        for i in not_lower_case:
            if kinds[i] not in PROSE_KINDS:
                continue
            acronym = self._candidate(texts[i])
            start = offsets[i]
            if (
                acronym is None
                or acronym in seen
                or analysis.in_references(start)
                or in_ignored(analysis, start)
            ):
                continue
            sentence = analysis.sentence_of(i)
            if sum(ch.isupper() for ch in sentence.text) > 0.6 * sum(
                ch.isalpha() for ch in sentence.text
            ):
                continue  # a sentence in capitals is shouting, not using acronyms
            seen.add(acronym)
            before = texts[i - 1] if i > 0 else ""
            after = text[start + len(texts[i]) : sentence.end_char]
            if before == "(" or _DEFINES_AFTER.match(after):
                continue
            # Two initials match too many ordinary word pairs ("good people" for GP) to count.
            if sum(ch.isalpha() for ch in acronym) >= 3 and _spelled_out_pattern(acronym).search(
                text, 0, start
            ):
                continue
            yield Match(start, start + len(texts[i]), {"acronym": acronym})
