"""What the benchmark scripts share: their options, the one way they run healthlint, and reports.

Every script that lints through the CLI writes its texts to files in a temporary directory and
ONE healthlint process checks the whole directory (start-up dominates a per-file run):
:func:`lint_texts`, over :func:`run_cli`, over :func:`run`, which also measures each process's
wall time, CPU time and peak RSS (``bench.py`` reports them). Scripts that must time work inside
the engine (``typo_eval.py``, ``phases.py``) use healthlint in-process through :func:`sources`.
The corpora are read by :mod:`corpora`. The scripts import these modules by name, which works
because Python puts a script's own folder on ``sys.path``: run them as
``.venv/bin/python benchmarks/<script>.py ...``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
CHECK = ("check", "--format", "json", "--fail-on", "never")
MB = 1024.0  # ru_maxrss is in KiB on Linux


def die(message: str) -> NoReturn:
    """Print *message* to stderr and exit with status 2 (the benchmark could not run)."""
    sys.stderr.write(f"error: {message}\n")
    raise SystemExit(2)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def parser(description: str, corpora: Iterable[str] = (), cli: bool = True):
    """A script's parser with the shared options: where the data is (``--shared`` or
    ``--samples``), ``--corpus`` when *corpora* names more than none, ``--limit``, ``--json-out``
    and, for scripts that run the CLI (*cli*), ``--healthlint``, ``--extra-args`` and
    ``--timeout``. The script adds its own options and calls ``parse_args``."""
    made = argparse.ArgumentParser(description=description)
    where = made.add_mutually_exclusive_group()
    where.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="the shared data directory (default: ../shared next to the repository)",
    )
    where.add_argument(
        "--samples",
        action="store_true",
        help="a fast smoke run on the repository's samples/ instead of the shared corpora",
    )
    corpora = list(corpora)
    if corpora:
        made.add_argument("--corpus", choices=corpora, default=corpora[0])
    made.add_argument("--limit", type=int, default=None, metavar="N", help="first N texts only")
    made.add_argument("--json-out", type=Path, default=None, metavar="FILE")
    if cli:
        made.add_argument(
            "--healthlint",
            metavar="CMD",
            default=None,
            help='command that runs the CLI, split like a shell line, e.g. "python fake.py" '
            "(default: healthlint next to this Python, on PATH, else python -m healthlint)",
        )
        made.add_argument(
            "--extra-args",
            default="",
            metavar="ARGS",
            help='more CLI arguments as one string: --extra-args="--config x.yaml"',
        )
        made.add_argument("--timeout", type=float, default=None, help="seconds per CLI run")
    return made


# --------------------------------------------------------------------------------------------
# Running healthlint
# --------------------------------------------------------------------------------------------


@dataclass
class Process:
    """A finished process: its output, exit code, wall and CPU seconds, and peak RSS in MB
    (the largest of the process and the children it waited for, as ``--jobs 2`` workers)."""

    stdout: str
    stderr: str
    exit_code: int
    seconds: float
    cpu: float
    rss_mb: float


def run(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
) -> Process:
    """Run *argv* to its end and measure it; exits the benchmark if it cannot start or times out.

    ``os.wait4`` gives this one child's resource use, so no wrapper process is needed.
    """
    timed_out = threading.Event()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            child = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        except OSError as exc:
            die(f"cannot start {shlex.join(argv[:3])} ...: {exc}")

        def stop() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):  # it ended as the time ran out
                os.kill(child.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, stop) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if timer:
            timer.cancel()
        if timed_out.is_set():
            die(f"{shlex.join(argv[:3])} ... did not finish within {timeout} s")
        out.seek(0)
        err.seek(0)
        return Process(
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            child.returncode,
            seconds,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / MB,
        )


def healthlint_command(command: str | None) -> tuple[list[str], Path | None]:
    """The argv prefix that starts healthlint, and the directory to run it in.

    ``None`` or ``"healthlint"`` means the console script next to the running interpreter (so
    ``.venv/bin/python benchmarks/...`` measures that venv even when another is on PATH), then
    ``healthlint`` on PATH, then ``python -m healthlint``; anything else is split like a shell
    line.
    """
    if command is not None and command.strip() != "healthlint":
        return shlex.split(command), None
    sibling = Path(sys.executable).with_name("healthlint")
    if sibling.is_file():
        return [str(sibling)], None
    found = shutil.which("healthlint")
    return ([found], None) if found else ([sys.executable, "-m", "healthlint"], REPO_ROOT)


def run_cli(
    args: Sequence[str],
    paths: Sequence[Path | str],
    healthlint: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> LintRun:
    """Run ``healthlint ARGS PATHS`` and parse the JSON it prints.

    Exit codes 0 and 1 are normal, and with 2 (some files failed) the JSON is still read; the
    benchmark exits if the output is not a JSON report with a ``files`` list.
    """
    prefix, cwd = healthlint_command(healthlint)
    process = run([*prefix, *args, *map(str, paths)], env, cwd, timeout)
    try:
        report = json.loads(process.stdout)
    except json.JSONDecodeError as exc:
        sys.stderr.write(process.stderr[-4000:])
        sys.stderr.write(f"\n--- stdout (first 2000 chars) ---\n{process.stdout[:2000]}\n")
        die(f"healthlint exited {process.exit_code} without valid JSON ({exc})")
    if not isinstance(report, dict) or not isinstance(report.get("files"), list):
        die("healthlint JSON has no 'files' list")
    if process.exit_code not in (0, 1, 2):  # the JSON parsed, but this usually means a crash
        sys.stderr.write(f"warning: healthlint exited {process.exit_code}\n")
        sys.stderr.write(process.stderr[-2000:])
    return LintRun(shlex.join([*prefix, *args]), report, process)


@dataclass
class LintRun:
    """One healthlint run with JSON output: the command (without the paths it checked), the
    parsed report, and how the process ran. ``entries`` holds each file's JSON entry by base
    name, because the CLI may print absolute or relative paths."""

    command: str
    report: dict[str, Any]
    process: Process

    def __post_init__(self) -> None:
        self.entries = {Path(str(e.get("path", ""))).name: e for e in self.report["files"]}

    def findings(self, file: str) -> list[dict]:
        """The findings of *file* (none when it was not reported on)."""
        return list(self.entries.get(file, {}).get("findings") or [])

    def usable(self, file: str) -> bool:
        """Whether *file* was reported on without an error, so its figures can be counted:
        files the CLI skipped or failed on would otherwise count as clean."""
        return file in self.entries and not self.entries[file].get("error")

    def meta(self, file_ids: Mapping[str, str]) -> dict[str, Any]:
        """How the CLI ran, the files it failed on and the number it left out, for a report.

        *file_ids* maps every written file name to the id the report shows for it.
        """
        errors = {n: str(e["error"]) for n, e in self.entries.items() if e.get("error")}
        return {
            "command": self.command,
            "version": self.report.get("version", "?"),
            "exit_code": self.process.exit_code,
            "seconds": self.process.seconds,
            "file_errors": {file_ids.get(name, name): msg for name, msg in errors.items()},
            "missing_files": sum(1 for name in file_ids if name not in self.entries),
        }


def lint_texts(
    texts: Mapping[str, str],
    args: argparse.Namespace,
    cli_args: Sequence[str] = CHECK,
    config: str | None = None,
) -> LintRun:
    """Write each ``file name -> text`` to a temporary directory and run healthlint on it once.

    *cli_args* is the subcommand and its options (default ``check --format json --fail-on
    never``); then come ``--extra-args``, ``--config`` with *config* written to a file when
    given, and the directory. ``--healthlint`` and ``--timeout`` come from *args*.
    """
    extra = shlex.split(args.extra_args)
    with tempfile.TemporaryDirectory(prefix="healthlint-bench-") as tmp:
        folder = Path(tmp, "texts")
        folder.mkdir()
        for name, text in texts.items():
            (folder / name).write_text(text, encoding="utf-8")
        if config is not None:
            Path(tmp, "config.yaml").write_text(config, encoding="utf-8")
            extra += ["--config", str(Path(tmp, "config.yaml"))]
        return run_cli([*cli_args, *extra], [folder], args.healthlint, timeout=args.timeout)


def sources(texts: Mapping[str, str]) -> list:
    """In-process input: a healthlint ``Source`` per ``file name -> text``, in the format the
    name says, as the CLI would read the file."""
    from healthlint.inputs import Source, detect_format

    return [Source(name, text, detect_format(name)) for name, text in texts.items()]


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def most_common(found: Iterable[tuple[str, dict]], top: int) -> list[dict[str, Any]]:
    """The *top* most frequent (rule, lower-cased matched text) pairs among *found*, which holds
    ``(doc id, finding)`` pairs: each with its count, how many documents it occurs in, and its
    first finding and that one's doc id. Ties go to the pair that sorts first."""
    groups: dict[tuple[str, str], list[tuple[str, dict]]] = defaultdict(list)
    for doc_id, finding in found:
        key = (str(finding.get("rule", "?")), str(finding.get("text", "")).lower())
        groups[key].append((doc_id, finding))
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))[:top]
    return [
        {
            "rule": rule,
            "text": text,
            "count": len(hits),
            "docs": len({doc_id for doc_id, _ in hits}),
            "example_id": hits[0][0],
            "example": hits[0][1],
        }
        for (rule, text), hits in ranked
    ]


def md_cell(value: object, limit: int = 0) -> str:
    """Make *value* safe for one Markdown table cell, optionally shortened to *limit* chars."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("|", "\\|")


def md_table(header: Sequence[str], align: str, rows: Iterable[Sequence[object]]) -> list[str]:
    """Lines of a Markdown table: the *header* row, the alignment row, then one line per row.

    *align* has one letter per column, ``l`` (left) or ``r`` (right). Cells are written with
    ``str()`` as they are, so pass free text through :func:`md_cell` first.
    """

    def line(cells: Sequence[object]) -> str:
        return "| " + " | ".join(str(cell) for cell in cells) + " |"

    rule = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    return [line(header), rule, *(line(row) for row in rows)]


def run_lines(meta: dict[str, Any]) -> list[str]:
    """Report bullet lines for the CLI run and, when there were any, its file problems."""
    out = [
        f"- CLI: `{meta['command']}` (version {meta['version']}, exit {meta['exit_code']}, "
        f"{meta['seconds']:.1f} s)",
    ]
    if meta["file_errors"]:
        out.append(
            f"- **files with errors: {len(meta['file_errors'])}** "
            "(excluded from the counts; listed at the end)"
        )
    if meta["missing_files"]:
        out.append(f"- **files missing from the JSON output: {meta['missing_files']}** (excluded)")
    return out


def file_error_lines(meta: dict[str, Any]) -> list[str]:
    """The closing "File errors" section of a report, or nothing when no file errored."""
    if not meta["file_errors"]:
        return []
    lines = [f"- {ident}: {md_cell(msg, 300)}" for ident, msg in meta["file_errors"].items()]
    return ["", "## File errors", "", *lines]


def write_json(path: Path | None, meta: dict[str, Any], results: dict[str, Any]) -> None:
    """Write ``{"meta": meta, **results}`` to *path* (the ``--json-out`` file), if one is set."""
    if path:
        payload = {"meta": meta, **results}
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
