"""Addresses outside U.S./EU shapes (Indian PIN codes, Singapore) and addresses written one part a line,
in one block or over consecutive list items and paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_rules import load_policy
from policy_rules.document.entities import find_entities
from policy_rules.document.model import EntityKind


def addresses(text: str) -> list[tuple[str, str | None]]:
    return [(text[s:e], v) for k, s, e, v in find_entities(text) if k is EntityKind.POSTAL_ADDRESS]


@pytest.mark.parametrize(
    ("text", "address", "value"),
    [
        ("Our office: Bengaluru 560001", "Bengaluru 560001", "560001"),
        ("Head office at Mumbai - 400 001.", "Mumbai - 400 001", "400001"),
        ("Regd. office in Pune 411001, India.", "Pune 411001, India", "411001"),
        (
            "Widgetco India Pvt Ltd, 42, 3rd Cross Road, Indiranagar, Bengaluru 560038, India",
            "42, 3rd Cross Road, Indiranagar, Bengaluru 560038, India",
            "560038",
        ),
        (
            "Plot 7, Sector 5, Noida, Uttar Pradesh 201301",
            "Plot 7, Sector 5, Noida, Uttar Pradesh 201301",
            "201301",
        ),
        ("Visit us at Singapore 018956 any day.", "Singapore 018956", "018956"),
        ("10 Anson Road, #12-01, Singapore 079903", "10 Anson Road, #12-01, Singapore 079903", "079903"),
    ],
)
def test_indian_and_singapore_addresses(text: str, address: str, value: str) -> None:
    assert addresses(text) == [(address, value)]


@pytest.mark.parametrize(
    "text",
    [
        "Your order 560001 shipped and we have 400001 users.",
        "Ticket 560001 is closed; see Version 400001 notes.",
        "We served 250 000 customers and 100 000 merchants in 2023.",
        "Article 560001 of the code says so.",
        "Singapore law applies to 5 of our 12 products.",
    ],
)
def test_six_digit_runs_are_not_addresses(text: str) -> None:
    assert addresses(text) == []


def test_street_city_and_country_lines_in_one_block() -> None:
    text = "Write to:\nWidgetco Ltd\n12 Harbour Lane\nFlat 4\nLeeds LS1 4DY\nUnited Kingdom"
    assert addresses(text) == [("12 Harbour Lane\nFlat 4\nLeeds LS1 4DY\nUnited Kingdom", "LS1 4DY")]


def test_locality_line_between_street_and_city() -> None:
    text = "No. 42, 3rd Cross Road\nIndiranagar\nBengaluru - 560 038\nIndia"
    assert addresses(text) == [(text, "560038")]


def test_a_label_before_the_address_is_not_part_of_it() -> None:
    text = "Registered office: Level 3, Tower B\nBengaluru 560001"
    assert addresses(text) == [("Level 3, Tower B\nBengaluru 560001", "560001")]


@pytest.mark.parametrize(
    ("above", "word"),
    [
        ("We moved all our teams to 12 Harbour Lane last year, which was great.", "moved"),
        ("Email privacy@widgetco.example about 12 Harbour Lane", "Email"),
        ("Capitol Hill", "Capitol"),  # a street word without a number is a name
        ("Our office was located at 12 Harbour Lane,", "located"),
        ("5 Data Retention Policy", "Retention"),  # a numbered heading
    ],
)
@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_prose_lines_above_do_not_join(above: str, word: str, sep: str) -> None:
    city = [t for t, v in addresses(f"{above}{sep}Leeds LS1 4DY") if v == "LS1 4DY"]
    assert len(city) == 1 and city[0].endswith("Leeds LS1 4DY")
    assert word not in city[0]
    if sep == "\n\n":
        assert city == ["Leeds LS1 4DY"]


def test_short_paragraph_lines_join_across_blank_lines() -> None:
    text = "Widgetco Pte Ltd\n\n10 Anson Road #12-01\n\nSingapore 018956\n\nOther text follows here."
    assert addresses(text) == [("10 Anson Road #12-01\n\nSingapore 018956", "018956")]


def test_address_over_list_items_has_a_span_over_all_of_them(tmp_path: Path) -> None:
    policy = tmp_path / "policy.md"
    policy.write_text(
        "# Contact\n\nWrite to us:\n\n- Widgetco Ltd\n- 12 Harbour Lane\n- Flat 4\n- Leeds LS1 4DY\n"
        "- United Kingdom\n\nWe answer within a month.\n",
        encoding="utf-8",
    )
    doc = load_policy(policy)
    found = [e for e in doc.entities if e.kind is EntityKind.POSTAL_ADDRESS]
    assert len(found) == 1
    address = found[0]
    assert address.value == "LS1 4DY"
    assert address.text.split("\n\n") == ["12 Harbour Lane", "Flat 4", "Leeds LS1 4DY", "United Kingdom"]
    assert (address.span.line, address.span.end_line) == (6, 9)
    source = policy.read_text(encoding="utf-8")
    assert source[address.span.start : address.span.end].startswith("12 Harbour Lane\n- Flat 4")
