#!/usr/bin/env python3
"""Speed and memory of healthlint next to the bare spaCy pipeline and proselint, in one run.

Every measurement runs in a fresh process over the same corpus: healthlint cold, warm, with the
parse cache only and at ``--jobs 2``; the bare spaCy pipeline doing healthlint's parsing work;
proselint when installed; and start-up. The rows and ratios are described in
benchmarks/README.md and docs/performance.md. Run it with the venv's Python::

    .venv/bin/python benchmarks/bench.py --shared ../shared --rev HEAD --rounds 3
    .venv/bin/python benchmarks/bench.py --samples
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import harness
from corpora import MEDQUAD, Corpora
from harness import md_table

DESCRIPTION = "healthlint speed and memory vs the bare spaCy pipeline and proselint."
TARGETS = {
    "cold_vs_pipe": 0.85,
    "warm_speedup": 10.0,
    "jobs2_speedup": 1.6,
    "rss_jobs1_mb": 600.0,
    "help_vs_click": 2.0,
}
JOBS_MIN_FILES = 50


# --------------------------------------------------------------------------------------------
# Workers: this script re-run as `bench.py --worker MODE ...` in a fresh process
# --------------------------------------------------------------------------------------------


def _worker_entity_documents(list_file: str) -> dict[str, Any]:
    """Which files healthlint's shipped rules ask entity recognition for (untimed)."""
    from healthlint.config import Settings
    from healthlint.engine import Linter, active_rules
    from healthlint.inputs import read_source
    from healthlint.nlp import load_model
    from healthlint.packs import load_packs

    linter = Linter(active_rules(load_packs()[0]), load_model(), Settings())
    sources = [read_source(path) for path in json.loads(Path(list_file).read_text())]
    indexes = []
    for index, analysis in enumerate(linter.analyse(sources)):
        linter.lint_analysis(analysis)
        if analysis.doc.has_annotation("ENT_IOB"):
            indexes.append(index)
    return {"indexes": indexes, "files": len(sources)}


def _worker_spacy(
    list_file: str, components: str, entity_file: str | None = None
) -> dict[str, Any]:
    """Parse the files' Document.text with `nlp.pipe` exactly as healthlint batches it.

    ``components`` "lint": spaCy's share of a healthlint run, the components healthlint's
    nlp.pipe runs for the shipped rules, then the entity recogniser (which healthlint runs on
    demand) over the documents listed in ``entity_file``; "all": every component on every
    document.
    """
    started = time.perf_counter()
    from healthlint.config import Settings
    from healthlint.engine import Linter, active_rules
    from healthlint.inputs import read_source
    from healthlint.nlp import BATCH_SIZE, default_model_name, load_model
    from healthlint.packs import load_packs
    from healthlint.readers import build_document

    name = default_model_name()
    nlp = load_model(name)
    loaded = time.perf_counter()
    skipped = (
        Linter(active_rules(load_packs()[0]), nlp, Settings()).skipped_components
        if components == "lint"
        else ()
    )
    wanted = set(json.loads(Path(entity_file).read_text())["indexes"]) if entity_file else set()
    texts = []
    for path in json.loads(Path(list_file).read_text()):
        source = read_source(path)
        texts.append(build_document(source.path, source.text, source.input_format).text)
    built = time.perf_counter()
    tokens, cpu, later = 0, time.process_time(), []
    for index, doc in enumerate(nlp.pipe(texts, batch_size=BATCH_SIZE, disable=list(skipped))):
        tokens += len(doc)
        if index in wanted:
            later.append(doc)
    piped = time.perf_counter()
    for component in skipped if wanted else ():
        for _ in nlp.get_pipe(component).pipe(later, batch_size=BATCH_SIZE):
            pass
    done, cpu = time.perf_counter(), time.process_time() - cpu
    return {
        "seconds": done - built,
        "cpu": cpu,
        "startup": loaded - started,
        "build": built - loaded,
        "process": done - started,
        "tokens": tokens,
        "model": name,
        "model_version": nlp.meta.get("version", "?"),
        "components": [c for c in nlp.pipe_names if c not in skipped],
        "on_demand": {
            "components": list(skipped) if wanted else [],
            "documents": len(later),
            "seconds": done - piped,
        },
        "batch_size": BATCH_SIZE,
        "prose_words": sum(len(t.split()) for t in texts),
        "lint_from": str(Path(sys.modules["healthlint"].__file__).parent),
    }


def _worker_proselint(list_file: str) -> dict[str, Any]:
    """Lint the file texts with proselint's API, after one warm-up pass over a few of them."""
    started = time.perf_counter()
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    paths = json.loads(Path(list_file).read_text())
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in paths]
    for index, text in enumerate(texts[:20]):
        LintFile(f"warmup{index}", text).lint(DEFAULT)
    warm, cpu = time.perf_counter(), time.process_time()
    errors = sum(len(LintFile(p, t).lint(DEFAULT)) for p, t in zip(paths, texts, strict=True))
    done, cpu = time.perf_counter(), time.process_time() - cpu
    return {"seconds": done - warm, "cpu": cpu, "startup": warm - started, "findings": errors}


WORKERS = {
    "spacy": _worker_spacy,
    "entity_documents": _worker_entity_documents,
    "proselint": _worker_proselint,
}


def run_worker(args: list[str], timeout: float | None) -> dict[str, Any]:
    """Start `bench.py --worker ...`; the JSON it prints, its peak RSS and the load it met."""
    load = os.getloadavg()[0]
    done = harness.run([sys.executable, __file__, "--worker", *args], timeout=timeout)
    if done.exit_code != 0:
        sys.stderr.write(done.stderr[-3000:])
        harness.die(f"{args[0]} measurement failed (exit {done.exit_code})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {**result, "rss_mb": done.rss_mb, "load": load}


# --------------------------------------------------------------------------------------------
# Corpus and code
# --------------------------------------------------------------------------------------------


def write_corpus(args: argparse.Namespace, target: Path) -> tuple[list[Path], str]:
    """Write the corpus (``--repeat`` times over) as files under *target*; their paths."""
    docs = Corpora.from_args(args).medquad("medlineplus", args.limit)
    if args.samples:
        label = "samples/"
    else:
        label = f"{MEDQUAD['medlineplus']} ({len(docs)} MedlinePlus summaries, one .txt each)"
    paths = []
    for copy in range(args.repeat):
        for doc in docs:
            path = target / (f"r{copy}_{doc.file}" if args.repeat > 1 else doc.file)
            path.write_text(doc.text, encoding="utf-8")
            paths.append(path)
    if args.repeat > 1:
        label += (
            f", {args.repeat} copies (in the empty-cache run, copies after the first hit "
            "the parse cache; the --no-cache rows are truly cold)"
        )
    return paths, label


def export_revision(rev: str, target: Path) -> Path:
    """Extract ``lint`` and ``rules`` of git revision *rev* as an importable tree under *target*.

    Put first on PYTHONPATH, it shadows the editable install, so edits made to the working tree
    while the benchmark runs cannot mix into its rows.
    """
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "lint", "rules"],
        cwd=harness.REPO_ROOT,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        harness.die(f"cannot export {rev}: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    # The install maps the lint/ folder to the healthlint package and rules/ to healthlint.rules.
    (target / "lint").rename(target / "healthlint")
    (target / "rules").rename(target / "healthlint" / "rules")
    return target


# --------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------


class Bench:
    """The runs of one benchmark invocation, and where their outputs go."""

    def __init__(self, args: argparse.Namespace, work: Path, corpus: Path):
        self.args = args
        self.work = work
        self.corpus = corpus
        self.files = str(work / "files.json")
        self.outputs: dict[str, Any] = {}
        self.env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(work / "default-cache")}
        # `--severity RULE=its own severity` changes the result cache's fingerprint but not the
        # output, so a run with it over a filled cache dir shows what the parse cache alone
        # saves, as after an edit to a rule.
        listing = self.command(["rules"])
        rows = [line.split() for line in listing.stdout.splitlines()[1:] if line.strip()]
        if listing.exit_code != 0 or not rows or len(rows[0]) < 3:
            sys.stderr.write(listing.stderr[-2000:])
            harness.die("`healthlint rules` failed; is healthlint installed in this venv?")
        self.rule_id = rows[0][0]
        self.same_severity = f"{rows[0][0]}={rows[0][2]}"
        # The documents healthlint runs entity recognition on, for the bare pipe's share.
        self.entity_file = work / "entity-documents.json"
        found = run_worker(["entity_documents", self.files], args.timeout)
        self.entity_file.write_text(json.dumps(found))

    def command(self, argv: list[str], env: dict[str, str] | None = None) -> harness.Process:
        """One run of ``healthlint ARGV`` that is not a lint (start-up, listings)."""
        prefix, cwd = harness.healthlint_command(self.args.healthlint)
        return harness.run([*prefix, *argv], env or self.env, cwd, self.args.timeout)

    def lint(self, name: str, options: list[str], target: Path | None = None) -> dict[str, Any]:
        """One `healthlint check` run; keeps the first round's JSON of each run name."""
        load = os.getloadavg()[0]
        options = [*options, *shlex.split(self.args.extra_args)]
        done = harness.run_cli(
            [*harness.CHECK, *options],
            [target or self.corpus],
            self.args.healthlint,
            self.env,
            self.args.timeout,
        )
        if done.process.exit_code not in (0, 1):
            sys.stderr.write(done.process.stderr[-3000:])
            harness.die(f"{name}: healthlint exited {done.process.exit_code}: {done.command}")
        files = done.report["files"]
        self.outputs.setdefault(name, files)
        return {
            "seconds": done.process.seconds,
            "cpu": done.process.cpu,
            "rss_mb": done.process.rss_mb,
            "exit_code": done.process.exit_code,
            "load": load,
            "command": " ".join(["healthlint", *harness.CHECK, *options, "DIR"]),
            "files": len(files),
        }

    def round(self) -> dict[str, dict[str, Any]]:
        """Every measurement once, each in a fresh process; caches in fresh temp dirs."""
        cache = Path(tempfile.mkdtemp(prefix="cache-", dir=self.work))
        tiny = self.work / "one-sentence"
        tiny.mkdir(exist_ok=True)
        (tiny / "one.txt").write_text("Drink water when you exercise.\n", encoding="utf-8")
        cached = ["--cache-dir", str(cache), "--jobs", "1"]
        timeout = self.args.timeout
        runs = {
            "fixed": self.lint("fixed", ["--no-cache", "--jobs", "1"], tiny),
            # The cold run between two bare pipes: the machine's speed drifts by 10% or more
            # over minutes on a shared host, and the main ratio compares the cold run with the
            # mean of the pipes on either side of it.
            "spacy_before": run_worker(["spacy", self.files, "all"], timeout),
            "cold_j1": self.lint("cold_j1", ["--no-cache", "--jobs", "1"]),
            "spacy": run_worker(["spacy", self.files, "all"], timeout),
            "cold_j2": self.lint("cold_j2", ["--no-cache", "--jobs", "2"]),
            "empty_j1": self.lint("empty_j1", cached),
            "warm_j1": self.lint("warm_j1", cached),
            "parse_only_j1": self.lint(
                "parse_only_j1", [*cached, "--severity", self.same_severity]
            ),
            # spaCy's share of the cold run: what healthlint's own work is weighed against.
            "spacy_same": run_worker(["spacy", self.files, "lint", str(self.entity_file)], timeout),
        }
        if proselint_version():
            runs["proselint"] = run_worker(["proselint", self.files], timeout)
        return runs

    def startup(self) -> dict[str, Any]:
        """Median wall times of start-up commands, and the modules `rules`/`explain` import."""
        commands = {
            "help": ["--help"],
            "import_click": None,
            "rules": ["rules"],
            "explain": ["explain", self.rule_id],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        # Interleaved, so a change in the machine's load hits every command alike; the first
        # round only warms the OS cache.
        for number in range(self.args.startup_runs + 1):
            for name, argv in commands.items():
                if argv is None:
                    done = harness.run([sys.executable, "-c", "import click"], self.env)
                else:
                    done = self.command(argv)
                if number:
                    times[name].append(done.seconds)
        result: dict[str, Any] = {name: statistics.median(t) for name, t in times.items()}
        result["explain_rule"] = self.rule_id
        env = {**self.env, "PYTHONPROFILEIMPORTTIME": "1"}
        for name in ("help", "rules", "explain"):
            stderr = self.command(commands[name], env).stderr
            modules = {
                line.rsplit("|", 1)[1].strip()
                for line in stderr.splitlines()
                if line.startswith("import time:") and line.count("|") == 2
            }
            result[f"{name}_modules"] = len(modules)
            result[f"{name}_imports_spacy"] = any(
                m == "spacy" or m.startswith("spacy.") for m in modules
            )
        return result


def proselint_version() -> str | None:
    """The installed proselint's version, or None when it is missing."""
    try:
        return metadata.version("proselint")
    except metadata.PackageNotFoundError:
        return None


# --------------------------------------------------------------------------------------------
# Summary and report
# --------------------------------------------------------------------------------------------


def combine(rounds: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Per measurement, the round with the shortest wall time and the highest RSS of any round.

    Other processes on a shared machine only ever add time, so the fastest round is the best
    estimate of the run alone (as `timeit` takes the minimum). Both bare pipes of a round are
    runs of the one "spacy" row.
    """
    combined = {}
    for name in rounds[0]:
        if name == "spacy_before":
            continue
        samples = [
            r[key]
            for r in rounds
            for key in ((name, "spacy_before") if name == "spacy" else (name,))
        ]
        best = min(samples, key=lambda run: run["seconds"])
        combined[name] = {**best, "rss_mb": max(run["rss_mb"] for run in samples)}
    return combined


def pair_ratio(round_runs: dict[str, dict[str, Any]]) -> float:
    """Bare pipe seconds / cold lint seconds within one round: the mean of the pipes run just
    before and just after the cold run, so a steady drift in the machine's speed cancels."""
    pipe = statistics.mean([round_runs["spacy_before"]["seconds"], round_runs["spacy"]["seconds"]])
    return pipe / round_runs["cold_j1"]["seconds"]


def ratios(
    runs: dict[str, dict[str, Any]],
    start: dict[str, Any],
    files: int,
    rounds: list[dict[str, dict[str, Any]]],
) -> list[dict[str, Any]]:
    """The target ratios, each with its value, target and whether it is met, then the ratios
    shown for information.

    The cold/pipe ratio is the median over rounds of :func:`pair_ratio`, runs made back to back,
    so that the machine's drift in speed between rows does not decide it.
    """

    def ratio(top: str, bottom: str, key: str = "seconds") -> float:
        return runs[top][key] / runs[bottom][key]

    cold_vs_pipe = statistics.median(pair_ratio(r) for r in rounds)
    warm, jobs2 = ratio("empty_j1", "warm_j1"), ratio("cold_j1", "cold_j2")
    rss_j1 = max(runs["cold_j1"]["rss_mb"], runs["empty_j1"]["rss_mb"])
    help_ratio = start["help"] / start["import_click"]
    no_spacy = not any(start[f"{name}_imports_spacy"] for name in ("help", "rules", "explain"))
    jobs_ok = files >= JOBS_MIN_FILES
    keys = ("name", "value", "target", "met", "how")
    targets = [
        (
            "cold lint throughput / bare nlp.pipe throughput (same model and components)",
            cold_vs_pipe,
            "≥ 0.85",
            cold_vs_pipe >= TARGETS["cold_vs_pipe"],
            "median over rounds of nlp.pipe seconds (mean of the runs just before and just "
            "after) / `--no-cache --jobs 1` wall seconds (lint includes start-up)",
        ),
        (
            "warm speedup (first run / second run, same --cache-dir)",
            warm,
            "≥ 10",
            warm >= TARGETS["warm_speedup"],
            "empty-cache run / warm run, --jobs 1",
        ),
        (
            f"--jobs 2 speedup ({files} files)",
            jobs2,
            "≥ 1.6 on ≥ 50 files",
            (jobs2 >= TARGETS["jobs2_speedup"]) if jobs_ok else None,
            "--no-cache: --jobs 1 / --jobs 2" + ("" if jobs_ok else "; too few files to judge"),
        ),
        (
            "peak RSS, --jobs 1 (MB)",
            rss_j1,
            "< 600",
            rss_j1 < TARGETS["rss_jobs1_mb"],
            "highest of the cold --jobs 1 runs",
        ),
        (
            '`healthlint --help` / `python -c "import click"`',
            help_ratio,
            "< 2",
            help_ratio < TARGETS["help_vs_click"],
            "median wall times",
        ),
        (
            "--help, rules, explain import spaCy",
            0.0 if no_spacy else 1.0,
            "no",
            no_spacy,
            "PYTHONPROFILEIMPORTTIME (= -X importtime)",
        ),
    ]
    info = {
        "cold lint / bare nlp.pipe, fastest run of each row (rows minutes apart)": ratio(
            "spacy", "cold_j1"
        ),
        "cold lint / bare nlp.pipe, in CPU seconds (less hit by a busy machine)": ratio(
            "spacy", "cold_j1", "cpu"
        ),
        "cold lint / bare spaCy doing healthlint's parsing work (its nlp.pipe components, then "
        "the entity recogniser where a rule asks), fastest runs": ratio("spacy_same", "cold_j1"),
        "warm speedup in CPU seconds": ratio("empty_j1", "warm_j1", "cpu"),
        "cold lint / bare spaCy process (import + load + build + pipe)": runs["spacy"]["process"]
        / runs["cold_j1"]["seconds"],
        "parse-cache-only run speedup (result cache missed)": ratio("empty_j1", "parse_only_j1"),
        "fixed cost of a run (one-sentence file) / cold --jobs 1 run": ratio("fixed", "cold_j1"),
    }
    if "proselint" in runs:
        info["proselint throughput / cold lint throughput"] = ratio("cold_j1", "proselint")
    return [dict(zip(keys, row, strict=True)) for row in targets] + [
        dict(zip(keys, (name, value, "—", None, "for information"), strict=True))
        for name, value in info.items()
    ]


LABELS = {
    "cold_j1": "healthlint cold `--no-cache --jobs 1`",
    "cold_j2": "healthlint cold `--no-cache --jobs 2`",
    "empty_j1": "healthlint cold, empty `--cache-dir`, `--jobs 1`",
    "warm_j1": "healthlint warm, same `--cache-dir`, `--jobs 1`",
    "parse_only_j1": "healthlint, parse cache only (result cache missed), `--jobs 1`",
    "fixed": "healthlint on one one-sentence file, `--no-cache --jobs 1` (fixed cost)",
    "spacy": "bare spaCy `nlp.pipe`, same model and components (pipe only)",
    "spacy_same": "bare spaCy, the same work as healthlint's spaCy pass (pipe only)",
    "proselint": "proselint API (warm)",
}


def round_lines(rounds: list[dict[str, dict[str, Any]]]) -> list[str]:
    """The main ratios round by round, each from runs of the same round: the noise to expect."""
    table = [
        [
            str(number + 1),
            f"{r['cold_j1']['load']:.1f}",
            f"{pair_ratio(r):.2f}",
            f"{r['empty_j1']['seconds'] / r['warm_j1']['seconds']:.1f}",
            f"{r['cold_j1']['seconds'] / r['cold_j2']['seconds']:.2f}",
        ]
        for number, r in enumerate(rounds)
    ]
    return [
        "",
        "## Round by round",
        "",
        *md_table(
            ["round", "load", "cold / pipe", "warm speedup", "jobs-2 speedup"], "rrrrr", table
        ),
    ]


def row_note(name: str, run: dict[str, Any], same: dict[str, bool]) -> str:
    """The notes cell of a row: whether its output matched, or what the spaCy run did."""
    if name == "proselint":
        return f"start-up + warm-up {run['startup']:.1f} s; {run['findings']:,} findings"
    if name in ("spacy", "spacy_same"):
        on_demand, components = run.get("on_demand") or {}, ", ".join(run["components"])
        note = (
            f"process {run['process']:.1f} s (start-up {run['startup']:.1f} s, "
            f"building Documents {run['build']:.2f} s); {run['tokens']:,} tokens; "
            f"{components} on every document"
        )
        if on_demand.get("components"):
            note += (
                f", then {', '.join(on_demand['components'])} on the {on_demand['documents']} "
                f"that healthlint asks it for ({on_demand['seconds']:.2f} s)"
            )
        return note
    note = {True: "same output as cold --jobs 1", False: "**output differs from cold --jobs 1**"}
    parts = [note[same[name]]] if name in same else []
    return "; ".join(parts + (["RSS: largest single process"] if name == "cold_j2" else []))


def report_lines(
    meta: dict[str, Any],
    runs: dict[str, dict[str, Any]],
    start: dict[str, Any],
    rows: list[dict[str, Any]],
    same: dict[str, bool],
) -> list[str]:
    """The Markdown report."""
    words = meta["words"]
    dirty = f" + {len(meta['dirty'])} uncommitted changes" if meta["dirty"] else ""
    out = [
        "# healthlint speed benchmark",
        "",
        f"- corpus: {meta['corpus']}: {meta['files']} files, {words:,} words",
        f"- commit {meta['commit']}{dirty} ({meta['code']}), "
        f"{meta['date']}, {meta['cpus']} CPUs ({meta['cpu_model']}), Python {meta['python']}, "
        f"load average {meta['load_before']} before, {meta['load_after']} after",
        f"- {meta['versions']}",
        f"- model {runs['spacy']['model']} {runs['spacy']['model_version']}, batch size "
        f"{runs['spacy']['batch_size']}",
        f"- rounds: {meta['rounds']} (each row: the fastest round; peak RSS: the highest round;"
        " load: the 1-minute load average when that run started)",
        "",
    ]
    if meta["code_changed"]:
        out[-1:-1] = ["- **healthlint's code changed during the run: the rows may mix versions**"]
    table = []
    for name, label in LABELS.items():
        if name not in runs:
            continue
        run = runs[name]
        rate = "—" if name == "fixed" else f"{words / run['seconds']:,.0f}"
        figures = [f"{run['seconds']:.2f}", f"{run['cpu']:.1f}", rate, f"{run['rss_mb']:.0f}"]
        table.append([label, *figures, f"{run['load']:.1f}", row_note(name, run, same)])
    if "proselint" not in runs:
        skipped = "skipped: proselint is not installed (`.venv/bin/pip install proselint`)"
        table.append([LABELS["proselint"], *["—"] * 5, skipped])
    out += md_table(
        ["measurement", "wall s", "CPU s", "words/s", "peak RSS MB", "load", "notes"],
        "lrrrrrl",
        table,
    )
    out += ["", "## Ratios", ""]
    ratio_rows = []
    for r in rows:
        met = {True: "yes", False: "**no**", None: "—"}[r["met"]]
        if r["name"].endswith("import spaCy"):
            value = "no" if r["met"] else "**yes**"
        else:
            value = f"{r['value']:.0f}" if "MB" in r["name"] else f"{r['value']:.2f}"
        ratio_rows.append([r["name"], value, r["target"], met, r["how"]])
    out += md_table(["ratio", "value", "target", "met", "how"], "lrlll", ratio_rows)
    out += [
        "",
        f"## Start-up (median of {meta['startup_runs']} runs)",
        "",
        f'- `healthlint --help` {start["help"] * 1000:.0f} ms, `python -c "import click"` '
        f"{start['import_click'] * 1000:.0f} ms, `healthlint rules` {start['rules'] * 1000:.0f}"
        f" ms, `healthlint explain {start['explain_rule']}` {start['explain'] * 1000:.0f} ms",
    ]
    for name in ("help", "rules", "explain"):
        out.append(
            f"- `{name}` imports {start[f'{name}_modules']} modules; spaCy "
            f"{'**imported**' if start[f'{name}_imports_spacy'] else 'not imported'}"
        )
    return out


def machine_meta(args: argparse.Namespace) -> dict[str, Any]:
    """Where and on what the benchmark ran."""

    def git(*cmd: str) -> str:
        with contextlib.suppress(OSError):
            return subprocess.run(
                ["git", *cmd], capture_output=True, text=True, check=False, cwd=harness.REPO_ROOT
            ).stdout.strip()
        return ""

    from healthlint.parallel import default_jobs

    cpu_model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    names = ("spacy", "thinc", "blis", "click", "proselint")
    versions = {}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return {
        "commit": git("rev-parse", "--short", args.rev or "HEAD") or "unknown",
        "dirty": [] if args.rev else git("status", "--porcelain").splitlines(),
        "code": f"git archive of {args.rev[:12]}" if args.rev else "the working tree",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": default_jobs(),
        "cpu_model": cpu_model,
        "python": platform.python_version(),
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "rounds": args.rounds,
        "startup_runs": args.startup_runs,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = harness.parser(DESCRIPTION)
    for flag, default, help_text in (
        ("--repeat", 1, "write the corpus N times over, as N times more files"),
        ("--rounds", 1, "run every measurement N times, interleaved; report the fastest"),
        ("--startup-runs", 7, "runs per start-up command (median)"),
    ):
        parser.add_argument(flag, type=int, default=default, metavar="N", help=help_text)
    parser.add_argument(
        "--rev",
        metavar="REV",
        help="measure the lint/ and rules/ of this git revision (exported to a temp dir, first "
        "on PYTHONPATH) instead of the working tree",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.rounds < 1 or args.startup_runs < 1:
        parser.error("--repeat, --rounds and --startup-runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    """Run every measurement and print the Markdown report."""
    args = parse_args(argv)
    try:
        from healthlint.cache import code_stamp
    except ImportError:
        harness.die("cannot import healthlint: run with the venv's Python (.venv/bin/python)")
    if args.rev:  # one commit for the record and the export, even if HEAD moves meanwhile
        resolved = subprocess.run(
            ["git", "rev-parse", "--verify", f"{args.rev}^{{commit}}"],
            cwd=harness.REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if resolved.returncode != 0:
            harness.die(f"--rev {args.rev}: not a commit of this repository")
        args.rev = resolved.stdout.strip()
    meta = machine_meta(args)
    stamp = code_stamp()
    with tempfile.TemporaryDirectory(prefix="healthlint-bench-") as tmp:
        work = Path(tmp)
        if args.rev:
            code = export_revision(args.rev, work / "code")
            os.environ["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(code), os.environ.get("PYTHONPATH")])
            )
        corpus = work / "corpus"
        corpus.mkdir()
        paths, meta["corpus"] = write_corpus(args, corpus)
        if not paths:
            harness.die("the corpus is empty")
        (work / "files.json").write_text(json.dumps([str(p) for p in paths]))
        meta["files"] = len(paths)
        meta["words"] = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        bench = Bench(args, work, corpus)
        rounds = []
        for number in range(args.rounds):
            sys.stderr.write(f"round {number + 1}/{args.rounds} ...\n")
            rounds.append(bench.round())
        start = bench.startup()
        reference = bench.outputs["cold_j1"]
        same = {
            name: files == reference
            for name, files in bench.outputs.items()
            if name not in ("cold_j1", "fixed")
        }
    meta["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    meta["code_changed"] = not args.rev and code_stamp() != stamp
    runs = combine(rounds)
    rows = ratios(runs, start, meta["files"], rounds)
    lines = report_lines(meta, runs, start, rows, same)
    if len(rounds) > 1:
        lines += round_lines(rounds)
    print("\n".join(lines))
    if not proselint_version():
        print(
            "\nproselint is not installed, so its row is skipped: "
            "`.venv/bin/pip install proselint` (for the benchmark only)."
        )
    harness.write_json(
        args.json_out,
        meta,
        {"runs": runs, "rounds": rounds, "startup": start, "ratios": rows, "same_output": same},
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":  # one measurement, printed as JSON
        print(json.dumps(WORKERS[sys.argv[2]](*sys.argv[3:])))
    else:
        main()
