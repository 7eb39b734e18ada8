"""The section tree over a flat block list.

Rules ask "is there a section about retention?" and "does this sentence sit under a children's privacy
heading?", so every block needs its innermost section and every section its heading path. Sections are
derived only from heading levels: a heading closes every open section of the same or a deeper level,
which is how readers (and Markdown outlines) nest them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import BlockKind, Section
from .rawblock import RawBlock

__all__ = ["build_sections"]


@dataclass
class _Open:
    index: int
    title: str
    level: int
    heading_block: int | None
    parent: int | None
    first_block: int
    last_block: int
    heading_path: tuple[str, ...]
    children: list[int] = field(default_factory=list)


def build_sections(blocks: Sequence[RawBlock]) -> tuple[list[Section], list[int]]:
    """Sections (index 0 is the root covering every block) and each block's innermost section."""
    last = max(len(blocks) - 1, 0)
    root = _Open(0, "", 0, None, None, 0, last, ())
    found = [root]
    stack = [root]
    owner: list[int] = []
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            level = max(block.level, 1)
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1]
            title = " ".join(block.text.split())
            sec = _Open(len(found), title, level, i, parent.index, i, i, (*parent.heading_path, title))
            parent.children.append(sec.index)
            found.append(sec)
            stack.append(sec)
        for open_sec in stack[1:]:
            open_sec.last_block = i
        owner.append(stack[-1].index)
    sections = [
        Section(
            s.index,
            s.title,
            s.level,
            s.heading_block,
            s.parent,
            s.first_block,
            s.last_block,
            s.heading_path,
            tuple(s.children),
        )
        for s in found
    ]
    return sections, owner
