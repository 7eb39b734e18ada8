"""Postal addresses: the one contact channel rules accept as a place to write to.

Each detector reads one shape (patterns in :mod:`.address_patterns`); :mod:`.address_lines` then grows
an address found from its city line over the street lines above it and a country line below, which is
how addresses in letterheads and contact lists are written. The value is the postcode when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import EntityKind
from ._base import Found, back, number_starts, scan_at
from .address_lines import join_lines
from .address_patterns import (
    CITY_BEFORE_RE,
    CITY_POST_RE,
    CITY_STOP,
    EU_NUMBER_RE,
    EU_STREET_BEFORE_RE,
    PIN_CITY_RE,
    PIN_RE,
    PO_BOX_RE,
    US_STREET_RE,
)

_INDIA_RE = re.compile(r"\s*,?\s*India\b")


def _postcode(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    for name in ("zip", "uk", "eir", "eu", "sg"):
        v = groups.get(name)
        if v:
            return v
    pin = groups.get("pin")
    return pin.replace(" ", "") if pin else None


def _rstrip_end(text: str, start: int, end: int) -> int:
    """End of an address without trailing separators or a sentence full stop ("... 75008 Paris.")."""
    while end > start and text[end - 1] in " \t\r\n,":
        end -= 1
    if end - start > 1 and text[end - 1] == "." and text[end - 2].islower():
        word_start = end - 1
        while word_start > start and text[word_start - 1].isalpha():
            word_start -= 1
        if end - 1 - word_start >= 4:  # "Paris." ends a sentence; "Ave." and "Dr." keep their dot
            end -= 1
    return end


def _city_start(text: str, start: int, city: re.Match[str], gap: str) -> int | None:
    """Where the city before a postcode starts, with prose words in front of it trimmed off."""
    names = city.group()[: len(city.group()) - len(gap)].split(" ")
    begin = city.start()
    while names and (names[0] in CITY_STOP or names[0].endswith(".")):
        begin += len(names[0]) + 1
        names = names[1:]
    return begin if names else None


def _streets(text: str, starts: tuple[int, ...]) -> Iterator[Found]:
    value: str | None
    for m in scan_at(US_STREET_RE, text, starts):
        value = _postcode(m) if m.group("tail") else None
        yield (EntityKind.POSTAL_ADDRESS, m.start(), _rstrip_end(text, m.start(), m.end()), value)
    for m in scan_at(EU_NUMBER_RE, text, starts):
        start = m.start()
        if not m.group("after"):
            street = EU_STREET_BEFORE_RE.search(text, back(text, start, 200, "\n,"), start)
            if street is None:
                continue
            start = street.start()
        yield (EntityKind.POSTAL_ADDRESS, start, _rstrip_end(text, start, m.end()), _postcode(m))
    for m in PO_BOX_RE.finditer(text):
        value = _postcode(m) if m.group("tail") else None
        yield (EntityKind.POSTAL_ADDRESS, m.start(), _rstrip_end(text, m.start(), m.end()), value)


def _city_lines(text: str) -> Iterator[Found]:
    value: str | None
    for m in CITY_POST_RE.finditer(text):
        start = m.start()
        if m.group("dub"):
            value = m.group("eir") or f"Dublin {m.group('dub')}"
        elif m.group("sg"):
            value = m.group("sg")
        else:
            value = _postcode(m)
            # The postcode needs a city before it.
            k = start
            while k > 0 and start - k < 4 and text[k - 1] in " \t,":
                k -= 1
            if k == 0 or not (text[k - 1].isalpha() or text[k - 1] == "."):
                continue
            city = CITY_BEFORE_RE.search(text, back(text, max(0, start - 2), 100, "\n,"), start)
            if city is None or (m.group("uk") and city.group("gap") == ""):
                continue
            begin = _city_start(text, start, city, city.group("gap"))
            if begin is None:
                continue
            start = begin
        yield (EntityKind.POSTAL_ADDRESS, start, _rstrip_end(text, start, m.end()), value)


def _pin_lines(text: str, starts: tuple[int, ...]) -> Iterator[Found]:
    """Indian "City 560001" / "City - 400 001": six digits are common, so the city must look like one
    part of an address: after a comma, a label or a line start, before "India", or joined by a dash."""
    for m in scan_at(PIN_RE, text, starts):
        city = PIN_CITY_RE.search(text, back(text, m.start(), 100, "\n,"), m.start())
        if city is None:
            continue
        gap = city.group("gap")
        begin = _city_start(text, m.start(), city, gap)
        if begin is None:
            continue
        k = begin
        while k > 0 and text[k - 1] in " \t":
            k -= 1
        part_start = k == 0 or text[k - 1] in ",:\n"
        dashed = "-" in gap or "–" in gap
        india = _INDIA_RE.match(text, m.end("pin")) is not None
        if not (part_start or dashed or india):
            continue
        yield (EntityKind.POSTAL_ADDRESS, begin, _rstrip_end(text, begin, m.end()), _postcode(m))


def addresses(text: str) -> Iterator[Found]:
    """Every postal address in ``text``, each grown over the address lines around it."""
    # The house-number and PIN patterns start at a number: one scan finds where numbers start.
    starts = number_starts(text)
    found = [*_streets(text, starts), *_city_lines(text), *_pin_lines(text, starts)]
    yield from join_lines(text, found)
