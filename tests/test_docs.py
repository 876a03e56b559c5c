"""docs/rule-packs.md and README.md against the code: the option tables list the declared
fields, and every example pack and config in them loads (and every pack's examples pass)."""

from __future__ import annotations

import re
import runpy
import tomllib
from pathlib import Path

import pytest
import yaml

from healthlint.checks import KINDS
from healthlint.config import load_config_file
from healthlint.examples import run_examples
from healthlint.packs import PACK_FIELDS, RULE_FIELDS, parse_pack

ROOT = Path(__file__).resolve().parents[1]
RULE_PACKS = ROOT / "docs" / "rule-packs.md"
DOCS = (RULE_PACKS, ROOT / "README.md")
OPTION_ROWS = runpy.run_path(str(ROOT / "docs" / "option_tables.py"))["option_rows"]


def table(text: str, header: str) -> list[list[str]]:
    """The cells of the rows of the first Markdown table after ``header`` (its header row)."""
    start = text.index(header)
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def kind_sections() -> dict[str, str]:
    """Section 3.N of docs/rule-packs.md for each kind, by kind name."""
    parts = re.split(
        r"^### 3\.\d+ `([a-z-]+)`$", RULE_PACKS.read_text(encoding="utf-8"), flags=re.M
    )
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def plain(cell: str) -> str:
    return cell.replace("`", "")


def test_every_kind_has_a_section_in_order():
    assert list(kind_sections()) == list(KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_kind_option_table_matches_the_declarations(kind):
    """The first three columns are what docs/option_tables.py prints from the declarations."""
    rows = table(kind_sections()[kind], "| Option | Type | Required / default | Meaning |")
    documented = [[name, plain(kind_type), need] for name, kind_type, need, *_ in rows]
    assert documented == [row[:3] for row in OPTION_ROWS(KINDS[kind].OPTIONS)]


def test_option_table_generator_prints_every_kind(capsys):
    runpy.run_path(str(ROOT / "docs" / "option_tables.py"))["main"]([])
    printed = capsys.readouterr().out
    assert printed.count("| Option | Type | Required / default | Meaning |") == len(KINDS)
    assert "| `max_object_words` | whole number ≥ 1 | default `6` | how many words" in printed


def test_kinds_at_a_glance_name_the_declared_options():
    rows = table(RULE_PACKS.read_text(encoding="utf-8"), "| Kind | Flags | Options |")
    glance = {re.search(r"`([a-z-]+)`", row[0]).group(1): row[2] for row in rows}
    assert list(glance) == list(KINDS)
    for kind, options in glance.items():
        assert re.findall(r"`(\w+)`", options) == list(KINDS[kind].OPTIONS), kind


def test_rule_field_table_matches_the_declarations():
    rows = table(RULE_PACKS.read_text(encoding="utf-8"), "| Field | Required | Type | Meaning |")
    documented = [(name, required, plain(kind_type)) for name, required, kind_type, *_ in rows]
    declared = [
        (f"`{name}`", "yes" if option.required else "no", option.type_name)
        for name, option in RULE_FIELDS.items()
    ]
    assert documented == declared


def test_pack_key_table_matches_the_declarations():
    rows = table(RULE_PACKS.read_text(encoding="utf-8"), "| Key | Required | Meaning |")
    assert [tuple(row[:2]) for row in rows] == [
        (f"`{name}`", "yes" if option.required else "no") for name, option in PACK_FIELDS.items()
    ]


def fenced_blocks(language: str) -> list[tuple[str, str]]:
    """(place, body) of every fenced block of ``language`` in the docs, indentation removed."""
    blocks = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for found in re.finditer(rf"^( *)```{language}\n(.*?)^\1```", text, re.S | re.M):
            indent = len(found.group(1))
            body = "\n".join(line[indent:] for line in found.group(2).splitlines()) + "\n"
            blocks.append((f"{doc.name}:{text.count(chr(10), 0, found.start()) + 1}", body))
    return blocks


YAML_BLOCKS = fenced_blocks("yaml")
PACKS = [(place, body) for place, body in YAML_BLOCKS if "pack" in yaml.safe_load(body)]
CONFIGS = [
    (place, body)
    for place, body in YAML_BLOCKS
    if "pack" not in (keys := yaml.safe_load(body)) and "examples" not in keys
]


def test_doc_blocks_are_packs_configs_or_example_fragments():
    fragments = [place for place, body in YAML_BLOCKS if list(yaml.safe_load(body)) == ["examples"]]
    assert len(PACKS) >= 10 and len(CONFIGS) >= 5 and len(fragments) == 2
    assert len(PACKS) + len(CONFIGS) + len(fragments) == len(YAML_BLOCKS)


@pytest.mark.parametrize(("place", "body"), PACKS, ids=[place for place, _ in PACKS])
def test_doc_example_pack_loads_and_its_examples_pass(place, body, nlp):
    pack = parse_pack(body, place)
    outcomes = run_examples(list(pack.rules), nlp)
    assert len(outcomes) == sum(len(r.bad_examples) + len(r.good_examples) for r in pack.rules)
    assert [o.problem for o in outcomes if not o.ok] == []


def write_vocabulary_files(folder: Path, vocabulary: dict) -> None:
    for names in vocabulary.values():
        for name in names:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("word\n", encoding="utf-8")


@pytest.mark.parametrize(("place", "body"), CONFIGS, ids=[place for place, _ in CONFIGS])
def test_doc_example_config_loads(place, body, tmp_path):
    config = tmp_path / ".healthlint.yaml"
    config.write_text(body, encoding="utf-8")
    write_vocabulary_files(tmp_path, yaml.safe_load(body).get("vocabulary", {}))
    assert load_config_file(config).source == str(config)


TOML_BLOCKS = fenced_blocks("toml")


@pytest.mark.parametrize(("place", "body"), TOML_BLOCKS, ids=[p for p, _ in TOML_BLOCKS])
def test_doc_example_pyproject_loads(place, body, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(body, encoding="utf-8")
    settings = load_config_file(pyproject)
    assert settings.ignore == tuple(tomllib.loads(body)["tool"]["healthlint"].get("ignore", ()))


def test_every_declared_field_has_help_and_a_type():
    from healthlint.config import CONFIG_FIELDS, READABILITY_FIELDS, VOCABULARY_FIELDS
    from healthlint.context import CUE_FILE_FIELDS
    from healthlint.modality import MODALITY_FIELDS
    from healthlint.packs import EXAMPLE_FIELDS

    tables = {f"kind {name}": kind.OPTIONS for name, kind in KINDS.items()}
    tables.update(
        rule=RULE_FIELDS,
        pack=PACK_FIELDS,
        examples=EXAMPLE_FIELDS,
        config=CONFIG_FIELDS,
        readability=READABILITY_FIELDS,
        vocabulary=VOCABULARY_FIELDS,
        cues=CUE_FILE_FIELDS,
        modality=MODALITY_FIELDS,
    )
    for table_name, fields in tables.items():
        for name, option in fields.items():
            assert option.help and option.type_name, f"{table_name}: {name}"
