"""Tables of contents and anchor-link lines: text that points at the policy instead of saying something.

A contents list repeats the headings that come later ("1. What we collect", "2. Your rights"), so its
words are the words rules look for; read as text it would "disclose" every topic in the first lines
of the policy, with evidence that says nothing. The same goes for a line that is only links to
anchors ("Back to top", "[Your rights](#rights)"). Such blocks become :attr:`BlockKind.TOC`: their
sentences are navigation, which no rule matches (see :class:`~policy_rules.document.model.SentenceRole`).

A run of short blocks is a table of contents when at least two of them repeat a later heading and
they make up at least half of the run between the first and last such block (the test the plain-text
parser applies to its heading candidates); a block in between that ends like a sentence stays text.
Headings are compared by :func:`~.text_shapes.key`: case, numbering and punctuation aside.
"""

from __future__ import annotations

from dataclasses import replace

from .model import BlockKind
from .rawblock import RawBlock
from .text_shapes import key

__all__ = ["mark_navigation"]

#: Longest block that can be a contents entry (characters).
_ENTRY_MAX = 120
#: Share of a block's visible characters that anchor links must cover for it to be navigation.
_ANCHOR_SHARE = 0.8
_ENTRY_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM})


def _entry_key(text: str) -> str:
    """The heading key of a possible contents entry, or "" when it is too short to tell ("No")."""
    if len(text) > _ENTRY_MAX or "\n" in text:
        return ""
    k = key(text)
    return k if len(k) >= 6 or " " in k else ""


def _anchor_only(b: RawBlock) -> bool:
    """Whether the block is (almost) nothing but links to anchors in the page."""
    if not b.links or any(not target.startswith("#") for _, _, target in b.links):
        return False
    visible = sum(1 for ch in b.text if not ch.isspace())
    linked = sum(1 for s, e, _ in b.links for ch in b.text[s:e] if not ch.isspace())
    return visible > 0 and linked >= _ANCHOR_SHARE * visible


def mark_navigation(blocks: list[RawBlock]) -> list[RawBlock]:
    """``blocks`` with contents entries and anchor-only blocks turned into :attr:`BlockKind.TOC`."""
    last_heading: dict[str, int] = {}
    for i, b in enumerate(blocks):
        if b.kind is BlockKind.HEADING:
            heading_key = key(b.text)
            if heading_key:
                last_heading[heading_key] = i
    toc = [b.kind in _ENTRY_KINDS and _anchor_only(b) for b in blocks]
    if last_heading:
        n = len(blocks)
        i = 0
        while i < n:
            j = i
            while j < n and blocks[j].kind in _ENTRY_KINDS and len(blocks[j].text) <= _ENTRY_MAX:
                j += 1
            hits = [k for k in range(i, j) if last_heading.get(_entry_key(blocks[k].text), -1) > k]
            if len(hits) >= 2 and 2 * len(hits) >= hits[-1] - hits[0] + 1:
                entries = set(hits)
                for m in range(hits[0], hits[-1] + 1):
                    # between entries, a block that ends like a sentence is prose, not a subtitle
                    toc[m] = m in entries or not blocks[m].text.rstrip().endswith((".", "!"))
            i = max(j, i + 1)
    if not any(toc):
        return blocks
    return [replace(b, kind=BlockKind.TOC) if toc[i] else b for i, b in enumerate(blocks)]
