"""Kind ``claim``: claim frames (agent + predicate family + target) read from the parse.

"Ginger oil dissolves gallstones", "gout can be reversed with cherries", "beat your eczema in
ten days" and "the reversal of kidney disease" are one claim in four grammatical shapes. The
frames come from healthlint.claim_frames, computed once per document for every claim rule; a
rule chooses which predicate families it flags and whether comparisons with conventional
treatment count.
"""

from __future__ import annotations

from healthlint.checks.base import Check, Match, Option, boolean, optional_string_list
from healthlint.claim_frames import FAMILIES, document_frames

# Families a rule flags when it names none: every family that makes a health promise ("harm"
# is a fact-check family, not a promise).
PROMISE_FAMILIES = tuple(name for name in FAMILIES if name != "harm")


class ClaimCheck(Check):
    """Flags claim frames: an agent said to cure, reverse, eliminate, … a condition.

    A frame whose agent is a conventional treatment, the body, a clinician or the condition
    itself is medicine, not a promise, and is never flagged; what an unknown agent or the reader
    means is each family's policy in ``lint/data/health/predicates.yaml``.
    """

    reads_entities = False

    OPTIONS = {
        "families": Option(
            optional_string_list,
            default=PROMISE_FAMILIES,
            help="predicate families to flag (lint/data/health/predicates.yaml); [] for none",
        ),
        "comparisons": Option(
            boolean,
            default=False,
            help="also flag an agent put above a conventional treatment ('works better than "
            "statins')",
        ),
        "boosted_only": Option(
            boolean,
            default=False,
            help="flag only frames that an intensifier ('for good', 'overnight') makes boosted",
        ),
    }

    @classmethod
    def validate_options(cls, options):
        """Families must exist, and the rule must flag something."""
        unknown = [name for name in options["families"] if name not in FAMILIES]
        if unknown:
            raise ValueError(f"unknown families {unknown} (known: {', '.join(FAMILIES)})")
        if not options["families"] and not options["comparisons"]:
            raise ValueError("needs some 'families' or 'comparisons: true'")

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        self.families = set(rule.options["families"])
        if rule.options["comparisons"]:
            self.families.add("comparison")
        self.boosted_only = rule.options["boosted_only"]

    def find(self, analysis):
        """Yield one match per frame of the rule's families; overlapping frames yield once."""
        offsets, texts = analysis.offsets, analysis.texts
        taken_until = -1
        for frame in analysis.fact(document_frames):
            if frame.family not in self.families or frame.start < taken_until:
                continue
            if self.boosted_only and frame.strength != "boosted":
                continue
            taken_until = frame.end
            last = frame.end - 1
            yield Match(
                offsets[frame.start],
                offsets[last] + len(texts[last]),
                {"family": frame.family, "strength": frame.strength, "agent": frame.agent},
            )
