"""All entities of a text in one list: the detectors run, then overlaps between kinds are resolved; and
the policy's own date, picked among the dates by the label before it.

This is the package's public face (:func:`find_entities`, :func:`find_policy_date`); each kind's
detector lives in its own module.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator

from ..model import EntityKind
from ._base import Found
from .addresses import addresses
from .dates import dates as calendar_dates
from .emails import emails
from .organizations import organizations
from .phones import phones
from .placeholders import placeholders
from .urls import urls

__all__ = ["DETECTORS", "find_entities", "find_policy_date"]

DETECTORS: tuple[Callable[[str], Iterator[Found]], ...] = (
    emails,
    urls,
    phones,
    calendar_dates,
    addresses,
    organizations,
    placeholders,
)
# Text inside a URL or an e-mail is part of it: a date in a blog URL or digits in a path are not entities
# of their own.
_CONTAINERS = (EntityKind.URL, EntityKind.EMAIL)


class _SpanSet:
    """Spans sorted by start with a running maximum of ends, so an overlap query is one bisection."""

    __slots__ = ("_max_ends", "_starts")

    def __init__(self, entities: Iterable[Found]) -> None:
        self._starts: list[int] = []
        self._max_ends: list[int] = []
        top = -1
        for _, s, e, _ in entities:  # callers pass entities sorted by start
            top = max(top, e)
            self._starts.append(s)
            self._max_ends.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._max_ends[i - 1] > start


def find_entities(text: str) -> list[tuple[EntityKind, int, int, str | None]]:
    """All entities in ``text`` as ``(kind, start, end, value)``, sorted by ``(start, end)``.

    Different kinds may overlap (an address may contain an organisation name), with three exceptions
    that would otherwise be double counts: nothing is reported inside a URL or e-mail, a URL inside an
    e-mail is dropped, and so is a phone number that is really a date. Within one kind, an entity nested
    in another ("London EC1A 1BB" inside a full street address) is dropped.
    """
    found: list[Found] = []
    for detect in DETECTORS:
        for ent in detect(text):
            # Only an address may cross a blank line, where :mod:`.address_lines` joined short lines.
            if ent[2] > ent[1] and (
                ent[0] is EntityKind.POSTAL_ADDRESS or "\n\n" not in text[ent[1] : ent[2]]
            ):
                found.append(ent)
    found.sort(key=lambda x: (x[1], -x[2]))

    emails = _SpanSet(x for x in found if x[0] is EntityKind.EMAIL)
    containers = _SpanSet(
        x
        for x in found
        if x[0] in _CONTAINERS and not (x[0] is EntityKind.URL and emails.overlaps(x[1], x[2]))
    )
    dates = _SpanSet(x for x in found if x[0] is EntityKind.DATE and not containers.overlaps(x[1], x[2]))

    out: list[Found] = []
    reach: dict[EntityKind, int] = {}
    # Longest first at each start, so an entity nested in another of its kind comes after it.
    for ent in found:
        kind, s, e, _ = ent
        if e <= reach.get(kind, -1):
            continue
        if kind is EntityKind.URL:
            if emails.overlaps(s, e):
                continue
        elif kind is not EntityKind.EMAIL and containers.overlaps(s, e):
            continue
        if kind is EntityKind.PHONE and dates.overlaps(s, e):
            continue
        out.append(ent)
        reach[kind] = e
    out.sort(key=lambda x: (x[1], x[2]))
    return out


_POLICY_LABEL_RE = re.compile(
    r"(?P<updated>\blast[ \t]+(?:updated|modified|revised|changed|amended|reviewed|edited)\b"
    r"|\bdate[ \t]+of[ \t]+(?:last[ \t]+)?(?:revision|update|modification)\b"
    r"|\b(?:updated|revised|modified|amended)\b"
    r"|\bversion\b[^\n]{0,30}?\bdated\b"
    r"|\brevision[ \t]+date\b)"
    r"|(?P<effective>\beffective\b|\bin[ \t]+(?:force|effect)[ \t]+(?:as[ \t]+of|from|since)\b)",
    re.IGNORECASE,
)
_LABEL_HINTS = re.compile(r"updat|revis|modif|amend|chang|effect|dated|force|revision")
_POLICY_WINDOW = 60
# What may not sit between a label and its date: a line break or the end of a sentence.
_GAP_BREAK_RE = re.compile(r"[.!?](?:\s|\Z)|\n")
# "Effective January 1, 2020, the California Consumer Privacy Act allows ...": the date a law took
# effect, not the policy's. Only "effective" labels are read this way; "last updated" names the text.
_LAW_SUBJECT_RE = re.compile(
    r"\s*,?\s*(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,7}?"
    r"(?:Act|Law|Laws|Regulation|Regulations|Directive|Rule|Code|Amendments?|CCPA|CPRA|GDPR|COPPA|LGPD|PIPEDA)\b"
)


def find_policy_date(
    text: str, entities: list[tuple[EntityKind, int, int, str | None]]
) -> tuple[int, int, dt.date] | None:
    """The date the policy says it was last updated (or, failing that, took effect).

    Policies announce it with a short label just before the date, on the same line and in the same
    sentence. "Last updated" beats "effective" because it tracks the latest text; among equals the
    first in the document wins, since the header date is the authoritative one and later mentions tend
    to be history or examples. Labels are looked for only just before each date, so the cost follows
    the number of dates, not the length of the text.
    """
    if any(k is EntityKind.DATE for k, *_ in entities):
        dates = sorted((s, e, v) for k, s, e, v in entities if k is EntityKind.DATE and v is not None)
    else:
        dates = sorted((s, e, v) for _, s, e, v in calendar_dates(text) if v is not None)
    effective: tuple[int, int, dt.date] | None = None
    for s, e, v in dates:
        window_start = max(0, s - _POLICY_WINDOW - 40, text.rfind("\n", max(0, s - 100), s) + 1)
        if not _LABEL_HINTS.search(text[window_start:s].lower()):
            continue  # cheap pre-check: most dates have no label before them
        label = None
        for m in _POLICY_LABEL_RE.finditer(text, window_start, s):
            if s - m.end() <= _POLICY_WINDOW and not _GAP_BREAK_RE.search(text, m.end(), s):
                label = m  # the last label before the date is the one that names it
        if label is None:
            continue
        found = (s, e, dt.date.fromisoformat(v))
        if label.group("updated"):
            return found
        if _LAW_SUBJECT_RE.match(text, e):
            continue
        if effective is None:
            effective = found
    return effective
