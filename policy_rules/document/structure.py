"""Statements as people write them across block boundaries: headings that are sentences, headings that
run on into the paragraph below, and lead-ins that a list or a table completes.

* **A heading that is a whole sentence is text.** "We do not sell your personal information." set as a
  heading is a statement: it still opens a section, but its sentences are :attr:`SentenceRole.TEXT`, so
  rules can quote it. A heading is such a sentence when it ends in a full stop or "!" and reads as a
  clause (it opens with a subject pronoun, or has an auxiliary, a modal or "not"), or when it is long
  (:data:`LONG_HEADING` words) and reads so. "Information You Provide to Us." stays a title.
* **A heading that runs on is one sentence with the paragraph after it.** "Identity data" set as a
  heading and followed by a paragraph opening in lower case ("includes your name and ...") is one
  sentence. The joined sentence starts in the heading and belongs to the paragraph; its span covers the
  heading, the paragraph's first sentence and what lies between, which must be blanks, heading marks
  (``#``, ``=``, ``*``) or tags, nothing a reader would see as text. The heading still opens its section.
* **Lead-ins.** "You have the right to ask us to:" followed by list items ("restrict how we use your
  data") is one statement per item. Each item sentence records its lead-in: the last sentence of the
  block right before the list when it ends in ":" or in an unfinished clause ("such as", "including",
  "to"); for a nested list, the parent item when it ends so. An item sentence that stands on its own
  ("If you register, we keep your e-mail address.") has none. A table's body rows have the header row
  as their lead-in (and the header row, like a list, the sentence before the table). Rules read a
  sentence with its lead-ins (:mod:`policy_rules.rules.combinators`); negation carries from a lead-in
  ("We do not:") into the first clause of its items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .model import Block, BlockKind, Sentence, SentenceRole
from .sentences import split_sentences
from .source import Source

__all__ = ["block_ranges", "block_role", "is_sentence_heading", "join_runons", "lead_ins"]

#: A heading this long (in words) that has a verb reads as prose even without a full stop.
LONG_HEADING = 16
_CLOSERS = "\"'”’»)]*_"
# A clause, not a title: a subject pronoun first ("We do not sell ..."), or a finite auxiliary, modal
# or negation anywhere ("This policy is effective ..."). "Information You Provide to Us." and "What we
# do with your data." are titles ("do" and "have" are left out: too often a relative clause's verb).
_SUBJECT_RE = re.compile(r"(?:[\dIVXivx]{1,4}[.)]\s+)?(?:we|you|they|i|he|she|it)\s+[a-z]", re.IGNORECASE)
_VERB_RE = re.compile(
    r"(?<![\w-])(?:is|are|was|were|will|would|shall|should|may|might|can|cannot|could|must|not|never)"
    r"(?![\w-])",
    re.IGNORECASE,
)
# A paragraph that continues the heading before it: a lower-case word and then another word.
_RUNON_RE = re.compile(r"[a-z][\w'’-]*[ \t]+[\w(“\"‘']")
# What may lie between a heading and its run-on in the file: blanks, heading marks, tags.
_GAP_RE = re.compile(r"(?:\s|[#=*_~-]|<[^<>\n]{0,200}>)*")
_GAP_MAX = 600
# How a sentence that needs no lead-in opens; and how long it is at least.
_COMPLETE_RE = re.compile(
    r"(?:If|When|Whenever|Where|Unless|While|Although|Once|We|You|They|Our|Your|This|These|It)\s"
)
_COMPLETE_WORDS = 8
# How a lead-in ends: a colon or dash, or a word that needs what follows.
_OPEN_END_RE = re.compile(
    r"(?:[:—–]|(?<!\w)(?:such\s+as|including|include|includes|namely|like|to|of|for|the|with|by|from"
    r"|about|regarding|concerning|on|in|where|when|if|that|which|whether|and|or|are|is|as\s+follows"
    r"|following|e\.g\.|i\.e\.))\s*\Z",
    re.IGNORECASE,
)


def is_sentence_heading(text: str) -> bool:
    """Whether a heading's text is a statement, not a title."""
    t = text.rstrip().rstrip(_CLOSERS)
    if not t or not (_SUBJECT_RE.match(t) or _VERB_RE.search(t)):
        return False
    words = len(t.split())
    return (t[-1] in ".!" and words >= 3) or words >= LONG_HEADING


def block_role(b: Block) -> SentenceRole:
    if b.kind is BlockKind.TOC:
        return SentenceRole.NAVIGATION
    if b.kind is BlockKind.HEADING and not is_sentence_heading(b.text):
        return SentenceRole.TITLE
    return SentenceRole.TEXT


def block_ranges(b: Block, role: SentenceRole) -> list[tuple[int, int]]:
    """Sentence ranges of a block: a title or a contents entry is one sentence (never split at an
    abbreviation or a number in it); prose, including a sentence heading and a table row, is split."""
    if role is not SentenceRole.TEXT:
        return [(0, len(b.text))]
    return split_sentences(b.text)


def _runs_on(heading: Block, nxt: Block, source: Source) -> bool:
    t = heading.text.rstrip().rstrip(_CLOSERS)
    if not t or t[-1] in ".!?" or nxt.kind is not BlockKind.PARAGRAPH or not _RUNON_RE.match(nxt.text):
        return False
    a, b = heading.span.end, nxt.span.start
    return 0 <= b - a <= _GAP_MAX and _GAP_RE.fullmatch(source.text, a, b) is not None


def join_runons(
    source: Source, text: str, blocks: Sequence[Block], sentences: list[Sentence]
) -> list[Sentence]:
    """``sentences`` with each run-on heading joined to the first sentence of the paragraph after it,
    renumbered."""
    out: list[Sentence] = []
    i = 0
    n = len(sentences)
    while i < n:
        s = sentences[i]
        if (
            s.role is SentenceRole.TITLE
            and i + 1 < n
            and sentences[i + 1].block == s.block + 1
            and _runs_on(blocks[s.block], blocks[s.block + 1], source)
        ):
            nxt = sentences[i + 1]
            span = source.span(s.span.start, max(s.span.start, nxt.span.end))
            out.append(Sentence(len(out), nxt.block, s.start, nxt.end, text[s.start : nxt.end], span))
            i += 2
            continue
        out.append(s if s.index == len(out) else replace(s, index=len(out)))
        i += 1
    return out


def _complete(s: Sentence) -> bool:
    """Whether a list item's sentence stands on its own ("If you register with us, we keep your
    e-mail address."): it opens with a subject or a subordinate clause, is sentence-long and ends as a
    sentence does. The lead-in then supplies no missing words, and is not read into it."""
    t = s.text.rstrip().rstrip(_CLOSERS)
    return (
        bool(t)
        and t[-1] in ".!?"
        and _COMPLETE_RE.match(s.text) is not None
        and len(t.split()) >= _COMPLETE_WORDS
    )


def _open_end(s: Sentence) -> bool:
    return s.role is SentenceRole.TEXT and _OPEN_END_RE.search(s.text[-40:]) is not None


def lead_ins(blocks: Sequence[Block], sentences: Sequence[Sentence]) -> list[int | None]:
    """Per sentence, the sentence that leads into it (see the module docstring), or ``None``."""
    by_block: list[list[int]] = [[] for _ in blocks]
    for s in sentences:
        by_block[s.block].append(s.index)
    out: list[int | None] = [None] * len(sentences)

    def lead_of(block: int) -> int | None:
        """The last sentence of ``block`` if it is an open lead-in."""
        own = by_block[block] if 0 <= block < len(by_block) else []
        return own[-1] if own and _open_end(sentences[own[-1]]) else None

    # Per list depth, the lead-in of items at that depth; for a table, that of header and body rows.
    leads: dict[int, int | None] = {}
    header: int | None = None
    for b in blocks:
        prev = blocks[b.index - 1] if b.index > 0 else None
        if b.kind is BlockKind.LIST_ITEM:
            depth = max(b.depth, 1)
            if prev is None or prev.kind is not BlockKind.LIST_ITEM:
                leads = {1: lead_of(b.index - 1)}
            lead = leads.get(depth)
            leads = {d: v for d, v in leads.items() if d <= depth}
            leads[depth] = lead
            leads[depth + 1] = lead_of(b.index)
        elif b.kind is BlockKind.TABLE_ROW:
            if prev is None or prev.kind is not BlockKind.TABLE_ROW:
                leads, header = {1: lead_of(b.index - 1)}, None
            if b.header:
                lead = leads.get(1)
                header = by_block[b.index][-1] if by_block[b.index] else header
            else:
                lead = header if header is not None else leads.get(1)
        else:
            continue
        for i in by_block[b.index]:
            out[i] = None if b.kind is BlockKind.LIST_ITEM and _complete(sentences[i]) else lead
    return out
