from __future__ import annotations

import time

import pytest

from policy_rules.document.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_at_full_stops_before_capitals() -> None:
    assert sentences("We collect data. We share it. You may object!") == [
        "We collect data.",
        "We share it.",
        "You may object!",
    ]


def test_question_and_exclamation_marks() -> None:
    assert sentences("Do we sell data? No! Never.") == ["Do we sell data?", "No!", "Never."]


@pytest.mark.parametrize(
    "text",
    [
        "We use processors, e.g. Stripe and Adyen, to take payments.",
        "We store identifiers, i.e. Cookie IDs and device IDs.",
        "The controller is Example Inc. Registered in Delaware.",
        "Example Ltd. Trading as Foo is the controller.",
        "Acme Co. Limited and Acme Corp. Holdings process data.",
        "Data may be sent to the U.S. Department of Commerce, the U.K. Office and E.U. Bodies.",
        "See Art. 13 of the GDPR and Sec. 5 of the FTC Act.",
        "Write to Mr. Brown, Dr. Green or St. Paul Office, No. 5 in the vs. Column.",
        "Contact J. Smith at the office.",
        "See p. 12 of the report.",
        "Fees rise by 2.5 percent each year.",
        "Write to privacy@example.com for details.",
        "Visit https://example.com/a.b?c=d. then click the link.",
        "1. We collect your name and address.",
        "(a) We keep records for six years.",
        "We may wait... Then decide.",
        "We were told… Nothing else.",
        "Cal. Civ. Code Section 1798.83 applies.",
        "We no longer rely on the EU-U.S. Privacy Shield or the Swiss-U.S. Privacy Shield for transfers.",
    ],
)
def test_does_not_break_inside(text: str) -> None:
    assert sentences(text) == [text]


def test_etc_ends_a_sentence_before_a_new_one() -> None:
    assert sentences("names, e-mails, etc. We also log your IP.") == [
        "names, e-mails, etc.",
        "We also log your IP.",
    ]


def test_company_suffix_can_end_a_sentence() -> None:
    assert sentences("The controller is Example Inc. We are based in Ohio.") == [
        "The controller is Example Inc.",
        "We are based in Ohio.",
    ]


def test_no_break_before_lower_case() -> None:
    assert sentences("Call us at no. five or visit us. then leave.") == [
        "Call us at no. five or visit us. then leave."
    ]


def test_closing_quotes_and_brackets_stay_with_the_sentence() -> None:
    assert sentences("We use “cookies.” Cookies are files. (See below.) Next one.") == [
        "We use “cookies.”",
        "Cookies are files.",
        "(See below.)",
        "Next one.",
    ]


def test_url_at_end_of_sentence() -> None:
    assert sentences("Read https://example.com/privacy. We update it yearly.") == [
        "Read https://example.com/privacy.",
        "We update it yearly.",
    ]


def test_line_breaks_after_colons_and_semicolons() -> None:
    text = "Your rights are:\nthe right to access;\nthe right to erasure; and\nthe right to object."
    assert sentences(text) == [
        "Your rights are:",
        "the right to access;",
        "the right to erasure; and\nthe right to object.",
    ]


def test_hard_wrapped_lines_are_one_sentence() -> None:
    text = (
        "We may share your data with partners and\nservice providers who help us, and with\nAmerican Express."
    )
    assert sentences(text) == [text]


def test_short_address_lines_are_separate() -> None:
    assert sentences("Privacy Office\n8 Market Place\nBaltimore MD 21202") == [
        "Privacy Office",
        "8 Market Place",
        "Baltimore MD 21202",
    ]


def test_blank_line_always_splits() -> None:
    assert sentences("first part without stop\n\nsecond part") == ["first part without stop", "second part"]


def test_ranges_are_trimmed_and_non_empty() -> None:
    text = "  One.   Two.  \n\n  "
    ranges = split_sentences(text)
    assert [text[s:e] for s, e in ranges] == ["One.", "Two."]
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def test_linear_time_on_pathological_input() -> None:
    # Runs that would make a backtracking pattern quadratic: dots, closers, whitespace, newlines.
    parts = ["." * 200_000, '"' * 200_000, " " * 200_000, "\n" * 200_000, "a. " * 100_000, ".)" * 100_000]
    text = "x".join(parts)
    started = time.perf_counter()
    split_sentences(text)
    assert time.perf_counter() - started < 5
