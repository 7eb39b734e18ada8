"""Addresses written one part a line: grow an address found from its city line over the lines around it.

Letterheads, contact boxes and lists write an address as a street line, perhaps a building or locality
line, the city line and a country line; converted pages often put each line in its own block (a list item
or a paragraph), so the parts are separated by a blank line in the document text. The detectors in
:mod:`.addresses` find the city line ("Bengaluru 560001", "Oakridge, CA 94110", "London EC1A 1BB") from
its postcode; here it is extended

* back over the street part before it on its own line ("42, 3rd Cross Road, Indiranagar, Bengaluru ...");
* up over at most four lines above it that read as address lines: a street line (a street word, a unit,
  a P.O. box, or a house number with a comma), or a locality line of capitalised words between the
  street line and the city line;
* down over a line that is only a country name.

A line of prose never joins: an address line is short, has no sentence ending, no e-mail or link, and at
most three lower-case words. Lines join across a blank line only when both are short single lines, so
two paragraphs are never merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ._base import Found, words
from .address_patterns import CAPWORDS, COUNTRY, EU_ROMANCE_WORD, EU_STREET_WORD, STREET_SUFFIX

_LINE_MAX = 90
_STREET_LINE_RE = re.compile(
    r"(?:^|[ ,])(?:"
    + STREET_SUFFIX
    + r"|"
    + EU_ROMANCE_WORD
    + r"|Suite|SUITE|Unit|Floor|Level|Building|Bldg|Tower|Block|Plot|Flat|Apt|Room|House|Sector|Phase"
    r"|Cross|Main|Nagar|Marg|Layout|Estate"
    r")\.?(?=[ ,]|$)"
    r"|" + EU_STREET_WORD + r"|^(?:P\.?[ ]?O\.?[ ]?Box|PO[ ]Box|Post[ ]Office[ ]Box|No\.?[ ]?\d|\d{1,3}/F\b)"
    r"|^\d{1,6}[A-Za-z]?(?:[\-/]\d{1,5}[A-Za-z]?)?,"
)
_LOCALITY_RE = re.compile(CAPWORDS + r"(?:,[ ]" + CAPWORDS + r"){0,2},?")
_COUNTRY_LINE_RE = re.compile(r"[ \t]*(?:" + COUNTRY + r")\.?[ \t]*(?=\n|\Z)")
_LABEL_RE = re.compile(r"[A-Z][A-Za-z ]{0,24}:[ \t]*")
_LOWER_WORD_RE = re.compile(r"(?<![\w'’.\-])[a-z][a-z]+\b")
# Lower-case words that belong to street names ("12 rue de la Paix", "Via dei Mille").
_NAME_PARTICLES = words(
    "de la le les du des del della dei di da do dos van von der den ter am an im zum zur of the and y e"
)


def _prose(line: str) -> bool:
    """Whether a line reads as a sentence rather than an address part."""
    if "@" in line or "://" in line or len(line) > _LINE_MAX:
        return True
    stripped = line.rstrip()
    if stripped[-1:] in "!?;:" or (stripped.endswith(".") and len(stripped.rsplit(" ", 1)[-1]) > 5):
        return True
    lower = [w for w in _LOWER_WORD_RE.findall(line) if w not in _NAME_PARTICLES]
    return len(lower) > 2


def _kind_of(line: str) -> str | None:
    """ "street", "locality" or None for one line (or comma-separated prefix) of an address."""
    body = line.strip()
    # A part starts with its number, a capital or a "#"; a lower-case word or a bracket in front is the
    # sentence it stands in ("located at 12 Main St", "Acme Inc. (12 Main St").
    if not body or not (body[0].isupper() or body[0].isdigit() or body[0] == "#") or "(" in body:
        return None
    if _prose(body):
        return None
    # A street part has its number ("12 Main Street", "Suite 300", "Via Roma 5"): a street word alone
    # is too often a name ("Capitol Hill", "Privacy House").
    if any(c.isdigit() for c in body) and _STREET_LINE_RE.search(body):
        return "street"
    if _LOCALITY_RE.fullmatch(body):
        return "locality"
    return None


_NUMBER_PART_RE = re.compile(r"(?:No\.?[ ]?|Nr\.?[ ]?|#)?\d[\w/\-]{0,8}|[A-Z]{0,3}\d{1,4}[A-Z]?")


def _street_start(text: str, start: int, end: int) -> int | None:
    """Where the street part of one address line starts ("Acme Ltd, 42, 3rd Cross Road" -> "42, ..."),
    reading its comma-separated parts from the right; None if the line has no street part."""
    best: int | None = None
    pos = end
    while pos > start:
        comma = text.rfind(",", start, pos)
        part_start = start if comma == -1 else comma + 1
        part = text[part_start:pos].strip()
        kind = _kind_of(part)
        if kind is None and not _NUMBER_PART_RE.fullmatch(part):
            break
        if kind != "locality":
            best = part_start + (len(text[part_start:pos]) - len(text[part_start:pos].lstrip()))
        pos = comma if comma != -1 else start
    return best


def _label_end(text: str, start: int, end: int) -> int:
    """Past a leading label such as "Address:" or "Registered office:" on a line."""
    m = _LABEL_RE.match(text, start, end)
    return m.end() if m else start


def _line_before(text: str, pos: int, short: bool) -> tuple[int, int] | None:
    """The line that ends just before the line starting at ``pos``, across one line break or one blank
    line; None at the start of the text, or across a blank line when the lines are not ``short``."""
    if pos == 0 or text[pos - 1] != "\n":
        return None
    end = pos - 1
    if end > 0 and text[end - 1] == "\n":
        if not short:
            return None
        end -= 1
    if end > 0 and text[end - 1] == "\r":
        end -= 1
    lo = max(0, end - _LINE_MAX - 1)
    k = text.rfind("\n", lo, end)
    if k == -1 and lo > 0:
        return None  # a long line
    return k + 1, end


def _grow_up(text: str, s: int) -> int:
    """The start of the address whose city part starts at ``s``."""
    lo = max(0, s - _LINE_MAX - 1)
    k = text.rfind("\n", lo, s)
    if k == -1 and lo > 0:
        return s  # the city part is inside a long line of prose
    line_start = k + 1
    # Windows are bounded so that text dense with postcodes on one line stays linear.
    hi = min(len(text), line_start + _LINE_MAX + 1)
    line_end = text.find("\n", s, hi)
    short = line_end != -1 or hi == len(text)
    head = _label_end(text, line_start, s)
    if head < s:
        prefix = text[head:s]
        cut = prefix.rstrip()
        begin = _street_start(text, head, head + len(cut) - 1) if cut.endswith(",") else None
        if begin is None:
            return s  # the city part follows prose on its line: nothing above belongs to it
        s = begin
    if text[line_start:s].strip():
        return s  # a label or a name stands before the address on its line: the lines above are not it
    best = s
    pos = line_start
    for _ in range(4):
        found = _line_before(text, pos, short)
        if found is None:
            break
        start, end = found
        head = _label_end(text, start, end)
        street = _street_start(text, head, end)
        if street is None and _kind_of(text[head:end]) != "locality":
            break
        pos = start
        if street is not None:
            best = street
    return best


def _grow_down(text: str, e: int) -> int:
    """The end of an address followed by a line that is only a country name."""
    k = e
    while k < len(text) and k - e < 8 and text[k] in " \t,.":
        k += 1
    if k >= len(text) or text[k] != "\n":
        return e
    k += 2 if text.startswith("\n\n", k) else 1
    m = _COUNTRY_LINE_RE.match(text, k)
    if m is None:
        return e
    end = m.end()
    while text[end - 1] in " \t.":
        end -= 1
    return end


def join_lines(text: str, found: Iterable[Found]) -> Iterator[Found]:
    """The addresses ``found`` in ``text``, those with a postcode grown over their neighbouring lines."""
    for kind, s, e, value in found:
        if value is not None:
            s = _grow_up(text, s)
        yield (kind, s, _grow_down(text, e), value)
