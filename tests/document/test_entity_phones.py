"""Telephone numbers read with the ``phonenumbers`` library: international shapes, vanity numbers,
extensions, and the digit runs that must stay non-phones."""

from __future__ import annotations

import time

import pytest

from policy_rules.document.entities import find_entities
from policy_rules.document.entities.phones import phones
from policy_rules.document.model import EntityKind


def phone_values(text: str) -> list[tuple[str, str | None]]:
    return [(text[s:e], v) for k, s, e, v in find_entities(text) if k is EntityKind.PHONE]


@pytest.mark.parametrize(
    ("number", "value"),
    [
        ("+44 20 7946 0000", "+442079460000"),
        ("+91 98765 43210", "+919876543210"),
        ("+91 80 2345 6789", "+918023456789"),
        ("0049 30 1234567", "+49301234567"),
        ("00 44 20 7946 0000", "+442079460000"),
        ("+49 (0)30 1234567", "+49301234567"),
        ("+44 (0) 20 7946 0000", "+442079460000"),
        ("+33 1.23.45.67.89", "+33123456789"),
        ("+33 (0)1 23 45 67 89", "+33123456789"),
        ("(+65) 6123 4567", "+6561234567"),
        ("+353 1 234 5678", "+35312345678"),
        ("+61 2 9876 5432", "+61298765432"),
    ],
)
def test_international_numbers_are_normalised_to_e164(number: str, value: str) -> None:
    text = f"Our office can be reached on {number} during the week."
    assert phone_values(text) == [(number, value)]


@pytest.mark.parametrize(
    ("number", "value"),
    [
        ("+44 20 7946 0000 ext. 123", "+442079460000;ext=123"),
        ("+1 415 555 0100 x123", "+14155550100;ext=123"),
        ("(555) 201-4477 Ext. 9", "5552014477;ext=9"),
        ("1-800-555-0199, extension 42", "18005550199;ext=42"),
    ],
)
def test_extensions_are_part_of_the_number(number: str, value: str) -> None:
    assert phone_values(f"Call {number} for help.") == [(number, value)]


@pytest.mark.parametrize(
    ("number", "value"),
    [
        ("1-800-FLOWERS", "+18003569377"),
        ("1-888-MY-BANK1", "+18886922651"),
        ("1-800-MATTRESS", "+18006288737"),
        ("(212) CALL-NOW", "+12122255669"),
    ],
)
def test_vanity_numbers_dial_their_keypad_digits(number: str, value: str) -> None:
    assert phone_values(f"Call {number} today.") == [(number, value)]


@pytest.mark.parametrize(
    "text",
    [
        "Version 1-800-HELLO is our release name.",  # too few keypad letters for a number
        "The code 123-ABC-DEFG is not a number: 123 is no area code.",
        "Use CALL-NOW as your coupon.",
    ],
)
def test_not_vanity_numbers(text: str) -> None:
    assert phone_values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Our server at 192.168.100.200 logs requests; telephone 10.0.0.1 is not a number.",
        "Windows 10.0.19041.1415 and release 2.10.4.1 are supported.",
        "Between 1990 2000 2010 2020 the numbers grew.",
        "Order ID 00123456789 shipped on 2021-03-04.",
        "The postcode 94105-1234 and the PIN 560001 are not phones.",
        "Dates 07.21.2020, 21.07.2020 and 2020/07/21 are dates.",
        "A bad prefix: +1 23 is too short, and +999 1234 5678 has no country.",
        "Invoice 1234 5678 9012 3456 is a card-like run, not a phone.",
    ],
)
def test_precision_digit_runs_are_not_phones(text: str) -> None:
    assert phone_values(text) == []


def test_a_digit_run_needs_a_phone_word_before_it() -> None:
    assert phone_values("Telephone: 98765 43210") == [("98765 43210", "9876543210")]
    assert phone_values("Reference 98765 43210") == []


def test_an_unassigned_international_number_without_grouping_is_dropped() -> None:
    assert phone_values("Call +84357500987 now") == [("+84357500987", "+84357500987")]
    assert phone_values("Ticket +12345678 closed") == []


def test_phonenumbers_is_only_asked_about_candidates() -> None:
    """Prose with many numbers but no phone-shaped run stays as fast as a regex scan."""
    text = "In 2021 we had 30 days, 12 months and 365 nights; version 2.3.1 shipped. " * 4000
    t0 = time.perf_counter()
    assert list(phones(text)) == []
    assert time.perf_counter() - t0 < 2.0
