"""YAML loading that remembers the source line of every mapping, key and list item.

Packs and config files are validated strictly, and every problem must name its line; PyYAML's
composer knows the lines, so we construct plain containers that carry them along.
"""

from __future__ import annotations

from functools import cache

from healthlint.errors import HealthlintError


class LineDict(dict):
    """A dict that knows the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        """The 1-based line of ``key`` (or of the mapping itself when the key is absent)."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows the line it starts on and the line of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        """The 1-based line of item ``index``."""
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _construct(node, path: str):
    import yaml

    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = LineDict()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, path)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise HealthlintError(
                    "mapping keys must be plain scalars", path, key_node.start_mark.line + 1
                )
            if key in result:
                raise HealthlintError(f"duplicate key {key!r}", path, key_node.start_mark.line + 1)
            result[key] = _construct(value_node, path)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LineList(_construct(item, path) for item in node.value)
        result.line = line
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result
    return _scalar(node)


@cache
def _scalar_loader():
    import yaml

    return yaml.SafeLoader("")


def _scalar(node):
    return _scalar_loader().construct_object(node, deep=True)


def load_yaml(text: str, path: str):
    """Parse ``text`` as YAML into LineDict/LineList/scalars; syntax errors name path and line."""
    import yaml

    try:
        # libyaml's parser when PyYAML has it: it keeps the same line marks, and is much faster.
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise HealthlintError(f"invalid YAML: {exc.problem or exc}", path, line) from None
    except yaml.YAMLError as exc:
        raise HealthlintError(f"invalid YAML: {exc}", path) from None
    if node is None:
        return None
    return _construct(node, path)
