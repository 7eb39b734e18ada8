"""Boilerplate removal for web pages: which of the HTML parser's blocks are the site, not the policy.

A policy page carries the site around it: navigation, a marketing header, a cookie banner, a footer of
links and a copyright line. Kept, their words can satisfy a rule ("we use cookies ... you may withdraw
your consent"). This module decides which blocks to *drop*; it never rewrites text, so the
:class:`~.source.Source` stays the fetched HTML and every evidence span still slices it exactly.

Library choice: jusText's paragraph classifier (``justext.core``), a maintained, well-evaluated
heuristic (CleanEval) whose decisions are per paragraph, from features of the paragraph's own text
(length, stop-word density, link density). That is the shape needed here: it is run on *our* blocks,
with our link ranges, so there is no second parse to align with and no text is rewritten.
trafilatura scores better on news articles but returns rewritten text (its own segmentation, no
offsets) and pulls in several more packages (htmldate, courlan, dateparser); readability returns one
"article" node, not per-block decisions. jusText needs only lxml (its own HTML pipeline, unused here).

Policies are not news articles, and a paragraph jusText calls "bad" is often policy content: a list
of data categories ("Identifiers, such as name, email address, IP address") has few stop words, a
contact block is short lines and a mailto link, a table of vendors is mostly links; and jusText's
context revision turns the prose between such blocks "bad" too. So only the context-free class is
used, and only to find where the content *starts and ends*; what lies between is all kept. The kept
range runs from the first to the last block of prose (jusText "good" or "neargood": long enough,
enough stop words, few links), extended backwards over what comes before (the title, the date, the
first heading) and forwards over what follows (the short lines of a closing contact section), in both
directions only up to a dialog or cookie banner (:mod:`.landmarks`), a copyright line, or a run of
blocks that are mostly links to other pages (outside tables: a table of vendors is data; one such
line may be "Email: email us" in a contact section, three are a menu). The site's header, footer and
sidebars go with what lies outside that range, but do not end it: sites do put a policy's closing
section (contact details, "last updated") in the page's ``contentinfo`` footer, and its title in a
header (going backwards, prose in a site region does end it: a slogan, a teaser). Dialogs and cookie
banners are dropped wherever they are, unless one holds most of the page's prose: then it is the
content (a policy shown in a modal, a class name misread).
With no prose at all (a page too short to judge) only page regions go.

The stop-word list is jusText's for the page's language, chosen as the list that covers most of the
page's words; below a tenth, jusText's language-independent mode (no stop-word test) is used.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from .model import BlockKind
from .rawblock import RawBlock

__all__ = ["boilerplate_mask", "strip_boilerplate"]

_SAMPLE_WORDS = 3000
_MIN_STOPWORD_SHARE = 0.1
#: Share of a block's characters in links to other pages that makes it navigation (jusText: 0.2).
_PAGE_LINK_SHARE = 0.5
#: How many chrome blocks in a row end the content (a footer's link list, a header's menu).
_CHROME_RUN = 3
#: Share of the page's prose inside one page region that makes the region the content, not chrome.
_CONTENT_SHARE = 0.5
_PROSE = frozenset({"good", "neargood"})
#: Regions dropped wherever they are; a site header, footer or sidebar only outside the content.
_HARD_REGIONS = frozenset({"dialog", "cookie"})
_SPACE_RE = re.compile(r"\s+")
_COPYRIGHT_RE = re.compile(r"©|&copy|\(c\)\s*(?:19|20)\d\d|\bcopyright\b.{0,40}(?:19|20)\d\d", re.IGNORECASE)
_LOCAL_TARGETS = ("#", "mailto:", "tel:")


class _Paragraph:
    """The view of one block that ``justext.core`` classifies (the attributes its Paragraph has)."""

    __slots__ = ("cf_class", "chars_count_in_links", "class_type", "dom_path", "heading", "text")

    def __init__(self, block: RawBlock) -> None:
        self.text = _SPACE_RE.sub(" ", block.text).strip()
        self.dom_path = "body.h1" if block.kind is BlockKind.HEADING else "body.p"
        self.chars_count_in_links = sum(max(0, e - s) for s, e, _ in block.links)
        self.heading = False
        self.cf_class = ""
        self.class_type = ""

    @property
    def is_heading(self) -> bool:
        return self.dom_path == "body.h1"

    def __len__(self) -> int:
        return len(self.text)

    def stopwords_density(self, stoplist: frozenset[str]) -> float:
        words = self.text.split()
        return sum(w.lower() in stoplist for w in words) / len(words) if words else 0.0

    def links_density(self) -> float:
        return self.chars_count_in_links / len(self.text) if self.text else 0.0


@functools.lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    import justext

    return {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}


def _stoplist(paragraphs: Sequence[_Paragraph]) -> frozenset[str] | None:
    """jusText's stop words for the page's language, or ``None`` when no list covers a tenth of it."""
    words: list[str] = []
    for p in paragraphs:
        words.extend(w.lower() for w in p.text.split())
        if len(words) >= _SAMPLE_WORDS:
            break
    if not words:
        return None
    best, share = frozenset[str](), 0.0
    for stoplist in _stoplists().values():
        s = sum(w in stoplist for w in words) / len(words)
        if s > share:
            best, share = stoplist, s
    return best if share >= _MIN_STOPWORD_SHARE else None


def _classify(blocks: Sequence[RawBlock]) -> list[str]:
    """jusText's context-free class per block: "good", "neargood" (prose), "short" or "bad"."""
    from justext import core

    paragraphs = [_Paragraph(b) for b in blocks]
    stoplist = _stoplist(paragraphs)
    if stoplist is None:
        core.classify_paragraphs(paragraphs, frozenset(), stopwords_low=0, stopwords_high=0)
    else:
        core.classify_paragraphs(paragraphs, stoplist)
    return [p.cf_class for p in paragraphs]


def _is_chrome(block: RawBlock) -> bool:
    """Site chrome by the block's own features: in a dialog or cookie banner, a copyright line, or,
    outside a table, mostly links to other pages (a mailto, tel or in-page link is part of a policy's
    contact details or contents)."""
    if block.region in _HARD_REGIONS or _COPYRIGHT_RE.search(block.text):
        return True
    if block.kind in (BlockKind.TABLE_ROW, BlockKind.TABLE_CELL):
        return False  # a table of vendors or opt-out links is data
    text_length = len(block.text.strip())
    linked = sum(e - s for s, e, t in block.links if not t.lower().startswith(_LOCAL_TARGETS))
    return text_length > 0 and linked >= _PAGE_LINK_SHARE * text_length


def _content_regions(blocks: Sequence[RawBlock], classes: Sequence[str]) -> list[RawBlock]:
    """``blocks`` with the region of a run of blocks cleared where the run holds at least
    :data:`_CONTENT_SHARE` of the page's prose: that "dialog" or "header" wraps the policy itself (a
    policy shown in a modal, a site whose header element never closes, a class name misread)."""
    prose = [len(b.text) if c in _PROSE else 0 for b, c in zip(blocks, classes, strict=True)]
    total = sum(prose)
    out = list(blocks)
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].region and blocks[j].region == blocks[i].region:
            j += 1
        if j > i and total and sum(prose[i:j]) >= _CONTENT_SHARE * total:
            out[i:j] = [replace(b, region="") for b in blocks[i:j]]
        i = max(j, i + 1)
    return out


def boilerplate_mask(blocks: Sequence[RawBlock]) -> list[bool]:
    """For each block, whether it is boilerplate (see the module docstring for the decision)."""
    if not blocks:
        return []
    classes = _classify(blocks)
    if any(b.region for b in blocks):
        blocks = _content_regions(blocks, classes)
    good = [i for i, c in enumerate(classes) if c in _PROSE and not blocks[i].region]
    if not good:
        return [bool(b.region) for b in blocks]
    first, last = good[0], good[-1]
    chrome = [_is_chrome(b) for b in blocks]

    def ends_content(i: int, step: int) -> bool:
        """Whether the content ends at block ``i``: a dialog, a cookie banner or a copyright line, or
        the first of :data:`_CHROME_RUN` chrome blocks in a row (one link-heavy line is a policy's
        "email us"). A site footer does not end it by itself: sites put a policy's last section
        (contact, last updated) in the page's ``contentinfo``; its menu ends it. Going backwards, prose
        in a site header does (marketing), its short lines (the page title, a date) do not."""
        region = blocks[i].region
        if region in _HARD_REGIONS or _COPYRIGHT_RE.search(blocks[i].text):
            return True
        if step < 0 and region and classes[i] in _PROSE:
            return True  # a site header's slogan; its title and date lines are short
        run = range(i, i + step * _CHROME_RUN, step)
        return all(0 <= k < len(blocks) and chrome[k] for k in run) or (
            chrome[i] and not 0 <= i + step < len(blocks)
        )

    while first > 0 and not ends_content(first - 1, -1):
        first -= 1
    while last + 1 < len(blocks) and not ends_content(last + 1, 1):
        last += 1
    return [i < first or i > last or b.region in _HARD_REGIONS for i, b in enumerate(blocks)]


def strip_boilerplate(blocks: Sequence[RawBlock]) -> list[RawBlock]:
    """``blocks`` without the boilerplate ones, in order; the kept blocks are unchanged."""
    mask = boilerplate_mask(blocks)
    return [b for b, drop in zip(blocks, mask, strict=True) if not drop]
