"""Safe YAML loading that remembers where every value came from.

Ruleset errors must name file, line and column. PyYAML forgets positions once it builds Python objects
and silently keeps the last of two duplicate keys, so the node tree is walked here instead: each value
is built with the safe constructor (no tags that execute code) and its position is recorded under its
path, e.g. ``("rules", 3, "expect", "regex")``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import RulesetError

Path = tuple[str | int, ...]


@dataclass
class LocatedYaml:
    """Plain data plus the (line, column) of each path, 1-based."""

    data: Any
    path: str
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, where: Path) -> tuple[int | None, int | None]:
        """Position of ``where``, or of its nearest ancestor that has one."""
        probe = tuple(where)
        while True:
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return None, None
            probe = probe[:-1]

    def error(self, message: str, where: Path, key: str | None = None) -> RulesetError:
        line, column = self.locate(where)
        if key is None and where:
            key = ".".join(str(p) for p in where)
        return RulesetError(message, path=self.path, line=line, column=column, key=key)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load_yaml(text: str, path: str) -> LocatedYaml:
    """Parse one YAML document; raise :class:`RulesetError` with a position on any problem."""
    loader = yaml.SafeLoader(text)
    located = LocatedYaml(None, path)
    try:
        node = loader.get_single_node()
        if node is None:
            raise RulesetError("empty ruleset file", path=path, line=1, column=1)
        located.data = _build(loader, node, (), located.marks, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise RulesetError(
            f"invalid YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise RulesetError(f"invalid YAML: {exc}", path=path) from None
    finally:
        loader.dispose()
    return located


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _build(
    loader: yaml.SafeLoader, node: yaml.Node, where: Path, marks: dict[Path, tuple[int, int]], path: str
) -> Any:
    marks[where] = _mark(node)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        line, column = _mark(node)
        raise RulesetError(f"unsupported YAML tag {node.tag!r}", path=path, line=line, column=column)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves YAML merge keys (<<) the safe way
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                line, column = _mark(key_node)
                raise RulesetError(
                    f"mapping keys must be strings, not {type(key).__name__}",
                    path=path,
                    line=line,
                    column=column,
                )
            if key in result:
                line, column = _mark(key_node)
                raise RulesetError(f"duplicate key {key!r}", path=path, line=line, column=column, key=key)
            child: Path = (*where, key)
            result[key] = _build(loader, value_node, child, marks, path)
            marks[child] = _mark(key_node)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*where, i), marks, path) for i, item in enumerate(node.value)]
    value = loader.construct_object(node, deep=True)
    # YAML timestamps become dates; the schema speaks of date strings, so keep the user's text.
    if not isinstance(value, (str, int, float, bool)) and value is not None:
        return str(node.value)
    return value
