"""Calendar dates in any of the shapes :mod:`policy_rules.document.dates` reads, valued as ISO dates."""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import DATE_PATTERN, match_to_date
from ..model import EntityKind
from ._base import Found


def dates(text: str) -> Iterator[Found]:
    """Every real calendar date in ``text`` (a "31 February" is not one)."""
    for m in DATE_PATTERN.finditer(text):
        d = match_to_date(m)
        if d is not None:
            yield (EntityKind.DATE, m.start(), m.end(), d.isoformat())
