"""The shape of the package: how its modules may depend on each other."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "lint"
PACKAGE = "healthlint"


def _module_names() -> dict[str, Path]:
    """Every module under lint/ by import name (lint/readers/html.py: healthlint.readers.html)."""
    modules = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(PACKAGE_DIR).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _owning_module(name: str, modules) -> str | None:
    """The healthlint module that ``name`` (a module or a name inside one) comes from."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


class _ImportCollector(ast.NodeVisitor):
    """Collects the healthlint modules a module imports, at any depth of the module.

    A function-level import still ties the two modules together; only imports under
    ``if TYPE_CHECKING:`` are left out, since they never run.
    """

    def __init__(self, module: str, is_package: bool, modules) -> None:
        self.package = module if is_package else module.rpartition(".")[0]
        self.modules = modules
        self.found: set[str] = set()

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:  # relative: from the importing module's package, up level - 1
            package = self.package.split(".")
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([base] if base else []))
        for alias in node.names:
            # "from healthlint.readers import html" imports the module healthlint.readers.html.
            self._add(f"{base}.{alias.name}")

    def _add(self, name: str) -> None:
        if name.split(".", 1)[0] == PACKAGE:
            owner = _owning_module(name, self.modules)
            if owner is not None:
                self.found.add(owner)


def _imports_of(source: str, module: str, modules, is_package: bool = False) -> set[str]:
    collector = _ImportCollector(module, is_package, modules)
    collector.visit(ast.parse(source))
    return collector.found - {module}


def _import_graph() -> dict[str, set[str]]:
    modules = _module_names()
    return {
        module: _imports_of(
            path.read_text(encoding="utf-8"), module, modules, path.name == "__init__.py"
        )
        for module, path in modules.items()
    }


def _import_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that returns to its start, or None if the graph has none."""
    done: set[str] = set()
    for root in sorted(graph):
        if root in done:
            continue
        path, on_path = [root], {root}
        stack = [iter(sorted(graph[root]))]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            if target in on_path:
                return path[path.index(target) :] + [target]
            if target in done or target not in graph:
                continue
            path.append(target)
            on_path.add(target)
            stack.append(iter(sorted(graph[target])))
    return None


def test_no_import_cycles():
    """No healthlint module imports, even inside a function, one that imports it back.

    A circle is what forces a function-local import to dodge it, and leaves a reader with no
    place to start; an edge the check finds is fixed by moving code to where it belongs.
    """
    cycle = _import_cycle(_import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_import_graph_counts_function_level_imports_but_not_type_checking_ones():
    modules = dict.fromkeys(
        ["healthlint", "healthlint.a", "healthlint.b", "healthlint.c", "healthlint.pkg.d"]
    )
    source = """
from typing import TYPE_CHECKING
import os
from healthlint.a import something
if TYPE_CHECKING:
    from healthlint.c import OnlyForTypes
def late():
    from healthlint.b import helper
    from .pkg import d
"""
    assert _imports_of(source, "healthlint.x", modules) == {
        "healthlint.a",
        "healthlint.b",
        "healthlint.pkg.d",
    }


def test_import_cycle_is_reported_as_a_path():
    assert _import_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert _import_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
