"""Dates as privacy policies write them.

Policies are dated by hand, so one corpus holds "07-21-2020", "Sept. 14, 2022", "21st July, 2020" and
"2020/07/21" side by side. A single pattern finds every shape in running text and the same pattern
parses a found string, so what the finder reports and what :func:`parse_date` accepts never disagree.

Every branch of :data:`DATE_PATTERN` is built from bounded pieces (no ``+``/``*`` on anything that can
overlap), so a scan is linear in the text length even on hostile input.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATE_PATTERN", "MONTHS", "parse_date"]

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}


def _month_alternation() -> str:
    """Month names as Capitalised or UPPER literals, longest first so "Sept" is not cut to "Sep".

    The pattern is case-sensitive on purpose: an IGNORECASE scan is several times slower on large texts,
    and lower-case month names in running text are mostly the verb "may". :func:`parse_date` capitalises
    month words before matching, so it still accepts them.
    """
    forms = [f for name in MONTHS for f in (name.capitalize(), name.upper())]
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


_MONTH = _month_alternation()
_SP = r"[ \t\u00a0]{1,3}"  # a date never spans lines
_YEAR4 = r"(?:19|20)\d\d"
_ORD = r"(?:st|nd|rd|th|ST|ND|RD|TH)?"

# The leading look-ahead is a cheap filter: the engine rejects most positions on one character instead
# of entering every branch (about 4x faster on policy text).
_DATE_SOURCE = rf"""
(?=[\dJFMASOND])(?<![\w/.\-])
(?:
    # 2020-07-21, 2020/07/21, 2020.07.21
    (?P<iso_y>{_YEAR4})(?P<iso_sep>[-/.])(?P<iso_m>\d{{1,2}})(?P=iso_sep)(?P<iso_d>\d{{1,2}})
  | # 07-21-2020, 5/26/2017, 21.07.2020, 5/26/17
    (?P<num_a>\d{{1,2}})(?P<num_sep>[-/.])(?P<num_b>\d{{1,2}})(?P=num_sep)(?P<num_y>{_YEAR4}|\d\d(?!\d))
  | # 13-Dec-22, 13-Dec-2022
    (?P<dmy_d>\d{{1,2}})-(?P<dmy_m>{_MONTH})\.?-(?P<dmy_y>{_YEAR4}|\d\d)
  | # 21 July 2020 / 21st July, 2020 / 21st of July 2020
    (?P<dm_d>\d{{1,2}}){_ORD}{_SP}(?:(?:of|OF){_SP})?(?P<dm_m>{_MONTH})\.?,?{_SP}(?P<dm_y>{_YEAR4})
  | # May 25, 2018 / May 25 2018 / Sept. 14, 2022 / July 21st, 2020 / July 2020
    (?P<md_m>{_MONTH})\.?{_SP}
    (?:(?P<md_d>\d{{1,2}}){_ORD}(?:,[ \t\u00a0]{{0,3}}|{_SP}))?
    (?P<md_y>{_YEAR4})
)
(?![\d_]|[-/.]\d)
"""

DATE_PATTERN: re.Pattern[str] = re.compile(_DATE_SOURCE, re.VERBOSE)
"""Finds date-shaped strings in running text; pass a match's text to :func:`parse_date` to validate."""


def _year(raw: str) -> int:
    y = int(raw)
    if len(raw) == 2:
        # Two-digit years only appear in recent, hand-typed dates.
        y += 2000 if y < 70 else 1900
    return y


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> dt.date | None:
    g = m.group
    if g("iso_y"):
        return _make(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
    if g("num_a"):
        a, b, y = int(g("num_a")), int(g("num_b")), _year(g("num_y"))
        if g("num_sep") == ".":
            # Dotted numeric dates are a European habit: day first unless that is impossible.
            if a <= 12 < b:
                return _make(y, a, b)
            return _make(y, b, a)
        # Slashes and dashes follow the US habit (month first) unless the first number cannot be a month.
        if a > 12:
            return _make(y, b, a)
        return _make(y, a, b)
    if g("dmy_d"):
        return _make(_year(g("dmy_y")), MONTHS[g("dmy_m").lower()], int(g("dmy_d")))
    if g("md_m"):
        day = g("md_d")
        return _make(int(g("md_y")), MONTHS[g("md_m").lower()], int(day) if day else 1)
    if g("dm_d"):
        return _make(int(g("dm_y")), MONTHS[g("dm_m").lower()], int(g("dm_d")))
    return None  # pragma: no cover - every branch sets one of the groups above


_STRIP = " \t\r\n\u00a0,;:()[]\"'"


def parse_date(text: str) -> dt.date | None:
    """Parse one date string; ``None`` when it is not a date or names an impossible day (Feb 30).

    A month and year alone ("July 2020") stands for the first of that month, because policies dated
    that way mean "some time in July" and the rules only compare dates.
    """
    s = text.strip(_STRIP)
    if s.endswith("."):  # a sentence's full stop; no date shape ends with a dot
        s = s[:-1]
    m = DATE_PATTERN.fullmatch(s)
    if m is None:
        m = DATE_PATTERN.fullmatch(_WORD_RE.sub(_capitalise_month, s))
        if m is None:
            return None
    return _from_match(m)


_WORD_RE = re.compile(r"[A-Za-z]+")


def _capitalise_month(m: re.Match[str]) -> str:
    w = m.group()
    return w.capitalize() if w.lower() in MONTHS else w


def match_to_date(m: re.Match[str]) -> dt.date | None:
    """Date for a :data:`DATE_PATTERN` match found in running text (saves re-parsing its text)."""
    return _from_match(m)
