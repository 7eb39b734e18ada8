"""The policy text as HTML, with every evidence span a ``<mark>`` and notes inserted where they belong.

Evidence spans overlap: several rules cite one sentence (one highlight for all of them), a block
contains a sentence (the marks nest), and two spans can cross. Crossing spans cannot nest in HTML, so
a span is cut into fragments at the boundaries of the spans it crosses; every fragment carries the
span's ``data-s`` id and only the first one carries the element ``id`` that links point to. So the
number of distinct ``data-s`` values is always the number of distinct spans, however they overlap.

Everything from the policy is escaped here and nowhere else: a policy is untrusted input, and
``</mark><script>`` in it must stay text. Characters that could hide or reorder what a reader sees
(controls, bidi overrides, lone surrogates) are shown as visible escapes. For an HTML source the
markup itself is hidden (tags, comments, scripts and styles), with block tags read as line breaks,
so a reader sees the words the offsets point into without the page's code around them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .escaping import visible

# Characters shown as escapes: C0/C1 controls except tab and line breaks, bidi controls, the Unicode
# line separators, lone surrogates and the XML noncharacters (the set of ``escaping.visible``).
_HIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_HTML_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|head)\b.*?(?:</\1\s*>|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|</?[A-Za-z!?][^>]*>?",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|dl|dt|dd|tr|table|section|article|header|footer|main|nav|"
    r"blockquote|pre|hr|aside|details|summary|figure|form|body|html)\b",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def text_html(text: str) -> str:
    """Policy text as HTML text: ``&<>"'`` escaped, invisible or reordering characters made visible."""
    escaped = html.escape(text, quote=True)
    return _HIDDEN_CHARS.sub(lambda m: f'<span class="ctl">{html.escape(visible(m.group()))}</span>', escaped)


def _html_source_text(text: str) -> str:
    """Text of an HTML source between two tags: its character references shown decoded."""
    out = []
    last = 0
    for m in _ENTITY.finditer(text):
        out.append(text_html(text[last : m.start()]))
        out.append(text_html(html.unescape(m.group())))
        last = m.end()
    out.append(text_html(text[last:]))
    return "".join(out)


@dataclass(frozen=True)
class Highlight:
    """One distinct evidence span: its id, CSS classes, tooltip and the links placed at its end."""

    start: int
    end: int
    sid: str
    classes: str
    title: str
    refs: str  # trusted HTML (built by the formatter from escaped parts)


def hidden_markup(text: str, source_format: str) -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` regions of the source not shown as text: the markup of HTML."""
    if source_format != "html":
        return []
    return [
        (m.start(), m.end(), "\n" if _BLOCK_TAG.match(m.group()) else "") for m in _HTML_MARKUP.finditer(text)
    ]


def _open(h: Highlight, first: bool) -> str:
    ident = f' id="{h.sid}"' if first else ""
    return f'<mark class="{h.classes}" data-s="{h.sid}"{ident} title="{html.escape(h.title)}">'


def render_text(
    text: str,
    highlights: Sequence[Highlight],
    inserts: Mapping[int, str] | None = None,
    source_format: str = "text",
) -> str:
    """``text`` as HTML with ``highlights`` as (nested, split where they cross) marks and ``inserts``
    (trusted HTML) placed at their offsets outside every mark."""
    inserts = dict(inserts or {})
    hidden = hidden_markup(text, source_format)
    hidden_at = {start: (end, repl) for start, end, repl in hidden}
    plain = _html_source_text if source_format == "html" else text_html
    starts: dict[int, list[Highlight]] = {}
    ends: dict[int, list[Highlight]] = {}
    for h in highlights:
        starts.setdefault(h.start, []).append(h)
        ends.setdefault(h.end, []).append(h)
    points = sorted({0, len(text), *starts, *ends, *inserts, *(p for s, e, _ in hidden for p in (s, e))})
    out: list[str] = []
    stack: list[Highlight] = []
    opened: set[str] = set()
    hidden_until = -1
    replacement = ""
    for i, point in enumerate(points):
        closing = {h.sid for h in ends.get(point, ()) if h.start < h.end}
        reopen: list[Highlight] = []
        if closing or point in inserts:
            # Close down to the lowest mark that ends here (all of them before an insert), then reopen
            # the ones that go on as new fragments.
            keep = 0 if point in inserts else min(j for j, h in enumerate(stack) if h.sid in closing)
            while len(stack) > keep:
                h = stack.pop()
                if h.sid in closing:
                    out.append(h.refs)
                else:
                    reopen.append(h)
                out.append("</mark>")
            out.append(inserts.get(point, ""))
        new = [h for h in starts.get(point, ()) if h.start < h.end]
        for h in sorted(reopen + new, key=lambda h: (-h.end, h.sid)):
            out.append(_open(h, h.sid not in opened))
            opened.add(h.sid)
            stack.append(h)
        for h in starts.get(point, ()):
            if h.start == h.end:  # an empty span still gets its (empty) mark, so links and counts hold
                out.append(_open(h, h.sid not in opened) + h.refs + "</mark>")
                opened.add(h.sid)
        if point in hidden_at:
            end, replacement = hidden_at[point]
            hidden_until = max(hidden_until, end)
            out.append(replacement)
        if i + 1 < len(points):
            nxt = points[i + 1]
            if nxt > hidden_until:
                out.append(plain(text[max(point, hidden_until) : nxt]))
    while stack:
        out.append(stack.pop().refs + "</mark>")
    return "".join(out)
