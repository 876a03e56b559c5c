"""Rule packs: one YAML file each, validated whole on load.

A pack names itself, describes itself and lists rules. Every rule carries its own examples, so a
pack documents and tests itself (``healthlint test-pack``). Validation is strict: an unknown key,
an unknown kind, a bad pattern or a duplicate id is a PackError naming the file and line.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from healthlint.checks import KINDS
from healthlint.context import CONTEXT_MARKS
from healthlint.errors import HealthlintError, PackError
from healthlint.finding import CATEGORIES, CITATION_SCOPES, SEVERITIES
from healthlint.regexes import compile_pattern
from healthlint.yamlsource import LineDict, LineList, load_yaml

PACK_KEYS = {"pack", "description", "rules"}
RULE_KEYS = {
    "id",
    "kind",
    "category",
    "severity",
    "message",
    "description",
    "suggestion",
    "unless",
    "exceptions",
    "sentence_exceptions",
    "requires_citation",
    "examples",
}
REQUIRED_RULE_KEYS = ("id", "kind", "category", "severity", "message", "description", "examples")
PACK_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
RULE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Example:
    """A sentence a rule must flag (bad) or leave alone (good); ``match`` pins the flagged text."""

    text: str
    match: str | None
    line: int


@dataclass(frozen=True)
class Rule:
    """One validated rule: common fields plus the kind-specific options."""

    id: str
    pack: str
    kind: str
    category: str
    severity: str
    message: str
    description: str
    suggestion: str
    unless: tuple[str, ...]
    exceptions: tuple[re.Pattern, ...]
    sentence_exceptions: tuple[re.Pattern, ...]
    requires_citation: str | None
    bad_examples: tuple[Example, ...]
    good_examples: tuple[Example, ...]
    options: dict = field(hash=False, compare=False)
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Pack:
    """A loaded pack: its name, description, rules and where it came from."""

    name: str
    description: str
    rules: tuple[Rule, ...]
    path: str


def _fail(message: str, path: str, line: int) -> PackError:
    return PackError(message, path, line)


def _examples(value, key: str, path: str, line: int) -> tuple[Example, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(f"examples.{key} must be a non-empty list", path, line)
    examples = []
    for index, item in enumerate(value):
        item_line = value.line_of(index) if isinstance(value, LineList) else line
        if isinstance(item, str):
            examples.append(Example(item, None, item_line))
        elif (
            isinstance(item, dict)
            and set(item) <= {"text", "match"}
            and isinstance(item.get("text"), str)
            and isinstance(item.get("match", ""), str)
        ):
            examples.append(Example(item["text"], item.get("match"), item_line))
        else:
            raise _fail(
                f"examples.{key} items are strings or {{text, match}} mappings of "
                "strings (quote values such as no, off or 100)",
                path,
                item_line,
            )
    return tuple(examples)


def _patterns(raw: LineDict, key: str, path: str) -> tuple[re.Pattern, ...]:
    """Compile a list of case-insensitive regular expressions from ``raw[key]``."""
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise _fail(f"{key} must be a list of regular expressions", path, raw.line_of(key))
    compiled = []
    for index, pattern in enumerate(value):
        try:
            compiled.append(compile_pattern(pattern))
        except ValueError as exc:
            raise _fail(f"{key}: {exc}", path, value.line_of(index)) from None
    return tuple(compiled)


def _template_problem(template: str) -> str | None:
    """Why a message template cannot be filled, or None. Only named {fields} are allowed."""
    try:
        parsed = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError as exc:
        return f"is not a valid template ({exc}); write a literal brace as {{{{ or }}}}"
    bad = [name for name, _, _ in parsed if not name.isidentifier()]
    if bad:
        return f"has placeholders {bad}; use named ones such as {{match}}"
    # Values are always text; a format spec such as {match:d} would fail at lint time.
    formatted = [name for name, spec, conversion in parsed if spec or conversion]
    return f"formats placeholders {formatted}; write plain {{name}}" if formatted else None


def _rule(raw, pack_name: str, path: str) -> Rule:
    if not isinstance(raw, LineDict):
        raise _fail("each rule must be a mapping", path, getattr(raw, "line", 0))
    line = raw.line
    missing = [key for key in REQUIRED_RULE_KEYS if key not in raw]
    if missing:
        raise _fail(f"rule is missing {', '.join(missing)}", path, line)
    rule_id = raw["id"]
    if not isinstance(rule_id, str) or "." not in rule_id:
        raise _fail(f"rule id {rule_id!r} must be '{pack_name}.<name>'", path, raw.line_of("id"))
    prefix, name = rule_id.split(".", 1)
    if prefix != pack_name or not RULE_NAME.match(name):
        raise _fail(
            f"rule id {rule_id!r} must be '{pack_name}.<name>' in lower-case-with-dashes",
            path,
            raw.line_of("id"),
        )
    kind_name = raw["kind"]
    if not isinstance(kind_name, str) or kind_name not in KINDS:
        raise _fail(
            f"unknown kind {kind_name!r} (known: {', '.join(sorted(KINDS))})",
            path,
            raw.line_of("kind"),
        )
    kind = KINDS[kind_name]
    for key in raw:
        if key not in RULE_KEYS and key not in kind.OPTIONS:
            allowed = sorted(RULE_KEYS | set(kind.OPTIONS))
            raise _fail(
                f"unknown key {key!r} for kind {kind_name!r} (allowed: {', '.join(allowed)})",
                path,
                raw.line_of(key),
            )
    if raw["category"] not in CATEGORIES:
        raise _fail(
            f"category must be one of {', '.join(CATEGORIES)}", path, raw.line_of("category")
        )
    if raw["severity"] not in SEVERITIES:
        raise _fail(
            f"severity must be one of {', '.join(SEVERITIES)}", path, raw.line_of("severity")
        )
    for key in ("message", "description"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise _fail(f"{key} must be a non-empty string", path, raw.line_of(key))
    suggestion = raw.get("suggestion", "")
    if not isinstance(suggestion, str):
        raise _fail("suggestion must be a string", path, raw.line_of("suggestion"))
    for key in ("message", "suggestion"):
        problem = _template_problem(raw.get(key, ""))
        if problem:
            raise _fail(f"{key} {problem}", path, raw.line_of(key))
    unless = raw.get("unless", [])
    if not isinstance(unless, list) or any(u not in CONTEXT_MARKS for u in unless):
        raise _fail(
            f"unless must be a list of {', '.join(CONTEXT_MARKS)}", path, raw.line_of("unless")
        )
    requires_citation = raw.get("requires_citation")
    if requires_citation is not None and requires_citation not in CITATION_SCOPES:
        raise _fail(
            f"requires_citation must be one of {', '.join(CITATION_SCOPES)}",
            path,
            raw.line_of("requires_citation"),
        )
    exceptions = _patterns(raw, "exceptions", path)
    sentence_exceptions = _patterns(raw, "sentence_exceptions", path)
    examples = raw["examples"]
    if not isinstance(examples, dict) or set(examples) - {"bad", "good"} or "bad" not in examples:
        raise _fail(
            "examples must have 'bad' (and may have 'good') lists", path, raw.line_of("examples")
        )
    options = {}
    for key, option in kind.OPTIONS.items():
        if key in raw:
            try:
                options[key] = option.validate(raw[key])
            except ValueError as exc:
                raise _fail(f"{key} {exc}", path, raw.line_of(key)) from None
        elif option.required:
            raise _fail(f"kind {kind_name!r} requires {key!r}", path, line)
        else:
            options[key] = option.default
    try:
        kind.validate_options(options)
    except ValueError as exc:
        raise _fail(f"rule {rule_id}: {exc}", path, line) from None
    return Rule(
        id=rule_id,
        pack=pack_name,
        kind=kind_name,
        category=raw["category"],
        severity=raw["severity"],
        message=raw["message"].strip(),
        description=raw["description"].strip(),
        suggestion=suggestion.strip(),
        unless=tuple(unless),
        exceptions=exceptions,
        sentence_exceptions=sentence_exceptions,
        requires_citation=requires_citation,
        bad_examples=_examples(examples["bad"], "bad", path, examples.line_of("bad")),
        good_examples=_examples(
            examples.get("good", []) or [], "good", path, examples.line_of("good")
        )
        if examples.get("good")
        else (),
        options=options,
        path=path,
        line=line,
    )


def parse_pack(text: str, path: str) -> Pack:
    """Validate the YAML text of one pack; raise PackError naming the file and line."""
    try:
        data = load_yaml(text, path)
    except HealthlintError as exc:
        raise PackError(exc.message, exc.path, exc.line) from None
    if not isinstance(data, LineDict):
        raise _fail("a pack must be a mapping with pack, description and rules", path, 1)
    for key in data:
        if key not in PACK_KEYS:
            raise _fail(
                f"unknown key {key!r} (allowed: {', '.join(sorted(PACK_KEYS))})",
                path,
                data.line_of(key),
            )
    name = data.get("pack")
    if not isinstance(name, str) or not PACK_NAME.match(name):
        raise _fail("pack must be a lower-case name", path, data.line_of("pack"))
    rules_raw = data.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise _fail("rules must be a non-empty list", path, data.line_of("rules"))
    rules, seen = [], {}
    for raw in rules_raw:
        rule = _rule(raw, name, path)
        if rule.id in seen:
            raise _fail(
                f"duplicate rule id {rule.id!r} (first on line {seen[rule.id]})", path, rule.line
            )
        seen[rule.id] = rule.line
        rules.append(rule)
    return Pack(name, str(data.get("description", "")).strip(), tuple(rules), path)


def load_pack(path: str | Path) -> Pack:
    """Read and validate the pack file at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(
            f"cannot read pack: {exc.strerror if isinstance(exc, OSError) else exc}", str(path)
        ) from None
    return parse_pack(text, str(path))


def builtin_pack_files() -> list[tuple[str, str]]:
    """(display path, text) of every pack shipped in the wheel, in name order."""
    folder = resources.files("healthlint.rules")
    return [
        (f"rules/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    ]


def load_packs(extra_paths=()) -> tuple[list[Pack], list[PackError]]:
    """The shipped packs plus user packs, and the problems of user packs that failed to load.

    A broken user pack, or one that reuses a rule id, is left out and reported; the other packs
    still run, so one bad file never hides every finding.
    """
    packs = [parse_pack(text, name) for name, text in builtin_pack_files()]
    owners = {rule.id: pack for pack in packs for rule in pack.rules}
    problems = []
    for path in extra_paths:
        try:
            pack = load_pack(path)
            for rule in pack.rules:
                if rule.id in owners:
                    raise PackError(
                        f"rule id {rule.id!r} is already defined in {owners[rule.id].path}",
                        pack.path,
                        rule.line,
                    )
        except PackError as exc:
            problems.append(exc)
            continue
        owners.update({rule.id: pack for rule in pack.rules})
        packs.append(pack)
    return packs, problems
