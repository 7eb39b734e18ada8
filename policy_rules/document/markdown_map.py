"""From offsets in markdown-it's block content back to offsets in the Markdown file.

markdown-it gives each block its lines (``token.map``) and its inline source (``token.content``), but
the content is not a slice of the file: container markers (``>``, list indentation) are cut from each
line, tabs may be expanded, and the paragraph is trimmed of Unicode whitespace at both ends, which can
remove whole leading lines (a line holding only a no-break space). This module lines the two up once
per block, so every later lookup is a bisection.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["ContentMap", "locate", "row_cells"]

# Block quote markers before a table row: markdown-it reads the row after them.
_QUOTE_PREFIX_RE = re.compile(r"[ \t]*(?:>[ \t]?)*")
# A line with no text of its own: blanks, quote markers and list markers only.
_MARKERS_ONLY_RE = re.compile(r"[\s>]*(?:(?:[-*+]|\d{1,9}[.)])[\s>]*)*")


class ContentMap:
    """Maps offsets in a block's raw inline source to offsets in the file, line by line."""

    __slots__ = ("lead", "size", "src", "starts")

    def __init__(self, content: str, src_lines: Sequence[tuple[int, str]]) -> None:
        self.starts: list[int] = []  # content offset of each content line
        self.src: list[int] = []  # file offset of the first mapped character of the line
        self.lead: list[int] = []  # blank characters markdown-it added before it (no source of their own)
        self.size: list[int] = []  # how many characters after that correspond one to one
        lines = content.split("\n")
        first = _first_kept_line(lines, src_lines)
        pos = 0
        for k, line in enumerate(lines):
            if first + k < len(src_lines):
                so, src_line = src_lines[first + k]
            else:  # more content lines than source lines: pin them to the end of the last line
                so, src_line = (src_lines[-1][0] + len(src_lines[-1][1]), "") if src_lines else (0, "")
            core = line.lstrip(" \t")
            at = locate(src_line, core)
            lead = len(line) - len(core)
            kept = 0  # leading blanks that are in the file too, right before the core
            while kept < lead and kept < at and src_line[at - kept - 1] == line[lead - kept - 1]:
                kept += 1
            self.starts.append(pos)
            self.src.append(so + at - kept)
            self.lead.append(lead - kept)
            self.size.append(min(len(core) + kept, len(src_line) - at + kept))
            pos += len(line) + 1

    def to_source(self, pos: int) -> int:
        k = max(0, bisect.bisect_right(self.starts, pos) - 1)
        off = pos - self.starts[k] - self.lead[k]
        return self.src[k] + min(max(off, 0), self.size[k])


def _first_kept_line(lines: Sequence[str], src_lines: Sequence[tuple[int, str]]) -> int:
    """How many leading source lines the block's trim removed: with fewer content lines than source
    lines, leading source lines that hold no text of the first content line (only blanks and container
    markers) were trimmed away, not the trailing ones."""
    extra = len(src_lines) - len(lines)
    if extra <= 0 or not lines:
        return 0
    core = lines[0].strip()
    skipped = 0
    while skipped < extra:
        line = src_lines[skipped][1]
        if (core and core in line) or not _MARKERS_ONLY_RE.fullmatch(line):
            break
        skipped += 1
    return skipped


def locate(src_line: str, core: str) -> int:
    """Where the (left-stripped) content line starts in its source line: a suffix of it, normally, since
    markdown-it only strips container markers (``>``, list indentation) from the left."""
    if src_line.endswith(core):
        return len(src_line) - len(core)
    trimmed = core.rstrip()
    if not trimmed:
        return len(src_line.rstrip())
    if src_line.rstrip().endswith(trimmed):
        return len(src_line.rstrip()) - len(trimmed)
    found = src_line.find(trimmed)
    if found < 0:
        found = src_line.find(trimmed[:12])
    if found >= 0:
        return found
    return max(0, len(src_line) - len(core))


def row_cells(row: str) -> list[tuple[int, int]]:
    """Trimmed ``(start, end)`` of each cell of a table row, split the way markdown-it splits it, once
    per row (the caller keeps the result for every cell of the row)."""
    quoted = _QUOTE_PREFIX_RE.match(row)
    lo = quoted.end() if quoted else 0
    while lo < len(row) and row[lo].isspace():
        lo += 1
    hi = len(row.rstrip())
    bounds: list[int] = [lo - 1]
    escaped = False
    for i in range(lo, hi):
        ch = row[i]
        # A pipe right after a backslash is escaped, even when that backslash is itself escaped.
        if ch == "|" and not escaped:
            bounds.append(i)
        escaped = ch == "\\"
    bounds.append(hi)
    cells = [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]
    if cells and cells[0][0] == cells[0][1]:
        cells.pop(0)
    if cells and cells[-1][0] == cells[-1][1]:
        cells.pop()
    out: list[tuple[int, int]] = []
    for a, b in cells:
        while a < b and row[a].isspace():
            a += 1
        while b > a and row[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return out
