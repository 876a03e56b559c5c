"""Finding the files to lint and reading them without ever failing the whole run."""

from __future__ import annotations

import codecs
import fnmatch
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from healthlint.readers import FORMATS_BY_EXTENSION, detect_format

LINTED_EXTENSIONS = tuple(FORMATS_BY_EXTENSION)
STDIN_PATH = "-"


@dataclass(frozen=True)
class Source:
    """One input: its display path and its text, or the error that kept us from reading it."""

    path: str
    text: str | None
    input_format: str
    error: str | None = None


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
                subfolders[:] = sorted(
                    d
                    for d in subfolders
                    if not d.startswith(".") and not excluded(os.path.join(folder, d), exclude)
                )
                for name in files:
                    full = os.path.join(folder, name)
                    if name.lower().endswith(LINTED_EXTENSIONS) and not excluded(full, exclude):
                        found.append(full)
            yield from sorted(found)
        elif not excluded(path, exclude):
            yield path


# Articles are a few thousand words; a file far bigger is a data dump or a mistake, and would
# hold the parser for minutes.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)


def decode(data: bytes) -> str:
    """Decode article bytes: UTF-8, or UTF-16/32 when a byte-order mark says so.

    Invalid UTF-8 is refused rather than guessed at or replaced: a replacement character in
    the middle of a word would turn into a typo finding on text the author never wrote.
    Raises ValueError with a one-line reason.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ValueError(f"not valid {encoding.upper()} text ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); convert it to UTF-8"
        ) from None


def parse_shard(value: str) -> tuple[int, int]:
    """Parse "K/N" (1 <= K <= N); raise ValueError otherwise."""
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise ValueError(f"shard {value!r} must be K/N, e.g. 2/4") from None
    if not 1 <= k <= n:
        raise ValueError(f"shard {value!r} needs 1 <= K <= N")
    return k, n


def shard_files(paths: list[str], k: int, n: int) -> list[str]:
    """The K-th of N deterministic parts of a file list, for CI matrix jobs.

    Every machine discovers the same sorted list, so taking every N-th file from position K-1
    splits it without overlap or gaps, and keeps the parts about the same size.
    """
    return [path for index, path in enumerate(sorted(paths)) if index % n == k - 1]


def read_source(
    path: str,
    forced_format: str | None = None,
    stdin_filename: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Source:
    """Read one input as text; an unreadable or undecodable file becomes a Source with an error."""
    display = (stdin_filename or "<stdin>") if path == STDIN_PATH else path
    input_format = detect_format(display, forced_format)
    try:
        if path == STDIN_PATH:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(path, "rb") as stream:
                data = stream.read(max_bytes + 1)
    except OSError as exc:
        return Source(display, None, input_format, f"cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return Source(
            display,
            None,
            input_format,
            f"larger than the {max_bytes // 1024 // 1024} MB limit; raise it with "
            "--max-file-size if this really is one article",
        )
    try:
        text = decode(data)
    except ValueError as exc:
        return Source(display, None, input_format, str(exc))
    return text_source(text, display, input_format)


def text_source(text: str, path: str, input_format: str | None = None) -> Source:
    """A string to lint as the file ``path`` (whose extension gives the format, unless
    ``input_format`` is given). Raises UnknownFormatError for an unknown ``input_format``."""
    # Universal newlines, as editors count lines: CRLF and CR become LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(path, text, detect_format(path, input_format))
