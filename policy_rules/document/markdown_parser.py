"""Markdown policies: blocks from markdown-it tokens, plain text without markup, spans into the file.

markdown-it reports where each block starts and ends (in lines) but not where inline text sits, and
its inline text has escapes and entities already resolved. So each block is mapped in two steps: the
block's raw inline source (``token.content``) is aligned line by line with the file (container markers
such as ``>`` and list indentation are what it drops), and each inline text token is aligned with that
raw source, skipping emphasis markers, link destinations and images, and mapping an escape or an entity
as one unit. Evidence quoted from a Markdown policy therefore lands on the right line and column of the
``.md`` file, not of some rendered copy.

Kinds: headings keep their ``#`` level; paragraphs inside list items are list items; table cells are
cells; code blocks become paragraphs (a policy indented by four spaces is still a policy); raw HTML
blocks go through the HTML parser. A paragraph that is bold and nothing else (``**Your Rights**``) is a
heading one level below the previous heading (at least 3, at most 6). A one-line top-level paragraph
shaped like a plain-text heading ("PERSONAL INFORMATION WE COLLECT", "Your Rights") and followed by body
text is promoted too (see :func:`~policy_rules.document.text_parser.promote_headings` for its level).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt

from .html_parser import parse_html_fragment
from .model import BlockKind
from .rawblock import RawBlock, RunBuilder, trim_block
from .source import Source
from .text_parser import promote_headings

__all__ = ["parse_markdown"]

_MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_SPECIAL_RE = re.compile(r"[\\&]")
_EMPHASIS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})
_TITLE_MAX = 80

_Run = tuple[str, int, int]  # (plain text, content start, content end)


class _ContentMap:
    """Maps offsets in a block's raw inline source to offsets in the file, line by line."""

    def __init__(self, content: str, src_lines: Sequence[tuple[int, str]]) -> None:
        self.starts: list[int] = []  # content offset of each content line
        self.src: list[int] = []  # file offset of the first non-blank character of the line
        self.lead: list[int] = []  # blank characters markdown-it added or kept before it
        self.size: list[int] = []  # how many characters after that correspond one to one
        pos = 0
        for k, line in enumerate(content.split("\n")):
            if k < len(src_lines):
                so, src_line = src_lines[k]
            else:  # more content lines than source lines: pin them to the end of the last line
                so, src_line = (src_lines[-1][0] + len(src_lines[-1][1]), "") if src_lines else (0, "")
            core = line.lstrip(" \t")
            at = _locate(src_line, core)
            self.starts.append(pos)
            self.src.append(so + at)
            self.lead.append(len(line) - len(core))
            self.size.append(min(len(core), len(src_line) - at))
            pos += len(line) + 1

    def to_source(self, pos: int) -> int:
        k = max(0, bisect.bisect_right(self.starts, pos) - 1)
        off = pos - self.starts[k] - self.lead[k]
        return self.src[k] + min(max(off, 0), self.size[k])


def _locate(src_line: str, core: str) -> int:
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


def _row_cells(row: str) -> list[tuple[int, int]]:
    """Trimmed ``(start, end)`` of each cell of a table row, split at unescaped pipes."""
    bounds: list[int] = [-1]
    i = 0
    while i < len(row):
        ch = row[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "|":
            bounds.append(i)
        i += 1
    bounds.append(len(row))
    cells: list[tuple[int, int]] = []
    for k in range(len(bounds) - 1):
        a, b = bounds[k] + 1, bounds[k + 1]
        while a < b and row[a] in " \t":
            a += 1
        while b > a and row[b - 1] in " \t":
            b -= 1
        cells.append((a, b))
    if cells and cells[0][0] == cells[0][1] and row.lstrip().startswith("|"):
        cells.pop(0)
    if cells and cells[-1][0] == cells[-1][1] and row.rstrip().endswith("|"):
        cells.pop()
    return cells


class _Inline:
    """Walks an inline token's children over its raw source, collecting plain runs."""

    def __init__(self, content: str) -> None:
        self.s = content
        self.c = 0
        self.runs: list[_Run] = []

    def _exact(self, a: int, b: int) -> None:
        if b > a:
            self.runs.append((self.s[a:b], a, b))

    def text(self, t: str) -> None:
        if not t:
            return
        s, j = self.s, self.c
        if s.startswith(t, j) and not _SPECIAL_RE.search(s, j, j + len(t)):
            self._exact(j, j + len(t))
            self.c = j + len(t)
            return
        aligned = self._align(t, j)
        if aligned is not None:
            runs, self.c = aligned
            self.runs.extend(runs)
            return
        found = s.find(t, j)
        if found >= 0:  # markup we did not model sits in between: skip it
            self._exact(found, found + len(t))
            self.c = found + len(t)
            return
        end = min(len(s), j + len(t))  # give up on precision, keep the text near where it belongs
        self.runs.append((t, j, end))
        self.c = end

    def _align(self, t: str, j: int) -> tuple[list[_Run], int] | None:
        """Align ``t`` with the source from ``j``, where backslash escapes and character references
        of the source became single characters of ``t``."""
        s = self.s
        runs: list[_Run] = []
        i = 0
        while i < len(t):
            m = _SPECIAL_RE.search(s, j)
            k = m.start() if m else len(s)
            take = min(k - j, len(t) - i)
            if take > 0:
                if s[j : j + take] != t[i : i + take]:
                    return None
                runs.append((t[i : i + take], j, j + take))
                i += take
                j += take
                continue
            if j >= len(s):
                return None
            if s[j] == "\\" and j + 1 < len(s) and s[j + 1] == t[i]:
                runs.append((t[i], j, j + 2))
                i += 1
                j += 2
                continue
            em = _ENTITY_RE.match(s, j) if s[j] == "&" else None
            if em is not None:
                decoded = html.unescape(em.group())
                if decoded != em.group() and t.startswith(decoded, i):
                    runs.append((decoded, j, em.end()))
                    i += len(decoded)
                    j = em.end()
                    continue
            if s[j] != t[i]:
                return None
            runs.append((t[i], j, j + 1))
            i += 1
            j += 1
        return runs, j

    def skip(self, markup: str) -> None:
        if markup and self.s.startswith(markup, self.c):
            self.c += len(markup)

    def line_break(self, plain: str) -> None:
        s = self.s
        nl = s.find("\n", self.c)
        if nl < 0:
            return
        j = nl + 1
        while j < len(s) and s[j] in " \t":
            j += 1
        self.runs.append((plain, self.c, j))
        self.c = j

    def link_tail(self) -> None:
        """Skip "](destination "title")" or "][label]" after a link's text."""
        s, j = self.s, self.c
        if not s.startswith("]", j):
            return
        j += 1
        if s.startswith("(", j):
            j = _skip_balanced(s, j, "(", ")")
        elif s.startswith("[", j):
            j = _skip_balanced(s, j, "[", "]")
        self.c = j

    def image(self) -> None:
        s, j = self.s, self.c
        if s.startswith("![", j):
            j = _skip_balanced(s, j + 1, "[", "]")
            if s.startswith("(", j):
                j = _skip_balanced(s, j, "(", ")")
            elif s.startswith("[", j):
                j = _skip_balanced(s, j, "[", "]")
            self.c = j

    def code(self, token: Any) -> None:
        s = self.s
        self.skip(token.markup)
        while self.c < len(s) and s[self.c] == " " and not s.startswith(token.content, self.c):
            self.c += 1
        self.text(token.content)
        while self.c < len(s) and s[self.c] in " \n":
            self.c += 1
        self.skip(token.markup)


def _skip_balanced(s: str, j: int, open_: str, close: str) -> int:
    """Index after the bracket group that starts at ``s[j] == open_`` (escapes honoured)."""
    depth = 0
    n = len(s)
    while j < n:
        ch = s[j]
        if ch == "\\":
            j += 2
            continue
        if ch == open_:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def _walk_inline(token: Any, content: str) -> tuple[list[_Run], bool]:
    """Plain runs of an inline token over its raw source ``content``, and whether all of its visible
    text is bold."""
    walker = _Inline(content)
    links: list[bool] = []
    bold = 0
    bold_text = plain_text = False
    for ch in token.children or []:
        t = ch.type
        if t == "text":
            before = len(walker.runs)
            walker.text(ch.content)
            if ch.content.strip() and len(walker.runs) > before:
                if bold:
                    bold_text = True
                else:
                    plain_text = True
        elif t == "code_inline":
            walker.code(ch)
            plain_text = True
        elif t in ("softbreak", "hardbreak"):
            walker.line_break(" " if t == "softbreak" else "\n")
        elif t in _EMPHASIS:
            walker.skip(ch.markup)
            if t == "strong_open":
                bold += 1
            elif t == "strong_close":
                bold = max(0, bold - 1)
        elif t == "link_open":
            auto = ch.markup == "autolink"
            links.append(auto)
            walker.skip("<" if auto else "[" if ch.markup != "linkify" else "")
        elif t == "link_close":
            auto = links.pop() if links else False
            if auto:
                walker.skip(">")
            else:
                walker.link_tail()
        elif t == "image":
            walker.image()
        elif t == "html_inline":
            walker.skip(ch.content)
    return walker.runs, bold_text and not plain_text


class _Builder:
    def __init__(self, source: Source) -> None:
        self.text = source.text
        self.line_starts = source.line_starts
        self.blocks: list[RawBlock] = []
        self.eligible: list[bool] = []  # one-line top-level paragraphs, which may be headings in disguise
        self.last_level = 0

    def line(self, k: int) -> tuple[int, str]:
        """File offset and text (without its line break) of 0-based line ``k``."""
        starts = self.line_starts
        if k >= len(starts):
            return len(self.text), ""
        s = starts[k]
        e = starts[k + 1] if k + 1 < len(starts) else len(self.text)
        if e > s and self.text[e - 1] == "\n":
            e -= 1
        if e > s and self.text[e - 1] == "\r":
            e -= 1
        return s, self.text[s:e]

    def lines(self, first: int, count: int) -> list[tuple[int, str]]:
        return [self.line(k) for k in range(first, first + count)]

    def emit(
        self,
        kind: BlockKind,
        level: int,
        runs: list[_Run],
        cmap: _ContentMap,
        content: str,
        eligible: bool = False,
    ) -> None:
        out = RunBuilder()
        for plain, a, b in runs:
            if "\n" in plain and content[a:b] == plain:
                # Verbatim over several lines: map each line (and each line break) on its own.
                i = a
                for piece in plain.splitlines(keepends=True):
                    body = piece.rstrip("\n")
                    if body:
                        out.add(body, cmap.to_source(i), cmap.to_source(i + len(body)))
                    if len(piece) > len(body):
                        nl = i + len(body)
                        out.add("\n", cmap.to_source(nl), max(cmap.to_source(nl), cmap.to_source(nl + 1)))
                    i += len(piece)
            elif content[a:b] == plain:
                out.add(plain, cmap.to_source(a), cmap.to_source(b))
            else:
                out.add(plain, cmap.to_source(a), max(cmap.to_source(a), cmap.to_source(b)))
        if kind is BlockKind.HEADING:
            self.last_level = level
        block = trim_block(kind, level, out.text(), out.runs())
        if block is not None:
            self.blocks.append(block)
            self.eligible.append(eligible)

    def inline(
        self, token: Any, kind: BlockKind, level: int, src_lines: list[tuple[int, str]], top: bool
    ) -> None:
        self.inline_from(token, token.content, kind, level, src_lines, top and len(src_lines) == 1)

    def cell(self, token: Any, row_line: int, column: int) -> None:
        """A table cell, read from the raw row: markdown-it's cell content has ``\\|`` unescaped."""
        offset, row = self.line(row_line)
        cells = _row_cells(row)
        if column >= len(cells):
            return
        a, b = cells[column]
        self.inline_from(token, row[a:b], BlockKind.TABLE_CELL, 0, [(offset + a, row[a:b])])

    def inline_from(
        self,
        token: Any,
        content: str,
        kind: BlockKind,
        level: int,
        src_lines: list[tuple[int, str]],
        eligible: bool = False,
    ) -> None:
        cmap = _ContentMap(content, src_lines)
        runs, all_bold = _walk_inline(token, content)
        if kind is BlockKind.PARAGRAPH and all_bold and _is_title("".join(r[0] for r in runs)):
            kind, level = BlockKind.HEADING, min(6, max(3, self.last_level + 1))
        self.emit(kind, level, runs, cmap, content, eligible and kind is BlockKind.PARAGRAPH)

    def code(self, token: Any, first_line: int) -> None:
        """Code becomes paragraphs: one per run of non-blank lines."""
        lines = token.content.split("\n")
        group: list[int] = []
        for k, line in enumerate([*lines, ""]):
            if line.strip():
                group.append(k)
                continue
            if group:
                content = "\n".join(lines[group[0] : group[-1] + 1])
                cmap = _ContentMap(content, self.lines(first_line + group[0], len(group)))
                self.emit(BlockKind.PARAGRAPH, 0, [(content, 0, len(content))], cmap, content)
                group = []

    def raw_html(self, token: Any) -> None:
        first, last = token.map
        start = self.line(first)[0]
        end_off, end_text = self.line(last - 1)
        found = parse_html_fragment(self.text, start, end_off + len(end_text))
        self.blocks.extend(found)
        self.eligible.extend("\n" not in b.text for b in found)


def _is_title(text: str) -> bool:
    t = " ".join(text.split())
    return 0 < len(t) <= _TITLE_MAX and t[-1] not in ".,;:!" and (t[0].isupper() or t[0].isdigit())


def parse_markdown(source: Source) -> list[RawBlock]:
    """Blocks of a Markdown policy, in document order."""
    b = _Builder(source)
    tokens = _MD.parse(source.text)
    lists = quotes = 0
    kind, level = BlockKind.PARAGRAPH, 0
    row_line = 0
    column = -1
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists = max(0, lists - 1)
        elif t == "blockquote_open":
            quotes += 1
        elif t == "blockquote_close":
            quotes = max(0, quotes - 1)
        elif t == "heading_open":
            kind, level = BlockKind.HEADING, int(tok.tag[1])
        elif t == "paragraph_open":
            kind, level = (BlockKind.LIST_ITEM if lists else BlockKind.PARAGRAPH), 0
        elif t == "tr_open":
            row_line = tok.map[0] if tok.map else row_line
            column = -1
        elif t in ("th_open", "td_open"):
            kind, level = BlockKind.TABLE_CELL, 0
            column += 1
        elif t == "inline":
            if kind is BlockKind.TABLE_CELL:
                b.cell(tok, row_line, column)
            elif tok.map:
                first, last = tok.map
                b.inline(tok, kind, level, b.lines(first, last - first), not lists and not quotes)
        elif t in ("fence", "code_block") and tok.map:
            b.code(tok, tok.map[0] + (1 if t == "fence" else 0))
        elif t == "html_block" and tok.map:
            b.raw_html(tok)
    return promote_headings(b.blocks, b.eligible)
