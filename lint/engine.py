"""The one data path: source → Document → one spaCy pass + context → rule kinds → Findings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext

from healthlint.analysis import Analysis
from healthlint.checks import KINDS
from healthlint.checks.base import Check, Match, SharedResources
from healthlint.config import Settings
from healthlint.context import ContextMarker
from healthlint.document import Document
from healthlint.errors import HealthlintError, PackError
from healthlint.finding import FileResult, Finding
from healthlint.inputs import Source
from healthlint.nlp import defer_entities, entity_components, parse
from healthlint.packs import Pack, Rule
from healthlint.readers import build_document
from healthlint.selection import rule_selected

_SPACE = re.compile(r"\s+")


_UNTIMED = nullcontext()


def untimed(phase: str, key: str = "") -> AbstractContextManager:
    """The default timing hook of a :class:`Linter`: times nothing."""
    return _UNTIMED


class _TemplateValues(dict):
    """Leaves unknown {placeholders} in a message as they are instead of failing."""

    def __missing__(self, key):
        return "{" + key + "}"


def effective_severity(rule: Rule, overrides: dict[str, str]) -> str:
    """The rule's severity after overrides; a rule id beats a pack, which beats a category."""
    for key in (rule.id, rule.pack, rule.category):
        if key in overrides:
            return overrides[key]
    return rule.severity


def active_rules(packs: list[Pack], select=(), ignore=(), severity=None) -> list[Rule]:
    """The rules that run: selected, not ignored, not switched off by a severity override."""
    rules = []
    for pack in packs:
        for rule in pack.rules:
            if select and not rule_selected(select, rule.id, rule.category):
                continue
            if ignore and rule_selected(ignore, rule.id, rule.category):
                continue
            if effective_severity(rule, severity or {}) == "off":
                continue
            rules.append(rule)
    return rules


def build_check(
    rule: Rule, nlp, settings: Settings, shared: SharedResources | None = None
) -> Check:
    """Instantiate the rule's kind; a rule the kind rejects is a PackError at the rule's line.

    ``shared`` is the linter's :class:`SharedResources`, which its checks share.
    """
    try:
        return KINDS[rule.kind](rule, nlp, settings, shared)
    except ValueError as exc:
        raise PackError(f"rule {rule.id}: {exc}", rule.path, rule.line) from None


def _entity_plan(nlp, checks, entities_on_demand: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The entity components to leave out of nlp.pipe, and those of them to run on demand.

    None is left out when a rule reads entities directly (a pattern on ``ENT_TYPE``); all are
    deferred when every reader asks through healthlint.nlp.with_entities (the typo kinds, citation
    evidence: rules with ``requires_citation``, and consumers of ``analyse()`` besides the rules
    such as the claim inventory); all are dropped when nothing reads them.
    """
    if any(check.reads_entities and not check.entities_on_demand for _, check in checks):
        return (), ()
    names = entity_components(nlp)
    on_demand = entities_on_demand or any(
        check.reads_entities or rule.requires_citation for rule, check in checks
    )
    return names, names if on_demand else ()


class Linter:
    """Runs a fixed set of rules over documents; build once, lint many.

    ``entities_on_demand`` is for a consumer of :meth:`analyse` besides the rules (the claim
    inventory, see healthlint.run) that reads entities through healthlint.nlp.with_entities:
    the entity components are then deferred rather than dropped.

    ``timer`` is an optional timing hook for profilers (benchmarks/phases.py): a callable
    ``timer(phase, key)`` returning a context manager, entered around each phase of the work on
    one document: ``"context"`` (building its Analysis, which marks the context), ``"rule"``
    (one rule's ``find`` and ``measure``, *key* its id) and ``"filter"`` (turning one match into
    a finding, inside ``"rule"``). It must not change what is linted.
    """

    def __init__(
        self,
        rules: list[Rule],
        nlp,
        settings: Settings,
        cache=None,
        keep_source: bool = False,
        entities_on_demand: bool = False,
        skip_broken: bool = False,
        timer: Callable[[str, str], AbstractContextManager] = untimed,
    ):
        self.nlp = nlp
        self.timer = timer
        self.cache = cache
        # Formats that show each article's text (the HTML report) need it on the result.
        self.keep_source = keep_source
        self.settings = settings
        self.severity = self.settings.severity
        # A rule its kind rejects only when built (spaCy's own pattern check) is a PackError;
        # with skip_broken the other rules still run and the problem is kept for the report.
        self.checks, self.problems = [], []
        shared = SharedResources(nlp)
        for rule in rules:
            try:
                self.checks.append((rule, build_check(rule, nlp, self.settings, shared)))
            except PackError as exc:
                if not skip_broken:
                    raise
                self.problems.append(str(exc))
        self.context = ContextMarker(nlp)
        # Which of the pipeline's entity components nlp.pipe leaves out, and which of those
        # then run per document on a rule's first request (healthlint.nlp.defer_entities).
        self.skipped_components, self.deferred_components = _entity_plan(
            nlp, self.checks, entities_on_demand
        )
        self._deferred = [nlp.get_pipe(name) for name in self.deferred_components]

    def lint(self, sources: Iterable[Source]) -> Iterator[FileResult]:
        """Lint each source in order; unreadable ones become FileResults with an error."""
        for item in self.analyse(sources):
            yield item if isinstance(item, FileResult) else self.lint_analysis(item)

    def analyse(self, sources: Iterable[Source]) -> Iterator[Analysis | FileResult]:
        """Read, parse and mark the context of each source, in input order.

        Yields an Analysis per readable source and a FileResult carrying the error for each
        unreadable one, so every consumer (linting, the claim inventory) shares one data path.
        """
        pending: list[FileResult | Document] = []

        def documents() -> Iterator[Document]:
            for source in sources:
                if source.error is not None:
                    pending.append(FileResult(source.path, error=source.error))
                    continue
                try:
                    document = build_document(source.path, source.text, source.input_format)
                except HealthlintError as exc:
                    pending.append(FileResult(source.path, error=str(exc)))
                    continue
                pending.append(document)
                yield document

        def texts(docs: Iterable[Document]):
            for document in docs:
                yield document.text, [block.start for block in document.blocks]

        # Documents flow through spaCy in batches; `pending` keeps input order, with errors in
        # place, so results come out in the order the inputs went in.
        for spacy_doc in parse(self.nlp, texts(documents()), self.cache, self.skipped_components):
            while not isinstance(pending[0], Document):
                yield pending.pop(0)
            document = pending.pop(0)
            defer_entities(spacy_doc, self._deferred)
            with self.timer("context", ""):
                analysis = Analysis(document, spacy_doc, self.context)
            yield analysis
        yield from pending

    def lint_analysis(self, analysis: Analysis) -> FileResult:
        """Run every rule over one analysed document."""
        document = analysis.document
        findings, metrics, failures = [], {}, []
        for rule, check in self.checks:
            # A bug in one rule must not cost the other rules, or the other files, their run.
            try:
                with self.timer("rule", rule.id):
                    for match in check.find(analysis):
                        with self.timer("filter", rule.id):
                            finding = self._finding(rule, match, analysis)
                        if finding is not None:
                            findings.append(finding)
                    metrics.update(check.measure(analysis))
            except Exception as exc:  # reported per file; the run exits 2
                failures.append(f"internal error in rule {rule.id}: {type(exc).__name__}: {exc}")
        findings = sorted(set(findings))
        source_lines = document.source.split("\n")
        lines = {
            n: source_lines[n - 1]
            for f in findings
            for n in range(f.line, f.end_line + 1)
            if n <= len(source_lines)
        }
        return FileResult(
            document.path,
            tuple(findings),
            lines=lines,
            metrics=metrics,
            source=document.source if self.keep_source else None,
            error="; ".join(failures) or None,
        )

    def _finding(self, rule: Rule, match: Match, analysis: Analysis) -> Finding | None:
        document, doc = analysis.document, analysis.doc
        if match.document_level:
            return self._make(rule, match, document, sentence="")
        if any(start < match.end and match.start < end for start, end in document.ignored_spans):
            return None
        if analysis.in_references(match.start) or analysis.in_boilerplate(match.start):
            return None  # reference lists and page furniture are not the article's prose
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if (
            span is None
            or len(span) == 0
            or (analysis.sentence_index(span.start) != analysis.sentence_index(span.end - 1))
        ):
            return None  # a claim never spans two sentences
        if rule.unless and set(rule.unless) & analysis.context.marks(span):
            return None
        sentence = analysis.sentence_of(span.start)
        # The same string as Span.text, without building a Token per word.
        sentence_text = document.text[sentence.start_char : sentence.end_char]
        for pattern in rule.exceptions:
            for hit in pattern.finditer(sentence_text):
                hit_start = sentence.start_char + hit.start()
                hit_end = sentence.start_char + hit.end()
                if hit_start < match.end and match.start < hit_end:
                    return None
        if any(pattern.search(sentence_text) for pattern in rule.sentence_exceptions):
            return None
        if rule.requires_citation and analysis.evidence.support(
            match.start, match.end, rule.requires_citation
        ):
            return None
        return self._make(rule, match, document, _SPACE.sub(" ", sentence_text).strip())

    def _make(self, rule: Rule, match: Match, document: Document, sentence: str) -> Finding | None:
        line, column, end_line, end_column = document.span_position(match.start, match.end)
        if document.suppressions.is_suppressed(rule.id, rule.category, line):
            return None
        text = document.text[match.start : match.end]
        values = _TemplateValues(match=_SPACE.sub(" ", text), **match.values)
        return Finding(
            line=line,
            column=column,
            rule=rule.id,
            end_line=end_line,
            end_column=end_column,
            category=rule.category,
            severity=effective_severity(rule, self.severity),
            message=rule.message.format_map(values),
            text=text,
            suggestion=rule.suggestion.format_map(values),
            sentence=sentence,
        )
