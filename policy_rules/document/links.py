"""Hyperlinks: link text reads as text, link targets become entities.

"Read our [cookie policy](https://example.com/cookies)" says "Read our cookie policy" to a reader, and
gives an address. The Markdown parser drops link syntax that markdown-it recognised; what it did not
(a destination with a space, link syntax inside a raw HTML block, an HTML page carrying Markdown) is
rewritten here, the same way: the brackets and the destination leave the block text (its map keeps
pointing into the file) and the destination is kept as a link. Plain-text files are not rewritten:
their blocks are exact slices of the file, and a ``.txt`` reader sees the brackets too.

Every link with an absolute target (``http(s)://``, ``www.``, ``mailto:``) that the text itself does
not already spell out becomes a URL (or e-mail) entity over its link text, so a rule asking for a
link to further information finds "our cookie policy" with the address as its value. Markdown
``[text](target)`` and HTML ``<a href="target">text</a>`` give the same entity: its text and span are
the visible link text (the span points at those characters in the original file, so evidence quotes
what a reader sees), its value the target. A link without visible text (an icon) gives none: there
is nothing a sentence could say with it. Anchors (``#rights``) and relative paths point into the
site and are kept as links only, unless an HTML page names its address with ``<base href>``: then a
relative path is resolved against it, as a browser follows it, and is a URL entity too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urljoin

from .model import Block, Entity, EntityKind, Link
from .rawblock import RawBlock, RawLink, cut_runs
from .source import Source
from .textmap import TextMap

__all__ = ["absolute_base", "link_entities", "make_links", "resolve_href", "strip_raw_links"]

_RAW_LINK_RE = re.compile(
    r"\[([^\[\]\n]{1,300})\]\(\s*<?((?:(?i:https?|ftp|mailto|tel):|www\.|#|/)[^()<>\n\"]{0,2000}?)>?"
    r"(?:\s+\"[^\"\n]{0,300}\")?\s*\)"
)
_EMAIL_RE = re.compile(r"[^@\s/?#]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}")
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}:")
_HTTP_BASE_RE = re.compile(r"(?i)https?://[^\s/?#]+")


def absolute_base(href: str | None) -> str | None:
    """A ``<base href>`` that can resolve relative links: an absolute ``http(s)`` address, else None."""
    if href is None:
        return None
    href = href.strip()
    return href if _HTTP_BASE_RE.match(href) else None


def resolve_href(base: str | None, href: str) -> str:
    """``href`` as a browser follows it from a page at ``base``: a relative path joined to it; an
    anchor (``#rights``), an address with a scheme, or any href without a base stays as written."""
    if base is None or not href or href.startswith("#") or _SCHEME_RE.match(href):
        return href
    try:
        return urljoin(base, href)
    except ValueError:  # a malformed base or href (an unclosed "[" in a host): leave it as written
        return href


def strip_raw_links(block: RawBlock) -> RawBlock:
    """``block`` with raw ``[text](target)`` syntax read as its text, the target kept as a link."""
    text = block.text
    if "](" not in text:
        return block
    matches = list(_RAW_LINK_RE.finditer(text))
    if not matches:
        return block
    m = block.textmap
    runs = list(zip(m.plain_starts, m.lengths, m.source_starts, m.source_ends, strict=True))
    keep: list[tuple[int, int]] = []  # plain ranges of the old text that stay
    new_links: list[RawLink] = []
    pos = 0
    length = 0
    for match in matches:
        for a, b in ((pos, match.start()), (match.start(1), match.end(1))):
            if b > a:
                keep.append((a, b))
                length += b - a
        new_links.append((length - (match.end(1) - match.start(1)), length, match.group(2).strip()))
        pos = match.end()
    if pos < len(text):
        keep.append((pos, len(text)))
    shift: list[tuple[int, int, int]] = []  # (old start, old end, new start) of each kept range
    out_runs: list[tuple[int, int, int, int]] = []
    parts: list[str] = []
    at = 0
    for a, b in keep:
        shift.append((a, b, at))
        parts.append(text[a:b])
        out_runs.extend((ps + at, pl, ss, se) for ps, pl, ss, se in cut_runs(runs, a, b))
        at += b - a
    if not out_runs:
        return block
    moved = [_move(link, shift) for link in block.links]
    links = sorted([x for x in moved if x is not None] + new_links)
    return replace(block, text="".join(parts), textmap=TextMap.from_runs(out_runs), links=tuple(links))


def _move(link: RawLink, shift: Sequence[tuple[int, int, int]]) -> RawLink | None:
    """A parser's link, moved to the rewritten text (dropped if its text was cut)."""
    s, e, target = link
    for a, b, at in shift:
        if a <= s and e <= b:
            return (s - a + at, e - a + at, target)
    return None


def make_links(source: Source, blocks: Sequence[Block], raw: Sequence[RawBlock]) -> list[Link]:
    """The links of every block, placed in the document text, with their spans."""
    out: list[Link] = []
    for b, r in zip(blocks, raw, strict=True):
        for s, e, target in r.links:
            if not (0 <= s < e <= len(b.text)):
                continue
            src_s = b.textmap.to_source_start(s)
            src_e = max(src_s, b.textmap.to_source_end(e))
            out.append(
                Link(b.text_start + s, b.text_start + e, b.text[s:e], target, source.span(src_s, src_e))
            )
    return out


def _entity_of(target: str) -> tuple[EntityKind, str] | None:
    t = target.strip()
    low = t.lower()
    if low.startswith("mailto:"):
        found = _EMAIL_RE.match(t, 7)
        return (EntityKind.EMAIL, found.group().lower()) if found else None
    if low.startswith(("http://", "https://", "www.")) and len(t) > 11:
        return EntityKind.URL, t
    return None


def link_entities(links: Sequence[Link], entities: Sequence[Entity]) -> list[Entity]:
    """``entities`` plus one per absolute link whose text holds no URL or e-mail entity already."""
    taken = [(e.start, e.end) for e in entities if e.kind in (EntityKind.URL, EntityKind.EMAIL)]
    added: list[Entity] = []
    j = 0
    for link in links:
        found = _entity_of(link.target)
        if found is None:
            continue
        while j < len(taken) and taken[j][1] <= link.start:
            j += 1
        if j < len(taken) and taken[j][0] < link.end:
            continue  # the text is the address itself ("https://example.com"): already an entity
        added.append(Entity(found[0], link.start, link.end, link.text, link.span, found[1]))
    if not added:
        return list(entities)
    return sorted([*entities, *added], key=lambda e: (e.start, e.end))
