"""HTML policies: block text out of saved web pages, with every character traced back to the file.

Saved policy pages are rarely valid HTML (unclosed ``<p>`` and ``<li>``, stray ``<``, tag soup from
page builders), so this uses the forgiving stdlib tokenizer and applies only the few implied-end rules
that matter for finding block boundaries. Character references are reported separately by the
tokenizer, which lets "&amp;" become "&" in the plain text while its map still points at the five
source characters. Whitespace runs collapse to one space, as a browser renders them.

Navigation, scripts, styles, forms' buttons and the ``<head>`` are skipped: they are page chrome, and
text in them must not satisfy a rule. A paragraph that is bold and nothing else is a heading (level one
below the previous heading, at least 3), the way many page builders mark up section titles; so is a
one-line paragraph shaped like a plain-text heading and followed by body text (see
:func:`~policy_rules.document.promote.promote_headings`).
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import replace
from html.parser import HTMLParser

from .html_guard import neutralize_unterminated
from .landmarks import SECTIONING, region_of
from .limits import MAX_BLOCKS, too_many_blocks
from .links import absolute_base, resolve_href
from .model import BlockKind
from .promote import promote_headings
from .rawblock import RawBlock, RunBuilder, trim_block
from .source import Source

__all__ = ["parse_html", "parse_html_fragment"]


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


_BLOCK_TAGS = _words(
    """
    address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu ol p pre
    section summary table tbody td tfoot th thead tr ul
    """
)
_SKIP_TAGS = _words(
    "script style noscript template head nav svg math iframe object select button canvas audio video title"
)
_VOID_TAGS = _words("area base br col embed hr img input link meta param source track wbr keygen")
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BOLD_TAGS = frozenset({"b", "strong"})
# Start tags that implicitly end an open element of the same family, and the containers that stop the
# search for it (an <li> inside a nested <ul> does not close the outer <li>).
_IMPLIED_END = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu", "dir"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "option": (frozenset({"option"}), frozenset({"select"})),
}
_HEADING_SET = frozenset(_HEADINGS)
_REGION_TAGS = frozenset({"header", "footer", "aside", "dialog"})
_CELLS = frozenset({"td", "th"})
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
_THEAD = frozenset({"thead"})
_TABLE = frozenset({"table"})
_P_SET = frozenset({"p"})
_P_STOP = _BLOCK_TAGS - _P_SET
_NO_STOP: frozenset[str] = frozenset()
_SEARCH_DEPTH = 64
# How many constructs the tokenizer may fail to complete before the rest of the input is read as text.
_MAX_RECOVERIES = 8
_COLLAPSE_RE = re.compile(r"\s{2,}|[^\S ]")
_TITLE_MAX = 80


class _Extractor(HTMLParser):
    def __init__(self, text: str, base: int, whole: str, path: str | None) -> None:
        """``text`` is ``whole[base:base + len(text)]``; ``whole`` and ``path`` place errors in the file."""
        super().__init__(convert_charrefs=False)
        self._text = text
        self._base = base
        self._whole = whole
        self._path = path
        self._line_starts = [0]
        self._line_starts.extend(m.end() for m in re.finditer("\n", text))
        self.blocks: list[RawBlock] = []
        self._stack: list[str] = []
        # (stack index, kind, level) for elements that decide a block's kind: headings, li, td/th.
        self._ctx: list[tuple[int, BlockKind, int]] = []
        self._skip: list[int] = []
        self._bold: list[int] = []
        self._head = -1  # stack index of the open <head>, kept so <body> need not search the stack
        self._buf = RunBuilder()
        self._last_space = True
        self._plain_text = False  # visible text outside <b>/<strong> in the current block
        self._bold_text = False
        self._last_level = 0
        # Data tables: a row is one block, its cells joined by " | " (see _joins_row).
        self._row = -1  # stack index of the open <tr>, -1 outside a row
        self._row_header = False  # every cell so far is a <th>
        self._row_layout = False  # a cell holds block content: the row's cells are blocks of their own
        self._sep: tuple[int, int] | None = None  # source of the cell tag a separator stands for
        # Links: (stack index of the <a>, plain start, href) while open; (start, end, href) when done.
        self._open_links: list[tuple[int, int, str]] = []
        self._links: list[tuple[int, int, str]] = []
        self._link_base: str | None = None  # the first <base href>, if absolute: resolves relative links
        self._regions: list[tuple[int, str]] = []  # (stack index, region) of open page regions

    # -- positions ---------------------------------------------------------------------------------

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    # -- text --------------------------------------------------------------------------------------

    def _add_space(self, start: int, end: int) -> None:
        if not self._last_space:
            self._buf.add(" ", self._base + start, self._base + end)
            self._last_space = True

    def _add_visible(self, plain: str, start: int, end: int) -> None:
        if self._sep is not None:
            if self._plain_text or self._bold_text:
                a, b = self._sep
                self._buf.add("| " if self._last_space else " | ", a, b)
            self._sep = None
        self._buf.add(plain, self._base + start, self._base + end)
        self._last_space = plain[-1] == " "
        if self._bold:
            self._bold_text = True
        else:
            self._plain_text = True

    def _add_chunk(self, data: str, pos: int) -> None:
        """Verbatim text with single spaces only."""
        if data[0] == " ":
            self._add_space(pos, pos + 1)
            data, pos = data[1:], pos + 1
        if data:
            self._add_visible(data, pos, pos + len(data))

    def handle_data(self, data: str) -> None:
        if self._skip or not data:
            return
        pos = self._pos()
        data = self._text[pos : pos + len(data)]  # the fed copy has placeholders for hopeless "<"
        i = 0
        for m in _COLLAPSE_RE.finditer(data):
            if m.start() > i:
                self._add_chunk(data[i : m.start()], pos + i)
            self._add_space(pos + m.start(), pos + m.end())
            i = m.end()
        if i < len(data):
            self._add_chunk(data[i:], pos + i)

    def _reference(self, start: int, end: int) -> None:
        if self._skip:
            return
        if end < len(self._text) and self._text[end] == ";":
            end += 1
        raw = self._text[start:end]
        plain = _unescape(raw)
        if not plain:
            return
        if plain.isspace():
            self._add_space(start, end)
        elif plain == raw:
            self.handle_data(raw)
        else:
            self._add_visible(plain, start, end)

    def handle_entityref(self, name: str) -> None:
        pos = self._pos()
        self._reference(pos, pos + 1 + len(name))

    def handle_charref(self, name: str) -> None:
        pos = self._pos()
        self._reference(pos, pos + 2 + len(name))

    # -- blocks ------------------------------------------------------------------------------------

    def _flush(self) -> None:
        if self._buf.length:
            kind, level = (self._ctx[-1][1], self._ctx[-1][2]) if self._ctx else (BlockKind.PARAGRAPH, 0)
            text = self._buf.text()
            header = False
            if kind is BlockKind.PARAGRAPH and self._bold_text and not self._plain_text and _is_title(text):
                kind, level = BlockKind.HEADING, min(6, max(3, self._last_level + 1))
            elif kind is BlockKind.HEADING:
                self._last_level = level
            elif kind is BlockKind.TABLE_CELL and self._row >= 0 and not self._row_layout:
                kind = BlockKind.TABLE_ROW
                header = self._row_header or self._find_open(_THEAD, _TABLE) >= 0
            end = self._buf.length
            links = self._links + [(a, end, href) for _, a, href in self._open_links]
            block = trim_block(kind, level, text, self._buf.runs(), links)
            if block is not None:
                if len(self.blocks) >= MAX_BLOCKS:  # refused while parsing: blocks need no lines
                    raise self._too_many(block.textmap.source_start)
                region = self._regions[-1][1] if self._regions else ""
                self.blocks.append(replace(block, header=header, depth=self._depth(kind), region=region))
            self._buf.clear()
        self._links = []
        self._open_links = [(d, 0, href) for d, _, href in self._open_links]
        self._sep = None
        self._last_space = True
        self._plain_text = False
        self._bold_text = False

    def _depth(self, kind: BlockKind) -> int:
        """A list item's nesting depth: the lists open around it."""
        if kind is not BlockKind.LIST_ITEM:
            return 0
        return sum(1 for t in self._stack[-_SEARCH_DEPTH:] if t in _LISTS)

    def _joins_row(self, tag: str) -> bool:
        """Whether ``tag`` starts or ends a cell of a data row: the row goes on, no new block."""
        return tag in _CELLS and self._row >= 0 and not self._row_layout

    def _too_many(self, offset: int) -> Exception:
        line = Source(self._whole[:offset]).position(offset)[0]
        return too_many_blocks(self._path, line)

    def _truncate(self, depth: int) -> None:
        """Close every element at stack index ``depth`` and above."""
        del self._stack[depth:]
        while self._ctx and self._ctx[-1][0] >= depth:
            self._ctx.pop()
        while self._skip and self._skip[-1] >= depth:
            self._skip.pop()
        while self._bold and self._bold[-1] >= depth:
            self._bold.pop()
        if self._head >= depth:
            self._head = -1
        if self._row >= depth:
            self._row = -1
        while self._regions and self._regions[-1][0] >= depth:
            self._regions.pop()
        while self._open_links and self._open_links[-1][0] >= depth:
            _, a, href = self._open_links.pop()
            if self._buf.length > a:
                self._links.append((a, self._buf.length, href))

    def _find_open(self, names: frozenset[str], stop: frozenset[str]) -> int:
        stack = self._stack
        for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _SEARCH_DEPTH), -1):
            if stack[i] in names:
                return i
            if stack[i] in stop:
                return -1
        return -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "base" and self._link_base is None:
            self._link_base = absolute_base(next((v for k, v in attrs if k.lower() == "href"), None))
        if tag == "br":
            if not self._skip:
                pos = self._pos()
                text = self.get_starttag_text() or "<br>"
                self._buf.add("\n", self._base + pos, self._base + pos + len(text))
                self._last_space = True
            return
        if tag == "body" and self._head >= 0:
            self._flush()
            self._truncate(self._head)
        block = tag in _BLOCK_TAGS
        if block and self._row >= 0 and not self._skip and tag not in _CELLS and tag != "tr":
            self._row_layout = True  # block content inside a cell: a layout table
        if block and not self._skip:
            if self._joins_row(tag):
                pos = self._pos()
                self._sep = (self._base + pos, self._base + pos + len(self.get_starttag_text() or ""))
                self._row_header = self._row_header and tag == "th"
            else:
                self._flush()
        if tag in _IMPLIED_END:
            names, stop = _IMPLIED_END[tag]
            found = self._find_open(names, stop)
            if found >= 0:
                self._truncate(found)
        if block and tag != "p":
            found = self._find_open(_P_SET, _P_STOP)
            if found >= 0:
                self._truncate(found)
        if tag in _HEADINGS:
            found = self._find_open(_HEADING_SET, _NO_STOP)
            if found >= 0:
                self._truncate(found)
        if tag == "p":
            found = self._find_open(_P_SET, _P_STOP)
            if found >= 0:
                self._truncate(found)
        if tag in _VOID_TAGS:
            return
        depth = len(self._stack)
        self._stack.append(tag)
        if tag == "head" and self._head < 0:
            self._head = depth
        if tag == "tr":
            self._row, self._row_header, self._row_layout = depth, True, False
        elif tag == "a" and not self._skip:
            href = next((v for k, v in attrs if k.lower() == "href" and v), None)
            if href:
                target = resolve_href(self._link_base, href.strip())
                self._open_links.append((depth, self._buf.length, target))
        if attrs or tag in _REGION_TAGS:
            region = region_of(tag, attrs, tag in _REGION_TAGS and self._find_open(SECTIONING, _NO_STOP) >= 0)
            if region:
                self._regions.append((depth, region))
        if tag in _SKIP_TAGS:
            self._skip.append(depth)
        elif tag in _HEADINGS:
            self._ctx.append((depth, BlockKind.HEADING, _HEADINGS[tag]))
        elif tag == "li":
            self._ctx.append((depth, BlockKind.LIST_ITEM, 0))
        elif tag in ("td", "th", "tr"):
            self._ctx.append((depth, BlockKind.TABLE_CELL, 0))
        elif tag in _BOLD_TAGS:
            self._bold.append(depth)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "br":  # "</br>" is read as "<br>" by browsers
            self.handle_starttag(tag, [])
            return
        found = self._find_open(frozenset((tag,)), _NO_STOP)
        if found < 0:
            if tag in _BLOCK_TAGS and not self._skip:
                self._flush()  # a stray </p> or </div> still ends the text before it
            return
        closes_block = any(t in _BLOCK_TAGS and not self._joins_row(t) for t in self._stack[found:])
        if closes_block and not self._skip:
            self._flush()
        self._truncate(found)

    def _recover(self) -> None:
        """Read what the tokenizer left pending after ``feed`` without its own end-of-input recovery.

        A construct is left pending when its terminator exists but the tokenizer could not use it: a
        quote in ``<p title='>'`` swallows every later ``>`` up to the end of the input. At end of input
        the stdlib emits the text up to the next ``>`` and tries again at the next ``<``, rescanning to
        the end each time (quadratic on a run of such tags). This does the same step, at most
        ``_MAX_RECOVERIES`` times, and then takes the rest verbatim as text.
        """
        for _ in range(_MAX_RECOVERIES):
            raw = self.rawdata
            if not raw.startswith("<") or self.cdata_elem:
                return  # a pending "&" or an open <script>: close() finishes those in one pass
            k = raw.find(">", 1)
            k = len(raw) if k < 0 else k + 1
            self.handle_data(raw[:k])
            self.updatepos(0, k)
            self.rawdata = raw[k:]
            self.goahead(False)
        raw = self.rawdata
        if raw and not self.cdata_elem:
            self.handle_data(raw)
            self.updatepos(0, len(raw))
            self.rawdata = ""

    def finish(self) -> list[RawBlock]:
        with contextlib.suppress(AssertionError, ValueError):  # malformed declarations, old Pythons
            self._recover()
            self.close()
        self._flush()
        return self.blocks


def _unescape(raw: str) -> str:
    """``html.unescape`` of one reference. A decimal one over 4300 digits makes ``int()`` raise (Python's
    guard against slow conversions), which would abort the tokenizer mid-input; leading zeros are
    dropped first, and any number still too long for a code point is what HTML makes of every number
    above U+10FFFF, U+FFFD."""
    if raw.startswith("&#") and len(raw) > 16:
        semicolon = ";" if raw.endswith(";") else ""
        body = raw[2 : len(raw) - len(semicolon)]
        prefix = body[:1] if body[:1] in ("x", "X") else ""
        digits = body[len(prefix) :].lstrip("0") or "0"
        raw = f"&#{prefix}{digits}{semicolon}" if len(digits) <= 8 else "\ufffd"
    return html.unescape(raw)


def _is_title(text: str) -> bool:
    t = " ".join(text.split())
    return 0 < len(t) <= _TITLE_MAX and t[-1] not in ".,;:!" and (t[0].isupper() or t[0].isdigit())


def parse_html_fragment(text: str, start: int, end: int, path: str | None = None) -> list[RawBlock]:
    """Blocks of the HTML in ``text[start:end]``, mapped to offsets in ``text`` (used for raw HTML
    blocks inside Markdown as well as for whole pages); ``path`` names the file in errors."""
    fragment = text[start:end]
    extractor = _Extractor(fragment, start, text, path)
    with contextlib.suppress(AssertionError, ValueError):
        extractor.feed(neutralize_unterminated(fragment))
    return extractor.finish()


def parse_html(source: Source) -> list[RawBlock]:
    """Blocks of an HTML policy, in document order."""
    blocks = parse_html_fragment(source.text, 0, len(source.text), source.path)
    return promote_headings(blocks, ["\n" not in b.text for b in blocks])
