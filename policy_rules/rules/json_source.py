"""JSON loading with the same limits as YAML: bounded nesting, positioned errors, no lone surrogates.

Baselines, gold files and ``--facts x.json`` are JSON. The standard library's decoder recurses once
per nesting level and raises ``RecursionError`` on a deep document (or succeeds just below the limit,
leaving later code to recurse into it), so nesting is measured first, without recursion, and a
document deeper than :data:`~policy_rules.rules.nesting.MAX_DEPTH` is refused at the bracket
that goes too deep. ``"\\ud800"`` escapes decode to lone surrogates that cannot be printed or
written as UTF-8 later, so they are refused too.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import PolicyRulesError
from .nesting import MAX_DEPTH, line_column

# A string literal (escapes included, possibly unterminated), or a bracket outside strings.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")


def load_json(
    text: str,
    *,
    path: str,
    error: type[PolicyRulesError],
    what: str = "file",
    line: int | None = None,
) -> Any:
    """The value of ``text`` (a whole file, or one line of it with ``line`` its number).

    Problems raise ``error`` naming ``path`` and the line and column.
    """
    _check_depth(text, path, error, what, line)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        at_line = line if line is not None else exc.lineno
        message = f"{what} is not valid JSON: {exc.msg}"
        raise error(message, path=path, line=at_line, column=exc.colno) from None
    except ValueError as exc:  # e.g. an integer over the interpreter's digit limit
        raise error(f"{what} is not valid JSON: {exc}", path=path, line=line) from None
    if "\\u" in text and _has_surrogate(value):
        raise error(f"{what} contains an unpaired surrogate escape (\\ud800-\\udfff)", path=path, line=line)
    return value


def _check_depth(text: str, path: str, error: type[PolicyRulesError], what: str, line: int | None) -> None:
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return  # cannot be too deep; the common case costs two C-speed counts
    depth = 0
    for token in _TOKEN.finditer(text):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                at_line, column = line_column(text, token.start(), line if line is not None else 1)
                raise error(
                    f"{what} is nested deeper than {MAX_DEPTH} levels", path=path, line=at_line, column=column
                )
        elif char in "]}":
            depth -= 1


def _has_surrogate(value: Any) -> bool:
    """Whether any string in ``value`` (keys included) holds a surrogate; iterative, like the check."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
