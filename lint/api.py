"""healthlint's Python API: lint strings and files, and list their claims, from your own code.

    import healthlint

    result = healthlint.lint_text("This tea is clinically proven to melt fat.")
    for finding in result.findings:
        print(finding.line, finding.column, finding.rule, finding.message)

The module functions load the spaCy model on their first call and keep it (with the shipped
rules under the default settings) for later calls without options. To lint many texts under
settings of your own, build a :class:`Session` once and call its methods: the model is loaded
and the rules are compiled when the session is made, never again.

Everything here goes through healthlint.run, the layer the command line uses too, so a text
linted here gets the findings ``healthlint check`` gives the same file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from healthlint.config import Settings, load_config_file, merge
from healthlint.errors import PackError
from healthlint.finding import FileResult, Finding
from healthlint.inputs import text_source
from healthlint.inventory import Inventory
from healthlint.run import Runner, read_sources

__all__ = ["FileResult", "Finding", "Inventory", "Session", "claims", "lint_paths", "lint_text"]

TEXT_PATH = "<string>"


class Session:
    """A loaded model and a compiled rule set, for linting many texts and files.

    ``config`` is a ``.healthlint.yaml`` or ``pyproject.toml`` to read; without it the
    defaults apply (no config file is searched for). The keyword options override it as the
    command line's options of the same names do: ``packs`` adds rule pack files, ``select`` and
    ``ignore`` take rule ids, pack names or categories, ``severity`` maps such a name to
    "error", "warning", "info" or "off", ``audience`` is "patient", "general" or
    "professional", ``model`` names the spaCy model. ``nlp`` is an already loaded spaCy
    pipeline to use instead, e.g. another session's :attr:`nlp`.

    Raises HealthlintError (a PackError, ConfigError or ModelError) when the config or a pack
    is invalid, a name selects nothing, or the model is not installed.
    """

    def __init__(
        self,
        config: str | Path | None = None,
        *,
        packs: Iterable[str] = (),
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: Mapping[str, str] | None = None,
        audience: str | None = None,
        model: str | None = None,
        nlp=None,
    ):
        from healthlint.nlp import load_model

        base = load_config_file(config) if config else Settings()
        self.settings = merge(
            base,
            packs=tuple(packs),
            select=tuple(select),
            ignore=tuple(ignore),
            severity=dict(severity or {}),
            audience=audience,
            model=model,
        )
        self.nlp = nlp if nlp is not None else load_model(self.settings.model)
        self._findings = Runner(self.settings, nlp=self.nlp)
        self._findings.linter  # noqa: B018  (build now: a broken rule is an error at once)
        if self._findings.problems:
            raise PackError("; ".join(self._findings.problems))
        self._claims: Runner | None = None

    @property
    def rules(self) -> list:
        """The rules this session runs (healthlint.packs.Rule: id, category, severity, ...)."""
        return list(self._findings.rules)

    def lint_text(
        self, text: str, *, path: str = TEXT_PATH, input_format: str | None = None
    ) -> FileResult:
        """Lint one string as if it were the file ``path``.

        ``input_format`` is "text", "markdown" or "html"; by default the extension of
        ``path`` decides, and a path without a known one is plain text. Positions in the
        findings are 1-based lines and columns of ``text``.
        """
        (result,) = self._findings.lint([text_source(text, path, input_format)])
        return result

    def lint_paths(
        self, paths: str | Path | Iterable[str | Path], *, input_format: str | None = None
    ) -> list[FileResult]:
        """Lint files and folders (recursing into article files), one FileResult each.

        An unreadable file gives a FileResult whose ``error`` says why, not an exception.
        """
        return list(self._findings.lint(self._read(paths, input_format)))

    def claims(
        self, text: str, *, path: str = TEXT_PATH, input_format: str | None = None
    ) -> Inventory:
        """The claim inventory of one string: each check-worthy sentence, its type, its
        strength and the citation that backs it (``Inventory.claims``), the figures that
        contradict each other (``Inventory.conflicts``) and the counts (``summary()``)."""
        (inventory,) = self._claim_runner().inventories([text_source(text, path, input_format)])
        return inventory

    def claims_of_paths(
        self, paths: str | Path | Iterable[str | Path], *, input_format: str | None = None
    ) -> list[Inventory]:
        """The claim inventory of each file under ``paths``, as ``healthlint claims`` lists it."""
        return list(self._claim_runner().inventories(self._read(paths, input_format)))

    def _claim_runner(self) -> Runner:
        if self._claims is None:
            self._claims = Runner(self.settings, findings=False, claims=True, nlp=self.nlp)
        return self._claims

    def _read(self, paths, input_format: str | None) -> list:
        if isinstance(paths, str | Path):
            paths = [paths]
        return read_sources(
            [str(p) for p in paths], self.settings.exclude, input_format=input_format
        )


@cache
def _default_session() -> Session:
    return Session()


def _session(options: dict) -> Session:
    return Session(**options) if options else _default_session()


def lint_text(
    text: str, *, path: str = TEXT_PATH, input_format: str | None = None, **options
) -> FileResult:
    """Lint one string; ``options`` are :class:`Session`'s. See :meth:`Session.lint_text`.

    Without options the default session is reused from call to call; with them, each call
    builds a new Session (and loads the model): build one yourself for many calls.
    """
    return _session(options).lint_text(text, path=path, input_format=input_format)


def lint_paths(
    paths: str | Path | Iterable[str | Path], *, input_format: str | None = None, **options
) -> list[FileResult]:
    """Lint files and folders; ``options`` are :class:`Session`'s. See
    :meth:`Session.lint_paths`."""
    return _session(options).lint_paths(paths, input_format=input_format)


def claims(
    text: str, *, path: str = TEXT_PATH, input_format: str | None = None, **options
) -> Inventory:
    """The claim inventory of one string; ``options`` are :class:`Session`'s. See
    :meth:`Session.claims`."""
    return _session(options).claims(text, path=path, input_format=input_format)
