"""Plain-text policies: blocks straight from the lines of the file.

Every block's text is an exact slice of the source (``TextMap.identity``), so evidence quoted from a
``.txt`` policy is byte-for-byte what the user wrote.

Real policies pasted into text files come in three shapes, and one file can mix them: paragraphs
separated by blank lines, one paragraph per line with no blank lines at all, and paragraphs hard-wrapped
at ~70 columns. Each non-empty line therefore starts a block, unless it visibly continues the line
before: that line does not end a sentence and this one starts in lower case, or that line ends on a
comma or a connecting word ("and", "the"), or the whole blank-line-delimited chunk has the ragged
right edge of a wrapped paragraph.

Headings are recognised by shape, because plain text has no markup to say so. Heading levels:

* Markdown ``#`` lines: the number of ``#`` (1-6).
* ALL-CAPS lines, roman-numbered lines ("IV. CHILDREN") and "Section/Article/Part/Chapter N" lines: 1.
* Numbered lines: the depth of the number ("1. Introduction" -> 1, "2.3 Data Retention" -> 2).
* Lettered ("A. Scope") and short title- or sentence-case lines without a final full stop: 2.
* A line that is bold and nothing else (``**Your Rights**``): one below the heading before it, at least
  3, at most 6 (the same rule as the Markdown and HTML parsers).

A shape alone is not enough, except for Markdown ``#`` lines: the line must be followed by body text
(a paragraph or list) or by a deeper heading. That keeps address lines, names, dates and navigation
residue ("Back to top", "SmarterTools Home", a URL on the first line) from becoming sections. A run of
heading-like lines whose titles come back later as headings is a table of contents and stays paragraphs,
as do lines with dot leaders. List items ("-", "*", "•", "1)", "a)", "(a)", "i.", and "1." lines that read
as sentences) become list items whose text starts after the marker.
"""

from __future__ import annotations

from .limits import MAX_BLOCKS, check_lines, too_many_blocks
from .model import BlockKind
from .rawblock import RawBlock
from .source import Source
from .text_shapes import (
    ALNUM_RE,
    BREADCRUMB_RE,
    CHUNK_LIMIT,
    CONNECTORS,
    LIST_TAIL_RE,
    NAV_HOME_RE,
    RESIDUE_RE,
    WRAP_END,
    WRAP_MAX,
    WRAP_MIN,
    Blk,
    Line,
    candidate,
    ends_sentence,
    is_caps,
    line_kind,
    title_ok,
)
from .textmap import TextMap

__all__ = ["parse_text"]


def parse_text(source: Source) -> list[RawBlock]:
    """Blocks of a plain-text policy, in order; each ``text`` equals its source slice."""
    check_lines(source)
    blocks: list[Blk] = []
    chunk: list[Line] = []
    for line in _lines(source.text, source.line_starts):
        if line is None:
            _emit_chunk(chunk, blocks)
            chunk = []
        else:
            chunk.append(line)
    _emit_chunk(chunk, blocks)
    if len(blocks) > MAX_BLOCKS:
        raise too_many_blocks(source.path, source.position(blocks[MAX_BLOCKS].line_start)[0])

    _find_candidates(blocks)
    _drop_tables_of_contents(blocks)
    _decide_headings(blocks)
    return _to_raw(source.text, blocks)


# -- lines and blocks ------------------------------------------------------------------------------


def _lines(text: str, line_starts: tuple[int, ...]) -> list[Line | None]:
    """Trimmed lines, ``None`` for blank lines and for lines with no letter or digit (rules, ``---``)."""
    out: list[Line | None] = []
    n = len(text)
    count = len(line_starts)
    for i in range(count):
        s = line_starts[i]
        e = line_starts[i + 1] if i + 1 < count else n
        if e > s and text[e - 1] == "\n":
            e -= 1
        if e > s and text[e - 1] == "\r":
            e -= 1
        raw = text[s:e]
        stripped = raw.strip()
        if not stripped or not ALNUM_RE.search(stripped):
            out.append(None)
            continue
        lead = len(raw) - len(raw.lstrip())
        out.append(Line(s + lead, s + lead + len(stripped), stripped))
    return out


def _wrapped_chunk(lines: list[Line]) -> bool:
    """Whether a blank-line-delimited chunk is one hard-wrapped paragraph: every line but the last of
    wrap width, most of them breaking mid-sentence, none starting a list item or a heading."""
    if len(lines) < 2 or len(lines) > CHUNK_LIMIT:
        return False
    open_ends = 0
    for i, line in enumerate(lines):
        n = len(line.text)
        if n > WRAP_MAX or (i < len(lines) - 1 and n < WRAP_MIN):
            return False
        if line_kind(line)[0] != "text":
            return False
        if i < len(lines) - 1 and not ends_sentence(line.text):
            open_ends += 1
    return open_ends * 2 >= len(lines) - 1


def _continues(prev: Blk, line: Line) -> bool:
    """Whether ``line`` is the next line of the hard-wrapped paragraph or list item ``prev``."""
    last = prev.last
    end = last.rstrip("\"'”’»)]")
    if not end or end[-1] in ".!?:" or prev.kind == "md":
        return False
    if len(last) < 60 and (end[-1] == ";" or LIST_TAIL_RE.search(end)):
        return False  # "the right to access;" ... "; and" lines are a list, not a wrapped paragraph
    first = line.text[0]
    if first.islower():
        return True
    if is_caps(line.text):
        return False
    if end[-1] in WRAP_END:
        return True
    if len(last) < WRAP_MIN:
        return False
    word = end.rsplit(None, 1)[-1].lower()
    if word in CONNECTORS:
        return True
    # Inside a paragraph already seen to be hard-wrapped, a capitalised line ("Standards Council, ...")
    # still continues it unless it could be a heading.
    return prev.lines > 1 and len(last) <= WRAP_MAX and not title_ok(line.text)


def _emit_chunk(lines: list[Line], blocks: list[Blk]) -> None:
    if not lines:
        return
    force = _wrapped_chunk(lines)
    cur: Blk | None = None
    for line in lines:
        kind, level, start = line_kind(line)
        if cur is not None and kind == "text" and cur.kind != "md" and (force or _continues(cur, line)):
            cur.end = line.end
            cur.last = line.text
            cur.lines += 1
            continue
        if cur is not None:
            blocks.append(cur)
        cur = Blk(start, line.end, line.start, kind, level, 1, line.text, line.text)
    if cur is not None:
        blocks.append(cur)


# -- headings ----------------------------------------------------------------------------------------


def _find_candidates(blocks: list[Blk]) -> None:
    for b in blocks:
        if b.lines == 1 and b.kind != "md":
            t = b.first
            if (
                RESIDUE_RE.fullmatch(t)
                or BREADCRUMB_RE.match(t)
                or (len(t) <= 40 and NAV_HOME_RE.fullmatch(t))
            ):
                b.residue = True
                continue
        b.cand = candidate(b)


def _drop_tables_of_contents(blocks: list[Blk]) -> None:
    """Runs of title-like lines whose titles reappear later as headings are a table of contents."""
    last_seen: dict[str, int] = {}
    for i, b in enumerate(blocks):
        if b.cand is not None and b.cand.key:
            last_seen[b.cand.key] = i
    i = 0
    n = len(blocks)
    while i < n:
        j = i
        while j < n and blocks[j].lines == 1 and (blocks[j].cand is not None or blocks[j].residue):
            j += 1
        if j - i >= 2:
            hits = [k for k in range(i, j) if _reappears(blocks[k], k, last_seen)]
            members = sum(1 for k in range(hits[0], hits[-1] + 1) if blocks[k].cand) if hits else 0
            if len(hits) >= 2 and len(hits) * 2 >= members:
                for k in range(hits[0], hits[-1] + 1):
                    b = blocks[k]
                    if b.kind != "md":
                        b.cand = None
                        if b.kind == "num":
                            b.kind = "text"
                            b.start = b.line_start
        i = max(j, i + 1)


def _reappears(b: Blk, index: int, last_seen: dict[str, int]) -> bool:
    return b.cand is not None and bool(b.cand.key) and last_seen.get(b.cand.key, -1) > index


def _body_like(b: Blk) -> bool:
    if b.residue or b.heading:
        return False
    if b.kind in ("list", "num") or b.lines > 1:
        return True
    t = b.first
    return len(t) >= 50 or (len(t) >= 20 and (ends_sentence(t) or t.endswith(":")))


def _in_numbered_run(blocks: list[Blk], i: int) -> bool:
    """Whether a numbered line has a neighbour numbered at the same depth: "1. Name / 2. E-mail" is a
    list, while numbered headings have body text between them."""
    depth = blocks[i].level
    return any(
        0 <= j < len(blocks) and blocks[j].kind == "num" and blocks[j].level == depth for j in (i - 1, i + 1)
    )


def _decide_headings(blocks: list[Blk]) -> None:
    """Backwards, so that a heading's follower is already decided when the heading is judged."""
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        c = b.cand
        if c is None:
            continue
        if b.kind == "md":
            b.heading = True
            continue
        if i + 1 >= len(blocks):
            continue
        nxt = blocks[i + 1]
        followed = _body_like(nxt) or (nxt.heading and nxt.cand is not None and nxt.cand.level > c.level)
        if not followed:
            continue
        if c.weak and i > 0 and blocks[i - 1].last.rstrip().endswith(":") and not blocks[i - 1].heading:
            continue
        if b.kind == "num" and _in_numbered_run(blocks, i):
            continue
        b.heading = True

    last_level = 0
    for b in blocks:
        if b.heading and b.cand is not None:
            if b.cand.bold:
                b.cand.level = min(6, max(3, last_level + 1))
            else:
                last_level = b.cand.level


def _to_raw(text: str, blocks: list[Blk]) -> list[RawBlock]:
    out: list[RawBlock] = []
    for b in blocks:
        if b.heading and b.cand is not None:
            kind, level, s, e = BlockKind.HEADING, b.cand.level, b.cand.start, b.cand.end
        elif b.kind == "list" or (b.kind == "num" and not b.residue):
            kind, level, s, e = BlockKind.LIST_ITEM, 0, b.start, b.end
        else:
            kind, level, s, e = BlockKind.PARAGRAPH, 0, b.line_start, b.end
        body = text[s:e]
        stripped = body.strip()
        if not stripped:
            continue
        s += len(body) - len(body.lstrip())
        out.append(RawBlock(kind, level, stripped, TextMap.identity(s, len(stripped))))
    return out
