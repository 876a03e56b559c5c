"""Settings: from `.healthlint.yaml` or `[tool.healthlint]` in pyproject.toml, then the CLI.

Config files are validated as strictly as packs, by the same declarations
(:mod:`healthlint.schema`): an unknown key or a wrong type is a ConfigError naming the file and
line (for pyproject.toml, the file and the key).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from healthlint.errors import ConfigError, HealthlintError
from healthlint.finding import SEVERITIES
from healthlint.schema import (
    Invalid,
    Nested,
    Option,
    choice,
    described,
    line_of,
    one_of_words,
    positive_int,
    read,
)
from healthlint.yamlsource import load_yaml

CONFIG_FILE = ".healthlint.yaml"
FAIL_ON_LEVELS = (*SEVERITIES, "never")
SEVERITY_OVERRIDES = (*SEVERITIES, "off")
# Readers each audience writes for; the readability rules take their grade targets from it.
AUDIENCES = ("patient", "general", "professional")


@dataclass(frozen=True, repr=False)
class Vocabulary:
    """A project's own words. Typo rules never flag an ``accept`` word and always flag a
    ``reject`` word, suggesting its replacement ("" when the file gives none). Lower case."""

    accept: frozenset[str] = frozenset()
    reject: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        # Sorted, so the repr is the same in every process: result caches are keyed on it.
        return f"Vocabulary(accept={sorted(self.accept)!r}, reject={sorted(self.reject.items())!r})"


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a run, after config and command line are merged."""

    model: str | None = None
    packs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    audience: str = "patient"  # who the articles are for: sets the readability targets
    readability: dict = field(default_factory=dict)  # explicit readability thresholds
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # accepted and rejected words
    source: str | None = None  # the config file these settings came from


@described("list of strings")
def _strings(value) -> tuple[str, ...]:
    """One string, or a (possibly empty) list of non-empty strings."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("must be a list of strings")
    return tuple(value)


@described("string")
def _model_name(value) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a spaCy model name")
    return value


@described(f"mapping of rule ids, packs or categories to {one_of_words(SEVERITY_OVERRIDES)}")
def severity_overrides(value) -> dict[str, str]:
    """Validate {rule-or-category: level} where level is error, warning, info or off."""
    if not isinstance(value, dict):
        raise ValueError("must map rule ids or categories to levels")
    levels = {}
    for key, level in value.items():
        if level is False:  # YAML 1.1 reads an unquoted `off` as the boolean false
            level = "off"
        if level not in SEVERITY_OVERRIDES:
            raise Invalid(f"must be one of {', '.join(SEVERITY_OVERRIDES)}", at=key)
        levels[key] = level
    return levels


@described("positive number")
def _grade(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError("must be a positive number")
    return float(value)


# Explicit readability thresholds, which win over the audience's defaults and the pack's.
READABILITY_FIELDS = {
    "max_grade": Option(_grade, help="the SMOG grade target, instead of the audience's"),
    "max_sentence_words": Option(
        positive_int, help="instead of max_words of every sentence-length and hard-sentence rule"
    ),
    "max_paragraph_words": Option(
        positive_int, help="instead of max_words of every paragraph-length rule"
    ),
    "acronyms": Option(_strings, help="added to the allow list of every acronym rule"),
}
# Word-list files of a project's own vocabulary, as Vale's Vocab: one word a line.
VOCABULARY_FIELDS = {
    "accept": Option(_strings, help="files of words typo rules never flag"),
    "reject": Option(_strings, help="files of words always flagged ('wrong -> right' lines)"),
}
CONFIG_FIELDS = {
    "model": Option(_model_name, help="the spaCy model"),
    "packs": Option(_strings, help="extra rule packs, relative to the config's folder"),
    "select": Option(_strings, help="only these rule ids, packs or categories run"),
    "ignore": Option(_strings, help="these rule ids, packs or categories do not run"),
    "severity": Option(severity_overrides, help="levels for rule ids, packs or categories"),
    "fail_on": Option(choice(*FAIL_ON_LEVELS), help="the lowest level that makes check fail"),
    "exclude": Option(_strings, help="globs of paths to skip"),
    "audience": Option(choice(*AUDIENCES), help="who the articles are for"),
    "readability": Option(
        Nested(READABILITY_FIELDS, shape="a mapping of thresholds", defaults=False),
        help="explicit readability thresholds",
    ),
    "vocabulary": Option(
        Nested(
            VOCABULARY_FIELDS,
            shape="a mapping with accept and/or reject file lists",
            defaults=False,
        ),
        help="word-list files of the project's own words",
    ),
}


def settings_from_mapping(data, path: str) -> Settings:
    """Validate a config mapping; relative pack paths resolve against the config's folder.

    ``data`` is a LineDict from a YAML file, so errors name their line, or a plain dict (from
    pyproject.toml), and errors name the file and the key.
    """
    if not isinstance(data, dict):
        raise ConfigError("config must be a mapping", path, 1)
    base = Path(path).parent
    values = read(data, CONFIG_FIELDS, path, ConfigError, defaults=False)
    if "packs" in values:
        values["packs"] = tuple(str(base / p) for p in values["packs"])
    if "vocabulary" in values:
        values["vocabulary"] = load_vocabulary(values["vocabulary"], base, path, data["vocabulary"])
    return Settings(source=path, **values)


def load_vocabulary(files: dict, base: Path, path: str, raw) -> Vocabulary:
    """Read the checked ``{accept: [files], reject: [files]}`` of ``raw``, relative to ``base``.

    A vocabulary file has one word a line; blank lines and lines starting with # are skipped.
    A reject line may name the replacement: ``wrong -> right``.
    """
    words: dict[str, dict[str, str]] = {"accept": {}, "reject": {}}
    for key, names in files.items():
        for index, name in enumerate(names):
            line = line_of(raw[key], index) or line_of(raw, key)
            words[key].update(_vocabulary_file(base / name, key, path, line))
    return Vocabulary(frozenset(words["accept"]), words["reject"])


def _vocabulary_file(file: Path, key: str, path, line) -> dict[str, str]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ConfigError(
            f"cannot read vocabulary file {str(file)!r}: {reason}", path, line
        ) from None
    entries = {}
    for number, raw in enumerate(text.splitlines(), 1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        word, arrow, replacement = (part.strip() for part in entry.partition("->"))
        if arrow and key == "accept":
            raise ConfigError("an accept file lists words only, without '->'", str(file), number)
        if not word or len(word.split()) != 1 or (arrow and not replacement):
            shape = "one word, or: word -> replacement" if key == "reject" else "one word"
            raise ConfigError(f"expected {shape}, got {entry!r}", str(file), number)
        entries[word.lower()] = replacement
    return entries


def load_config_file(path: str | Path) -> Settings:
    """Load settings from a `.healthlint.yaml` or a pyproject.toml file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ConfigError(f"cannot read config: {reason}", str(path)) from None
    if path.name == "pyproject.toml":
        try:
            table = tomllib.loads(text).get("tool", {}).get("healthlint", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
        return settings_from_mapping(table, str(path))
    try:
        data = load_yaml(text, str(path))
    except HealthlintError as exc:
        raise ConfigError(exc.message, exc.path, exc.line) from None
    if data is None:
        return Settings(source=str(path))
    return settings_from_mapping(data, str(path))


def find_config(start: Path) -> Path | None:
    """The nearest `.healthlint.yaml`, or pyproject.toml with [tool.healthlint], walking up."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "healthlint" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get(
                    "tool", {}
                ):
                    return pyproject
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
    return None


def merge(base: Settings, **overrides) -> Settings:
    """Command-line values win over config values; list options add to them."""
    values = {}
    for key, value in overrides.items():
        if value in (None, (), {}):
            continue
        if key in ("packs", "select", "ignore", "exclude"):
            values[key] = (*getattr(base, key), *value) if key != "select" else tuple(value)
        elif key == "severity":
            values[key] = {**base.severity, **value}
        else:
            values[key] = value
    return replace(base, **values)
