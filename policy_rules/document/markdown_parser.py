"""Markdown policies: blocks from markdown-it tokens, plain text without markup, spans into the file.

markdown-it reports where each block starts and ends (in lines) but not where inline text sits, and
its inline text has escapes and entities already resolved. So each block is mapped in two steps: the
block's raw inline source (``token.content``) is aligned line by line with the file
(:mod:`.markdown_map`: container markers such as ``>`` and list indentation are what it drops), and
each inline text token is aligned with that raw source (:mod:`.markdown_inline`: emphasis markers, link
destinations and images skipped, an escape or an entity mapped as one unit). Code blocks are mapped
line by line straight to the file. Evidence quoted from a Markdown policy therefore lands on the right
line and column of the ``.md`` file, not of some rendered copy.

Kinds: headings keep their ``#`` level; paragraphs inside list items are list items (with their nesting
depth); a table row is one block, its cells joined by " | " (the header row marked as such); code blocks
become paragraphs (a policy indented by four spaces is still a policy); raw HTML blocks go through the
HTML parser. Link targets are kept as links (see :mod:`.links`). A paragraph that is bold and nothing
else (``**Your Rights**``) is a heading one level below the previous heading (at least 3, at most 6). A
one-line top-level paragraph shaped like a plain-text heading ("PERSONAL INFORMATION WE COLLECT", "Your
Rights") and followed by body text is promoted too (see
:func:`~policy_rules.document.promote.promote_headings` for its level).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from markdown_it import MarkdownIt

from ..errors import InputError
from .html_parser import parse_html_fragment
from .limits import MAX_BLOCKS, check_lines, check_markdown_size, too_many_blocks
from .markdown_inline import LinkRuns, Run, walk_inline
from .markdown_map import ContentMap, locate, row_cells
from .model import BlockKind
from .promote import promote_headings
from .rawblock import RawBlock, RawLink, RunBuilder, trim_block
from .source import Source

__all__ = ["parse_markdown"]

# markdown-it silently drops everything inside containers nested deeper than ``maxNesting`` (its guard
# against recursion): the preset's 20 is about 9 list levels. Allow more, and refuse deeper input
# rather than lose part of a policy without a word.
_MAX_NESTING = 64
_MD = MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING}).enable("table").enable("strikethrough")
_CONTAINERS = frozenset({"blockquote_open", "list_item_open"})
_TITLE_MAX = 80


class _Builder:
    def __init__(self, source: Source) -> None:
        self.text = source.text
        self.path = source.path
        self.line_starts = source.line_starts
        self.blocks: list[RawBlock] = []
        self.eligible: list[bool] = []  # one-line top-level paragraphs, which may be headings in disguise
        self.last_level = 0
        self._row: tuple[int, int, str, list[tuple[int, int]]] | None = None
        self._cells: list[tuple[list[Run], ContentMap, str, list[LinkRuns]]] = []
        self.depth = 0  # list nesting depth of the text being read

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
        runs: list[Run],
        cmap: ContentMap,
        content: str,
        eligible: bool = False,
        links: Sequence[LinkRuns] = (),
    ) -> None:
        out = RunBuilder()
        found = _add_runs(out, runs, cmap, content, links)
        if kind is BlockKind.HEADING:
            self.last_level = level
        block = trim_block(kind, level, out.text(), out.runs(), found)
        if block is not None:
            self.blocks.append(replace(block, depth=self.depth) if kind is BlockKind.LIST_ITEM else block)
            self.eligible.append(eligible)

    def inline(
        self, token: Any, kind: BlockKind, level: int, src_lines: list[tuple[int, str]], top: bool
    ) -> None:
        self.inline_from(token, token.content, kind, level, src_lines, top and len(src_lines) == 1)

    def cell(self, token: Any, row_line: int, column: int) -> None:
        """A table cell, read from the raw row: markdown-it's cell content has ``\\|`` unescaped. The
        row is split once and kept for its other cells (re-splitting per cell was quadratic). Cells are
        collected until the row ends: a row is one block (:meth:`end_row`)."""
        if self._row is None or self._row[0] != row_line:
            offset, row = self.line(row_line)
            self._row = (row_line, offset, row, row_cells(row))
        _, offset, row, cells = self._row
        if column >= len(cells):
            return
        a, b = cells[column]
        content = row[a:b]
        runs, _, links = walk_inline(token, content)
        self._cells.append((runs, ContentMap(content, [(offset + a, content)]), content, links))

    def end_row(self, header: bool) -> None:
        """One block for the row: the cells' texts joined by " | ", each separator mapped to the source
        between the two cells (the pipe)."""
        out = RunBuilder()
        found: list[RawLink] = []
        prev_end = -1
        for runs, cmap, content, links in self._cells:
            if not any(r[0].strip() for r in runs):
                continue
            start = cmap.to_source(0)
            if prev_end >= 0:
                out.add(" | ", prev_end, max(prev_end, start))
            found.extend(_add_runs(out, runs, cmap, content, links))
            prev_end = cmap.to_source(len(content))
        self._cells = []
        block = trim_block(BlockKind.TABLE_ROW, 0, out.text(), out.runs(), found)
        if block is not None:
            self.blocks.append(replace(block, header=header))
            self.eligible.append(False)

    def inline_from(
        self,
        token: Any,
        content: str,
        kind: BlockKind,
        level: int,
        src_lines: list[tuple[int, str]],
        eligible: bool = False,
    ) -> None:
        cmap = ContentMap(content, src_lines)
        runs, all_bold, links = walk_inline(token, content)
        if kind is BlockKind.PARAGRAPH and all_bold and _is_title("".join(r[0] for r in runs)):
            kind, level = BlockKind.HEADING, min(6, max(3, self.last_level + 1))
        self.emit(kind, level, runs, cmap, content, eligible and kind is BlockKind.PARAGRAPH, links)

    def code(self, token: Any, first_line: int) -> None:
        """Code becomes paragraphs: one per run of non-blank lines. Each line is mapped on its own, to
        where its text sits in its source line: markdown-it removed the indentation (and may have
        expanded a tab), so a code line is not a slice of the file."""
        out = RunBuilder()
        prev_end = -1
        for k, line in enumerate([*token.content.split("\n"), ""]):
            body = line.strip()
            if not body:
                self._emit_code(out)
                prev_end = -1
                continue
            so, src_line = self.line(first_line + k)
            at = locate(src_line, body)
            if src_line[at : at + len(body)] == body:
                start, end = so + at, so + at + len(body)
            else:  # not found verbatim: the whole line, so the span still covers the text
                start, end = so, so + len(src_line)
            if prev_end >= 0:
                out.add("\n", prev_end, max(prev_end, start))
            out.add(body, start, end)
            prev_end = end

    def _emit_code(self, out: RunBuilder) -> None:
        block = trim_block(BlockKind.PARAGRAPH, 0, out.text(), out.runs())
        if block is not None:
            self.blocks.append(block)
            self.eligible.append(False)
        out.clear()

    def raw_html(self, token: Any) -> None:
        first, last = token.map
        start = self.line(first)[0]
        end_off, end_text = self.line(last - 1)
        found = parse_html_fragment(self.text, start, end_off + len(end_text), self.path)
        self.blocks.extend(found)
        self.eligible.extend("\n" not in b.text for b in found)


def _add_runs(
    out: RunBuilder, runs: list[Run], cmap: ContentMap, content: str, links: Sequence[LinkRuns]
) -> list[RawLink]:
    """Append an inline's runs to ``out`` mapped to the file; the links' plain ranges in ``out``."""
    bounds: list[int] = []  # plain offset in ``out`` where each run starts, and the end
    for plain, a, b in runs:
        bounds.append(out.length)
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
    bounds.append(out.length)
    return [(bounds[f], bounds[e], target) for f, e, target in links if bounds[e] > bounds[f]]


def _is_title(text: str) -> bool:
    t = " ".join(text.split())
    return 0 < len(t) <= _TITLE_MAX and t[-1] not in ".,;:!" and (t[0].isupper() or t[0].isdigit())


def parse_markdown(source: Source) -> list[RawBlock]:
    """Blocks of a Markdown policy, in document order."""
    check_markdown_size(source)
    check_lines(source)
    b = _Builder(source)
    tokens = _MD.parse(source.text)
    lists = quotes = 0
    kind, level = BlockKind.PARAGRAPH, 0
    row_line = 0
    column = -1
    header = False
    for tok in tokens:
        t = tok.type
        if t in _CONTAINERS and tok.level >= _MAX_NESTING - 1:
            raise InputError(
                f"lists and block quotes nested more than {_MAX_NESTING // 2} deep: the Markdown parser "
                "would drop the text inside; flatten the nesting",
                path=source.path,
                line=tok.map[0] + 1 if tok.map else None,
            )
        if t in ("bullet_list_open", "ordered_list_open"):
            lists += 1
            b.depth = lists
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists = max(0, lists - 1)
            b.depth = lists
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
        elif t == "tr_close":
            b.end_row(header)
        elif t in ("thead_open", "thead_close"):
            header = t == "thead_open"
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
    if len(b.blocks) > MAX_BLOCKS:
        extra = b.blocks[MAX_BLOCKS].textmap.source_start
        raise too_many_blocks(source.path, source.position(extra)[0])
    return promote_headings(b.blocks, b.eligible)
