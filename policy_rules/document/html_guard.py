"""Keeping the stdlib HTML tokenizer linear on markup that never closes.

``html.parser`` handles a ``<`` whose construct is not terminated (``<b`` with no ``>`` after it, a
``<!--`` with no ``-->``) by scanning to the end of the input for the terminator, giving up, emitting a
few characters as text and trying again at the next ``<``: 8,000 unclosed ``<b `` (24 KB) took 5 s,
and a few MB took minutes. No maintained HTML5 parser for Python reports the source offset of every
text run and character reference, which the evidence spans need, so the stdlib tokenizer stays and is
guarded here instead.

The guard decides up front, in one pass, which ``<`` can never be terminated, and replaces exactly
those characters with a placeholder of the same length before the text is fed. The tokenizer then sees
plain text there (what it would have produced anyway, only after its quadratic search), and because
the replacement keeps every offset, the extractor re-reads text from the original string.
"""

from __future__ import annotations

import re

__all__ = ["PLACEHOLDER", "neutralize_unterminated"]

PLACEHOLDER = "\x01"
# Openers whose terminator is more than a ">", each with a superset of the spellings of its end that
# any supported Python version accepts ("-->", "-- >", "--!>", the abrupt "<!-->" whose "--" overlaps
# the opener; "]]>" and the "]>" of "<![if ...]>"), and where that end may start at the earliest.
_SECTIONS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("<!--", re.compile(r"--!?\s*>"), 2),
    ("<![", re.compile(r"]\s*>"), 3),
)


def _last_start(pattern: re.Pattern[str], text: str) -> int:
    last = -1
    for m in pattern.finditer(text):
        last = m.start()
    return last


def neutralize_unterminated(text: str) -> str:
    """``text`` with every ``<`` that starts a construct no later character can terminate replaced by
    :data:`PLACEHOLDER`: any ``<`` after the last ``>``, and any ``<!--`` (``<![``) after the last
    comment (section) end.

    Constructs that do have a terminator are left alone: each is consumed up to its first terminator,
    so scanning them costs no more than reading them once.
    """
    last_gt = text.rfind(">")
    hopeless: list[int] = []
    for opener, close, skip in _SECTIONS:
        if text.find(opener, 0, max(0, last_gt)) < 0:
            continue
        last_close = _last_start(close, text)
        j = text.find(opener, max(0, last_close - skip + 1), max(0, last_gt))
        while j >= 0:
            hopeless.append(j)
            j = text.find(opener, j + 1, last_gt)
    first_lt = text.find("<", last_gt + 1)
    if not hopeless and first_lt < 0:
        return text  # the common case: nothing is left open
    parts: list[str] = []
    i = 0
    for j in sorted(hopeless):
        parts.append(text[i:j])
        parts.append(PLACEHOLDER)
        i = j + 1
    if first_lt >= 0:
        parts.append(text[i:first_lt])
        parts.append(text[first_lt:].replace("<", PLACEHOLDER))
    else:
        parts.append(text[i:])
    return "".join(parts)
