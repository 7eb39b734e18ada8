"""Plain text of one Markdown inline token, aligned with the inline's raw source.

markdown-it's inline tokens carry text with escapes and entities resolved and markup removed, but no
offsets. The walker below replays the children over the raw source: emphasis markers, link
destinations and images are skipped, an escape or an entity maps as one unit, and code spans map
character by character (their line breaks read as spaces). Every search is bounded by the length of
the text being placed, so a long paragraph costs about as much as reading it.
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["LinkRuns", "Run", "walk_inline"]

#: A link found by :func:`walk_inline`: ``(first run, end run, target)``, the runs of its text.
LinkRuns = tuple[int, int, str]

_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_SPECIAL_RE = re.compile(r"[\\&]")
_EMPHASIS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})
# How far past the expected place an unmodelled piece of markup may push a text token.
_SLACK = 256

Run = tuple[str, int, int]  # (plain text, content start, content end)


class _Inline:
    """Walks an inline token's children over its raw source, collecting plain runs."""

    def __init__(self, content: str) -> None:
        self.s = content
        self.c = 0
        self.runs: list[Run] = []

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
        found = s.find(t, j, j + len(t) + _SLACK)
        if found >= 0:  # markup we did not model sits in between: skip it
            self._exact(found, found + len(t))
            self.c = found + len(t)
            return
        end = min(len(s), j + len(t))  # give up on precision, keep the text near where it belongs
        self.runs.append((t, j, end))
        self.c = end

    def _align(self, t: str, j: int) -> tuple[list[Run], int] | None:
        """Align ``t`` with the source from ``j``, where backslash escapes and character references
        of the source became single characters of ``t``."""
        s = self.s
        runs: list[Run] = []
        i = 0
        while i < len(t):
            # Only the next len(t) - i characters can be copied verbatim: look no further for a special.
            m = _SPECIAL_RE.search(s, j, j + len(t) - i)
            k = m.start() if m else min(len(s), j + len(t) - i)
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
            j = _skip_inline_link(s, j)
        elif s.startswith("[", j):
            j = _skip_balanced(s, j, "[", "]")
        self.c = j

    def image(self) -> None:
        s, j = self.s, self.c
        if s.startswith("![", j):
            j = _skip_balanced(s, j + 1, "[", "]")
            if s.startswith("(", j):
                j = _skip_inline_link(s, j)
            elif s.startswith("[", j):
                j = _skip_balanced(s, j, "[", "]")
            self.c = j

    def code(self, token: Any) -> None:
        """A code span, character by character: markdown-it turned its line breaks into spaces and,
        when both ends were blank, dropped one blank from each end."""
        s = self.s
        self.skip(token.markup)
        t, j, markup = token.content, self.c, token.markup
        end = _code_end(s, t, j + 1, markup, 1) if j < len(s) and s[j] in " \n" else -1
        if end >= 0:
            j += 1
        else:
            end = _code_end(s, t, j, markup, 0)
        if end < 0:  # not what we expected: place it as plain text would be
            self.text(t)
        else:
            start = j
            for k in range(j, end):
                if s[k] == "\n":
                    self._exact(start, k)
                    self.runs.append((" ", k, k + 1))
                    start = k + 1
            self._exact(start, end)
            self.c = end
        while self.c < len(s) and s[self.c] in " \n":
            self.c += 1
        self.skip(markup)


def _code_end(s: str, t: str, j: int, markup: str, pad: int) -> int:
    """Where code content ``t`` ends if it sits at ``s[j:]`` (a line break read as a space), followed
    by ``pad`` blanks and the closing backticks; else -1."""
    end = j + len(t)
    if s[j:end].replace("\n", " ") != t:
        return -1
    if pad and not (end < len(s) and s[end] in " \n"):
        return -1
    return end if s.startswith(markup, end + pad) else -1


def _skip_inline_link(s: str, j: int) -> int:
    """Index after the ``(destination "title")`` that starts at ``s[j] == "("``, read as CommonMark
    does: a ``<...>`` destination may hold unbalanced parentheses, a title any bracket at all. Bounded
    by the link itself, which markdown-it has already found valid."""
    n = len(s)
    k = _skip_blanks(s, j + 1)
    if k < n and s[k] == "<":
        k += 1
        while k < n and s[k] not in ">\n":
            k += 2 if s[k] == "\\" else 1
        k += 1
    else:
        depth = 0
        while k < n and not s[k].isspace():
            ch = s[k]
            if ch == "\\":
                k += 2
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            k += 1
    k = _skip_blanks(s, k)
    if k < n and s[k] in "\"'(":
        close = ")" if s[k] == "(" else s[k]
        k += 1
        while k < n and s[k] != close:
            k += 2 if s[k] == "\\" else 1
        k = _skip_blanks(s, k + 1)
    if k < n and s[k] == ")":
        return k + 1
    return _skip_balanced(s, j, "(", ")")  # not the shape we expected: the old, looser reading


def _skip_blanks(s: str, j: int) -> int:
    while j < len(s) and s[j] in " \t\n":
        j += 1
    return j


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


def walk_inline(token: Any, content: str) -> tuple[list[Run], bool, list[LinkRuns]]:
    """Plain runs of an inline token over its raw source ``content``, whether all of its visible
    text is bold, and its links (the runs of each link's text, and its target)."""
    walker = _Inline(content)
    links: list[bool] = []
    opened: list[tuple[int, str]] = []
    found: list[LinkRuns] = []
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
            opened.append((len(walker.runs), str(ch.attrs.get("href") or "")))
            walker.skip("<" if auto else "[" if ch.markup != "linkify" else "")
        elif t == "link_close":
            auto = links.pop() if links else False
            if opened:
                first, href = opened.pop()
                if href and len(walker.runs) > first:
                    found.append((first, len(walker.runs), href))
            if auto:
                walker.skip(">")
            else:
                walker.link_tail()
        elif t == "image":
            walker.image()
        elif t == "html_inline":
            walker.skip(ch.content)
    return walker.runs, bold_text and not plain_text, found
