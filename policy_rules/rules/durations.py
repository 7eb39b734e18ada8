"""Periods stated in prose ("within 45 days", "thirty (30) days", "one month") as a number of days.

Value rules compare these against the law's limits. A period framed as an extension ("we may extend
this by a further two months") is the law's own exception, not the standard window, so it is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}  # fmt: skip
_UNIT_DAYS = {
    "day": 1.0,
    "business day": 1.4,
    "working day": 1.4,
    "week": 7.0,
    "month": 30.44,
    "year": 365.25,
}

_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_NUMBER = rf"(?:\d{{1,4}}|(?:{_TENS})(?:[\s-](?:{_UNITS}))?|{_UNITS}|{_TEENS}|hundred|an?)"
PERIOD = re.compile(
    rf"(?<!\w)(?P<num>{_NUMBER})(?:\s*\(\s*(?P<paren>\d{{1,4}})\s*\))?[\s-]*"
    r"(?:calendar\s+)?(?P<unit>business\s+day|working\s+day|day|week|month|year)s?(?!\w)",
    re.IGNORECASE,
)
_EXTENSION = re.compile(r"(?<!\w)(?:extend\w*|extension|further|additional|another)(?!\w)[^.;]{0,40}$", re.I)


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    days: float
    text: str


def _number(token: str) -> int | None:
    token = token.lower().replace("-", " ")
    if token.isdigit():
        return int(token)
    total = 0
    for word in token.split():
        if word not in _NUMBER_WORDS:
            return None
        total += _NUMBER_WORDS[word]
    return total


def find_periods(text: str, start: int = 0, end: int | None = None) -> list[Period]:
    """Standard (non-extension) periods in ``text[start:end]``."""
    out = []
    for m in PERIOD.finditer(text, start, len(text) if end is None else end):
        n = int(m.group("paren")) if m.group("paren") else _number(m.group("num"))
        if n is None:
            continue
        unit = re.sub(r"\s+", " ", m.group("unit").lower())
        if _EXTENSION.search(text, max(start, m.start() - 60), m.start()):
            continue
        out.append(Period(m.start(), m.end(), n * _UNIT_DAYS[unit], m.group(0)))
    return out
