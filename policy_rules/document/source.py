"""The exact input text and the arithmetic between offsets and line/column.

Every span the library reports is computed here, so CI annotations, SARIF regions and quoted evidence
all agree on where a piece of text lives. Offsets are code points into the decoded text (Python ``str``
indices), never bytes: a policy full of curly quotes and accents must not shift its annotations.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from .rawblock import RawBlock

SourceFormat = Literal["text", "markdown", "html", "pdf", "docx"]
#: Every format a policy can be read as (the ``--input-format`` choices).
INPUT_FORMATS: tuple[str, ...] = get_args(SourceFormat)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of the original file, with 1-based line/column of both ends.

    ``end_line``/``end_column`` give the position of ``end`` itself (one past the last character), the
    convention SARIF regions use for ``endColumn``.

    A span of a paged source (a PDF) also has the ``page`` its start is on (1-based) and the line of
    its start counted from the top of that page (``page_line``); both are ``None`` for other sources,
    whose reports stay as they were. ``line`` always counts in the whole extracted text, so offsets,
    lines and columns keep one arithmetic.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    page: int | None = None
    page_line: int | None = None

    def to_dict(self) -> dict[str, int]:
        out = {
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }
        if self.page is not None and self.page_line is not None:
            out["page"] = self.page
            out["page_line"] = self.page_line
        return out


def format_location(span: Span, path: str | None = None) -> str:
    """Where a span starts, as a reader looks for it: ``path:line:column`` (``line:column`` without a
    path) for a text file, ``path page 3, line 12`` for a page of a PDF.

    The one place reports turn a span into words, so every format names PDF pages the same way.
    """
    if span.page is not None:
        where = f"page {span.page}, line {span.page_line}"
        return f"{path} {where}" if path else where
    where = f"{span.line}:{span.column}"
    return f"{path}:{where}" if path else where


@dataclass(frozen=True)
class Source:
    """The decoded file as the user wrote it. ``text`` is never modified after loading.

    For a PDF or a Word file, ``text`` is the text extracted from it (what a reader sees, in reading
    order), and evidence quotes it. ``page_starts`` are the offsets where the pages of a PDF begin (its
    pages are separated by a form feed and a line break); empty for unpaged sources. ``blocks`` are the
    blocks the reader of such a file already knows (a Word file's styles say what is a heading, a list
    item or a table row), each an exact slice of ``text``; ``None`` for sources a parser reads.
    """

    text: str
    path: str | None = None
    format: SourceFormat = "text"
    line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    page_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    blocks: tuple[RawBlock, ...] | None = field(default=None, repr=False, compare=False)

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

    def page(self, offset: int) -> int | None:
        """1-based page of ``offset`` in a paged source, ``None`` in others."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def span(self, start: int, end: int) -> Span:
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"bad span {start}..{end} for text of length {len(self.text)}")
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        if not self.page_starts:
            return Span(start, end, line, column, end_line, end_column)
        page = max(1, bisect.bisect_right(self.page_starts, start))
        first_line = self.position(self.page_starts[page - 1])[0]
        return Span(start, end, line, column, end_line, end_column, page, line - first_line + 1)

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]
