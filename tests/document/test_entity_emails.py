"""Obfuscated e-mail addresses: brackets and spelled-out words, span over the whole run, real address
as value; prose with "at" and "dot" stays prose."""

from __future__ import annotations

import pytest

from policy_rules.document.entities import find_entities
from policy_rules.document.model import EntityKind


def emails(text: str) -> list[tuple[str, str | None]]:
    return [(text[s:e], v) for k, s, e, v in find_entities(text) if k is EntityKind.EMAIL]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("privacy [at] widgetco [dot] com", "privacy@widgetco.com"),
        ("privacy (at) widgetco.com", "privacy@widgetco.com"),
        ("privacy at widgetco dot com", "privacy@widgetco.com"),
        ("Privacy.Team at Widget-Co dot co dot uk", "privacy.team@widget-co.co.uk"),
        ("dpo AT widgetco DOT de", "dpo@widgetco.de"),
        ("data_protection at mail dot widgetco dot org", "data_protection@mail.widgetco.org"),
    ],
)
def test_obfuscated_address_spans_the_whole_run(written: str, value: str) -> None:
    text = f"Questions? Write to {written} and we will answer."
    assert emails(text) == [(written, value)]


@pytest.mark.parametrize(
    "text",
    [
        "Please look at example dot com for details.",  # a verb before "at"
        "Email us at widgetco dot com.",  # "us" is the sentence, not a mailbox
        "We met at noon dot com era startups.",  # a verb again
        "The shop is located at widgetco dot com.",
        "We registered at widgetco dot xyzzy last year.",  # not a top-level domain
        "privacy at widgetco.com is our team",  # spelled "at" needs a spelled "dot" to be an address
        "Meet the team at widgetco dot the office.",
        "sales at widgetco DOT com",  # one spelling throughout
        "The dot com boom came at the end.",
    ],
)
def test_prose_with_at_and_dot_is_not_an_address(text: str) -> None:
    assert emails(text) == []


def test_spelled_address_next_to_a_plain_one() -> None:
    text = "Write to help@widgetco.com or privacy at widgetco dot com."
    assert [v for _, v in emails(text)] == ["help@widgetco.com", "privacy@widgetco.com"]
