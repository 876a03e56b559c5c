"""Output formats: one module each, chosen from the table below by ``--format``.

Each formatter is ``render(results, stream, *, color, quiet) -> None``.
"""

from lint.formatters import json_format, text

FORMATTERS = {
    "text": text.render,
    "json": json_format.render,
}
