"""What the CLI test modules share: the standard claim sentences and a CliRunner call."""

from __future__ import annotations

from click.testing import CliRunner

from healthlint.cli import cli

PROVEN = "This tea is clinically proven to melt fat."  # overclaims.proven, error
HYPE = "Turmeric is a miracle spice."  # overclaims.hype, warning


def run(*args: str, input: str | bytes | None = None):
    """Invoke the CLI; unexpected exceptions propagate instead of looking like exit code 1."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
