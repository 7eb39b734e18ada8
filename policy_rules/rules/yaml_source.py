"""Safe, bounded YAML loading that remembers where every value came from.

Ruleset errors must name file, line and column. PyYAML forgets positions once it builds Python objects
and silently keeps the last of two duplicate keys, so the node tree is walked here instead: each value
is built with the safe constructor (no tags that execute code) and its position is recorded under its
path, e.g. ``("rules", 3, "expect", "regex")``.

Every YAML file policy-rules reads (rulesets, configuration, facts) may be hostile, and PyYAML has no
limits of its own: a 1 KB "billion laughs" document expands to a billion nodes, deep nesting exhausts
the stack, a self-referencing anchor makes a cycle. So before anything is composed, one pass over the
parser's events (flat, so it cannot recurse) measures nesting depth and the number of nodes the
document would have with every alias expanded, and refuses it beyond :data:`MAX_DEPTH` and
:data:`MAX_NODES`. Only then are nodes composed and values built, inside the error handling, so a bad
value (``!!int abc``, a timestamp in month 13) is a positioned :class:`RulesetError` as well. The C
parser (libyaml) is used when PyYAML has it: it keeps marks and is about ten times faster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import RulesetError
from .nesting import MAX_DEPTH, line_column

__all__ = ["MAX_DEPTH", "MAX_NODES", "LocatedYaml", "Path", "line_column", "load_yaml"]

Path = tuple[str | int, ...]

#: Most nodes a document may have, counting each alias as the nodes it stands for (gdpr has ~4,400).
MAX_NODES = 100_000

#: The C loader when PyYAML was built with libyaml (same interface as SafeLoader, not a subclass).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SURROGATE = re.compile("[\ud800-\udfff]")


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


def _mark(node: yaml.Node | yaml.Event) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _error_at(message: str, path: str, node: yaml.Node | yaml.Event) -> RulesetError:
    line, column = _mark(node)
    return RulesetError(message, path=path, line=line, column=column)


def load_yaml(text: str, path: str, *, what: str = "ruleset file", allow_empty: bool = False) -> LocatedYaml:
    """Parse one YAML document; raise :class:`RulesetError` with a position on any problem.

    ``what`` names the file in messages; with ``allow_empty``, a document with no content gives
    ``data`` None instead of an error.
    """
    located = LocatedYaml(None, path)
    _check_printable(text, path)
    try:
        _check_size(text, path)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                if allow_empty:
                    return located
                raise RulesetError(f"empty {what}", path=path, line=1, column=1)
            located.data = _build(loader, node, (), located.marks, path)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _from_marked(exc, path) from None
    except yaml.reader.ReaderError as exc:
        line, column = line_column(text, exc.position)
        raise RulesetError(f"invalid YAML: {exc.reason}", path=path, line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise RulesetError(f"invalid YAML: {exc}", path=path, line=1, column=1) from None
    return located


def _from_marked(exc: yaml.MarkedYAMLError, path: str) -> RulesetError:
    mark = exc.problem_mark or exc.context_mark
    parts = [p for p in (exc.context, exc.problem) if p]
    return RulesetError(
        f"invalid YAML: {': '.join(parts) or 'syntax error'}",
        path=path,
        line=mark.line + 1 if mark else 1,
        column=mark.column + 1 if mark else 1,
    )


def _check_printable(text: str, path: str) -> None:
    """Refuse the characters YAML forbids, with their position.

    PyYAML's pure-Python reader raises this while the loader is being built, and libyaml reports a
    byte offset, so it is checked here, with PyYAML's own definition of printable.
    """
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad is not None:
        line, column = line_column(text, bad.start())
        raise RulesetError(
            f"invalid YAML: control character {ord(bad.group()):#06x} is not allowed (escape it in a"
            ' double-quoted string, e.g. "\\t")',
            path=path,
            line=line,
            column=column,
        )


def _check_size(text: str, path: str) -> None:
    """Refuse documents nested deeper than MAX_DEPTH or larger than MAX_NODES once aliases expand.

    Works on the event stream, before any node exists, so the check itself needs neither the stack
    nor the memory the document would. An alias costs the size of its anchored node, which is known
    when that node ends; an alias to a node still open is a cycle.
    """
    loader = _Loader(text)
    try:
        open_nodes: list[tuple[str | None, int]] = []  # (anchor, nodes counted before it began)
        sizes: dict[str, int] = {}
        nodes = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                if event.anchor in sizes:
                    nodes += sizes[event.anchor]
                elif any(anchor == event.anchor for anchor, _ in open_nodes):
                    raise _error_at(f"invalid YAML: alias *{event.anchor} refers to itself", path, event)
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                if len(open_nodes) >= MAX_DEPTH:
                    raise _error_at(f"YAML nested deeper than {MAX_DEPTH} levels", path, event)
                open_nodes.append((event.anchor, nodes))
                nodes += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, before = open_nodes.pop()
                if anchor is not None:
                    sizes[anchor] = nodes - before
            if nodes > MAX_NODES:
                raise _error_at(
                    f"YAML document too large: over {MAX_NODES:,} values (counting each alias as the"
                    " values it repeats)",
                    path,
                    event,
                )
    finally:
        loader.dispose()


def _build(loader: Any, node: yaml.Node, where: Path, marks: dict[Path, tuple[int, int]], path: str) -> Any:
    marks[where] = _mark(node)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        raise _error_at(f"unsupported YAML tag {node.tag!r}", path, node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves YAML merge keys (<<) the safe way
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node, path)
            if not isinstance(key, str):
                raise _error_at(f"mapping keys must be strings, not {type(key).__name__}", path, key_node)
            if key in result:
                line, column = _mark(key_node)
                raise RulesetError(f"duplicate key {key!r}", path=path, line=line, column=column, key=key)
            child: Path = (*where, key)
            result[key] = _build(loader, value_node, child, marks, path)
            marks[child] = _mark(key_node)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*where, i), marks, path) for i, item in enumerate(node.value)]
    value = _construct(loader, node, path)
    # YAML timestamps become dates; the schema speaks of date strings, so keep the user's text.
    if not isinstance(value, (str, int, float, bool)) and value is not None:
        return str(node.value)
    return value


def _construct(loader: Any, node: yaml.Node, path: str) -> Any:
    """The value of ``node``; a value its tag cannot hold (``!!int abc``, month 13) is positioned.

    A ``"\\ud800"`` escape gives a lone surrogate, which no report could print or encode: refused.
    """
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except (ValueError, TypeError, ArithmeticError, LookupError, AttributeError) as exc:
        # PyYAML's constructors assume text their tag's pattern matched: an explicit tag on other
        # text ("!!bool x", "!!int" alone) fails with whatever the conversion happens to raise.
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        kind = "date" if node.tag == _TIMESTAMP else f"{tag} value"
        detail = str(exc) if isinstance(exc, ValueError) and str(exc) else "not a value of this type"
        raise _error_at(f"invalid {kind}: {detail}", path, node) from None
    if isinstance(value, str) and _SURROGATE.search(value):
        raise _error_at("invalid YAML: unpaired surrogate escape (\\ud800-\\udfff)", path, node)
    return value
