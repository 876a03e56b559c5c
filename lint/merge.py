"""Merging the JSON or SARIF outputs of shard runs into the one report a single run gives."""

from __future__ import annotations

import json
from pathlib import Path

from healthlint.errors import HealthlintError
from healthlint.finding import SEVERITIES


def _load(path: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise HealthlintError(
            f"cannot read: {getattr(exc, 'strerror', None) or exc}", path
        ) from None
    except json.JSONDecodeError as exc:
        raise HealthlintError(f"not JSON ({exc.msg})", path, exc.lineno) from None
    if not isinstance(data, dict) or not ("files" in data or "runs" in data):
        raise HealthlintError("neither healthlint JSON nor SARIF output", path)
    return data


def merge_json(reports: list[dict]) -> dict:
    """One healthlint JSON report from several: files in path order, summary recounted."""
    files = sorted((f for r in reports for f in r["files"]), key=lambda f: f["path"])
    by_category: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    for entry in files:
        for finding in entry.get("findings") or ():
            by_category[finding["category"]] = by_category.get(finding["category"], 0) + 1
            by_severity[finding["severity"]] = by_severity.get(finding["severity"], 0) + 1
    return {
        "version": reports[0].get("version"),
        "files": files,
        "summary": {
            "files": len(files),
            "findings": sum(by_category.values()),
            "errors": sum(1 for f in files if f.get("error")),
            "by_category": dict(sorted(by_category.items())),
            "by_severity": {s: by_severity[s] for s in SEVERITIES if s in by_severity},
        },
    }


def merge_sarif(logs: list[dict]) -> dict:
    """One SARIF log with one run: rules united by id, results re-indexed and concatenated."""
    runs = [run for log in logs for run in log.get("runs", [])]
    if not runs:
        raise HealthlintError("no SARIF runs to merge")
    first = runs[0]
    by_id = {}
    for run in runs:
        for rule in run["tool"]["driver"].get("rules", []):
            by_id.setdefault(rule["id"], rule)
    # The order one run gives: rules by id; results by file, then position, then rule.
    rules = [by_id[rule_id] for rule_id in sorted(by_id)]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results, notifications, successful = [], [], True
    for run in runs:
        for result in run.get("results", []):
            results.append({**result, "ruleIndex": index[result["ruleId"]]})
        for invocation in run.get("invocations", []):
            successful = successful and invocation.get("executionSuccessful", True)
            notifications += invocation.get("toolExecutionNotifications", [])
    results.sort(key=_result_order)
    merged_run = {
        **first,
        "tool": {"driver": {**first["tool"]["driver"], "rules": rules}},
        "invocations": [
            {"executionSuccessful": successful, "toolExecutionNotifications": notifications}
        ],
        "results": results,
    }
    return {**logs[0], "runs": [merged_run]}


def _result_order(result: dict):
    location = result["locations"][0]["physicalLocation"]
    region = location.get("region", {})
    return (
        location["artifactLocation"].get("uri", ""),
        region.get("startLine", 0),
        region.get("startColumn", 0),
        result["ruleId"],
    )


def merge_files(paths: list[str]) -> tuple[dict, str]:
    """Merge output files of one kind; returns the merged document and its kind."""
    documents = [_load(path) for path in paths]
    kinds = {"sarif" if "runs" in d else "json" for d in documents}
    if len(kinds) > 1:
        raise HealthlintError("cannot merge healthlint JSON with SARIF; merge each kind apart")
    kind = kinds.pop()
    return (merge_sarif(documents) if kind == "sarif" else merge_json(documents)), kind
