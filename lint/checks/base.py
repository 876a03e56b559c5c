"""What every rule kind shares: declared options, the match record, and the check base class.

A rule kind declares its kind-specific YAML fields in ``OPTIONS`` (in the manner of yamllint's
``CONF``); the pack loader validates every rule against them before any check is built, so a
typo in a pack is reported with its line instead of failing at lint time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from healthlint.analysis import Analysis
    from healthlint.config import Settings
    from healthlint.packs import Rule


@dataclass(frozen=True)
class Option:
    """A kind-specific rule field: how to validate it, whether it is required, its default."""

    validate: Callable[[Any], Any]
    required: bool = False
    default: Any = None
    help: str = ""


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


def string(value) -> str:
    """Validate a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


def string_list(value) -> tuple[str, ...]:
    """Validate a non-empty list of non-empty strings."""
    if not isinstance(value, list) or not value:
        raise ValueError("must be a non-empty list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"must be a list of non-empty strings, got {item!r}")
    return tuple(value)


def optional_string_list(value) -> tuple[str, ...]:
    """Validate a possibly empty list of strings."""
    if value == []:
        return ()
    return string_list(value)


def boolean(value) -> bool:
    """Validate a YAML boolean."""
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def positive_int(value) -> int:
    """Validate an integer of at least 1."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("must be a whole number of at least 1")
    return value


def choice(*allowed: str) -> Callable[[Any], str]:
    """Validate one string out of ``allowed``."""

    def validate(value) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value

    return validate


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

    def __init__(self, rule: Rule, nlp, settings: Settings | None = None):
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
