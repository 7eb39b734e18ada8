"""Run a ruleset regex only around the places where a literal it needs occurs.

A regex that cannot match without one of its needed literals (:mod:`.regex_reading`) is not run
at all when none occurs; but most occur somewhere ("information", "third"), and a whole-text scan
then walks every character again for a handful of matches. When the pattern is also *bounded* (the
literal at most ``lead`` characters after a match's start, a match at most ``width`` long, its
look-aheads reading at most ``reach`` further), a match holding a literal occurrence at ``p`` starts
in ``[p - lead, p]``. So the regex is tried only at those start positions, merged into regions, with
an ``endpos`` far enough past each region that no attempt can see the cut.

The result is exactly ``[m.span() for m in compiled.finditer(text)]``: attempts at the positions
tried see the same characters as in a whole-text scan (``pos`` keeps the real left context for
``\b``, look-behinds and ``^``; ``endpos`` is beyond anything an attempt reads), positions not tried
cannot start a match, and a match consumes the text as ``finditer`` would before the next attempt.
Where the literals occur is found for every pattern at once, in one Aho-Corasick pass over the
case-folded text (:class:`LiteralIndex`); its offsets stand for the original's only when folding kept
the length, which the caller checks. This scheme is the project's own, so it is written here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .regex_reading import Width, read_pattern

#: Patterns that may match more than this many characters are scanned whole: their regions would
#: cover most of the text anyway.
MAX_WIDTH = 2000

_SPACE = r"[\s\x1c-\x1f\x85\xa0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]"
#: White-space run lengths probed, doubling: runs are short, so the first probe usually settles it.
_PROBES = tuple(4 << i for i in range(9))
_SPACE_PROBES = tuple(re.compile(f"{_SPACE}{{{n}}}") for n in _PROBES)
#: Characters Python's ``str.split`` breaks on that the regex module's ``\s`` does not match.
_SPLIT_ONLY = ("\x1c", "\x1d", "\x1e", "\x1f")


def longest_runs(text: str) -> tuple[int, int, int]:
    """Upper bounds of the longest white-space, word and non-space runs of ``text``.

    Never below the true lengths: white space over every Unicode space, probed by doubling lengths
    (at most twice the truth); a non-space run is at most the longest piece ``str.split()`` leaves
    (unless the text holds one of the few characters it splits on and ``\\S`` matches), and a word
    run at most a non-space run. Measuring each run exactly took longer than the scans it saved."""
    space = MAX_WIDTH + 1
    for n, probe in zip(_PROBES, _SPACE_PROBES, strict=True):
        if probe.search(text) is None:
            space = n - 1
            break
    if any(ch in text for ch in _SPLIT_ONLY):
        nonspace = MAX_WIDTH + 1
    else:
        nonspace = max(map(len, text.split()), default=0)
    return space, nonspace, nonspace


class LiteralIndex:
    """Every needed literal of every pattern compiled in this process, found in a document in one
    Aho-Corasick pass (``pyahocorasick``): testing each pattern's literals with ``in`` walked the
    text once per literal, hundreds of times per document. The automaton is rebuilt, once, after a
    ruleset adds literals it has not seen."""

    def __init__(self) -> None:
        self._literals: set[str] = set()
        self._automaton: Any = None

    def register(self, literals: frozenset[str]) -> None:
        if not literals <= self._literals:
            self._literals |= literals
            self._automaton = None

    def positions(self, folded: str) -> dict[str, list[int]]:
        """Start offsets of every occurrence (overlapping ones too) of each registered literal."""
        automaton = self._automaton
        if automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for literal in self._literals:
                automaton.add_word(literal, literal)
            automaton.make_automaton()
            self._automaton = automaton
        out: dict[str, list[int]] = {}
        if not self._literals:
            return out
        for end, literal in automaton.iter(folded):
            found = out.get(literal)
            if found is None:
                found = out[literal] = []
            found.append(end - len(literal) + 1)
        return out


#: The process's literal index: the leaves of every compiled ruleset register with it.
LITERALS = LiteralIndex()


#: What one call into the regex engine costs, in characters scanned (a few microseconds).
CALL_COST = 250
#: Windows are used only when they cost less than this share of a whole-text scan.
WORTH = 0.6

#: Regions with at most this many start positions are tried position by position with ``match``;
#: a longer one with one ``search`` (which also tries, in vain, the starts up to its ``endpos``).
FEW_STARTS = 4


def _size(w: Width, runs: tuple[int, int, int]) -> int:
    return w[0] + w[1] * runs[0] + w[2] * runs[1] + w[3] * runs[2]


@dataclass(frozen=True)
class WindowPlan:
    """A bounded pattern's reading (:mod:`.regex_reading`): a needed literal at most ``lead`` after
    a match's start, a match at most ``width`` long, look-aheads reading at most ``reach`` further."""

    lead: Width | None
    width: Width
    reach: Width

    def margins(self, runs: tuple[int, int, int]) -> tuple[int, int, int] | None:
        """``(lead, width, width + reach)`` in characters for a document with these longest runs,
        or ``None`` when that is too wide to be worth windowing."""
        width = _size(self.width, runs)
        total = width + _size(self.reach, runs)
        lead = width if self.lead is None else min(width, _size(self.lead, runs))
        return None if total > MAX_WIDTH else (lead, width, total)


def regions(occurrences: list[tuple[int, int]], lead: int, width: int) -> list[tuple[int, int]]:
    """Merged ``(first, last)`` start positions worth trying for literal ``occurrences``
    (``(start, length)``): a match holding one starts at most ``lead`` before it, and no earlier
    than ``width`` before its end."""
    out: list[tuple[int, int]] = []
    bounds = sorted((max(0, start - lead, start + length - width), start) for start, length in occurrences)
    for first, last in bounds:
        if out and first <= out[-1][1] + 1:
            if last > out[-1][1]:
                out[-1] = (out[-1][0], last)
        else:
            out.append((first, last))
    return out


@functools.cache
def window_plan(source: str, flags: int, fullcase_flag: int = 0) -> WindowPlan | None:
    """The plan for ``source`` compiled with ``flags``, or ``None`` when it must be scanned whole
    (no needed literal, an unbounded repeat of anything but a space, word or non-space class, full
    case folding, syntax the standard parser does not read, or a literal start)."""
    reading = read_pattern(source, flags)
    if reading is None or flags & fullcase_flag or reading.width is None or reading.reach is None:
        return None
    if reading.literal_start:  # a whole-text scan is already a fast string search
        return None
    return WindowPlan(reading.lead, reading.width, reading.reach)


def worth_windows(regions_: list[tuple[int, int]], margins: tuple[int, int, int], text_length: int) -> bool:
    """Whether trying only ``regions_`` is clearly cheaper than one whole-text scan: every region costs
    a call and the characters it may read; a literal as common as "information" makes so many
    regions that the whole scan is cheaper."""
    total = margins[2]
    cost = sum(last - first + 1 + total + CALL_COST for first, last in regions_)
    return cost < WORTH * text_length


def windowed_spans(
    compiled: Any,
    text: str,
    regions_: list[tuple[int, int]],
    margins: tuple[int, int, int],
    timeout: Callable[[], float],
) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every match, as ``finditer`` over the whole text would give them, trying
    only the start positions in ``regions_`` (from :func:`regions`). ``margins`` is
    :meth:`WindowPlan.margins` for this text; ``timeout()`` the seconds each call may take."""
    total = margins[2]
    n = len(text)
    pos = 0
    for first, last in regions_:
        at = max(first, pos)
        endpos = min(n, last + total + 1)
        if last - at < FEW_STARTS:
            while at <= last:
                m = compiled.match(text, at, endpos, timeout=timeout())
                if m is None or m.end() == m.start():
                    at += 1
                    continue
                yield m.span()
                at = pos = m.end()
            continue
        while at <= last:
            m = compiled.search(text, at, endpos, timeout=timeout())
            if m is None or m.start() > last:
                break
            start, end = m.span()
            yield start, end
            at = pos = end if end > start else end + 1
