"""What a format parser hands to the builder: a block's kind, plain text and the map back to the file.

Parsers only know their format; numbering blocks, sections, sentences and document offsets are the
builder's job, so the three parsers share this one small contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .model import BlockKind
from .textmap import TextMap

__all__ = ["RawBlock", "RawLink", "RunBuilder", "cut_runs", "retrim", "trim_block"]

#: A link inside a block: ``(plain start, plain end, target)``, the link text's range in the block text.
RawLink = tuple[int, int, str]


@dataclass(frozen=True)
class RawBlock:
    """One block before numbering. ``level`` is the heading level (1-6) for headings, else 0.

    ``depth`` is a list item's nesting depth (1 for a top-level list; 0 when the parser does not know
    or the block is no list item); ``header`` marks a table's header row; ``links`` are the hyperlinks
    in the text (their targets are not part of it). The builder reads these to find lead-ins and
    links (see :mod:`.structure`). ``region`` names the page region around the main content that an
    HTML block sits in ("footer", "cookie", ...; see :mod:`.landmarks`), "" for content.
    """

    kind: BlockKind
    level: int
    text: str
    textmap: TextMap
    depth: int = 0
    header: bool = False
    links: tuple[RawLink, ...] = ()
    region: str = ""


class RunBuilder:
    """Accumulates plain text piece by piece with the source range each piece came from.

    Adjacent verbatim pieces are merged so a paragraph copied from the file stays a single run; that
    keeps ``TextMap`` lookups cheap on long blocks.
    """

    __slots__ = ("_parts", "_runs", "length")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._runs: list[list[int]] = []
        self.length = 0

    def add(self, plain: str, src_start: int, src_end: int) -> None:
        n = len(plain)
        if n == 0:
            return
        runs = self._runs
        if runs and src_end - src_start == n:
            last = runs[-1]
            if last[3] - last[2] == last[1] and last[3] == src_start:
                last[1] += n
                last[3] = src_end
                self._parts.append(plain)
                self.length += n
                return
        runs.append([self.length, n, src_start, src_end])
        self._parts.append(plain)
        self.length += n

    def text(self) -> str:
        return "".join(self._parts)

    def runs(self) -> list[tuple[int, int, int, int]]:
        return [(r[0], r[1], r[2], r[3]) for r in self._runs]

    def clear(self) -> None:
        self._parts = []
        self._runs = []
        self.length = 0


def cut_runs(runs: Sequence[tuple[int, int, int, int]], a: int, b: int) -> list[tuple[int, int, int, int]]:
    """Runs restricted to plain ``[a, b)`` and rebased to start at 0.

    A verbatim run is cut character-exactly; a non-verbatim one (an entity, a collapsed space) is kept
    whole, since its characters have no individual source positions.
    """
    out: list[tuple[int, int, int, int]] = []
    for ps, pl, ss, se in runs:
        pe = ps + pl
        if pe <= a or ps >= b:
            continue
        lo, hi = max(ps, a), min(pe, b)
        if se - ss == pl:
            out.append((lo - a, hi - lo, ss + (lo - ps), ss + (hi - ps)))
        else:
            out.append((lo - a, hi - lo, ss, se))
    return out


def trim_block(
    kind: BlockKind,
    level: int,
    text: str,
    runs: Sequence[tuple[int, int, int, int]],
    links: Sequence[RawLink] = (),
) -> RawBlock | None:
    """A block with surrounding whitespace removed from both its text and its map; ``None`` if empty.

    Spans must start and end on visible text: an editor highlighting a finding should not select the
    indentation or the line break around it. ``links`` are moved with the text.
    """
    stripped = text.strip()
    if not stripped or not runs:
        return None
    a = len(text) - len(text.lstrip())
    b = a + len(stripped)
    if a == 0 and b == len(text):
        return RawBlock(kind, level, text, TextMap.from_runs(runs), links=tuple(links))
    cut = cut_runs(runs, a, b)
    if not cut:
        return None
    moved = tuple((max(s, a) - a, min(e, b) - a, t) for s, e, t in links if min(e, b) > max(s, a))
    return RawBlock(kind, level, stripped, TextMap.from_runs(cut), links=moved)


def retrim(block: RawBlock) -> RawBlock | None:
    """:func:`trim_block` for a finished block, keeping its depth, header flag and region."""
    m = block.textmap
    runs = list(zip(m.plain_starts, m.lengths, m.source_starts, m.source_ends, strict=True))
    trimmed = trim_block(block.kind, block.level, block.text, runs, block.links)
    if trimmed is None:
        return None
    return replace(trimmed, depth=block.depth, header=block.header, region=block.region)
