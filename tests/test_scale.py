"""Speed features that must not change results: jobs, shards, caches; and bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clitools import run

from healthlint.inputs import parse_shard, shard_files

ARTICLE = (
    "# Tea\n\nThis tea is clinically proven to cure colds. Studies show it works.\n\n"
    "Ginger may help some people with nausea.\n"
)


pytestmark = pytest.mark.usefixtures("cli_env")  # every test here runs the CLI


def corpus(count: int) -> list[str]:
    paths = []
    for i in range(count):
        path = Path("articles") / f"a{i:03}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            ARTICLE.replace("Tea", f"Tea {i}") + ("\nMore text. " * (i % 5)), encoding="utf-8"
        )
        paths.append(str(path))
    return paths


def check_json(*args: str) -> dict:
    result = run(
        "check", "--format", "json", "--fail-on", "never", "--select", "overclaims,citations", *args
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_jobs_give_identical_output_in_the_same_order():
    corpus(20)
    one = check_json("--no-cache", "--jobs", "1", "articles")
    two = check_json("--no-cache", "--jobs", "2", "articles")
    assert one == two
    assert [f["path"] for f in one["files"]] == sorted(f["path"] for f in one["files"])
    assert one["summary"]["findings"] >= 40


def test_cached_second_run_is_identical(tmp_path):
    corpus(3)
    cache = str(tmp_path / "cache")
    first = check_json("--cache-dir", cache, "articles")
    assert list((tmp_path / "cache" / "results").glob("*/*.pickle"))
    second = check_json("--cache-dir", cache, "articles")
    assert first == second
    Path("articles/a001.md").write_text(
        ARTICLE + "\nIt is a miracle cure for arthritis.\n", encoding="utf-8"
    )
    third = check_json("--cache-dir", cache, "articles")
    assert third["summary"]["findings"] == first["summary"]["findings"] + 2


def test_shards_partition_the_file_set():
    paths = corpus(10)
    shards = [check_json("--no-cache", "--shard", f"{k}/3", "articles") for k in (1, 2, 3)]
    seen = [f["path"] for s in shards for f in s["files"]]
    assert sorted(seen) == sorted(paths)
    assert [len(s["files"]) for s in shards] == [4, 3, 3]
    assert shard_files(paths, 2, 3) == shard_files(list(reversed(paths)), 2, 3)


@pytest.mark.parametrize("value", ["0/3", "4/3", "x", "1/0", "2"])
def test_bad_shard_is_a_usage_error(value):
    with pytest.raises(ValueError):
        parse_shard(value)
    corpus(1)
    result = run("check", "--shard", value, "articles")
    assert result.exit_code == 2 and "shard" in result.stderr


def write_bytes(name: str, data: bytes) -> str:
    Path(name).write_bytes(data)
    return name


def test_bad_inputs_get_one_line_each_and_the_rest_is_linted():
    good = write_bytes("good.md", ARTICLE.encode())
    inputs = {
        write_bytes("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"): "binary file",
        write_bytes("latin1.txt", "caf\xe9".encode("latin-1")): "not UTF-8 text",
        write_bytes("big.txt", b"word " * 300_000): "larger than the 1 MB limit",
        "missing.md": "cannot read",
    }
    result = run(
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--no-cache",
        "--max-file-size",
        "1",
        good,
        *inputs,
    )
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    errors = {f["path"]: f["error"] for f in payload["files"]}
    assert errors[good] is None
    assert any(f["rule"] == "overclaims.proven" for f in payload["files"][0]["findings"])
    for path, expected in inputs.items():
        assert expected in errors[path], (path, errors[path])
    stderr_lines = result.stderr.strip().splitlines()
    assert len(stderr_lines) == len(inputs)
    assert all(line.startswith("healthlint: ") for line in stderr_lines)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("\ufeffThis tea is clinically proven.".encode(), "utf-8 with BOM"),
        ("This tea is clinically proven.".encode("utf-16"), "utf-16"),
        ("This tea is clinically proven.".encode("utf-32"), "utf-32"),
    ],
)
def test_byte_order_marks_are_decoded(data, encoding):
    write_bytes("bom.txt", data)
    payload = check_json("--no-cache", "bom.txt")
    (finding,) = [f for f in payload["files"][0]["findings"] if f["rule"] == "overclaims.proven"]
    assert (finding["line"], finding["column"]) == (1, 13), encoding


def test_empty_file_unclosed_fence_and_broken_html_are_fine():
    write_bytes("empty.md", b"")
    write_bytes("fence.md", b"Intro.\n\n```\nThis tea is clinically proven.\n")
    write_bytes("broken.html", b"<div><p>This tea is <b>clinically proven<div><<<</span>" * 50)
    payload = check_json("--no-cache", "empty.md", "fence.md", "broken.html")
    files = {f["path"]: f for f in payload["files"]}
    assert files["empty.md"]["findings"] == [] and files["empty.md"]["error"] is None
    assert files["fence.md"]["findings"] == []  # an unclosed fence runs to the end: code
    assert files["broken.html"]["error"] is None
    assert files["broken.html"]["findings"]


def test_symlink_loop_does_not_hang():
    corpus(2)
    Path("articles/loop").symlink_to(Path("articles").resolve())
    payload = check_json("--no-cache", "articles")
    assert len(payload["files"]) == 2


def test_checked_files_are_never_written():
    paths = corpus(3)
    before = {p: (Path(p).stat().st_mtime_ns, Path(p).read_bytes()) for p in paths}
    check_json("articles")
    run("report", "articles", "-o", "report.html")
    assert before == {p: (Path(p).stat().st_mtime_ns, Path(p).read_bytes()) for p in paths}


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_merged_shards_equal_one_run(output_format):
    corpus(7)
    common = (
        "check",
        "--format",
        output_format,
        "--fail-on",
        "never",
        "--no-cache",
        "--select",
        "overclaims,citations",
    )
    whole = run(*common, "articles").stdout
    for k in (1, 2):
        Path(f"shard{k}.json").write_text(
            run(*common, "--shard", f"{k}/2", "articles").stdout, encoding="utf-8"
        )
    merged = run("merge", "shard1.json", "shard2.json")
    assert merged.exit_code == 0, merged.output
    assert json.loads(merged.stdout) == json.loads(whole)


def test_merge_refuses_mixed_or_broken_inputs():
    Path("a.json").write_text('{"files": [], "summary": {}}', encoding="utf-8")
    Path("b.sarif").write_text('{"runs": []}', encoding="utf-8")
    Path("c.json").write_text("{not json", encoding="utf-8")
    mixed = run("merge", "a.json", "b.sarif")
    assert mixed.exit_code == 2 and "cannot merge" in mixed.stderr
    broken = run("merge", "a.json", "c.json")
    assert broken.exit_code == 2 and "c.json:1: not JSON" in broken.stderr


def test_rules_explain_kinds_and_help_do_not_import_spacy():
    import subprocess
    import sys

    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom healthlint.cli import cli\n"
        "for args in (['--help'], ['rules'], ['explain', 'overclaims.proven'], ['kinds']):\n"
        "    assert CliRunner().invoke(cli, args).exit_code == 0, args\n"
        "print(sorted(m for m in ('spacy', 'thinc', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_rule_only_spacy_rejects_is_reported_on_cached_runs_too(tmp_path):
    Path("pack.yaml").write_text(
        "pack: house\ndescription: x\nrules:\n  - id: house.bad\n    kind: pattern\n"
        "    category: style\n    severity: warning\n    message: m\n    description: d\n"
        "    patterns:\n      - [{LOWER: {REGEX: 5}}]\n    examples: {bad: [x]}\n",
        encoding="utf-8",
    )
    corpus(1)
    cache = str(tmp_path / "cache")
    for _ in range(2):
        result = run(
            "check", "--cache-dir", cache, "--pack", "pack.yaml", "--fail-on", "never", "articles"
        )
        assert result.exit_code == 2
        assert "pack.yaml:4: rule house.bad: pattern 1 is not a valid spaCy pattern" in (
            result.stderr
        )
