"""Kind ``dangling-citation``: reference markers that point at nothing.

A "[4]" with no fourth entry in the reference list, or a footnote marker with no footnote, looks
like evidence and is none. Numbered markers are resolved against the article's reference list
(a "References"/"Sources" section, or footnote definitions).
"""

from __future__ import annotations

from healthlint.checks.base import Check, Match


class DanglingCitationCheck(Check):
    """Flags each marker naming a label that the document does not define."""

    # Entities only through citation evidence, which asks for them on demand.
    entities_on_demand = True

    OPTIONS = {}

    def find(self, analysis):
        """Yield each dangling marker, with the missing labels for the message."""
        for citation, missing in analysis.evidence.dangling_markers():
            yield Match(citation.start, citation.end, {"labels": ", ".join(missing)})
