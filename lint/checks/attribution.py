"""Kind ``attribution``: claims credited to research or authorities nobody can check.

"Studies show…", "experts agree…", "statistics say…", "it is said that…": the subject is
research or an authority, the verb reports what it found, and nothing names which study or
whose advice. A subject that names someone ("the American Heart Association recommends"), a
specific study ("a 2019 Cochrane review of 12 trials") or one already introduced ("this study",
"the researchers") is not vague. Whether a citation nearby supports the claim is the rule's
``requires_citation`` scope, applied by the engine.
"""

from __future__ import annotations

from healthlint.checks.base import Check, Match, Option, optional_string_list
from healthlint.evidence import vague_attributions, vocabulary


class AttributionCheck(Check):
    """Flags vague attributions: research subject + reporting verb, or impersonal "it is said"."""

    # Entities only through citation evidence, which asks for them on demand.
    entities_on_demand = True

    OPTIONS = {
        "subjects": Option(
            optional_string_list,
            default=(),
            help="extra lemmas of research/authority subjects "
            "(added to lint/data/evidence.yaml's research_subjects)",
        ),
        "verbs": Option(
            optional_string_list,
            default=(),
            help="extra lemmas of reporting verbs (added to reporting_verbs)",
        ),
    }

    def __init__(self, rule, nlp, settings, shared=None):
        super().__init__(rule, nlp, settings, shared)
        words = vocabulary()
        self.subjects = words["research_subjects"] | {s.lower() for s in rule.options["subjects"]}
        self.verbs = words["reporting_verbs"] | {v.lower() for v in rule.options["verbs"]}
        self.impersonal = words["impersonal_verbs"]
        self.extended = bool(rule.options["subjects"] or rule.options["verbs"])

    def find(self, analysis):
        """Yield the span from the subject (or "It") to the reporting verb."""
        spans = (
            vague_attributions(analysis, self.subjects, self.verbs, self.impersonal)
            if self.extended
            else analysis.evidence.vague_attributions
        )
        for start, end in spans:
            yield Match(start, end)
