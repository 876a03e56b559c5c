"""Rule packs: one YAML file each, validated whole on load.

A pack names itself, describes itself and lists rules. Every rule carries its own examples, so a
pack documents and tests itself (``healthlint test-pack``). Validation is strict: an unknown key,
an unknown kind, a bad pattern or a duplicate id is a PackError naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Formatter

from healthlint.checks import KINDS
from healthlint.context import CONTEXT_MARKS
from healthlint.errors import HealthlintError, PackError
from healthlint.finding import CATEGORIES, CITATION_SCOPES, SEVERITIES
from healthlint.regexes import compile_pattern
from healthlint.schema import (
    Invalid,
    Nested,
    Option,
    choice,
    described,
    line_of,
    read,
    string,
    text,
)
from healthlint.yamlsource import LineDict, load_yaml

PACK_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
RULE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Example:
    """A sentence a rule must flag (bad) or leave alone (good); ``match`` pins the flagged text.

    ``input_format`` is the reader the example goes through: plain text unless the example says
    ``format: markdown`` or ``format: html`` (links, for one, exist only in those).
    """

    text: str
    match: str | None
    line: int
    input_format: str = "text"


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


@described("string")
def _pack_name(value) -> str:
    if not isinstance(value, str) or not PACK_NAME.match(value):
        raise ValueError("must be a lower-case name: a letter, then letters, digits and -")
    return value


@described("list of rules")
def _rule_list(value) -> list:
    if not isinstance(value, list) or not value:
        raise ValueError("must be a non-empty list")
    for index, rule in enumerate(value):
        if not isinstance(rule, dict):
            raise Invalid("each rule must be a mapping of rule fields", at=index)
    return value


PACK_FIELDS = {
    "pack": Option(
        _pack_name, required=True, help="the pack's name; every rule id starts with it and a dot"
    ),
    "description": Option(text, default="", help="what the pack is for"),
    "rules": Option(_rule_list, required=True, help="the rules, each a mapping of rule fields"),
}


@described("string")
def _rule_id(value) -> str:
    prefix, dot, name = value.partition(".") if isinstance(value, str) else ("", "", "")
    if not (dot and PACK_NAME.match(prefix) and RULE_NAME.match(name)):
        raise ValueError(f"{value!r} must be '<pack>.<name>' in lower-case-with-dashes")
    return value


@described("string")
def _kind_name(value) -> str:
    if not isinstance(value, str) or value not in KINDS:
        raise Invalid(f"unknown kind {value!r} (known: {', '.join(sorted(KINDS))})", whole=True)
    return value


def _template_problem(template: str) -> str | None:
    """Why a message template cannot be filled, or None. Only named {fields} are allowed."""
    try:
        parsed = [
            (name, spec, conversion)
            for _, name, spec, conversion in Formatter().parse(template)
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


@described("string")
def _template(value) -> str:
    """A message template: a string whose placeholders are plain names; returned stripped."""
    if not isinstance(value, str):
        raise ValueError("must be a string")
    value = value.strip()
    problem = _template_problem(value)
    if problem:
        raise ValueError(problem)
    return value


@described("non-empty string")
def _message(value) -> str:
    return _template(string(value))


@described("non-empty string")
def _description(value) -> str:
    return string(value).strip()


@described("list of marks")
def _marks(value) -> tuple[str, ...]:
    if not isinstance(value, list) or any(mark not in CONTEXT_MARKS for mark in value):
        raise ValueError(f"must be a list of {', '.join(CONTEXT_MARKS)}")
    return tuple(value)


@described("list of regexes")
def _regexes(value) -> tuple[re.Pattern, ...]:
    """Case-insensitive regular expressions; a bad one is reported on its own line."""
    if not isinstance(value, list):
        raise ValueError("must be a list of regular expressions")
    compiled = []
    for index, pattern in enumerate(value):
        try:
            compiled.append(compile_pattern(pattern))
        except ValueError as exc:
            raise Invalid(str(exc), at=index) from None
    return tuple(compiled)


# The readers an example may name; plain text is the default.
EXAMPLE_FORMATS = ("text", "markdown", "html")


def _example_list(value, *, required: bool) -> tuple[Example, ...]:
    if not value and not required:
        return ()
    if not isinstance(value, list) or not value:
        raise ValueError("must be a non-empty list")
    examples = []
    for index, item in enumerate(value):
        item_line = line_of(value, index) or 0
        if isinstance(item, str):
            examples.append(Example(item, None, item_line))
        elif (
            isinstance(item, dict)
            and set(item) <= {"text", "match", "format"}
            and isinstance(item.get("text"), str)
            and isinstance(item.get("match", ""), str)
        ):
            input_format = item.get("format", "text")
            if input_format not in EXAMPLE_FORMATS:
                raise Invalid(
                    f"an example's format must be one of {', '.join(EXAMPLE_FORMATS)}, "
                    f"got {input_format!r}",
                    at=index,
                )
            examples.append(Example(item["text"], item.get("match"), item_line, input_format))
        else:
            raise Invalid(
                "each example is a string or a {text, match, format} mapping of strings "
                "(quote values such as no, off or 100)",
                at=index,
            )
    return tuple(examples)


@described("list of examples")
def _bad_examples(value) -> tuple[Example, ...]:
    return _example_list(value, required=True)


@described("list of examples")
def _good_examples(value) -> tuple[Example, ...]:
    return _example_list(value, required=False)


EXAMPLE_FIELDS = {
    "bad": Option(_bad_examples, required=True, help="sentences the rule must flag"),
    "good": Option(_good_examples, default=(), help="sentences the rule must leave alone"),
}

# The fields every rule has, whatever its kind; each kind adds its own OPTIONS.
RULE_FIELDS = {
    "id": Option(_rule_id, required=True, help="'<pack>.<name>', unique across loaded packs"),
    "kind": Option(_kind_name, required=True, help="the rule kind that finds matches"),
    "category": Option(
        choice(*CATEGORIES), required=True, help="groups findings; usable wherever rules are named"
    ),
    "severity": Option(choice(*SEVERITIES), required=True, help="the rule's default level"),
    "message": Option(
        _message, required=True, help="the finding's message; {match} is the flagged text"
    ),
    "description": Option(
        _description, required=True, help="why the rule matters (healthlint explain)"
    ),
    "suggestion": Option(_template, default="", help="what to write instead; a template too"),
    "unless": Option(
        _marks,
        default=(),
        help=f"context marks that keep the rule quiet: {', '.join(CONTEXT_MARKS)}",
    ),
    "exceptions": Option(
        _regexes, default=(), help="a match overlapped by a hit of one of these is dropped"
    ),
    "sentence_exceptions": Option(
        _regexes, default=(), help="a match whose sentence has a hit of one of these is dropped"
    ),
    "requires_citation": Option(
        choice(*CITATION_SCOPES), help="a match backed by a citation this close is dropped"
    ),
    "examples": Option(
        Nested(EXAMPLE_FIELDS, shape="a mapping with a 'bad' (and maybe a 'good') list"),
        required=True,
        help="bad and good sentences, run by healthlint test-pack",
    ),
}


def _rule(raw, pack_name: str, path: str) -> Rule:
    """Read one rule (a mapping) in one pass over its declared fields: the common RULE_FIELDS
    and the options of its kind."""
    name = raw.get("kind")
    kind = KINDS.get(name) if isinstance(name, str) else None  # None: the loop reports it

    def missing(keys: list[str]) -> str:
        common = [key for key in keys if key in RULE_FIELDS]
        if common:
            return f"rule is missing {', '.join(common)}"
        return f"kind {name!r} requires {', '.join(map(repr, keys))}"

    fields = read(
        raw,
        {**RULE_FIELDS, **(kind.OPTIONS if kind else {})},
        path,
        PackError,
        missing=missing,
        context=f" for kind {name!r}",
    )
    rule_id = fields["id"]
    if not rule_id.startswith(f"{pack_name}."):
        raise _fail(
            f"rule id {rule_id!r} must be '{pack_name}.<name>', starting with its pack's name",
            path,
            raw.line_of("id"),
        )
    options = {key: fields[key] for key in kind.OPTIONS}
    try:
        kind.validate_options(options)
    except ValueError as exc:
        raise _fail(f"rule {rule_id}: {exc}", path, raw.line) from None
    examples = fields["examples"]
    return Rule(
        id=rule_id,
        pack=pack_name,
        kind=name,
        category=fields["category"],
        severity=fields["severity"],
        message=fields["message"],
        description=fields["description"],
        suggestion=fields["suggestion"],
        unless=fields["unless"],
        exceptions=fields["exceptions"],
        sentence_exceptions=fields["sentence_exceptions"],
        requires_citation=fields["requires_citation"],
        bad_examples=examples["bad"],
        good_examples=examples["good"],
        options=options,
        path=path,
        line=raw.line,
    )


def parse_pack(text: str, path: str) -> Pack:
    """Validate the YAML text of one pack; raise PackError naming the file and line."""
    try:
        data = load_yaml(text, path)
    except HealthlintError as exc:
        raise PackError(exc.message, exc.path, exc.line) from None
    if not isinstance(data, LineDict):
        raise _fail("a pack must be a mapping with pack, description and rules", path, 1)
    fields = read(
        data,
        PACK_FIELDS,
        path,
        PackError,
        missing=lambda keys: f"a pack needs {' and '.join(keys)}",
    )
    name = fields["pack"]
    rules, seen = [], {}
    for raw in fields["rules"]:
        rule = _rule(raw, name, path)
        if rule.id in seen:
            raise _fail(
                f"duplicate rule id {rule.id!r} (first on line {seen[rule.id]})", path, rule.line
            )
        seen[rule.id] = rule.line
        rules.append(rule)
    return Pack(name, fields["description"], tuple(rules), path)


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
