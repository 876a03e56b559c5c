"""Readers turn a source file into a :class:`healthlint.document.Document`, one module per format.

Each reader is a ``read(path, source) -> Document`` function;
:func:`healthlint.document.build_document` dispatches through :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable

from healthlint.document import Document
from healthlint.readers import html, markdown, plaintext

Reader = Callable[[str, str], Document]

READERS: dict[str, Reader] = {
    "text": plaintext.read,
    "markdown": markdown.read,
    "html": html.read,
}

__all__ = ["READERS", "Reader"]
