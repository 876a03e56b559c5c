"""The HTML report: one self-contained page a reviewer can open from an e-mail attachment.

An overview of every article (words, readability against its target, findings by severity and
category, sortable), a small readability chart, then each article's text with every finding
highlighted in place; message, suggestion and rule show on hover and on keyboard focus.

Safety: every piece of article text, path, message and metric goes through :func:`html.escape`,
and the page's Content-Security-Policy allows only its own stylesheet and script (by hash), no
network at all. Either alone keeps a hostile article's ``<script>`` inert; the escaping also
keeps it readable as text.

Positions come from each Finding's line and column, mapped onto ``FileResult.source`` (the text
that was linted). Results without a source are reported with their findings lists only.

When the results carry the claim inventory (``metrics["claims"]``, from
``healthlint.run.Runner(claims=True)``), each article also gets an Evidence section: its summary
line, its claims in a table (unsupported ones first) whose rows link to the claim in the text,
and the figures that contradict each other. The overview then shows each article's share of
supported claims.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from html import escape
from importlib import resources

from healthlint import __version__
from healthlint.document import line_starts
from healthlint.finding import CATEGORIES, SEVERITIES, SEVERITY_RANK, summarize

SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Info"}
MARKUP_SUFFIXES = (".html", ".htm", ".xhtml")


def _static(name: str) -> str:
    return resources.files("healthlint.formatters").joinpath("static", name).read_text("utf-8")


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _attr(value) -> str:
    return escape(str(value), quote=True)


# ---------------------------------------------------------------------------------------------
# Highlighting
# ---------------------------------------------------------------------------------------------


def _offset(starts: list[int], source: str, line: int, column: int) -> int:
    """Source offset of a 1-based line and column, clamped into the source."""
    line = max(line, 1)
    if line > len(starts):
        return len(source)
    line_end = starts[line] - 1 if line < len(starts) else len(source)
    return min(starts[line - 1] + max(column, 1) - 1, line_end)


def _spans(source: str, findings) -> list[tuple[int, int]]:
    starts = line_starts(source)
    spans = []
    for f in findings:
        start = _offset(starts, source, f.line, f.column)
        end = _offset(starts, source, f.end_line, f.end_column)
        spans.append((start, max(start, end)))
    return spans


def _specificity(finding, span) -> tuple:
    """Sort key: the shortest span first, then the most severe."""
    return (span[1] - span[0], -SEVERITY_RANK[finding.severity])


def _claim_spans(source: str, claims, claim_ids: list[str]) -> tuple[dict, dict]:
    """Where each claim's element opens and closes: ({offset: [html]}, {offset: count}).

    A claim wraps its sentence in a focusable ``<span class="claim">``, the target of its
    evidence-table link. Claims do not overlap (one per sentence); should one start inside
    another or be empty, it becomes an empty anchor at its start instead, so the markup nests.
    """
    starts = line_starts(source)
    placed = sorted(
        (
            (
                _offset(starts, source, c["line"], c["column"]),
                _offset(starts, source, c["end_line"], c["end_column"]),
                claim_id,
            )
            for c, claim_id in zip(claims, claim_ids, strict=True)
        ),
        key=lambda item: (item[0], -item[1]),
    )
    opens: dict[int, list[str]] = {}
    closes: dict[int, int] = {}
    open_until = -1
    for start, end, claim_id in placed:
        tag = f'<span class="claim" id="{_attr(claim_id)}" tabindex="-1">'
        if end > start and start >= open_until:
            opens.setdefault(start, []).append(tag)
            closes[end] = closes.get(end, 0) + 1
            open_until = end
        else:
            opens.setdefault(start, []).append(tag + "</span>")
    return opens, closes


def highlight(source: str, findings, ids: list[str], claims=(), claim_ids=()) -> str:
    """The escaped source with a ``<mark>`` over every stretch of text a finding covers.

    Findings may nest or overlap, so the text is cut at every finding's start and end; each
    piece is marked with all findings covering it (``data-f``, most specific first) and takes
    the colour of the most specific one. The first piece of each finding is a keyboard stop.
    A finding with an empty span (about the whole article) is a pin at its position.

    ``claims`` (inventory rows: dicts with line, column, end_line, end_column) are wrapped in
    elements with the ids ``claim_ids``, so the evidence table can link to each one.
    """
    spans = _spans(source, findings)
    claim_opens, claim_closes = _claim_spans(source, list(claims), list(claim_ids))
    cuts = sorted(
        {0, len(source), *(p for span in spans for p in span), *claim_opens, *claim_closes}
    )
    starts_at: dict[int, list[int]] = {}
    ends_at: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(spans):
        starts_at.setdefault(start, []).append(index)
        ends_at.setdefault(end, []).append(index)
    active: set[int] = set()
    out = []
    for left, right in zip(cuts, cuts[1:] + [None], strict=True):
        # Finding numbers (printed only) after the text they cover, claims closing and opening,
        # then pins, then the text. Marks never cross a cut, so a claim's span nests.
        for index in ends_at.get(left, ()):
            active.discard(index)
            if spans[index][0] < spans[index][1]:
                out.append(_ref(index))
        out.append("</span>" * claim_closes.get(left, 0))
        out.extend(claim_opens.get(left, ()))
        for index in starts_at.get(left, ()):
            if spans[index][0] == spans[index][1]:
                out.append(_pin(findings[index], ids[index]) + _ref(index))
            else:
                active.add(index)
        if right is None:
            break
        text = escape(source[left:right], quote=False)
        if not active:
            out.append(text)
            continue
        covering = sorted(active, key=lambda i: (*_specificity(findings[i], spans[i]), i))
        first = findings[covering[0]]
        starting = [i for i in covering if spans[i][0] == left]
        attributes = {
            "class": f"hl c-{first.category} s-{first.severity}",
            "data-f": " ".join(ids[i] for i in covering),
            "title": "; ".join(f"{findings[i].rule}: {findings[i].message}" for i in covering),
        }
        if starting:
            attributes.update(
                {
                    "id": f"m-{ids[starting[0]]}",
                    "tabindex": "0",
                    "data-tab": "",
                    "aria-describedby": " ".join(ids[i] for i in starting),
                }
            )
            # Findings starting together share the mark; each still needs its own link target.
            out.extend(f'<span id="m-{ids[i]}"></span>' for i in starting[1:])
        out.append(f"<mark {_attributes(attributes)}>{text}</mark>")
    return "".join(out)


def _attributes(attributes: dict) -> str:
    return " ".join(f'{key}="{_attr(value)}"' for key, value in attributes.items())


def _pin(finding, finding_id: str) -> str:
    attributes = {
        "class": f"hl pin c-{finding.category} s-{finding.severity}",
        "data-f": finding_id,
        "id": f"m-{finding_id}",
        "tabindex": "0",
        "data-tab": "",
        "aria-describedby": finding_id,
        "aria-label": f"{finding.severity}: {finding.rule}",
        "title": f"{finding.rule}: {finding.message}",
    }
    return f"<mark {_attributes(attributes)}></mark>"


def _ref(index: int) -> str:
    return f'<sup class="ref" aria-hidden="true">{index + 1}</sup>'


# ---------------------------------------------------------------------------------------------
# Page parts
# ---------------------------------------------------------------------------------------------


def _readability(result) -> dict:
    figures = result.metrics.get("readability") if result.metrics else None
    return figures if isinstance(figures, dict) else {}


def _words(result) -> int | None:
    words = _readability(result).get("words")
    if isinstance(words, int):
        return words
    if result.source is None:
        return None
    # No readability figures (that pack was not run): a rough count, markup left out.
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", re.sub(r"<[^>]*>", " ", result.source)))


def _grade(result) -> float | None:
    grade = _readability(result).get("smog")
    return float(grade) if isinstance(grade, int | float) else None


def _verdict(result) -> tuple[str, str]:
    """(css class, words) for an article's grade against its target."""
    over = _readability(result).get("over_target")
    if over is True:
        return "over", "above target"
    if over is False:
        return "within", "within target"
    return "", ""


def _filters(summary: dict) -> str:
    def box(name: str, value: str, label: str, count: int, swatch: str = "") -> str:
        return (
            f'<label><input type="checkbox" name="{name}" value="{_attr(value)}" checked> '
            f"{swatch}{escape(label)} ({count})</label>"
        )

    categories = "".join(
        box(
            "category",
            c,
            c,
            summary["by_category"][c],
            f'<span class="swatch c-{c}" aria-hidden="true"></span> ',
        )
        for c in CATEGORIES
        if c in summary["by_category"]
    )
    severities = "".join(
        box("severity", s, SEVERITY_LABELS[s], summary["by_severity"][s])
        for s in SEVERITIES
        if s in summary["by_severity"]
    )
    return (
        '<form class="filters" hidden aria-label="Filter the highlighted findings">'
        f"<fieldset><legend>Category</legend>{categories}</fieldset>"
        f"<fieldset><legend>Severity</legend>{severities}</fieldset></form>"
    )


def _breakable(path: str) -> str:
    """The escaped path, allowed to wrap after each slash rather than inside a name."""
    return "/<wbr>".join(escape(part) for part in path.split("/"))


# The symbol is a non-colour cue; its words are for screen readers.
_VERDICT_MARKS = {
    "over": '▲<span class="sr"> above target</span>',
    "within": '✓<span class="sr"> within target</span>',
}


def _cell(value, shown: str) -> str:
    """A numeric overview cell; data-value is what the table sorts by (blank sorts last)."""
    zero = ' class="n0"' if value == 0 else ""
    return f'<td data-value="{"" if value is None else _attr(value)}"{zero}>{shown}</td>'


def _overview(results, categories: list[str]) -> str:
    with_claims = any(_claims(r) is not None for r in results)
    head = [
        "Article",
        "Words",
        "Grade",
        "Target",
        *(["Claims supported"] if with_claims else []),
        "Findings",
        *(SEVERITY_LABELS[s] for s in SEVERITIES),
        *(c.capitalize() for c in categories),
    ]
    rows = []
    for number, result in enumerate(results, 1):
        link = f'<th scope="row"><a href="#a{number}">{_breakable(result.path)}</a></th>'
        if result.error:
            rows.append(
                f'<tr>{link}<td colspan="{len(head) - 1}" class="unreadable">'
                f"not read: {escape(result.error)}</td></tr>"
            )
            continue
        words, grade = _words(result), _grade(result)
        css, verdict = _verdict(result)
        target = _readability(result).get("target_grade")
        cells = [
            (words, f"{words:,}" if words is not None else "—"),
            (
                grade,
                f'<span class="{css}">{grade:.1f}{" " + _VERDICT_MARKS[css] if css else ""}</span>'
                if grade is not None
                else "—",
            ),
            (target, f"{target:g}" if isinstance(target, int | float) else "—"),
            (len(result.findings), str(len(result.findings))),
        ]
        by_severity = {s: 0 for s in SEVERITIES}
        by_category = {c: 0 for c in categories}
        for f in result.findings:
            by_severity[f.severity] += 1
            by_category[f.category] = by_category.get(f.category, 0) + 1
        cells += [(n, str(n)) for n in (*by_severity.values(), *by_category.values())]
        tds = [_cell(value, shown) for value, shown in cells]
        if with_claims:
            tds.insert(3, _supported_cell(_claims(result)))
        rows.append(f"<tr>{link}{''.join(tds)}</tr>")
    ths = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return (
        '<div class="table-wrap"><table class="overview sortable">'
        "<caption><span>Every article checked. Grade: the SMOG readability grade (years of "
        "school), ▲ above the target for the audience."
        + (
            " Claims supported: the share of the article's own check-worthy claims that "
            "cite a source."
            if with_claims
            else ""
        )
        + " Select a heading to sort."
        f"</span></caption><thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</div>"
    )


def _chart(results) -> str:
    """A horizontal bar per article: its grade, with a tick at its target."""
    graded = [(n, r, _grade(r)) for n, r in enumerate(results, 1) if _grade(r) is not None]
    if not graded:
        return ""
    targets = [_readability(r).get("target_grade") for _, r, _ in graded]
    top = max([g for *_, g in graded] + [t for t in targets if isinstance(t, int | float)])
    scale_max = max(12, math.ceil(top) + 2)
    label_w, bar_w, row_h, top_pad = 190, 400, 24, 28
    height = top_pad + row_h * len(graded) + 8

    def x(grade: float) -> float:
        return label_w + bar_w * grade / scale_max

    parts = [
        f'<line class="axis" x1="{label_w}" y1="{top_pad - 6}" x2="{label_w}" y2="{height - 4}"/>'
    ]
    for tick in range(0, scale_max + 1, 2):
        parts.append(
            f'<text class="legend" x="{x(tick):.1f}" y="14" text-anchor="middle">{tick}</text>'
        )
    descriptions = []
    for row, ((number, result, grade), target) in enumerate(zip(graded, targets, strict=True)):
        y = top_pad + row * row_h
        name = result.path.replace("\\", "/").rsplit("/", 1)[-1]
        short = name if len(name) <= 28 else name[:27] + "…"
        css, verdict = _verdict(result)
        parts.append(
            f'<a href="#a{number}"><text x="{label_w - 8}" y="{y + 15}" '
            f'text-anchor="end"><title>{escape(result.path)}</title>{escape(short)}'
            "</text></a>"
        )
        parts.append(
            f'<rect class="bar {css or "within"}" x="{label_w}" y="{y + 3}" '
            f'width="{max(1.0, x(grade) - label_w):.1f}" height="{row_h - 8}"/>'
        )
        parts.append(f'<text x="{x(grade) + 5:.1f}" y="{y + 15}">{grade:.1f}</text>')
        described = f"{result.path}: grade {grade:.1f}"
        if isinstance(target, int | float):
            parts.append(
                f'<line class="target" x1="{x(target):.1f}" y1="{y}" '
                f'x2="{x(target):.1f}" y2="{y + row_h - 2}"/>'
            )
            described += f", target {target:g}" + (f", {verdict}" if verdict else "")
        descriptions.append(described)
    width = label_w + bar_w + 50
    return (
        '<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-t chart-d">'
        '<title id="chart-t">Readability grade of each article</title>'
        f'<desc id="chart-d">{escape("; ".join(descriptions))}.</desc>{"".join(parts)}</svg>'
        "<figcaption>SMOG grade per article (bars; orange when above target) and the "
        "target for its audience (black tick).</figcaption></figure>"
    )


# ---------------------------------------------------------------------------------------------
# Evidence: the claim inventory
# ---------------------------------------------------------------------------------------------

SUPPORT_KINDS = {
    "marker": "reference",
    "link": "link",
    "author-year": "author–year",
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "arxiv": "arXiv",
    "url": "URL",
    "named-source": "named source",
    "source-line": "source line",
}
SUPPORT_SCOPES = {"paragraph": "cited in its paragraph", "document": "the article's source line"}


def _claims(result) -> dict | None:
    """The claim inventory the engine attached to a result, or None (not collected)."""
    data = result.metrics.get("claims") if result.metrics and not result.error else None
    return data if isinstance(data, dict) and isinstance(data.get("items"), list) else None


def _share(value) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) else "—"


def _supported_cell(claims: dict | None) -> str:
    summary = (claims or {}).get("summary") or {}
    share = summary.get("supported_share")
    if not isinstance(share, int | float):
        return _cell(None, "—")
    own = summary.get("claims", 0) - summary.get("distanced", 0)
    return f'<td data-value="{_attr(share)}">{_share(share)}<span class="of"> of {own}</span></td>'


def _claim_order(claim: dict) -> tuple:
    """Unsupported claims first, then supported ones, then those the article distances itself
    from; in text order within each."""
    group = 2 if claim.get("strength") == "distanced" else 1 if claim.get("supported") else 0
    return group, claim.get("line", 0), claim.get("column", 0)


def _claims_summary(summary: dict) -> str:
    """The figures a reviewer triages by, as one sentence."""
    total = summary.get("claims", 0)
    distanced = summary.get("distanced", 0)
    own = total - distanced
    if not total:
        return "No check-worthy claims found"
    parts = [_plural(total, "check-worthy claim")]
    if distanced:
        parts[0] += f" ({distanced} the article distances itself from, not counted in the shares)"
    if own:
        parts.append(
            f"{_share(summary.get('supported_share'))} supported "
            f"({summary.get('supported', 0)} of {own})"
        )
        parts.append(
            f"{_share(summary.get('causal_unsupported_share'))} stated causally "
            f"without a source ({summary.get('causal_unsupported', 0)})"
        )
    conflicts = summary.get("conflicts", 0)
    parts.append(
        _plural(conflicts, "conflicting figure") if conflicts else "no conflicting figures"
    )
    return " · ".join(parts)


def _source_cell(claim: dict) -> str:
    if not claim.get("supported"):
        return '<td class="src none" data-value="0"><span class="nosrc">✗ no source</span></td>'
    kind = claim.get("support_kind") or ""
    scope = SUPPORT_SCOPES.get(claim.get("support_scope") or "")
    return (
        f'<td class="src" data-value="1"><span class="kind">'
        f"{escape(SUPPORT_KINDS.get(kind, kind))}</span> "
        f"{escape(claim.get('support') or '')}"
        + (f' <span class="scope">({escape(scope)})</span>' if scope else "")
        + "</td>"
    )


def _evidence(number: int, claims: dict, claim_ids: list[str], linked: bool) -> str:
    """An article's Evidence section: summary line, claim table, conflicting figures."""
    heading_id = f"a{number}-ev-h"
    items = claims["items"]
    body = [
        f'<h3 id="{heading_id}">Evidence</h3>',
        f'<p class="claims-summary">{escape(_claims_summary(claims.get("summary") or {}))}</p>',
    ]
    if items:
        rows = []
        ordered = sorted(zip(items, claim_ids, strict=True), key=lambda pair: _claim_order(pair[0]))
        for claim, claim_id in ordered:
            line = claim.get("line", 0)
            where = (
                f'<a class="to-claim" href="#{_attr(claim_id)}">'
                f'<span class="sr">Go to the claim at line </span>{line}</a>'
                if linked
                else str(line)
            )
            strength = claim.get("strength", "")
            unsupported = not claim.get("supported") and strength != "distanced"
            css = (
                "unsupported"
                if unsupported
                else "distanced"
                if strength == "distanced"
                else "supported"
            )
            if unsupported and strength == "causal":
                css += " causal"
            rows.append(
                f'<tr class="{css}">'
                f'<th scope="row" data-value="{_attr(line)}">{where}</th>'
                f"<td>{escape(claim.get('type', ''))}</td>"
                f'<td class="strength">{escape(strength)}</td>'
                f"{_source_cell(claim)}"
                f'<td class="sentence">{escape(claim.get("sentence", ""))}</td></tr>'
            )
        ths = "".join(
            f'<th scope="col">{h}</th>' for h in ("Line", "Type", "Strength", "Source", "Claim")
        )
        body.append(
            '<div class="table-wrap"><table class="evidence sortable">'
            "<caption>Each check-worthy claim: its type, how strongly it is stated and the "
            "source that backs it. Unsupported claims first, then supported ones, then claims "
            "the article distances itself from."
            + (" Select a line number to see the claim in the text;" if linked else "")
            + " select a heading to sort.</caption>"
            f"<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )
    conflicts = claims.get("conflicts") or []
    if conflicts:
        entries = "".join(
            f"<li><strong>{escape(c.get('quantity', ''))}</strong>: "
            f"{escape(c.get('reason', ''))}</li>"
            for c in conflicts
        )
        body.append(
            f'<h4 id="a{number}-cf-h">Figures that contradict each other</h4>'
            f'<ul class="conflicts" aria-labelledby="a{number}-cf-h">{entries}</ul>'
        )
    return f'<section class="evidence" aria-labelledby="{heading_id}">{"".join(body)}</section>'


def _finding_item(finding, finding_id: str, has_mark: bool) -> str:
    location = f"line {finding.line}, column {finding.column}"
    loc = (
        f'<a class="loc" href="#m-{finding_id}">{location}</a>'
        if has_mark
        else f'<span class="loc">{location}</span>'
    )
    parts = [
        f'<span class="badge s-{finding.severity}">{finding.severity}</span> ',
        f'<span class="badge cat c-{finding.category}">{finding.category}</span> ',
        f'<a class="rule" href="#{_rule_anchor(finding.rule)}"><code>{escape(finding.rule)}'
        "</code></a> ",
        loc,
        f'<p class="msg">{escape(finding.message)}</p>',
    ]
    if finding.text.strip():
        text = " ".join(finding.text.split())
        parts.append(
            f'<p class="quote">“{escape(text if len(text) <= 160 else text[:159] + "…")}”</p>'
        )
    if finding.suggestion:
        parts.append(
            f'<p class="sugg"><strong>Suggestion:</strong> {escape(finding.suggestion)}</p>'
        )
    return (
        f'<li id="{finding_id}" class="finding" data-category="{_attr(finding.category)}" '
        f'data-severity="{_attr(finding.severity)}">{"".join(parts)}</li>'
    )


def _rule_anchor(rule_id: str) -> str:
    return "rule-" + re.sub(r"[^A-Za-z0-9_-]", "-", rule_id)


def _glossary(results, rules) -> str:
    """Why each rule that fired matters, so the report stands alone."""
    fired = sorted({f.rule for r in results for f in r.findings})
    if not rules or not fired:
        return ""
    entries = []
    for rule_id in fired:
        rule = rules.get(rule_id)
        if rule is None:
            continue
        suggestion = (
            f'<p class="sugg"><strong>Suggestion:</strong> {escape(rule.suggestion)}</p>'
            if rule.suggestion
            else ""
        )
        entries.append(
            f'<dt id="{_rule_anchor(rule_id)}"><code>{escape(rule_id)}</code> '
            f'<span class="badge cat c-{_attr(rule.category)}">'
            f"{escape(rule.category)}</span></dt>"
            f"<dd><p>{escape(rule.description)}</p>{suggestion}</dd>"
        )
    return (
        '<section class="rules" aria-labelledby="rules-h"><h2 id="rules-h">The rules in '
        f"this report</h2><dl>{''.join(entries)}</dl></section>"
    )


def _article(number: int, result) -> str:
    heading = f'<h2 id="a{number}-h">{escape(result.path)}</h2>'
    if result.error:
        return (
            f'<section class="article" id="a{number}" aria-labelledby="a{number}-h">'
            f'{heading}<p class="unreadable">Not checked: {escape(result.error)}</p>'
            "</section>"
        )
    ids = [f"a{number}-f{i}" for i in range(1, len(result.findings) + 1)]
    facts = []
    words = _words(result)
    if words is not None:
        facts.append(_plural(words, "word"))
    grade = _grade(result)
    if grade is not None:
        target = _readability(result).get("target_grade")
        audience = _readability(result).get("audience")
        fact = f"SMOG grade {grade:.1f}"
        if isinstance(target, int | float):
            fact += (
                f" (target {target:g}{f' for {audience} readers' if audience else ''}: "
                f"{_verdict(result)[1] or 'too short to judge'})"
            )
        facts.append(fact)
    counts = {}
    for f in result.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    facts.append(
        _plural(len(result.findings), "finding")
        + (
            " ("
            + ", ".join(
                f"{counts[s]} info" if s == "info" else _plural(counts[s], s)
                for s in SEVERITIES
                if s in counts
            )
            + ")"
            if counts
            else ""
        )
    )
    claims = _claims(result)
    claim_items = claims["items"] if claims else []
    claim_ids = [f"a{number}-c{i}" for i in range(1, len(claim_items) + 1)]
    summary = (claims or {}).get("summary") or {}
    if claims and isinstance(summary.get("supported_share"), int | float):
        facts.append(f"{_share(summary['supported_share'])} of claims supported")
    body = [heading, f'<p class="meta">{escape(" · ".join(facts))}</p>']
    if result.source is not None:
        markup = " markup" if result.path.lower().endswith(MARKUP_SUFFIXES) else ""
        body.append(
            f'<div class="source{markup}" role="region" '
            f'aria-label="Text of {_attr(result.path)}">'
            f"{highlight(result.source, result.findings, ids, claim_items, claim_ids)}"
            "</div>"
        )
    if result.findings:
        items = "".join(
            _finding_item(f, finding_id, result.source is not None)
            for f, finding_id in zip(result.findings, ids, strict=True)
        )
        body.append(
            f'<details class="list"{"" if result.source is not None else " open"}>'
            f"<summary>All {_plural(len(result.findings), 'finding')}, in order"
            f'</summary><ol class="findings">{items}</ol></details>'
        )
    if claims is not None:
        body.append(_evidence(number, claims, claim_ids, result.source is not None))
    return (
        f'<section class="article" id="a{number}" aria-labelledby="a{number}-h">'
        f"{''.join(body)}</section>"
    )


def build(results, rules=None) -> str:
    """The whole report page for ``results``."""
    results = list(results)
    css, js = _static("report.css"), _static("report.js")
    summary = summarize(results)
    categories = [c for c in CATEGORIES if c in summary["by_category"]]
    categories += sorted(set(summary["by_category"]) - set(categories))
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    lede = (
        f"{_plural(summary['files'], 'article')} checked, {_plural(summary['findings'], 'finding')}"
    )
    if summary["findings"]:
        lede += ": " + ", ".join(
            f"{n} {s}" if s == "info" else _plural(n, s) for s, n in summary["by_severity"].items()
        )
    if summary["errors"]:
        lede += f"; {summary['errors']} could not be read"
    articles = "".join(_article(n, r) for n, r in enumerate(results, 1))
    chart = _chart(results)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_attr(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="healthlint {_attr(__version__)}">'
        f"<title>healthlint report: {escape(lede)}</title><style>{css}</style></head>"
        '<body><a class="skip" href="#articles">Skip to the articles</a>'
        "<header><h1>healthlint report</h1>"
        f'<p class="lede">{escape(lede)}.</p></header>'
        '<main><section aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>'
        f"{_overview(results, categories)}"
        + (f"<h3>Readability</h3>{chart}" if chart else "")
        + "</section>"
        + (_filters(summary) if summary["findings"] else "")
        + f'<div id="articles">{articles}</div>{_glossary(results, rules)}</main>'
        '<div id="tip" role="tooltip" hidden></div>'
        f"<script>{js}</script></body></html>\n"
    )


def render(results, stream, *, color: bool = False, quiet: bool = False, rules=None) -> None:
    """Write the report page."""
    stream.write(build(results, rules))
