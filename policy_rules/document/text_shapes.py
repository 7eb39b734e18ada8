"""What a single line of a plain-text policy looks like: a list item, a numbered line, a heading.

Plain text has no markup, so headings and list items are recognised by shape; the plain-text parser
judges whole files with these tests, and :mod:`.promote` applies the same ones to one-line paragraphs
of Markdown and HTML. See :mod:`.text_parser` for the shapes and the heading levels they give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ALNUM_RE",
    "BREADCRUMB_RE",
    "CHUNK_LIMIT",
    "CONNECTORS",
    "LIST_TAIL_RE",
    "NAV_HOME_RE",
    "RESIDUE_RE",
    "WRAP_END",
    "WRAP_MAX",
    "WRAP_MIN",
    "Blk",
    "Cand",
    "Line",
    "candidate",
    "ends_sentence",
    "is_caps",
    "line_kind",
    "title_ok",
]


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


MD_HEADING_RE = re.compile(r"(#{1,6})[ \t]+")
_MD_CLOSING_RE = re.compile(r"[ \t]+#+$")
BULLET_RE = re.compile(
    r"(?:[-*+•·‣◦▪▫■□●○►▸➢➤✓✔–—]|\(?[a-z]\)|\([A-Z]\)|\(?\d{1,3}\)|\(?[ivxlcdm]{1,6}[.)]|[a-z]\.)"
    r"[ \t]+(?=\S)"
)
NUMBERED_RE = re.compile(r"(\d{1,3}(?:\.\d{1,3}){0,5})(\.?)[ \t]+(?=\S)")
_SECTION_RE = re.compile(
    r"(?:section|article|part|chapter|clause|schedule|appendix|annex)[ \t]+"
    r"(\d{1,3}(?:\.\d{1,3}){0,5}|[IVXLC]{1,6}|[A-Z])\.?(?:[ \t]*[-–—:.][ \t]*|[ \t]+|$)",
    re.IGNORECASE,
)
_ROMAN_RE = re.compile(r"([IVXLC]{1,6})\.[ \t]+(?=\S)")
_LETTER_RE = re.compile(r"([A-Z])\.[ \t]+(?=\S)")
_BOLD_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
DOT_LEADER_RE = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}|_{4,}|\t)[ \t.…_]*\d*$")
_DATEISH_RE = re.compile(r"\d{3}|\d{1,4}[-/.]\d{1,2}")
ALNUM_RE = re.compile(r"\w")
LIST_TAIL_RE = re.compile(r"[;,][ \t]*(?:and|or)$")
_KEY_PREFIX_RE = re.compile(
    r"^(?:(?:section|article|part|chapter)\s+)?(?:\d{1,3}(?:\.\d{1,3})*\.?|[ivxlc]{1,6}\.|[a-z][.)])\s+"
)
_KEY_TAIL_RE = re.compile(r"[\s.·…_]*\d*$")
_NON_WORD_RE = re.compile(r"[\W_]+")

RESIDUE_RE = re.compile(
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
BREADCRUMB_RE = re.compile(r"home\s*(?:[>»/|›→]|&gt;|::)", re.IGNORECASE)
NAV_HOME_RE = re.compile(r"\S+(?:\s+\S+)?\s+home", re.IGNORECASE)

SENTENCE_END = ".!?"
WRAP_END = ",(-–—/&"
CONNECTORS = _words(
    """
    a an and or nor but the of to in on at by for from with without into onto about as than that which
    who whom whose whether our your their its his her my we you they is are was were be been being has
    have had will would may might can could should shall must such including include includes
    """
)
_PRONOUN_OPENERS = _words("we you i they it he she this these there")

TITLE_MAX = 80
_TITLE_WORDS = 12
WRAP_MIN = 40
WRAP_MAX = 100
CHUNK_LIMIT = 200


@dataclass(slots=True)
class Line:
    start: int  # source offset of the first visible character
    end: int  # source offset just past the last visible character
    text: str


@dataclass(slots=True)
class Blk:
    start: int  # where the block's text starts (after a list marker or "#")
    end: int
    line_start: int  # where its first line starts (before any marker)
    kind: str  # "md", "list", "num", "text"
    level: int
    lines: int
    first: str
    last: str
    cand: Cand | None = None
    residue: bool = False
    heading: bool = False


@dataclass(slots=True)
class Cand:
    """A heading candidate: a shape that reads like a title."""

    level: int
    start: int
    end: int
    key: str
    weak: bool  # weak shapes need stronger context (not right after "... as follows:")
    bold: bool = False


def ends_sentence(text: str) -> bool:
    t = text.rstrip("\"'”’»)]*_")
    return bool(t) and t[-1] in SENTENCE_END


def line_kind(line: Line) -> tuple[str, int, int]:
    """(kind, level, offset of the text after any marker) for one line."""
    t = line.text
    m = MD_HEADING_RE.match(t)
    if m:
        return "md", len(m.group(1)), line.start + m.end()
    m = BULLET_RE.match(t)
    if m:
        return "list", 0, line.start + m.end()
    m = NUMBERED_RE.match(t)
    if m and (m.group(2) or "." in m.group(1)):
        return "num", m.group(1).count(".") + 1, line.start + m.end()
    return "text", 0, line.start


def is_caps(t: str) -> bool:
    if t.upper() != t:  # cheap rejection first: almost every line has a lower-case letter
        return False
    return sum(1 for c in t if c.isalpha()) >= 3


def title_ok(t: str) -> bool:
    """A short title: capitalised, few words, no final full stop or comma, no dates or addresses."""
    if not t or len(t) > TITLE_MAX or t[-1] in ".,;:!" or "@" in t or "://" in t or "www." in t:
        return False
    first = t.lstrip("\"'“‘(")[:1]
    if not first or not first.isupper():
        return False
    words = t.split()
    if len(words) > _TITLE_WORDS or _DATEISH_RE.search(t) or ";" in t:
        return False
    if len(words) > 1 and words[-1].lower() in CONNECTORS:
        return False  # "... risk or fraud; and", "... model and": a line of prose, not a title
    return ". " not in t


def key(t: str) -> str:
    k = t.lower().strip("*_# \t")
    k = _KEY_PREFIX_RE.sub("", k)
    k = _KEY_TAIL_RE.sub("", k)
    return _NON_WORD_RE.sub(" ", k).strip()


def candidate(b: Blk) -> Cand | None:
    t = b.first
    s = b.line_start
    if b.kind == "md":
        title_end = b.end
        m = _MD_CLOSING_RE.search(t)
        if m:
            title_end = b.line_start + m.start()
        return Cand(b.level, b.start, max(b.start, title_end), key(t), weak=False)
    if b.kind == "list" or b.lines > 1 or len(t) > WRAP_MAX:
        return None
    if DOT_LEADER_RE.search(t):
        return None
    m = _BOLD_RE.match(t)
    if m:
        inner = m.group(2).strip()
        if title_ok(inner) or (is_caps(inner) and inner[-1] not in ".:;,"):
            return Cand(3, s + m.start(2), s + m.end(2), key(inner), weak=True, bold=True)
        return None
    m = _SECTION_RE.match(t)
    if m:
        rest = t[m.end() :]
        if not rest or title_ok(rest) or is_caps(rest):
            num = m.group(1)
            depth = num.count(".") + 1 if num[0].isdigit() else 1
            return Cand(min(depth, 6), s, b.end, key(t), weak=False)
    if b.kind == "num":
        m = NUMBERED_RE.match(t)
        if m:
            rest = t[m.end() :]
            depth = m.group(1).count(".") + 1
            if title_ok(rest) or (is_caps(rest) and rest[-1] not in ".,;:"):
                return Cand(min(depth, 6), s, b.end, key(t), weak=depth == 1)
        return None
    m = _ROMAN_RE.match(t)
    if m:
        rest = t[m.end() :]
        caps = is_caps(rest) and rest[-1] not in ".,;:"
        # "C. Cookies" is lettered, "IV. Children" and "I. Introduction" are roman.
        if (len(m.group(1)) > 1 or m.group(1) == "I" or caps) and (caps or title_ok(rest)):
            return Cand(1, s, b.end, key(t), weak=False)
    m = _LETTER_RE.match(t)
    if m:
        rest = t[m.end() :]
        if title_ok(rest):
            return Cand(2, s, b.end, key(t), weak=True)
        return None
    if is_caps(t):
        digits = sum(1 for c in t if c.isdigit())
        if t[-1] not in ".,;" and digits <= 4 and "@" not in t and "://" not in t:
            return Cand(1, s, b.end, key(t), weak=False)
        return None
    if title_ok(t):
        words = t.split()
        capitalised = sum(1 for w in words if w[0].isupper())
        if words[0].lower() in _PRONOUN_OPENERS and len(words) >= 4 and capitalised * 2 < len(words):
            return None  # "We do not sell your data": a sentence missing its full stop
        return Cand(2, s, b.end, key(t), weak=True)
    return None
