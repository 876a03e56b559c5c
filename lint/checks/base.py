"""What every rule kind shares: declared options, the match record, and the check base class.

A rule kind declares its kind-specific YAML fields in ``OPTIONS``, as :class:`Option`s of
:mod:`healthlint.schema` (re-exported here with its validators, for kinds); the pack loader
validates every rule against them before any check is built, so a typo in a pack is reported
with its line instead of failing at lint time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

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
    "SharedResources",
    "boolean",
    "choice",
    "optional_string_list",
    "positive_int",
    "string_list",
]

T = TypeVar("T")


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
    on them (a user's vocabulary, a readability audience). ``shared`` holds what the checks of
    one linter share (see :class:`SharedResources`).
    """

    OPTIONS: dict[str, Option] = {}
    # Whether the kind reads named entities. When no active rule does, the entity recogniser
    # is not run (see healthlint.nlp.entity_components). A kind that never looks at entities says
    # False; the default is the safe answer.
    reads_entities: bool = True
    # Whether it reads them only through healthlint.nlp.with_entities, which recognises them on the
    # first request. When every reader does, recognition runs only on documents that need it.
    entities_on_demand: bool = False

    def __init__(self, rule: Rule, nlp, settings: Settings, shared: SharedResources | None = None):
        self.rule = rule
        self.nlp = nlp
        self.settings = settings
        # What this check shares with the other checks of its linter; a check built on its
        # own shares with nobody.
        self.shared = shared if shared is not None else SharedResources(nlp)

    @classmethod
    def validate_options(cls, options: dict) -> None:
        """Check constraints between options at load time; raise ValueError with the reason."""

    def measure(self, analysis: Analysis) -> dict:
        """Per-file figures this kind reports alongside findings (e.g. readability scores)."""
        return {}

    def find(self, analysis: Analysis) -> Iterable[Match]:
        """Yield the spans of ``analysis.document.text`` this rule flags, before context."""
        raise NotImplementedError


class SharedResources:
    """What the checks of one linter share, each made on first request: for instance one spaCy
    Matcher that holds every pattern rule's patterns, so a document gets one Matcher pass.

    The linter makes one and passes it to every check it builds, so two linters (two packs, two
    configs) never see each other's rules, and the resources go when the linter goes.
    """

    def __init__(self, nlp):
        self.nlp = nlp
        self._made: dict[Callable[[Any], Any], Any] = {}

    def get(self, make: Callable[[Any], T]) -> T:
        """``make(nlp)``, made once for this linter; ``make`` (usually a class) is the key."""
        if make not in self._made:
            self._made[make] = make(self.nlp)
        return self._made[make]
