"""The shared number-start scan finds exactly what a whole-text ``finditer`` finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules.document.entities._base import number_starts, scan_at
from policy_rules.document.entities.address_patterns import EU_NUMBER_RE, PIN_RE, US_STREET_RE
from policy_rules.document.entities.phones import _PHONE_RE, _starts

_PIECES = st.sampled_from(
    [
        "12",
        "400 001",
        "560001",
        " ",
        ", ",
        "\n",
        "-",
        "+",
        "(",
        ")",
        ".",
        "/",
        "a",
        "Main",
        "Street",
        "Suite 4",
        "CA 94105",
        "rue de la Paix",
        "75002 Paris",
        "Bengaluru",
        "+44 20 7946 0958",
        "(555) 123-4567",
        "x9",
        "٣",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_scan_at_matches_finditer(text: str) -> None:
    starts = number_starts(text)
    for pattern in (US_STREET_RE, EU_NUMBER_RE, PIN_RE):
        assert [m.span() for m in scan_at(pattern, text, starts)] == [
            m.span() for m in pattern.finditer(text)
        ]
    assert [m.span() for m in scan_at(_PHONE_RE, text, _starts(text))] == [
        m.span() for m in _PHONE_RE.finditer(text)
    ]


def test_number_starts_skips_digits_inside_words_and_numbers() -> None:
    assert number_starts("a1 22 x-3 (4) 5.6 7,8") == (3, 11, 14, 18)
