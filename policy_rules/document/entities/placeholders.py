"""Placeholders: template slots a policy generator left unfilled ("[Insert date]", "<Company Name>").

A policy with placeholders is unfinished; rules report them rather than taking them as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import EntityKind
from ._base import Found, words

_PLACEHOLDER_RE = re.compile(
    r"(?=[\[<{$%(XxL_])(?:"  # cheap first-character filter, see the module docstring
    r"(?P<bracket>\[[^\[\]\n]{1,80}\](?![(\[:]))"
    r"|(?P<angle><[^<>\n]{1,60}>)"
    r"|(?P<curly>\{\{[^{}\n]{1,60}\}\}|\$\{[A-Za-z_][\w.]{0,40}\}|%[A-Z][A-Z_]{2,40}%)"
    r"|(?P<xphone>(?:\(XXX\)|\(xxx\)|XXX[ .\-]|xxx[ .\-])[ ]?[Xx]{3}[ .\-][Xx]{4}(?![\w]))"
    r"|(?P<xrun>XXX+(?![\w]))"
    r"|(?P<under>___+)"
    r"|(?P<lorem>Lorem[ ]ipsum)"
    r")"
)
_PLACEHOLDER_FIRST = words(
    "insert enter add your type fill specify include put name company business organization organisation",
    "date email e-mail phone telephone tel address website site url domain country state city jurisdiction",
    "app application product service placeholder tbd todo tba contact legal full street postal zip",
    "postcode owner operator controller entity brand number effective last dpo representative",
)
_PLACEHOLDER_WORDS = words(
    "name email e-mail phone telephone address date url website number country city state jurisdiction",
    "company business organization organisation app",
)
_FILLER_CHARS = frozenset("●•…._-*?xX# ")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]*")


def _placeholderwords(inner: str) -> bool:
    """Whether bracketed text reads like a slot to fill ("Insert date", "COMPANY NAME", "●")."""
    inner = inner.strip()
    if not inner:
        return False
    if all(c in _FILLER_CHARS for c in inner):
        return True
    words = _WORD_RE.findall(inner)
    if not words or len(words) > 8 or inner.lower() == "email protected":
        # "[email protected]" is Cloudflare hiding a real address, not a template slot.
        return False
    if words[0].lower() in _PLACEHOLDER_FIRST:
        return True
    letters = [c for c in inner if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return len(words) >= 2 or any(w.lower() in _PLACEHOLDER_WORDS for w in words)
    return False


def placeholders(text: str) -> Iterator[Found]:
    """Every unfilled template slot ("[COMPANY NAME]", "XXX-XXX-XXXX", "Lorem ipsum"); no value."""
    for m in _PLACEHOLDER_RE.finditer(text):
        kind = m.lastgroup
        s = m.start()
        if kind in ("bracket", "angle"):
            inner = m.group()[1:-1]
            if "://" in inner or "@" in inner or "=" in inner or inner[:1] in "/!?":
                continue
            if kind == "angle" and not (inner[:1].isupper() or inner.startswith(("insert", "enter", "your"))):
                continue
            if not _placeholderwords(inner):
                continue
        elif (
            kind in ("xphone", "xrun", "lorem", "under")
            and s > 0
            and (text[s - 1].isalnum() or text[s - 1] == "_")
        ):
            continue
        yield (EntityKind.PLACEHOLDER, s, m.end(), None)
