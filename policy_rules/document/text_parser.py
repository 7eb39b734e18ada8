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

import re
from dataclasses import dataclass

from .model import BlockKind
from .rawblock import RawBlock
from .source import Source
from .textmap import TextMap

__all__ = ["parse_text", "promote_headings"]


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


_MD_HEADING_RE = re.compile(r"(#{1,6})[ \t]+")
_MD_CLOSING_RE = re.compile(r"[ \t]+#+$")
_BULLET_RE = re.compile(
    r"(?:[-*+•·‣◦▪▫■□●○►▸➢➤✓✔–—]|\(?[a-z]\)|\([A-Z]\)|\(?\d{1,3}\)|\(?[ivxlcdm]{1,6}[.)]|[a-z]\.)"
    r"[ \t]+(?=\S)"
)
_NUMBERED_RE = re.compile(r"(\d{1,3}(?:\.\d{1,3}){0,5})(\.?)[ \t]+(?=\S)")
_SECTION_RE = re.compile(
    r"(?:section|article|part|chapter|clause|schedule|appendix|annex)[ \t]+"
    r"(\d{1,3}(?:\.\d{1,3}){0,5}|[IVXLC]{1,6}|[A-Z])\.?(?:[ \t]*[-–—:.][ \t]*|[ \t]+|$)",
    re.IGNORECASE,
)
_ROMAN_RE = re.compile(r"([IVXLC]{1,6})\.[ \t]+(?=\S)")
_LETTER_RE = re.compile(r"([A-Z])\.[ \t]+(?=\S)")
_BOLD_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
_DOT_LEADER_RE = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}|_{4,}|\t)[ \t.…_]*\d*$")
_DATEISH_RE = re.compile(r"\d{3}|\d{1,4}[-/.]\d{1,2}")
_ALNUM_RE = re.compile(r"\w")
_LIST_TAIL_RE = re.compile(r"[;,][ \t]*(?:and|or)$")
_KEY_PREFIX_RE = re.compile(
    r"^(?:(?:section|article|part|chapter)\s+)?(?:\d{1,3}(?:\.\d{1,3})*\.?|[ivxlc]{1,6}\.|[a-z][.)])\s+"
)
_KEY_TAIL_RE = re.compile(r"[\s.·…_]*\d*$")
_NON_WORD_RE = re.compile(r"[\W_]+")

_RESIDUE_RE = re.compile(
    r"[\[(<|»›↑^ \t-]*"
    r"(?:back\s+to\s+(?:the\s+)?top|return\s+to\s+(?:the\s+)?top|go\s+to\s+top|top\s+of\s+(?:the\s+)?page|top"
    r"|home|skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|main)|skip\s+navigation|jump\s+to"
    r"|print|print\s+(?:this\s+)?(?:page|policy)|printer[-\s]friendly(?:\s+version)?|download\s+pdf|share"
    r"|share\s+this(?:\s+page)?|menu|main\s+menu|close|search|log\s*in|sign\s*in|sign\s*up|subscribe"
    r"|cookie\s+settings|accept(?:\s+all)?(?:\s+cookies)?|reject\s+all|decline|previous|next|next\s+page"
    r"|previous\s+page|table\s+of\s+contents|contents|on\s+this\s+page|in\s+this\s+(?:policy|article|section)"
    r"|toggle\s+navigation|open\s+menu|you\s+are\s+here:?.*|skip\s.{0,60}|back|main|settings|x|×"
    r"|language:?(?:\s+\S+)?|select\s+(?:your\s+)?(?:language|country|region)|enter\s+your\s+e-?mail.{0,30})"
    r"[\])>|«‹↑^ \t:-]*",
    re.IGNORECASE,
)
_BREADCRUMB_RE = re.compile(r"home\s*(?:[>»/|›→]|&gt;|::)", re.IGNORECASE)
_NAV_HOME_RE = re.compile(r"\S+(?:\s+\S+)?\s+home", re.IGNORECASE)

_SENTENCE_END = ".!?"
_WRAP_END = ",(-–—/&"
_CONNECTORS = _words(
    """
    a an and or nor but the of to in on at by for from with without into onto about as than that which
    who whom whose whether our your their its his her my we you they is are was were be been being has
    have had will would may might can could should shall must such including include includes
    """
)
_PRONOUN_OPENERS = _words("we you i they it he she this these there")

_TITLE_MAX = 80
_TITLE_WORDS = 12
_WRAP_MIN = 40
_WRAP_MAX = 100
_CHUNK_LIMIT = 200


@dataclass(slots=True)
class _Line:
    start: int  # source offset of the first visible character
    end: int  # source offset just past the last visible character
    text: str


@dataclass(slots=True)
class _Blk:
    start: int  # where the block's text starts (after a list marker or "#")
    end: int
    line_start: int  # where its first line starts (before any marker)
    kind: str  # "md", "list", "num", "text"
    level: int
    lines: int
    first: str
    last: str
    cand: _Cand | None = None
    residue: bool = False
    heading: bool = False


@dataclass(slots=True)
class _Cand:
    """A heading candidate: a shape that reads like a title."""

    level: int
    start: int
    end: int
    key: str
    weak: bool  # weak shapes need stronger context (not right after "... as follows:")
    bold: bool = False


def parse_text(source: Source) -> list[RawBlock]:
    """Blocks of a plain-text policy, in order; each ``text`` equals its source slice."""
    blocks: list[_Blk] = []
    chunk: list[_Line] = []
    for line in _lines(source.text, source.line_starts):
        if line is None:
            _emit_chunk(chunk, blocks)
            chunk = []
        else:
            chunk.append(line)
    _emit_chunk(chunk, blocks)

    _find_candidates(blocks)
    _drop_tables_of_contents(blocks)
    _decide_headings(blocks)
    return _to_raw(source.text, blocks)


# -- lines and blocks ------------------------------------------------------------------------------


def _lines(text: str, line_starts: tuple[int, ...]) -> list[_Line | None]:
    """Trimmed lines, ``None`` for blank lines and for lines with no letter or digit (rules, ``---``)."""
    out: list[_Line | None] = []
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
        if not stripped or not _ALNUM_RE.search(stripped):
            out.append(None)
            continue
        lead = len(raw) - len(raw.lstrip())
        out.append(_Line(s + lead, s + lead + len(stripped), stripped))
    return out


def _ends_sentence(text: str) -> bool:
    t = text.rstrip("\"'”’»)]*_")
    return bool(t) and t[-1] in _SENTENCE_END


def _line_kind(line: _Line) -> tuple[str, int, int]:
    """(kind, level, offset of the text after any marker) for one line."""
    t = line.text
    m = _MD_HEADING_RE.match(t)
    if m:
        return "md", len(m.group(1)), line.start + m.end()
    m = _BULLET_RE.match(t)
    if m:
        return "list", 0, line.start + m.end()
    m = _NUMBERED_RE.match(t)
    if m and (m.group(2) or "." in m.group(1)):
        return "num", m.group(1).count(".") + 1, line.start + m.end()
    return "text", 0, line.start


def _wrapped_chunk(lines: list[_Line]) -> bool:
    """Whether a blank-line-delimited chunk is one hard-wrapped paragraph: every line but the last of
    wrap width, most of them breaking mid-sentence, none starting a list item or a heading."""
    if len(lines) < 2 or len(lines) > _CHUNK_LIMIT:
        return False
    open_ends = 0
    for i, line in enumerate(lines):
        n = len(line.text)
        if n > _WRAP_MAX or (i < len(lines) - 1 and n < _WRAP_MIN):
            return False
        if _line_kind(line)[0] != "text":
            return False
        if i < len(lines) - 1 and not _ends_sentence(line.text):
            open_ends += 1
    return open_ends * 2 >= len(lines) - 1


def _continues(prev: _Blk, line: _Line) -> bool:
    """Whether ``line`` is the next line of the hard-wrapped paragraph or list item ``prev``."""
    last = prev.last
    end = last.rstrip("\"'”’»)]")
    if not end or end[-1] in ".!?:" or prev.kind == "md":
        return False
    if len(last) < 60 and (end[-1] == ";" or _LIST_TAIL_RE.search(end)):
        return False  # "the right to access;" ... "; and" lines are a list, not a wrapped paragraph
    first = line.text[0]
    if first.islower():
        return True
    if _is_caps(line.text):
        return False
    if end[-1] in _WRAP_END:
        return True
    if len(last) < _WRAP_MIN:
        return False
    word = end.rsplit(None, 1)[-1].lower()
    if word in _CONNECTORS:
        return True
    # Inside a paragraph already seen to be hard-wrapped, a capitalised line ("Standards Council, ...")
    # still continues it unless it could be a heading.
    return prev.lines > 1 and len(last) <= _WRAP_MAX and not _title_ok(line.text)


def _emit_chunk(lines: list[_Line], blocks: list[_Blk]) -> None:
    if not lines:
        return
    force = _wrapped_chunk(lines)
    cur: _Blk | None = None
    for line in lines:
        kind, level, start = _line_kind(line)
        if cur is not None and kind == "text" and cur.kind != "md" and (force or _continues(cur, line)):
            cur.end = line.end
            cur.last = line.text
            cur.lines += 1
            continue
        if cur is not None:
            blocks.append(cur)
        cur = _Blk(start, line.end, line.start, kind, level, 1, line.text, line.text)
    if cur is not None:
        blocks.append(cur)


# -- heading candidates ----------------------------------------------------------------------------


def _is_caps(t: str) -> bool:
    if t.upper() != t:  # cheap rejection first: almost every line has a lower-case letter
        return False
    return sum(1 for c in t if c.isalpha()) >= 3


def _title_ok(t: str) -> bool:
    """A short title: capitalised, few words, no final full stop or comma, no dates or addresses."""
    if not t or len(t) > _TITLE_MAX or t[-1] in ".,;:!" or "@" in t or "://" in t or "www." in t:
        return False
    first = t.lstrip("\"'“‘(")[:1]
    if not first or not first.isupper():
        return False
    words = t.split()
    if len(words) > _TITLE_WORDS or _DATEISH_RE.search(t) or ";" in t:
        return False
    if len(words) > 1 and words[-1].lower() in _CONNECTORS:
        return False  # "... risk or fraud; and", "... model and": a line of prose, not a title
    return ". " not in t


def _key(t: str) -> str:
    k = t.lower().strip("*_# \t")
    k = _KEY_PREFIX_RE.sub("", k)
    k = _KEY_TAIL_RE.sub("", k)
    return _NON_WORD_RE.sub(" ", k).strip()


def _candidate(b: _Blk) -> _Cand | None:
    t = b.first
    s = b.line_start
    if b.kind == "md":
        title_end = b.end
        m = _MD_CLOSING_RE.search(t)
        if m:
            title_end = b.line_start + m.start()
        return _Cand(b.level, b.start, max(b.start, title_end), _key(t), weak=False)
    if b.kind == "list" or b.lines > 1 or len(t) > _WRAP_MAX:
        return None
    if _DOT_LEADER_RE.search(t):
        return None
    m = _BOLD_RE.match(t)
    if m:
        inner = m.group(2).strip()
        if _title_ok(inner) or (_is_caps(inner) and inner[-1] not in ".:;,"):
            return _Cand(3, s + m.start(2), s + m.end(2), _key(inner), weak=True, bold=True)
        return None
    m = _SECTION_RE.match(t)
    if m:
        rest = t[m.end() :]
        if not rest or _title_ok(rest) or _is_caps(rest):
            num = m.group(1)
            depth = num.count(".") + 1 if num[0].isdigit() else 1
            return _Cand(min(depth, 6), s, b.end, _key(t), weak=False)
    if b.kind == "num":
        m = _NUMBERED_RE.match(t)
        if m:
            rest = t[m.end() :]
            depth = m.group(1).count(".") + 1
            if _title_ok(rest) or (_is_caps(rest) and rest[-1] not in ".,;:"):
                return _Cand(min(depth, 6), s, b.end, _key(t), weak=depth == 1)
        return None
    m = _ROMAN_RE.match(t)
    if m:
        rest = t[m.end() :]
        caps = _is_caps(rest) and rest[-1] not in ".,;:"
        # "C. Cookies" is lettered, "IV. Children" and "I. Introduction" are roman.
        if (len(m.group(1)) > 1 or m.group(1) == "I" or caps) and (caps or _title_ok(rest)):
            return _Cand(1, s, b.end, _key(t), weak=False)
    m = _LETTER_RE.match(t)
    if m:
        rest = t[m.end() :]
        if _title_ok(rest):
            return _Cand(2, s, b.end, _key(t), weak=True)
        return None
    if _is_caps(t):
        digits = sum(1 for c in t if c.isdigit())
        if t[-1] not in ".,;" and digits <= 4 and "@" not in t and "://" not in t:
            return _Cand(1, s, b.end, _key(t), weak=False)
        return None
    if _title_ok(t):
        words = t.split()
        capitalised = sum(1 for w in words if w[0].isupper())
        if words[0].lower() in _PRONOUN_OPENERS and len(words) >= 4 and capitalised * 2 < len(words):
            return None  # "We do not sell your data": a sentence missing its full stop
        return _Cand(2, s, b.end, _key(t), weak=True)
    return None


def _find_candidates(blocks: list[_Blk]) -> None:
    for b in blocks:
        if b.lines == 1 and b.kind != "md":
            t = b.first
            if (
                _RESIDUE_RE.fullmatch(t)
                or _BREADCRUMB_RE.match(t)
                or (len(t) <= 40 and _NAV_HOME_RE.fullmatch(t))
            ):
                b.residue = True
                continue
        b.cand = _candidate(b)


def _drop_tables_of_contents(blocks: list[_Blk]) -> None:
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


def _reappears(b: _Blk, index: int, last_seen: dict[str, int]) -> bool:
    return b.cand is not None and bool(b.cand.key) and last_seen.get(b.cand.key, -1) > index


def _body_like(b: _Blk) -> bool:
    if b.residue or b.heading:
        return False
    if b.kind in ("list", "num") or b.lines > 1:
        return True
    t = b.first
    return len(t) >= 50 or (len(t) >= 20 and (_ends_sentence(t) or t.endswith(":")))


def _in_numbered_run(blocks: list[_Blk], i: int) -> bool:
    """Whether a numbered line has a neighbour numbered at the same depth: "1. Name / 2. E-mail" is a
    list, while numbered headings have body text between them."""
    depth = blocks[i].level
    return any(
        0 <= j < len(blocks) and blocks[j].kind == "num" and blocks[j].level == depth for j in (i - 1, i + 1)
    )


def _decide_headings(blocks: list[_Blk]) -> None:
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


def _to_raw(text: str, blocks: list[_Blk]) -> list[RawBlock]:
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


# -- heading shapes in other formats -----------------------------------------------------------------


def _shape(text: str) -> _Cand | None:
    """The heading candidate a one-line paragraph would be in a text file (markup already removed)."""
    if "\n" in text or len(text) > _WRAP_MAX:
        return None
    line = _Line(0, len(text), text)
    kind, level, start = _line_kind(line)
    if kind in ("md", "list") or _RESIDUE_RE.fullmatch(text) or _BREADCRUMB_RE.match(text):
        return None
    cand = _candidate(_Blk(start, len(text), 0, kind, level, 1, text, text))
    return None if cand is None or cand.bold else cand


def _raw_body_like(b: RawBlock) -> bool:
    if b.kind in (BlockKind.LIST_ITEM, BlockKind.TABLE_CELL):
        return True
    if b.kind is not BlockKind.PARAGRAPH:
        return False
    t = b.text
    return len(t) >= 50 or (len(t) >= 20 and (_ends_sentence(t) or t.endswith(":")))


def promote_headings(blocks: list[RawBlock], eligible: list[bool]) -> list[RawBlock]:
    """Markdown and HTML policies often mark headings up as plain paragraphs ("PERSONAL INFORMATION WE
    COLLECT", "Introduction"); promote ``eligible`` one-line paragraphs that have a heading's shape and
    are followed by body text, with the same tests as for plain text.

    Level: the plain-text level (1 for ALL CAPS, 2 for titles, the depth of a number), added to the
    level of the last real heading before it, if there is one.
    """
    n = len(blocks)
    shapes = [
        _shape(b.text) if eligible[i] and b.kind is BlockKind.PARAGRAPH else None
        for i, b in enumerate(blocks)
    ]
    promoted = [False] * n
    for i in range(n - 1, -1, -1):
        c = shapes[i]
        if c is None or i + 1 >= n:
            continue
        nxt = shapes[i + 1]
        deeper = promoted[i + 1] and nxt is not None and nxt.level > c.level
        if not (_raw_body_like(blocks[i + 1]) or deeper):
            continue
        if c.weak and i > 0 and blocks[i - 1].text.endswith(":"):
            continue
        promoted[i] = True
    if not any(promoted):
        return blocks
    out: list[RawBlock] = []
    base = 0
    for i, b in enumerate(blocks):
        c = shapes[i]
        if b.kind is BlockKind.HEADING:
            base = b.level
        elif promoted[i] and c is not None:
            b = RawBlock(BlockKind.HEADING, min(6, base + c.level), b.text, b.textmap)
        out.append(b)
    return out
