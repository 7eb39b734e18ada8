"""From parsed blocks to a :class:`PolicyDocument`: numbering, offsets, sections, sentences, entities.

Everything a rule later reports is mapped back to the source here, once, so that rules can work on the
joined plain text and never think about markup. The work is linear in the document: the text is joined
in one ``"".join``, and offsets come from running sums and bisection, never from re-scanning.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .entities import find_entities, find_policy_date
from .jurisdictions import mark_jurisdictions
from .limits import MAX_ITEMS, too_many
from .links import link_entities, make_links, strip_raw_links
from .model import BLOCK_SEPARATOR, Block, BlockKind, Entity, EntityKind, PolicyDocument, Sentence
from .navigation import mark_navigation
from .rawblock import RawBlock, retrim
from .sections import build_sections
from .source import Source
from .structure import block_ranges, block_role, join_runons, lead_ins

__all__ = ["build_document"]


def _clean(raw: Sequence[RawBlock], rewrite_links: bool) -> list[RawBlock]:
    """Blocks trimmed of surrounding whitespace (empty ones dropped), raw link syntax read as text."""
    out: list[RawBlock] = []
    for r in raw:
        if rewrite_links:
            r = strip_raw_links(r)
        if not r.text or r.text[0].isspace() or r.text[-1].isspace():
            trimmed = retrim(r)
            if trimmed is not None:
                out.append(trimmed)
        else:
            out.append(r)
    return out


def build_document(source: Source, raw: list[RawBlock]) -> PolicyDocument:
    """The document for ``source`` given its parsed blocks (empty blocks are dropped)."""
    kept = mark_navigation(_clean(raw, source.format != "text"))
    sections, owners = build_sections(kept)

    sep = len(BLOCK_SEPARATOR)
    blocks: list[Block] = []
    pos = 0
    for i, r in enumerate(kept):
        m = r.textmap
        start = m.to_source_start(0)
        end = max(start, m.to_source_end(len(r.text)))
        level = r.level if r.kind is BlockKind.HEADING else 0
        span = source.span(start, end)
        blocks.append(Block(i, r.kind, r.text, span, pos, m, level, owners[i], r.depth, r.header))
        pos += len(r.text) + sep
    text = BLOCK_SEPARATOR.join(r.text for r in kept)

    sentences: list[Sentence] = []
    for b in blocks:
        role = block_role(b)
        ranges = block_ranges(b, role)
        m = b.textmap
        if len(sentences) + len(ranges) > MAX_ITEMS:
            raise too_many("sentences", source.path, b.span.line)
        for s, e in ranges:
            src_s = m.to_source_start(s)
            src_e = max(src_s, m.to_source_end(e))
            sentences.append(
                Sentence(
                    len(sentences),
                    b.index,
                    b.text_start + s,
                    b.text_start + e,
                    b.text[s:e],
                    source.span(src_s, src_e),
                    role,
                )
            )
    sentences = join_runons(source, text, blocks, sentences)

    entities, tuples = _entities(source, blocks, text)
    links = make_links(source, blocks, kept)
    entities = link_entities(links, entities)
    doc = PolicyDocument(source, blocks, sections, sentences, entities, text)
    doc.links = links
    doc.lead_in = lead_ins(blocks, sentences)
    doc.block_jurisdictions = mark_jurisdictions(doc)
    found = find_policy_date(text, tuples)
    if found is not None:
        s, e, date = found
        doc.policy_date = date
        doc.policy_date_entity = _entity(doc, EntityKind.POLICY_DATE, s, e, date.isoformat())
    return doc


def _entities(
    source: Source, blocks: list[Block], text: str
) -> tuple[list[Entity], list[tuple[EntityKind, int, int, str | None]]]:
    """Entities inside single blocks, with spans; plus the kept tuples for the policy-date finder.

    A postal address may run over consecutive blocks (one address line per list item or paragraph);
    its span then runs from its first block to its last.
    """
    starts = [b.text_start for b in blocks]
    entities: list[Entity] = []
    kept: list[tuple[EntityKind, int, int, str | None]] = []
    for found in find_entities(text):
        kind, s, e, value = found
        i = bisect.bisect_right(starts, s) - 1
        if i < 0 or e <= s or s >= blocks[i].text_end:
            continue  # starts in a separator
        j = bisect.bisect_right(starts, e - 1) - 1
        if e > blocks[j].text_end or (j != i and kind is not EntityKind.POSTAL_ADDRESS):
            continue  # ends in a separator or runs into the next block
        b = blocks[i]
        if len(entities) >= MAX_ITEMS:
            raise too_many("entities (addresses, dates, links)", source.path, b.span.line)
        src_s = b.textmap.to_source_start(s - b.text_start)
        last = blocks[j]
        src_e = max(src_s, last.textmap.to_source_end(e - last.text_start))
        entities.append(Entity(kind, s, e, text[s:e], source.span(src_s, src_e), value))
        kept.append(found)
    return entities, kept


def _entity(doc: PolicyDocument, kind: EntityKind, s: int, e: int, value: str) -> Entity:
    return Entity(kind, s, e, doc.text[s:e], doc.source_span(s, e), value)
