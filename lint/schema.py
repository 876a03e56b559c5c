"""Declared fields of every YAML file healthlint reads: rule packs, the config, the context cues.

Each field is an :class:`Option` (in the manner of yamllint's ``CONF``): how to validate its
value, whether it is required, its default and a line of help. :func:`read` checks a mapping
against its declarations in one loop, so every file is validated the same way and every problem
names the file and the line of the offending key or list item.

A validator takes the raw value and returns the checked one, or raises ValueError with a reason
that follows the field's name ("must be a whole number of at least 1"). A reason about one item
of a list or one entry of a mapping raises :class:`Invalid` with ``at`` set, so the error points
at that item's line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from healthlint.errors import HealthlintError


@dataclass(frozen=True)
class Nested:
    """A field whose value is a mapping with declared fields of its own (config ``readability``).

    Its fields are read with the same loop, and named in messages as ``outer.inner``. ``shape``
    says what the value must be when it is not a mapping. With ``defaults`` False, only the keys
    that are present appear in the result.
    """

    fields: dict[str, Option]
    shape: str = "a mapping"
    defaults: bool = True
    type_name = "mapping"


@dataclass(frozen=True)
class Option:
    """A declared field: how to validate it, whether it is required, its default and help.

    ``validate`` is a function of the raw value (see the module docstring), or :class:`Nested`
    for a mapping with fields of its own.

    ``type`` names the accepted values for people (``healthlint kinds``, docs/rule-packs.md);
    when empty it is the validator's own ``type_name``.
    """

    validate: Callable[[Any], Any] | Nested
    required: bool = False
    default: Any = None
    help: str = ""
    type: str = ""

    @property
    def type_name(self) -> str:
        """What values the field accepts, in words."""
        return self.type or getattr(self.validate, "type_name", "")


class Invalid(ValueError):
    """A validator's reason about one part of a value: list item ``at`` (an index), entry ``at``
    (a key) of a mapping, or the whole value (``at`` None). With ``whole`` the reason is the
    complete message, not a continuation of the field's name."""

    def __init__(self, reason: str, at: int | str | None = None, whole: bool = False):
        super().__init__(reason)
        self.at = at
        self.whole = whole


def line_of(container, at) -> int | None:
    """The line of key or index ``at`` in a LineDict/LineList, or None for plain containers."""
    finder = getattr(container, "line_of", None)
    return finder(at) if finder else None


def _label(prefix: str, key) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def read(
    data,
    fields: dict[str, Option],
    path: str | None,
    error: type[HealthlintError],
    *,
    prefix: str = "",
    missing: Callable[[list[str]], str] | None = None,
    context: str = "",
    defaults: bool = True,
    line: int | None = None,
) -> dict:
    """Validate the mapping ``data`` against ``fields``; return {key: checked value}.

    Problems are raised as ``error(message, path, line)``: missing required fields (worded by
    ``missing``, at the mapping's line), then each present field in declaration order (at its
    key's line, or its item's), then the first key not in ``fields`` (``context`` is added to
    that message: " for kind 'terms'").
    ``prefix`` names a nested mapping ("readability") in messages, and ``line`` is the line of
    its key. Absent optional fields get their default unless ``defaults`` is False.
    """
    here = line or getattr(data, "line", None)
    absent = [key for key, option in fields.items() if option.required and key not in data]
    if absent:
        what = prefix or "the file"
        message = missing(absent) if missing else f"{what} is missing {', '.join(absent)}"
        raise error(message, path, here)
    values = {}
    for key, option in fields.items():
        if key in data:
            values[key] = _field(data, key, option, path, error, _label(prefix, key))
        elif defaults:
            values[key] = option.default
    for key in data:
        if key not in fields:
            raise error(
                f"unknown {prefix + ' ' if prefix else ''}key {key!r}{context} "
                f"(allowed: {', '.join(sorted(fields))})",
                path,
                line_of(data, key),
            )
    return values


def _field(data, key, option: Option, path, error, label: str):
    value = data[key]
    if isinstance(option.validate, Nested):
        nested = option.validate
        if not isinstance(value, dict):
            raise error(f"{label} must be {nested.shape}", path, line_of(data, key))
        return read(
            value,
            nested.fields,
            path,
            error,
            prefix=label,
            defaults=nested.defaults,
            line=line_of(data, key),
        )
    try:
        return option.validate(value)
    except ValueError as exc:
        at = getattr(exc, "at", None)
        if getattr(exc, "whole", False):
            message = str(exc)
        elif isinstance(at, int):
            message = f"{label}: {exc}"
        elif at is not None:
            message = f"{label} for {at!r} {exc}"
        else:
            message = f"{label} {exc}"
        line = (line_of(value, at) if at is not None else None) or line_of(data, key)
        raise error(message, path, line) from None


def described(type_name: str):
    """Give a validator the words :attr:`Option.type_name` shows for it."""

    def label(validate):
        validate.type_name = type_name
        return validate

    return label


@described("string")
def string(value) -> str:
    """Validate a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


@described("string")
def text(value) -> str:
    """Validate a possibly empty string (null counts as empty); return it stripped."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value.strip()


@described("list of strings")
def string_list(value) -> tuple[str, ...]:
    """Validate a non-empty list of non-empty strings."""
    if not isinstance(value, list) or not value:
        raise ValueError("must be a non-empty list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"must be a list of non-empty strings, got {item!r}")
    return tuple(value)


@described("list of strings")
def optional_string_list(value) -> tuple[str, ...]:
    """Validate a possibly empty list of strings."""
    if value == []:
        return ()
    return string_list(value)


@described("true or false")
def boolean(value) -> bool:
    """Validate a YAML boolean."""
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


@described("whole number ≥ 1")
def positive_int(value) -> int:
    """Validate an integer of at least 1."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("must be a whole number of at least 1")
    return value


def one_of_words(allowed) -> str:
    """``a, b or c``: how a choice is named in type columns and help."""
    allowed = list(allowed)
    return allowed[0] if len(allowed) == 1 else f"{', '.join(allowed[:-1])} or {allowed[-1]}"


def choice(*allowed: str) -> Callable[[Any], str]:
    """Validate one string out of ``allowed``."""

    @described(one_of_words(allowed))
    def validate(value) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value

    return validate


def show_value(value) -> str:
    """A default as a pack would write it: ``[a, b]``, ``true``, ``6``, ``none``."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return f"[{', '.join(show_value(item) for item in value)}]"
    return str(value) if value != "" else '""'


def describe(name: str, option: Option) -> str:
    """One line for people: the field, what it accepts, required or its default, its help."""
    need = "required" if option.required else f"default {show_value(option.default)}"
    return f"{name} ({option.type_name}; {need}): {option.help}"
