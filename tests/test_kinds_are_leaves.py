"""Rule kinds are leaves: a kind module reads the shared facts layer, never another kind.

Facts that several kinds need (prose sentences and grades, statistic shapes, the lexicon, the
modality vocabulary) live in modules outside ``lint/checks/``, so a kind can be read, changed or
removed on its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CHECKS = Path(__file__).resolve().parent.parent / "lint" / "checks"
NOT_KINDS = {"__init__.py", "base.py"}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, as absolute dotted names (at any depth of the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # A relative import inside lint/checks starts from the package of the kinds.
            module = "healthlint.checks" if node.level else ""
            module = ".".join(part for part in (module, node.module) if part)
            found.add(module)
            # "from healthlint.checks import pattern" imports the kind module itself.
            if module == "healthlint.checks":
                found.update(f"healthlint.checks.{alias.name}" for alias in node.names)
    return found


KIND_MODULES = sorted(p for p in CHECKS.glob("*.py") if p.name not in NOT_KINDS)


def test_there_are_kind_modules_to_check():
    assert len(KIND_MODULES) >= 15


@pytest.mark.parametrize("path", KIND_MODULES, ids=lambda p: p.stem)
def test_a_kind_imports_no_other_kind(path):
    reaching_into_checks = {
        name
        for name in imported_modules(path)
        if name == "healthlint.checks" or name.startswith("healthlint.checks.")
    }
    assert reaching_into_checks <= {"healthlint.checks.base"}


def test_the_detector_sees_an_import_of_another_kind(tmp_path):
    kind = tmp_path / "leaky.py"
    kind.write_text(
        "from healthlint.checks.base import Check\n"
        "def find():\n"
        "    from healthlint.checks.readability import metrics\n"
        "from . import statistic\n"
    )
    assert imported_modules(kind) >= {
        "healthlint.checks.base",
        "healthlint.checks.readability",
        "healthlint.checks.statistic",
    }


def test_non_kind_modules_do_not_import_kinds():
    """The facts layer and the inventory sit below the kinds, never on top of them."""
    lint = CHECKS.parent
    for name in ("prose.py", "figures.py", "lexicon.py", "modality.py", "inventory.py"):
        kinds = {
            m
            for m in imported_modules(lint / name)
            if m.startswith("healthlint.checks") and m != "healthlint.checks.base"
        }
        assert not kinds, f"{name} imports {kinds}"
