"""Finding the files to lint and reading them without ever failing the whole run."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from lint.document import FORMATS_BY_EXTENSION, detect_format
from lint.engine import Source

LINTED_EXTENSIONS = tuple(FORMATS_BY_EXTENSION)
STDIN_PATH = "-"


def excluded(path: str, patterns: tuple[str, ...]) -> bool:
    """True when ``path`` (or any of its parent folders) matches an exclude glob."""
    normal = Path(path).as_posix()
    parts = Path(normal).parts
    for pattern in patterns:
        if fnmatch.fnmatch(normal, pattern) or fnmatch.fnmatch(normal, f"*/{pattern}"):
            return True
        if any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def discover(paths: tuple[str, ...], exclude: tuple[str, ...] = ()) -> Iterator[str]:
    """Expand folders into the article files inside them, in a stable order.

    Files named explicitly are always linted, whatever their extension; inside folders only
    the known article extensions are.
    """
    for path in paths:
        if path == STDIN_PATH:
            yield path
        elif os.path.isdir(path):
            found = []
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                                       and not excluded(os.path.join(folder, d), exclude))
                for name in files:
                    full = os.path.join(folder, name)
                    if name.lower().endswith(LINTED_EXTENSIONS) and not excluded(full, exclude):
                        found.append(full)
            yield from sorted(found)
        elif not excluded(path, exclude):
            yield path


def read_source(path: str, forced_format: str | None = None,
                stdin_filename: str | None = None) -> Source:
    """Read one input as text; an unreadable or undecodable file becomes a Source with an error."""
    display = (stdin_filename or "<stdin>") if path == STDIN_PATH else path
    input_format = detect_format(display, forced_format)
    try:
        data = sys.stdin.buffer.read() if path == STDIN_PATH else Path(path).read_bytes()
    except OSError as exc:
        return Source(display, None, input_format, f"cannot read: {exc.strerror or exc}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Source(display, None, input_format,
                      f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})")
    # Universal newlines, as editors count lines: CRLF and CR become LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(display, text, input_format)
