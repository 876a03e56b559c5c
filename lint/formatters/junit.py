"""JUnit XML, as GitLab, Jenkins and most CI dashboards read test reports.

One testsuite per file; one failing testcase per finding. A clean file gets one passing
testcase so it still shows as checked, and an unreadable one gets a testcase with an error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from healthlint.finding import SEVERITY_RANK

# XML 1.0 cannot carry most control characters, even escaped; an article may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _element(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(str(v)) for k, v in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _failure_body(path: str, f) -> str:
    lines = [f"{path}:{f.line}:{f.column}: {f.severity} {f.rule} ({f.category})", f.message]
    if f.sentence:
        lines.append(f"In: {f.sentence}")
    if f.suggestion:
        lines.append(f"Suggestion: {f.suggestion}")
    return "\n".join(lines)


def build(results) -> ET.Element:
    """The ``<testsuites>`` element for ``results``."""
    root = ET.Element("testsuites", name="healthlint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in results:
        suite = _element(root, "testsuite", name=result.path, file=result.path)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if result.error:
            case = _element(suite, "testcase", name="read", classname=result.path, file=result.path)
            _element(case, "error", result.error, message=result.error, type="unreadable")
            counts.update(tests=1, errors=1)
        elif not result.findings:
            _element(suite, "testcase", name="no findings", classname=result.path, file=result.path)
            counts["tests"] = 1
        # Most severe first, so a dashboard that truncates long suites keeps what matters.
        ordered = sorted(result.findings, key=lambda f: (-SEVERITY_RANK[f.severity], f))
        for f in ordered:
            case = _element(
                suite,
                "testcase",
                name=f"{f.rule} at {f.line}:{f.column}",
                classname=result.path,
                file=result.path,
                line=f.line,
            )
            _element(
                case, "failure", _failure_body(result.path, f), message=f.message, type=f.severity
            )
            counts["tests"] += 1
            counts["failures"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    return root


def render(results, stream, *, color: bool = False, quiet: bool = False, rules=None) -> None:
    """Write the results as one JUnit XML document."""
    root = build(results)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
