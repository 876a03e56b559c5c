"""A parse cache: spaCy Docs of unchanged documents are loaded, not parsed again.

Parsing is nearly all of healthlint's cost, and a content repository changes a few files per
commit. Entries are keyed by a hash of the prose text and its block boundaries, the model's name
and version, and healthlint's version, so any change to what the parser sees or does makes a new
key. Writes are atomic (temporary file + rename), so concurrent runs never read half an entry;
a damaged entry is ignored and removed. The cache is pruned to a size bound, oldest first.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from healthlint import __version__

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
CACHE_ENV = "HEALTHLINT_CACHE_DIR"


def default_cache_dir() -> Path:
    """$HEALTHLINT_CACHE_DIR, else the platform's user cache folder for healthlint."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("healthlint"))


class ParseCache:
    """Serialised spaCy Docs on disk, one small DocBin file per document."""

    def __init__(self, directory: Path, nlp, max_bytes: int = DEFAULT_MAX_BYTES):
        self.directory = Path(directory) / "parses"
        self.nlp = nlp
        self.max_bytes = max_bytes
        meta = nlp.meta
        self._prefix = "|".join(
            (__version__, meta.get("lang", ""), meta.get("name", ""), meta.get("version", ""))
        ).encode()
        self.hits = self.misses = 0

    def key(self, text: str, block_starts: list[int], components=None) -> str:
        """The entry name for one document's text and block boundaries, parsed by
        ``components`` (default: the whole pipeline)."""
        names = self.nlp.pipe_names if components is None else components
        digest = hashlib.sha256(self._prefix + b"|" + ",".join(names).encode())
        digest.update(b"\0" + ",".join(map(str, block_starts)).encode() + b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.spacy"

    def get(self, key: str):
        """The cached Doc for ``key``, or None."""
        from spacy.tokens import DocBin

        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            (doc,) = DocBin().from_bytes(data).get_docs(self.nlp.vocab)
        except Exception:  # a damaged or foreign entry: drop it and parse again
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        return doc

    def put(self, key: str, doc) -> None:
        """Store ``doc`` under ``key`` atomically; a full or read-only disk only costs speed."""
        from spacy.tokens import DocBin

        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            bin_ = DocBin(store_user_data=False)
            bin_.add(doc)
            with tempfile.NamedTemporaryFile(
                dir=path.parent, delete=False, suffix=".tmp"
            ) as stream:
                stream.write(bin_.to_bytes())
                temporary = stream.name
            os.replace(temporary, path)
        except OSError:
            return

    def prune(self) -> None:
        """Delete the least recently written entries until the cache is under its bound."""
        _prune(self.directory, "*/*.spacy", self.max_bytes)


def _prune(directory: Path, pattern: str, max_bytes: int) -> None:
    """Delete the oldest files matching ``pattern`` until they total under ``max_bytes``."""
    try:
        entries = [(p.stat().st_mtime, p.stat().st_size, p) for p in directory.glob(pattern)]
    except OSError:  # an entry removed by a concurrent run while we looked
        return
    total = sum(size for _, size, _ in entries)
    if total <= max_bytes:
        return
    for _, size, path in sorted(entries):
        path.unlink(missing_ok=True)
        total -= size
        if total <= max_bytes * 0.8:
            break


def code_stamp() -> str:
    """A digest of healthlint's own files (code, data, shipped packs): any edit changes it.

    Cached results must never outlive a change to the rules that produced them, including a
    developer's uncommitted edit that leaves the version number alone.
    """
    import healthlint

    digest = hashlib.sha256(__version__.encode())
    roots = [Path(healthlint.__file__).parent]
    try:
        from importlib import resources

        roots.append(Path(str(resources.files("healthlint.rules"))))
    except (ModuleNotFoundError, TypeError):
        pass
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".yaml", ".txt", ".json", ".css", ".js") and (
                "__pycache__" not in path.parts
            ):
                stat = path.stat()
                digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def model_version(name: str) -> str:
    """The installed version of a spaCy model package, without loading the model."""
    from importlib import metadata

    for candidate in (name, name.replace("_", "-")):
        try:
            return metadata.version(candidate)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


class ResultCache:
    """Finished FileResults of unchanged files under unchanged rules and settings.

    The key covers the file's path, format and text, and a fingerprint of everything else that
    shapes a result: healthlint's code and data, the model and its version, the active rules
    (including user packs' text) and the settings. A warm run over an unchanged repository
    then loads no model at all.
    """

    def __init__(self, directory: Path, fingerprint: str):
        self.directory = Path(directory) / "results"
        self.fingerprint = fingerprint
        self.hits = self.misses = 0
        self.writable = True

    def _marker(self) -> Path:
        return self.directory / "validated" / self.fingerprint

    def validated(self) -> bool:
        """True once this exact rule set has been built without a problem."""
        return self._marker().exists()

    def mark_validated(self) -> None:
        """Record that the rule set builds cleanly, so warm runs may skip building it."""
        try:
            self._marker().parent.mkdir(parents=True, exist_ok=True)
            self._marker().touch()
        except OSError:
            return

    def key(self, source) -> str:
        """The entry name for one read source."""
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(f"\0{source.path}\0{source.input_format}\0".encode())
        digest.update((source.text or "").encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, source):
        """The cached FileResult for ``source``, or None."""
        import pickle

        key = self.key(source)
        path = self.directory / key[:2] / f"{key}.pickle"
        try:
            with open(path, "rb") as stream:
                result = pickle.load(stream)
        except (
            OSError,
            EOFError,
            pickle.UnpicklingError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
        ):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, source, result) -> None:
        """Store ``result`` atomically; failure to write only costs speed."""
        import pickle

        if not self.writable:
            return
        key = self.key(source)
        path = self.directory / key[:2] / f"{key}.pickle"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=path.parent, delete=False, suffix=".tmp"
            ) as stream:
                pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
                temporary = stream.name
            os.replace(temporary, path)
        except OSError:
            return

    def prune(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        """Keep the result cache under ``max_bytes``, dropping the oldest entries first."""
        _prune(self.directory, "*/*.pickle", max_bytes)
