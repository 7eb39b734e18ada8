"""Headings in disguise in Markdown and HTML: one-line paragraphs shaped like plain-text headings.

Kept apart from the plain-text parser, which it shares only the shape tests (:mod:`.text_shapes`)
with: the Markdown and HTML parsers call it on their finished block lists.
"""

from __future__ import annotations

from dataclasses import replace

from .model import BlockKind
from .rawblock import RawBlock
from .text_shapes import (
    BREADCRUMB_RE,
    RESIDUE_RE,
    WRAP_MAX,
    Blk,
    Cand,
    Line,
    candidate,
    ends_sentence,
    line_kind,
)

__all__ = ["promote_headings"]


def _shape(text: str) -> Cand | None:
    """The heading candidate a one-line paragraph would be in a text file (markup already removed)."""
    if "\n" in text or len(text) > WRAP_MAX:
        return None
    line = Line(0, len(text), text)
    kind, level, start = line_kind(line)
    if kind in ("md", "list") or RESIDUE_RE.fullmatch(text) or BREADCRUMB_RE.match(text):
        return None
    cand = candidate(Blk(start, len(text), 0, kind, level, 1, text, text))
    return None if cand is None or cand.bold else cand


def _raw_body_like(b: RawBlock) -> bool:
    if b.kind in (BlockKind.LIST_ITEM, BlockKind.TABLE_CELL, BlockKind.TABLE_ROW):
        return True
    if b.kind is not BlockKind.PARAGRAPH:
        return False
    t = b.text
    return len(t) >= 50 or (len(t) >= 20 and (ends_sentence(t) or t.endswith(":")))


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
            b = replace(b, kind=BlockKind.HEADING, level=min(6, base + c.level))
        out.append(b)
    return out
