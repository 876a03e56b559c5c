"""Errors that name the file and line they come from, and the exit codes they lead to."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class HealthlintError(Exception):
    """A problem with the user's input, config or packs, reported as one line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class PackError(HealthlintError):
    """A rule pack that cannot be loaded or fails validation."""


class ConfigError(HealthlintError):
    """A configuration file or option that is invalid."""


class ModelError(HealthlintError):
    """The spaCy model cannot be loaded."""
