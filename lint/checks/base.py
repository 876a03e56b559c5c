"""What every rule kind shares: declared options, the match record, and the check base class.

A rule kind declares its kind-specific YAML fields in ``OPTIONS``, as :class:`Option`s of
:mod:`healthlint.schema` (re-exported here with its validators, for kinds); the pack loader
validates every rule against them before any check is built, so a typo in a pack is reported
with its line instead of failing at lint time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from healthlint.schema import (
    Option,
    boolean,
    choice,
    optional_string_list,
    positive_int,
    string_list,
)

if TYPE_CHECKING:
    from healthlint.analysis import Analysis
    from healthlint.config import Settings
    from healthlint.packs import Rule

__all__ = [
    "Check",
    "Match",
    "Option",
    "boolean",
    "choice",
    "optional_string_list",
    "positive_int",
    "string_list",
]


@dataclass(frozen=True)
class Match:
    """A span of ``Document.text`` that a check flags, with values for the message template.

    A document-level match (``document_level=True``) is about the article as a whole, such as
    a missing author; it is reported at ``start`` (usually 0 or the title) without context
    filtering.
    """

    start: int
    end: int
    values: dict = field(default_factory=dict)
    document_level: bool = False


class Check:
    """Base of every rule kind: built once per rule, then asked for matches per document.

    ``settings`` are the run's merged config and command-line settings, for kinds that depend
    on them (a user's vocabulary, a readability audience).
    """

    OPTIONS: dict[str, Option] = {}
    # Whether the kind reads named entities. When no active rule does, the entity recogniser
    # is not run (see healthlint.nlp.entity_components). A kind that never looks at entities says
    # False; the default is the safe answer.
    reads_entities: bool = True
    # Whether it reads them only through healthlint.nlp.with_entities, which recognises them on the
    # first request. When every reader does, recognition runs only on documents that need it.
    entities_on_demand: bool = False

    def __init__(self, rule: Rule, nlp, settings: Settings):
        self.rule = rule
        self.nlp = nlp
        self.settings = settings

    @classmethod
    def validate_options(cls, options: dict) -> None:
        """Check constraints between options at load time; raise ValueError with the reason."""

    def measure(self, analysis: Analysis) -> dict:
        """Per-file figures this kind reports alongside findings (e.g. readability scores)."""
        return {}

    def find(self, analysis: Analysis) -> Iterable[Match]:
        """Yield the spans of ``analysis.document.text`` this rule flags, before context."""
        raise NotImplementedError
