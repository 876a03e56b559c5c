"""Output formats: one module each, chosen from the table below by ``--format``.

Each formatter is ``render(results, stream, *, color, quiet, rules) -> None``; ``rules`` maps
the id of each rule that ran to its :class:`~lint.packs.Rule` (descriptions for help texts),
or is None.
"""

from lint.formatters import baseline, github, html, json_format, junit, markdown, sarif, text

FORMATTERS = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "markdown": markdown.render,
    "html": html.render,
    "baseline": baseline.render,
}
# Formats that show the article text, so the CLI keeps each file's source for them.
NEEDS_SOURCE = frozenset({"html"})
# Formats a person waits for: a progress bar on a terminal's stderr is welcome. Never the
# machine formats, whose consumers read stderr too.
SHOWS_PROGRESS = frozenset({"text", "html"})
