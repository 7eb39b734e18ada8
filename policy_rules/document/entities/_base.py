"""Pieces every entity detector shares: the found-entity tuple, word sets and the backward-window helper.

Detectors run over whole documents, tens of megabytes in batch use, so each is built to stay linear and
cheap:

* a scan starts from a rare anchor (an ``@``, a ``://``, a legal form, a digit at a word start) and the
  rest of the entity is matched around it, forwards with ``match`` or backwards with a ``\\Z``-anchored
  search over a short window;
* a scanning pattern begins with a literal or a one-character look-ahead, so the regex engine can skip
  non-candidate characters without entering the pattern; IGNORECASE is avoided on whole-text scans for
  the same reason (it is several times slower);
* repeated pieces are separated by a mandatory delimiter, so a string splits one way only, and most
  repetitions are bounded, so a failed attempt costs a constant.

Entities never cross a block separator (a blank line), with one exception made explicit in
:mod:`.address_lines`: an address written one line per block. Separators inside patterns allow one line
break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from ..model import EntityKind

# (kind, start, end, normalised value or None)
Found = tuple[EntityKind, int, int, "str | None"]

# Labels of host names, shared by the e-mail and URL detectors.
LABEL = r"[A-Za-z0-9][A-Za-z0-9\-]{0,62}"


def words(*chunks: str) -> frozenset[str]:
    """A word set written as space-separated chunks (one per source line)."""
    return frozenset(" ".join(chunks).split())


def find_all(text: str, needle: str) -> Iterator[int]:
    """Every offset of ``needle`` in ``text``: ``str.find`` skips non-candidates far faster than a regex."""
    i = text.find(needle)
    while i != -1:
        yield i
        i = text.find(needle, i + 1)


def back(text: str, end: int, width: int, stops: str) -> int:
    """Start of the window for a backward search ending at ``end``.

    A backward search costs in proportion to its window, so the window stops at the nearest character
    the entity cannot contain; on text dense with anchors this keeps each search short.
    """
    lo = max(0, end - width)
    for c in stops:
        k = text.rfind(c, lo, end)
        if k >= lo:
            lo = k + 1
    return lo


# A digit that starts a number at a word start: not after a word character, "-", ".", "," or "/".
_NUMBER_START_RE = re.compile(r"\d(?<![\w\-.,/]\d)")


@lru_cache(maxsize=1)
def number_starts(text: str) -> tuple[int, ...]:
    """Offsets where a number starts at a word start (see :func:`scan_at`).

    The scan begins with a plain digit class, so the regex engine skips other characters without
    entering the pattern; patterns anchored on ``(?=\\d)(?<![\\w\\-.,/])`` cannot match anywhere else.
    The last text's offsets are kept: the address and phone detectors run on the same text in turn.
    """
    return tuple(m.start() for m in _NUMBER_START_RE.finditer(text))


def scan_at(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at one of ``starts`` (sorted) and
    never matches the empty string: one ``match`` per candidate, skipping those inside the previous
    match, as ``finditer`` does. Several patterns sharing an anchor then share one scan of the text."""
    end = 0
    for pos in starts:
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            end = m.end()
            yield m
