"""Settings: from `.healthlint.yaml` or `[tool.healthlint]` in pyproject.toml, then the CLI.

Config files are validated as strictly as packs: an unknown key or a wrong type is a
ConfigError naming the file and line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from lint.errors import ConfigError, HealthlintError
from lint.finding import SEVERITIES
from lint.yamlsource import LineDict, load_yaml

CONFIG_FILE = ".healthlint.yaml"
FAIL_ON_LEVELS = (*SEVERITIES, "never")
SEVERITY_OVERRIDES = (*SEVERITIES, "off")


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
            raise ConfigError(f"severity for {key!r} must be one of "
                              f"{', '.join(SEVERITY_OVERRIDES)}", path,
                              value.line_of(key) if isinstance(value, LineDict) else line)
        levels[key] = level
    return levels


def settings_from_mapping(data, path: str, line_of=lambda key: None) -> Settings:
    """Validate a config mapping; relative pack paths resolve against the config's folder."""
    if not isinstance(data, dict):
        raise ConfigError("config must be a mapping", path, 1)
    base = Path(path).parent
    known = {"model", "packs", "select", "ignore", "severity", "fail_on", "exclude"}
    values = {}
    for key, value in data.items():
        line = line_of(key)
        if key not in known:
            raise ConfigError(f"unknown key {key!r} (allowed: {', '.join(sorted(known))})",
                              path, line)
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
                raise ConfigError(f"fail_on must be one of {', '.join(FAIL_ON_LEVELS)}",
                                  path, line)
            values["fail_on"] = value
    return Settings(source=path, **values)


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
                        "tool", {}):
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
