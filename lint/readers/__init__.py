"""Reading a source file into a :class:`healthlint.document.Document`, one module per format.

:func:`detect_format` names a file's format, :func:`build_document` runs the reader registered
for it in :data:`READERS`. Each reader is a ``read(path, source) -> Document`` function; the
Markdown and HTML readers build their Document with :mod:`healthlint.readers.assembly`.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from healthlint.document import Document
from healthlint.errors import HealthlintError
from healthlint.readers import html, markdown, plaintext

__all__ = [
    "FORMATS_BY_EXTENSION",
    "READERS",
    "Reader",
    "ReaderError",
    "UnknownFormatError",
    "build_document",
    "detect_format",
]

Reader = Callable[[str, str], Document]

READERS: dict[str, Reader] = {
    "text": plaintext.read,
    "markdown": markdown.read,
    "html": html.read,
}

FORMATS_BY_EXTENSION = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}

_FORMAT_ALIASES = {
    "text": "text",
    "txt": "text",
    "plain": "text",
    "plaintext": "text",
    "markdown": "markdown",
    "md": "markdown",
    "html": "html",
    "htm": "html",
}


class UnknownFormatError(HealthlintError, ValueError):
    """An input format name that no reader handles."""


class ReaderError(HealthlintError):
    """A reader failed on its input (a bug, reported per file instead of aborting the run)."""


def detect_format(path: str, forced: str | None = None) -> str:
    """Return the input format for ``path``: ``forced`` if given, else by extension.

    Unknown extensions (and stdin, "-") are plain text. An unknown ``forced`` value raises
    :class:`UnknownFormatError` (a ValueError and a HealthlintError).
    """
    if forced:
        fmt = _FORMAT_ALIASES.get(forced.strip().lower().lstrip("."))
        if fmt is None:
            raise UnknownFormatError(f"unknown input format: {forced!r}")
        return fmt
    ext = os.path.splitext(path)[1].lower()
    return FORMATS_BY_EXTENSION.get(ext, "text")


def build_document(path: str, source: str, input_format: str) -> Document:
    """Parse ``source`` with the reader registered for ``input_format``.

    Raises :class:`UnknownFormatError` for a format without a reader, and wraps an unexpected
    reader failure in :class:`ReaderError` so that one bad file does not abort a whole run.
    """
    try:
        reader = READERS[input_format]
    except KeyError:
        raise UnknownFormatError(f"no reader for format {input_format!r}", path) from None
    try:
        return reader(path, source)
    except HealthlintError:
        raise
    except Exception as exc:  # reader bug: report it against the file, keep linting the rest
        raise ReaderError(f"cannot read as {input_format}: {exc!r}", path) from exc
