from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules.rules.negation import SentenceNegation, is_negated


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
        # Prevention, avoidance and cessation deny the act as surely as "not".
        ("We take steps so that identifiers are never kept indefinitely", "kept", True),
        ("We take steps to prevent your data from being kept indefinitely", "kept", True),
        ("We avoid keeping personal data indefinitely", "keeping", True),
        ("We no longer rely on the framework for transfers", "rely", True),
        ("We have ceased relying on the framework", "relying", True),
        ("We anonymise the records rather than keep them indefinitely", "keep", True),
        ("We refrain from selling your data", "selling", True),
        # What follows "other than" or "except" is the exception, which is done.
        ("We do not share data with anyone other than our processors", "processors", False),
        ("We never sell data except to our affiliates", "affiliates", False),
        # A denial in a condition does not reach the main clause.
        ("If you do not agree, we delete your account", "delete", False),
        # The scope is the clause, not a handful of words.
        ("We do not, under any circumstances and for no reason whatsoever, sell your data", "sell", True),
    ],
)
def test_negation(sentence: str, word: str, negated: bool) -> None:
    assert is_negated(sentence, sentence.index(word)) is negated


def test_floor_stops_at_sentence_start() -> None:
    text = "We do not sell data. We share data."
    assert is_negated(text, text.rindex("share"), floor=text.index("We share")) is False


def test_the_look_back_is_bounded() -> None:
    text = "We do not " + "really " * 200 + "sell data"
    assert is_negated(text, text.index("sell")) is False  # a cue beyond MAX_CLAUSE characters is out of reach


WORDS = ["we", "do", "not", "never", "sell", "share", "but", ",", "that", "no", "longer", "rely", "data",
         "prevent", "only", "if", "you", ";", "rather", "than", "keep", "other", "except", "cannot", "it"]  # fmt: skip


@settings(max_examples=200)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_the_sentence_scanner_agrees_with_the_direct_test(words: list[str]) -> None:
    prefix = "We never do that. "  # the sentence starts later in the text: its floor is not 0
    text = prefix + " ".join(words)
    scanner = SentenceNegation(text)
    floor = len(prefix)
    for m in re.finditer(r"\w+", text[floor:]):
        at = floor + m.start()
        assert scanner.negated(at, floor, len(text)) is is_negated(text, at, floor), (text, m.group())
