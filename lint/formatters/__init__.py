"""Output formats: one module each, chosen from the table below by ``--format``.

Each formatter is ``render(results, stream, *, color, quiet, rules) -> None``; ``rules`` maps
the id of each rule that ran to its :class:`~healthlint.packs.Rule` (descriptions for help texts),
or is None. The table names modules rather than importing them, so `healthlint --help` does not
pay for the HTML report's templates or SARIF's hashing; a format's module loads when used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module


class _FormatterTable(Mapping):
    """Format name → render function, importing each formatter module on first use."""

    def __init__(self, modules: dict[str, str]):
        self._modules = modules

    def __getitem__(self, name: str) -> Callable:
        return import_module(f"healthlint.formatters.{self._modules[name]}").render

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


FORMATTERS = _FormatterTable(
    {
        "text": "text",
        "json": "json_format",
        "sarif": "sarif",
        "github": "github",
        "junit": "junit",
        "markdown": "markdown",
        "html": "html",
        "baseline": "baseline",
    }
)
# Formats that show the article text, so the CLI keeps each file's source for them.
NEEDS_SOURCE = frozenset({"html"})
# Formats a person waits for: a progress bar on a terminal's stderr is welcome. Never the
# machine formats, whose consumers read stderr too.
SHOWS_PROGRESS = frozenset({"text", "html"})
