"""The nesting bound and the error positions shared by the YAML and JSON loaders.

Kept apart from :mod:`.yaml_source` so that reading JSON (a baseline, facts, gold) does not import
PyYAML, a fiftieth of a second of every one-file run.
"""

from __future__ import annotations

#: Deepest nesting of mappings and sequences accepted (the built-in rulesets need 14).
MAX_DEPTH = 64


def line_column(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``, whose first line is ``first_line``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + first_line, offset - line_start + 1
