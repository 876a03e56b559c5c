"""Shared code for the benchmark scripts: running the healthlint CLI and reporting on the run.

Each benchmark writes its corpus texts to files in a temporary directory and ONE healthlint
process checks the whole directory (start-up time dominates a per-file run). The scripts import
this module as ``harness``, which works because Python puts a script's own folder on
``sys.path``: run them as ``.venv/bin/python benchmarks/<script>.py ...``.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared"

# The arguments a benchmark passes to the CLI before its extra arguments and the target, unless
# it runs another subcommand (``args=``; the JSON must still have a ``files`` list).
CHECK_ARGS = ["check", "--format", "json", "--fail-on", "never"]


def die(message: str) -> NoReturn:
    """Print *message* to stderr and exit with status 2 (the benchmark could not run)."""
    sys.stderr.write(f"error: {message}\n")
    raise SystemExit(2)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def new_parser(
    description: str, corpora: Iterable[str], default_corpus: str, corpus_help: str
) -> argparse.ArgumentParser:
    """Start a script's parser with ``--shared``, ``--healthlint``, ``--extra-args``, ``--corpus``.

    The script adds its own options after these, then calls :func:`add_run_options`.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="path to the shared data directory (default: ../shared next to the repo)",
    )
    parser.add_argument(
        "--healthlint",
        metavar="CMD",
        default=None,
        help='command that runs the CLI, split like a shell line, e.g. "python /tmp/fake.py" '
        "(default: healthlint next to this Python or on PATH, else python -m healthlint)",
    )
    parser.add_argument(
        "--extra-args",
        default="",
        metavar="ARGS",
        help='extra CLI arguments, one string; use --extra-args="--config x.yaml" form',
    )
    parser.add_argument(
        "--corpus", choices=sorted(corpora), default=default_corpus, help=corpus_help
    )
    return parser


def add_run_options(parser: argparse.ArgumentParser, unit: str) -> None:
    """Add ``--limit``, ``--timeout`` and ``--json-out`` (the last options of a script).

    *unit* names what ``--limit`` counts in its help text, e.g. ``"docs"`` or ``"rows"``.
    """
    parser.add_argument("--limit", type=int, default=None, metavar="N", help=f"first N {unit} only")
    parser.add_argument("--timeout", type=float, default=None, help="CLI timeout in seconds")
    parser.add_argument("--json-out", type=Path, default=None, metavar="FILE")


# --------------------------------------------------------------------------------------------
# Running the CLI
# --------------------------------------------------------------------------------------------


def resolve_healthlint(command: str | None) -> tuple[list[str], Path | None]:
    """Return the argv prefix that starts healthlint, and the working directory to run it in.

    ``None`` or ``"healthlint"`` means auto-detect: the console script next to the running
    interpreter, then ``healthlint`` on PATH, then ``python -m healthlint``.
    Any other value is split like a shell command line.
    """
    if command is not None and command.strip() != "healthlint":
        return shlex.split(command), None
    # ``.venv/bin/python benchmarks/...`` should measure this venv's install even when the venv
    # is not activated and another healthlint is on PATH.
    sibling = Path(sys.executable).with_name("healthlint")
    if sibling.is_file():
        return [str(sibling)], None
    found = shutil.which("healthlint")
    if found:
        return [found], None
    return [sys.executable, "-m", "healthlint"], REPO_ROOT


def run_healthlint(
    prefix: list[str],
    cwd: Path | None,
    target: Path,
    extra_args: list[str],
    timeout: float | None,
    args: Sequence[str] = CHECK_ARGS,
) -> tuple[dict[str, Any], int, float, str]:
    """Run ``healthlint check --format json --fail-on never`` on *target* and parse its JSON.

    *args* replaces the subcommand and its options, e.g. ``["claims", "--format", "json"]``.

    Returns ``(report, exit_code, seconds, stderr)``. Exit codes 0 and 1 mean success (with or
    without findings); 2 means some files errored, and the JSON is still parsed. Exits the
    benchmark with status 2 if the output is not the expected JSON document.
    """
    argv = [*prefix, *args, *extra_args, str(target)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            argv, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        die(f"cannot start healthlint ({shlex.join(argv[:3])} ...): {exc}")
    except subprocess.TimeoutExpired:
        die(f"healthlint did not finish within {timeout} s")
    seconds = time.perf_counter() - start
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        sys.stderr.write(proc.stderr[-4000:])
        sys.stderr.write(f"\n--- stdout (first 2000 chars) ---\n{proc.stdout[:2000]}\n")
        die(f"healthlint exited {proc.returncode} without valid JSON ({exc})")
    if not isinstance(report, dict) or not isinstance(report.get("files"), list):
        die("healthlint JSON has no 'files' list")
    if proc.returncode not in (0, 1, 2):
        # The JSON parsed, so report the numbers, but an unexpected code usually means a crash.
        sys.stderr.write(f"warning: healthlint exited with unexpected code {proc.returncode}\n")
        sys.stderr.write(proc.stderr[-2000:])
    return report, proc.returncode, seconds, proc.stderr


def index_report(report: dict[str, Any]) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Map each checked file's base name to its findings, and to its error message if any.

    Files are matched by base name because the CLI may print absolute paths, paths relative to
    its working directory, or paths relative to the checked directory.
    """
    findings: dict[str, list[dict]] = {}
    errors: dict[str, str] = {}
    for entry in report["files"]:
        name = Path(str(entry.get("path", ""))).name
        findings[name] = list(entry.get("findings") or [])
        if entry.get("error"):
            errors[name] = str(entry["error"])
    return findings, errors


@dataclass
class LintRun:
    """One CLI run over a directory of texts: how it ran, and its findings per file name.

    ``entries`` keeps each file's whole JSON entry, for subcommands whose output is not findings.
    """

    command: str
    version: Any
    exit_code: int
    seconds: float
    findings: dict[str, list[dict]]
    errors: dict[str, str]
    entries: dict[str, dict] = field(default_factory=dict)

    def usable(self, file: str) -> bool:
        """Whether *file* was reported on without an error, so its findings can be counted.

        Files the CLI did not report on, or failed on, would otherwise count as clean.
        """
        return file in self.findings and file not in self.errors

    def cli_meta(self) -> dict[str, Any]:
        """The ``command``, ``version``, ``exit_code`` and ``seconds`` entries of a report."""
        return {
            "command": self.command,
            "version": self.version,
            "exit_code": self.exit_code,
            "seconds": self.seconds,
        }

    def problem_meta(self, file_ids: Mapping[str, str]) -> dict[str, Any]:
        """The ``file_errors`` and ``missing_files`` entries of a report.

        *file_ids* maps every written file name to the id the report shows for it.
        """
        return {
            "file_errors": {file_ids.get(name, name): msg for name, msg in self.errors.items()},
            "missing_files": sum(1 for name in file_ids if name not in self.findings),
        }


def lint_texts(
    texts: Mapping[str, str],
    tmp_prefix: str,
    healthlint: str | None,
    extra_args: str,
    timeout: float | None,
    args: Sequence[str] = CHECK_ARGS,
) -> LintRun:
    """Write each ``file name -> text`` of *texts* to a temporary directory and lint it once.

    *healthlint* and *extra_args* are the ``--healthlint`` and ``--extra-args`` option values;
    *args* is as for :func:`run_healthlint`.
    """
    prefix, cwd = resolve_healthlint(healthlint)
    extra = shlex.split(extra_args)
    with tempfile.TemporaryDirectory(prefix=tmp_prefix) as tmp:
        tmpdir = Path(tmp)
        for name, text in texts.items():
            (tmpdir / name).write_text(text, encoding="utf-8")
        report, code, seconds, _stderr = run_healthlint(prefix, cwd, tmpdir, extra, timeout, args)
    findings, errors = index_report(report)
    return LintRun(
        command=shlex.join([*prefix, *args, *extra]),
        version=report.get("version", "?"),
        exit_code=code,
        seconds=seconds,
        findings=findings,
        errors=errors,
        entries={Path(str(entry.get("path", ""))).name: entry for entry in report["files"]},
    )


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


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
    out = [_md_row(header), "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    out += [_md_row(row) for row in rows]
    return out


def _md_row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


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
    out = ["", "## File errors", ""]
    for ident, message in meta["file_errors"].items():
        out.append(f"- {ident}: {md_cell(message, 300)}")
    return out


def write_json(path: Path | None, meta: dict[str, Any], results: dict[str, Any]) -> None:
    """Write ``{"meta": meta, **results}`` to *path* (the ``--json-out`` file), if one is set."""
    if path:
        payload = {"meta": meta, **results}
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
