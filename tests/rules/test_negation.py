from __future__ import annotations

import pytest

from policy_rules.rules.negation import is_negated


@pytest.mark.parametrize(
    ("sentence", "word", "negated"),
    [
        ("We do not sell or share your data", "share", True),
        ("We share your data with partners", "share", False),
        ("We will never transfer data outside the EEA", "transfer", True),
        ("We don't transfer your data", "transfer", True),
        ("You cannot withdraw consent", "withdraw", True),
        ("We respond no later than 30 days", "30", False),
        ("We never sell data, but we share it with partners", "share", False),
        ("If you don't want e-mails, you can unsubscribe", "unsubscribe", False),
        ("This includes, but is not limited to, your name", "name", False),
        ("You can request that we delete your data", "delete", False),
    ],
)
def test_negation(sentence: str, word: str, negated: bool) -> None:
    assert is_negated(sentence, sentence.index(word)) is negated


def test_floor_stops_at_sentence_start() -> None:
    text = "We do not sell data. We share data."
    assert is_negated(text, text.rindex("share"), floor=text.index("We share")) is False
