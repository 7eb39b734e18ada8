"""The exact input text and the arithmetic between offsets and line/column.

Every span the library reports is computed here, so CI annotations, SARIF regions and quoted evidence
all agree on where a piece of text lives. Offsets are code points into the decoded text (Python ``str``
indices), never bytes: a policy full of curly quotes and accents must not shift its annotations.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

SourceFormat = Literal["text", "markdown", "html"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of the original file, with 1-based line/column of both ends.

    ``end_line``/``end_column`` give the position of ``end`` itself (one past the last character), the
    convention SARIF regions use for ``endColumn``.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict[str, int]:
        return {
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


@dataclass(frozen=True)
class Source:
    """The decoded file as the user wrote it. ``text`` is never modified after loading."""

    text: str
    path: str | None = None
    format: SourceFormat = "text"
    line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        text = self.text
        find = text.find
        # A line ends at "\n", at a lone "\r" (old Mac files) or at "\r\n" (counted once).
        i = 0
        n = len(text)
        while True:
            j = find("\n", i)
            k = find("\r", i, j if j >= 0 else n)
            if k >= 0:
                nxt = k + 2 if k + 1 < n and text[k + 1] == "\n" else k + 1
            elif j >= 0:
                nxt = j + 1
            else:
                break
            starts.append(nxt)
            i = nxt
        object.__setattr__(self, "line_starts", tuple(starts))

    @property
    def display_path(self) -> str:
        return self.path if self.path is not None else "<stdin>"

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; ``offset == len(text)`` is allowed (end of file)."""
        if offset < 0 or offset > len(self.text):
            raise ValueError(f"offset {offset} outside 0..{len(self.text)}")
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position`."""
        if line < 1 or line > len(self.line_starts):
            raise ValueError(f"line {line} outside 1..{len(self.line_starts)}")
        result = self.line_starts[line - 1] + column - 1
        if result < 0 or result > len(self.text):
            raise ValueError(f"column {column} outside line {line}")
        return result

    def span(self, start: int, end: int) -> Span:
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"bad span {start}..{end} for text of length {len(self.text)}")
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(start, end, line, column, end_line, end_column)

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]
