"""The policy model: what rules look at.

A document is a flat list of blocks (heading, paragraph, list item, table row or cell, table of
contents) plus a section tree over them, sentences inside blocks (with the lead-in each one continues)
and entities and links found in the text. Rules never see markup: they search ``PolicyDocument.text``,
the blocks' plain texts joined by blank lines, and every hit is mapped back to a
:class:`~policy_rules.document.source.Span` of the original file.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .source import Source, Span
from .textmap import TextMap

BLOCK_SEPARATOR = "\n\n"


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    #: A cell holding block content (a layout table's paragraph); data tables give rows.
    TABLE_CELL = "table_cell"
    #: One row of a data table, its cells joined by " | ": a row is one statement.
    TABLE_ROW = "table_row"
    #: A table of contents entry (it repeats a later heading, or only links to anchors): navigation,
    #: never evidence.
    TOC = "toc"


class SentenceRole(str, Enum):
    """What a sentence is to a rule: a statement (evidence), a heading's title (a location only: a
    ``heading:`` constraint reads it, ``in_headings`` opts a matcher into it) or navigation (never
    matched)."""

    TEXT = "text"
    TITLE = "title"
    NAVIGATION = "navigation"


class EntityKind(str, Enum):
    EMAIL = "email"
    URL = "url"
    PHONE = "phone"
    POSTAL_ADDRESS = "postal_address"
    DATE = "date"
    POLICY_DATE = "policy_date"
    ORGANIZATION = "organization"
    PLACEHOLDER = "placeholder"


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the policy.

    ``text`` is the plain text (for ``.txt`` files exactly ``source.text[span.start:span.end]``);
    ``text_start`` is where it begins in :attr:`PolicyDocument.text`; ``textmap`` maps offsets in
    ``text`` back to the source. ``level`` is the heading level (1-6) for headings, else 0.
    ``section`` is the index of the innermost section the block belongs to (a heading belongs to the
    section it opens). ``depth`` is a list item's nesting depth (1: top level; 0: not known);
    ``header`` marks a table's header row.
    """

    index: int
    kind: BlockKind
    text: str
    span: Span
    text_start: int
    textmap: TextMap
    level: int = 0
    section: int = 0
    depth: int = 0
    header: bool = False

    @property
    def text_end(self) -> int:
        return self.text_start + len(self.text)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it up to the next heading of the same or a higher level.

    Section 0 is the document root (no heading, level 0): blocks before the first heading live there.
    ``first_block``/``last_block`` are inclusive block indices covering the heading and all nested
    content; ``heading_path`` holds the titles from the outermost section down to this one.
    """

    index: int
    title: str
    level: int
    heading_block: int | None
    parent: int | None
    first_block: int
    last_block: int
    heading_path: tuple[str, ...]
    children: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a block (a heading or table row is one sentence unless it reads as prose).

    ``start``/``end`` are offsets in :attr:`PolicyDocument.text`. A sentence lies inside its block,
    with one exception: a heading whose text runs on into the paragraph after it ("Identity data" /
    "includes your name and ...") is one sentence with the paragraph's first one; it starts in the
    heading, belongs to the paragraph, and its span covers the blank (or markup) between the two.
    """

    index: int
    block: int
    start: int
    end: int
    text: str
    span: Span
    role: SentenceRole = SentenceRole.TEXT


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink: its text (``start``/``end`` in :attr:`PolicyDocument.text`) and where it points."""

    start: int
    end: int
    text: str
    target: str
    span: Span


@dataclass(frozen=True, slots=True)
class Entity:
    """Something recognisable in the text: an e-mail, a date, an organisation name, a placeholder.

    ``value`` is the normalised form where one exists (ISO date, lower-cased e-mail, digits of a phone).
    """

    kind: EntityKind
    start: int
    end: int
    text: str
    span: Span
    value: str | None = None


@dataclass
class PolicyDocument:
    source: Source
    blocks: list[Block]
    sections: list[Section]
    sentences: list[Sentence]
    entities: list[Entity]
    text: str
    policy_date: dt.date | None = None
    policy_date_entity: Entity | None = None
    #: Per block, the jurisdictions its heading path or lead-in addresses (see :mod:`.jurisdictions`);
    #: empty for general text, and for documents built by hand without it.
    block_jurisdictions: list[frozenset[str]] = field(default_factory=list)
    #: Per sentence, the sentence that leads into it, or ``None``: the "You have the right to:" before
    #: a list item, the parent item before a nested one, the header row before a table row. A rule
    #: reads a sentence together with its lead-ins (see :mod:`.structure`).
    lead_in: list[int | None] = field(default_factory=list)
    #: Hyperlinks, in document order (their targets are not in :attr:`text`).
    links: list[Link] = field(default_factory=list)
    _block_starts: list[int] = field(default_factory=list, repr=False)
    _sentence_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._block_starts = [b.text_start for b in self.blocks]
        self._sentence_starts = [s.start for s in self.sentences]

    @property
    def path(self) -> str | None:
        return self.source.path

    # -- offset arithmetic -------------------------------------------------------------------------

    def block_at(self, offset: int) -> Block:
        """The block containing document-text ``offset`` (a separator belongs to the block before)."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        return self.blocks[max(i, 0)]

    def sentence_index_at(self, offset: int) -> int:
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        return max(i, 0)

    def source_span(self, start: int, end: int) -> Span:
        """Source span for document-text range ``[start, end)``; the range may cross blocks."""
        if end < start:
            raise ValueError("end before start")
        first = self.block_at(start)
        last = self.block_at(max(start, end - 1))
        s = first.textmap.to_source_start(min(max(start - first.text_start, 0), len(first.text)))
        e = last.textmap.to_source_end(min(max(end - last.text_start, 0), len(last.text)))
        if e < s:
            e = s
        return self.source.span(s, e)

    def section_of_block(self, block: int) -> Section:
        return self.sections[self.blocks[block].section]

    def ancestors(self, section: int) -> list[Section]:
        """The section and its ancestors, innermost first."""
        out: list[Section] = []
        cur: int | None = section
        while cur is not None:
            out.append(self.sections[cur])
            cur = self.sections[cur].parent
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view used by ``policy-rules parse --format json``."""
        return {
            "path": self.source.path,
            "format": self.source.format,
            "policy_date": self.policy_date.isoformat() if self.policy_date else None,
            "blocks": [
                {
                    "index": b.index,
                    "kind": b.kind.value,
                    "level": b.level,
                    "depth": b.depth,
                    "header": b.header,
                    "section": b.section,
                    "jurisdictions": sorted(self.block_jurisdictions[b.index])
                    if b.index < len(self.block_jurisdictions)
                    else [],
                    "text": b.text,
                    "span": b.span.to_dict(),
                }
                for b in self.blocks
            ],
            "sections": [
                {
                    "index": s.index,
                    "title": s.title,
                    "level": s.level,
                    "parent": s.parent,
                    "heading_block": s.heading_block,
                    "blocks": [s.first_block, s.last_block],
                    "heading_path": list(s.heading_path),
                }
                for s in self.sections
            ],
            "sentences": [
                {
                    "index": s.index,
                    "block": s.block,
                    "role": s.role.value,
                    "lead_in": self.lead_in[s.index] if s.index < len(self.lead_in) else None,
                    "text": s.text,
                    "span": s.span.to_dict(),
                }
                for s in self.sentences
            ],
            "links": [{"text": k.text, "target": k.target, "span": k.span.to_dict()} for k in self.links],
            "entities": [
                {"kind": e.kind.value, "text": e.text, "value": e.value, "span": e.span.to_dict()}
                for e in self.entities
            ],
        }
