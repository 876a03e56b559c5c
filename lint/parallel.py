"""Linting many files on every core, with output in the same order as one process gives.

Finished results of unchanged files come from the result cache; only the rest are linted.
Workers are forked from the process that already loaded the model and compiled the rules, so
starting them costs no model load; each lints a chunk of files and sends back FileResults, and
``imap`` returns the chunks in input order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator

from healthlint.finding import FileResult

# Files per task: enough for spaCy to batch, few enough to keep both cores busy to the end.
CHUNK_FILES = 8
_worker: dict = {}


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _lint_chunk(sources: list) -> list[FileResult]:
    return list(_worker["runner"].lint(sources))


def _lint(runner, sources: list, jobs: int) -> Iterator[FileResult]:
    if (
        jobs <= 1
        or len(sources) < 2 * CHUNK_FILES
        or ("fork" not in multiprocessing.get_all_start_methods())
    ):
        yield from runner.lint(sources)
        return
    _worker["runner"] = runner
    chunks = [sources[i : i + CHUNK_FILES] for i in range(0, len(sources), CHUNK_FILES)]
    try:
        with multiprocessing.get_context("fork").Pool(processes=jobs) as pool:
            for results in pool.imap(_lint_chunk, chunks):
                yield from results
    finally:
        _worker.clear()


def lint_sources(
    make_runner: Callable, sources: list, jobs: int, results_cache=None
) -> Iterator[FileResult]:
    """Lint read sources in order with ``jobs`` processes, reusing cached results.

    ``make_runner()`` gives what lints (a healthlint.run.Runner: ``lint(sources)`` yields
    FileResults). It is called only if some source is not in the cache, so a warm run over an
    unchanged repository never loads the model. Unreadable sources pass straight through.
    """
    cached: dict[int, FileResult] = {}
    to_lint = []
    for index, source in enumerate(sources):
        if source.error is None and results_cache is not None:
            hit = results_cache.get(source)
            if hit is not None:
                cached[index] = hit
                continue
        to_lint.append(index)
    fresh = _lint(make_runner(), [sources[i] for i in to_lint], jobs) if to_lint else iter(())
    fresh_by_index = zip(to_lint, fresh, strict=True)
    for index in range(len(sources)):
        if index in cached:
            yield cached[index]
            continue
        position, result = next(fresh_by_index)
        if results_cache is not None and result.error is None:
            results_cache.put(sources[position], result)
        yield result
