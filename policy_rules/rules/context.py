"""Per-document state shared by every rule checked against one document.

Leaf matchers (a term list, a regex, an entity kind) are scanned once per document and their hits
cached, because many rules reuse the same vocabularies. The index arrays turn a hit into its sentence,
block and section without searching.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..document.model import BlockKind, PolicyDocument
from .tokens import TokenIndex


@dataclass(frozen=True, slots=True)
class Hit:
    """A match in document text ``[start, end)``, located in sentence ``sentence``."""

    start: int
    end: int
    sentence: int


@dataclass
class EvalContext:
    document: PolicyDocument
    facts: dict[str, Any]
    evaluation_date: dt.date
    cache: dict[Any, Any] = field(default_factory=dict)
    sentence_block: list[int] = field(default_factory=list)
    block_section: list[int] = field(default_factory=list)
    block_is_heading: list[bool] = field(default_factory=list)
    section_units: list[tuple[int, int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        doc = self.document
        self.sentence_block = [s.block for s in doc.sentences]
        self.block_section = [b.section for b in doc.blocks]
        self.block_is_heading = [b.kind is BlockKind.HEADING for b in doc.blocks]
        self.section_units = _section_units(doc)

    def token_index(self) -> TokenIndex:
        """The document's word index, built on first use and shared by every term leaf."""
        index: TokenIndex | None = self.cache.get("token-index")
        if index is None:
            index = self.cache["token-index"] = TokenIndex(self.document.text)
        return index

    def word_at(self, offset: int) -> int:
        """The number of words that start before ``offset``: distances in words are differences."""
        return bisect.bisect_left(self.token_index().starts, offset)

    def jurisdictions_of(self, sentence: int) -> frozenset[str]:
        """The jurisdictions the sentence's block addresses (empty: general text)."""
        marks = self.document.block_jurisdictions
        block = self.block_of_sentence(sentence)
        return marks[block] if block < len(marks) else frozenset()

    def sentence_of(self, offset: int) -> int:
        return self.document.sentence_index_at(offset)

    def block_of_sentence(self, sentence: int) -> int:
        return self.sentence_block[sentence] if self.sentence_block else 0

    def section_of_sentence(self, sentence: int) -> int:
        if not self.sentence_block:
            return 0
        return self.block_section[self.sentence_block[sentence]]

    def under(self, section: int, matching: frozenset[int]) -> bool:
        """Whether ``section`` or one of its ancestors is in ``matching``."""
        sections = self.document.sections
        cur: int | None = section
        while cur is not None:
            if cur in matching:
                return True
            cur = sections[cur].parent
        return False


def _section_units(doc: PolicyDocument) -> list[tuple[int, int, int]]:
    """(section, first_block, last_block) for every real section, plus the preamble before the first
    heading. Section scope never means "the whole document": that is what document scope is for."""
    units: list[tuple[int, int, int]] = []
    real = [s for s in doc.sections if s.heading_block is not None]
    if not doc.blocks:
        return units
    first_heading = min((s.first_block for s in real), default=len(doc.blocks))
    if first_heading > 0:
        units.append((0, 0, first_heading - 1))
    units.extend((s.index, s.first_block, s.last_block) for s in real)
    return units


def hits_in_range(block_starts: list[int], first: int, last: int) -> bool:
    """Whether a sorted list of hit block indices has one in ``[first, last]``."""
    i = bisect.bisect_left(block_starts, first)
    return i < len(block_starts) and block_starts[i] <= last
