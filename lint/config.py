"""Settings: from `.healthlint.yaml` or `[tool.healthlint]` in pyproject.toml, then the CLI.

Config files are validated as strictly as packs: an unknown key or a wrong type is a
ConfigError naming the file and line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from healthlint.errors import ConfigError, HealthlintError
from healthlint.finding import SEVERITIES
from healthlint.yamlsource import LineDict, load_yaml

CONFIG_FILE = ".healthlint.yaml"
FAIL_ON_LEVELS = (*SEVERITIES, "never")
SEVERITY_OVERRIDES = (*SEVERITIES, "off")
# Readers each audience writes for; the readability rules take their grade targets from it.
AUDIENCES = ("patient", "general", "professional")
# Explicit readability thresholds, which win over the audience's defaults and the pack's.
READABILITY_KEYS = {"max_grade", "max_sentence_words", "max_paragraph_words", "acronyms"}
# Word-list files of a project's own vocabulary, as Vale's Vocab: one word a line.
VOCABULARY_KEYS = ("accept", "reject")


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


def _strings(value, key, path, line) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{key} must be a list of strings", path, line)
    return tuple(value)


def severity_overrides(value, path=None, line=None) -> dict[str, str]:
    """Validate {rule-or-category: level} where level is error, warning, info or off."""
    if not isinstance(value, dict):
        raise ConfigError("severity must map rule ids or categories to levels", path, line)
    levels = {}
    for key, level in value.items():
        if level is False:  # YAML 1.1 reads an unquoted `off` as the boolean false
            level = "off"
        if level not in SEVERITY_OVERRIDES:
            raise ConfigError(
                f"severity for {key!r} must be one of {', '.join(SEVERITY_OVERRIDES)}",
                path,
                value.line_of(key) if isinstance(value, LineDict) else line,
            )
        levels[key] = level
    return levels


def settings_from_mapping(data, path: str, line_of=lambda key: None) -> Settings:
    """Validate a config mapping; relative pack paths resolve against the config's folder."""
    if not isinstance(data, dict):
        raise ConfigError("config must be a mapping", path, 1)
    base = Path(path).parent
    known = {
        "model",
        "packs",
        "select",
        "ignore",
        "severity",
        "fail_on",
        "exclude",
        "audience",
        "readability",
        "vocabulary",
    }
    values = {}
    for key, value in data.items():
        line = line_of(key)
        if key not in known:
            raise ConfigError(
                f"unknown key {key!r} (allowed: {', '.join(sorted(known))})", path, line
            )
        if key == "model":
            if not isinstance(value, str) or not value:
                raise ConfigError("model must be a spaCy model name", path, line)
            values["model"] = value
        elif key == "packs":
            values["packs"] = tuple(str(base / p) for p in _strings(value, key, path, line))
        elif key in ("select", "ignore", "exclude"):
            values[key] = _strings(value, key, path, line)
        elif key == "severity":
            values["severity"] = severity_overrides(value, path, line)
        elif key == "fail_on":
            if value not in FAIL_ON_LEVELS:
                raise ConfigError(f"fail_on must be one of {', '.join(FAIL_ON_LEVELS)}", path, line)
            values["fail_on"] = value
        elif key == "audience":
            if value not in AUDIENCES:
                raise ConfigError(f"audience must be one of {', '.join(AUDIENCES)}", path, line)
            values["audience"] = value
        elif key == "readability":
            values["readability"] = readability_thresholds(value, path, line)
        elif key == "vocabulary":
            values["vocabulary"] = load_vocabulary(value, base, path, line)
    return Settings(source=path, **values)


def readability_thresholds(value, path=None, line=None) -> dict:
    """Validate the ``readability`` mapping of explicit thresholds (see READABILITY_KEYS)."""
    if not isinstance(value, dict):
        raise ConfigError("readability must be a mapping of thresholds", path, line)
    checked = {}
    for key, item in value.items():
        item_line = value.line_of(key) if isinstance(value, LineDict) else line
        if key not in READABILITY_KEYS:
            raise ConfigError(
                f"unknown readability key {key!r} (allowed: {', '.join(sorted(READABILITY_KEYS))})",
                path,
                item_line,
            )
        if key == "acronyms":
            checked[key] = _strings(item, "readability.acronyms", path, item_line)
        elif key == "max_grade":
            if isinstance(item, bool) or not isinstance(item, int | float) or item <= 0:
                raise ConfigError(
                    "readability.max_grade must be a positive number", path, item_line
                )
            checked[key] = float(item)
        elif isinstance(item, bool) or not isinstance(item, int) or item < 1:
            raise ConfigError(
                f"readability.{key} must be a whole number of at least 1", path, item_line
            )
        else:
            checked[key] = item
    return checked


def load_vocabulary(value, base: Path, path=None, line=None) -> Vocabulary:
    """Read ``{accept: [files], reject: [files]}``; files are relative to the config's folder.

    A vocabulary file has one word a line; blank lines and lines starting with # are skipped.
    A reject line may name the replacement: ``wrong -> right``.
    """
    if not isinstance(value, dict):
        raise ConfigError(
            "vocabulary must be a mapping with accept and/or reject file lists", path, line
        )
    words: dict[str, dict[str, str]] = {"accept": {}, "reject": {}}
    for key, files in value.items():
        item_line = value.line_of(key) if isinstance(value, LineDict) else line
        if key not in VOCABULARY_KEYS:
            raise ConfigError(
                f"unknown vocabulary key {key!r} (allowed: {', '.join(VOCABULARY_KEYS)})",
                path,
                item_line,
            )
        for name in _strings(files, f"vocabulary.{key}", path, item_line):
            words[key].update(_vocabulary_file(base / name, key, path, item_line))
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
    return settings_from_mapping(data, str(path), getattr(data, "line_of", lambda k: None))


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
