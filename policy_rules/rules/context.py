"""Per-document state shared by every rule checked against one document.

Leaf matchers (a term list, a regex, an entity kind) are scanned once per document and their hits
cached, because many rules reuse the same vocabularies. The index arrays turn a hit into its sentence,
block and section without searching.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..document.model import BlockKind, PolicyDocument, SentenceRole
from .regex_windows import LITERALS, longest_runs
from .tokens import TokenIndex

#: How many lead-ins may chain above a sentence (a list nested this deep is not prose any more).
MAX_LEAD_CHAIN = 8
#: How much of a lead-in its items complete, in words from its end: "..., and in particular:" after
#: a long sentence lends its items the last words, not everything the sentence mentioned.
LEAD_WORDS = 12


class Hit(NamedTuple):
    """A match in document text ``[start, end)``, located in sentence ``sentence``.

    A named tuple rather than a frozen dataclass: a document makes thousands, and a frozen
    dataclass pays an ``object.__setattr__`` per field to build one. Equality and hashing are the
    same (by the three fields, in order)."""

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
    #: Per sentence, whether its text is a statement a matcher reads, a heading's title (read only
    #: ``in_headings``) or navigation (never read): see :class:`SentenceRole`.
    sentence_role: list[SentenceRole] = field(default_factory=list)
    #: Where each sentence starts (sorted): a hit's sentence is found by bisection on it.
    sentence_starts: list[int] = field(default_factory=list)
    #: Per sentence, whether a text matcher reads it: ``readable_by[in_headings][sentence]``, the
    #: answer of :meth:`readable` worked out once per document instead of once per hit.
    readable_by: tuple[list[bool], list[bool]] = ([], [])
    #: Per sentence, whether it is a table row (a row's later cells may deny it: see negation).
    table_row: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        doc = self.document
        self.sentence_block = [s.block for s in doc.sentences]
        self.block_section = [b.section for b in doc.blocks]
        self.block_is_heading = [b.kind is BlockKind.HEADING for b in doc.blocks]
        self.section_units = _section_units(doc)
        self.sentence_role = roles = [s.role for s in doc.sentences]
        self.sentence_starts = [s.start for s in doc.sentences]
        text, title = SentenceRole.TEXT, SentenceRole.TITLE
        self.readable_by = ([r is text for r in roles], [r is text or r is title for r in roles])
        blocks = doc.blocks
        self.table_row = [blocks[s.block].kind is BlockKind.TABLE_ROW for s in doc.sentences]

    def readable(self, sentence: int, in_headings: bool) -> bool:
        """Whether a text matcher may hit in ``sentence``: a statement, or a title when asked."""
        role = self.sentence_role[sentence]
        return role is SentenceRole.TEXT or (in_headings and role is SentenceRole.TITLE)

    def lead_in_of(self, sentence: int) -> int | None:
        """The sentence leading into ``sentence`` ("You have the right to:" before an item), if any."""
        leads = self.document.lead_in
        return leads[sentence] if sentence < len(leads) else None

    def led(self, hit: Hit, scope: str) -> tuple[int, ...]:
        """The ``scope`` units (sentences or blocks) that ``hit`` counts for because it stands in the
        lead-in of each (in its last :data:`LEAD_WORDS` words); empty for most hits."""
        reach = self.followers(scope)
        units = reach.get(hit.sentence)
        if not units:
            return ()
        return units if hit.start >= self.lead_window(hit.sentence) else ()

    def lead_window(self, sentence: int) -> int:
        """Where the part of lead-in ``sentence`` that its items complete begins (a text offset)."""
        windows: dict[int, int] = self.cache.setdefault("lead-window", {})
        at = windows.get(sentence)
        if at is None:
            s = self.document.sentences[sentence]
            starts = self.token_index().starts
            first = max(self.word_at(s.start), self.word_at(s.end) - LEAD_WORDS)
            at = windows[sentence] = starts[first] if first < len(starts) else s.start
        return at

    def followers(self, scope: str) -> dict[int, tuple[int, ...]]:
        """For every lead-in sentence, the ``scope`` units (sentences or blocks) it leads into,
        directly or through a chain of lead-ins (see :meth:`led`)."""
        key = ("followers", scope)
        cached: dict[int, tuple[int, ...]] | None = self.cache.get(key)
        if cached is not None:
            return cached
        found: dict[int, dict[int, None]] = {}
        for s, lead in enumerate(self.document.lead_in):
            unit = s if scope == "sentence" else self.block_of_sentence(s)
            hops = 0
            while lead is not None and hops < MAX_LEAD_CHAIN:
                found.setdefault(lead, {})[unit] = None
                lead = self.document.lead_in[lead]
                hops += 1
        out = {lead: tuple(units) for lead, units in found.items()}
        self.cache[key] = out
        return out

    def token_index(self) -> TokenIndex:
        """The document's word index, built on first use and shared by every term leaf."""
        index: TokenIndex | None = self.cache.get("token-index")
        if index is None:
            index = self.cache["token-index"] = TokenIndex(self.document.text)
        return index

    def is_table_row(self, sentence: int) -> bool:
        return self.table_row[sentence]

    def folded_text(self) -> str:
        """The document's text case-folded, for the literal prefilters of regexes
        (:mod:`.regex_reading`)."""
        folded: str | None = self.cache.get("folded-text")
        if folded is None:
            folded = self.cache["folded-text"] = self.document.text.casefold()
        return folded

    def literal_positions(self) -> dict[str, list[int]]:
        """Where each needed literal of the ruleset regexes occurs in the case-folded text, found in
        one pass for all of them (:mod:`.regex_windows`)."""
        found: dict[str, list[int]] | None = self.cache.get("literal-positions")
        if found is None:
            found = self.cache["literal-positions"] = LITERALS.positions(self.folded_text())
        return found

    def text_runs(self) -> tuple[int, int, int]:
        """The longest white-space, word and non-space runs of the text, which bound what a
        ruleset regex's ``\\s+``, ``\\w+`` or ``\\S+`` can take (:mod:`.regex_windows`)."""
        runs: tuple[int, int, int] | None = self.cache.get("text-runs")
        if runs is None:
            runs = self.cache["text-runs"] = longest_runs(self.document.text)
        return runs

    def word_at(self, offset: int) -> int:
        """The number of words that start before ``offset``: distances in words are differences."""
        return bisect.bisect_left(self.token_index().starts, offset)

    def jurisdictions_of(self, sentence: int) -> frozenset[str]:
        """The jurisdictions the sentence's block addresses (empty: general text)."""
        marks = self.document.block_jurisdictions
        block = self.block_of_sentence(sentence)
        return marks[block] if block < len(marks) else frozenset()

    def sentence_of(self, offset: int) -> int:
        """The sentence holding ``offset`` (:meth:`PolicyDocument.sentence_index_at`, inlined)."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        return i if i > 0 else 0

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
