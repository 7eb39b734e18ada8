"""How rules read structure: a lead-in and its items are one statement (all, not, within, unless,
negation, block scope); a sentence heading and a run-on heading are text; navigation is never read; a
table row reads with its header (synthetic snippets only)."""

from __future__ import annotations

from typing import Any

import one_rule

from policy_rules.engine.findings import Finding

RIGHTS = "You have the right to ask us to:\n\n- restrict how we use your data\n- erase your data\n"
RESTRICT = {"all": [{"terms": ["right"]}, {"terms": ["restrict"]}], "scope": "sentence"}


def run(write, expect: dict[str, Any], text: str, fmt: str = "markdown") -> Finding:  # type: ignore[no-untyped-def]
    return one_rule.run(write, expect, text, fmt)


def outcome(write, expect: dict[str, Any], text: str, fmt: str = "markdown") -> str:  # type: ignore[no-untyped-def]
    return run(write, expect, text, fmt).outcome.value


def test_the_lead_in_supplies_the_missing_words(write) -> None:  # type: ignore[no-untyped-def]
    f = run(write, RESTRICT, RIGHTS)
    assert f.outcome.value == "pass"
    assert [e.text for e in f.evidence] == [
        "You have the right to ask us to:",
        "restrict how we use your data",
    ]


def test_without_the_lead_in_the_item_is_alone(write) -> None:  # type: ignore[no-untyped-def]
    assert (
        outcome(write, RESTRICT, "You have the right to complain.\n\n- restrict how we use your data\n")
        == "missing"
    )
    assert outcome(write, RESTRICT, "You have the right to ask us to:\n\nWe restrict access.\n") == "missing"


def test_only_the_end_of_a_long_lead_in_counts(write) -> None:  # type: ignore[no-untyped-def]
    long = (
        "You have a right to complain to a regulator, and apart from that we describe below, in some detail"
        " and in the order we apply them, the following steps:\n\n- restrict processing\n"
    )
    assert outcome(write, RESTRICT, long) == "missing"


def test_nested_items_read_the_whole_chain(write) -> None:  # type: ignore[no-untyped-def]
    text = "You have the right to ask us to:\n\n- limit processing by:\n  - restricting it\n"
    expect = {"all": [{"terms": ["right"]}, {"terms": ["processing"]}, {"terms": ["restricting"]}]}
    assert outcome(write, expect, text) == "pass"


def test_a_denial_in_the_lead_in_reaches_its_items(write) -> None:  # type: ignore[no-untyped-def]
    expect = {"all": [{"terms": ["restrict"]}, {"not": {"terms": ["never"]}}]}
    assert outcome(write, expect, "We never ask you to:\n\n- restrict how we use your data\n") == "missing"
    assert outcome(write, expect, "We ask you to:\n\n- restrict how we use your data\n") == "pass"


def test_a_lead_in_exclusion_vetoes_only_items_that_borrow_from_it(write) -> None:  # type: ignore[no-untyped-def]
    expect = {"all": [{"terms": ["share"]}, {"terms": ["partners"]}, {"not": {"terms": ["categories"]}}]}
    borrowing = "We share data with the following categories of recipients:\n\n- partners\n"
    assert outcome(write, expect, borrowing) == "missing"
    standing = "Below are the categories of recipients:\n\n- we share data with partners\n"
    assert outcome(write, expect, standing) == "pass"


def test_negation_carries_from_the_lead_in_into_the_first_clause(write) -> None:  # type: ignore[no-untyped-def]
    text = "We do not:\n\n- sell your data\n- rent it, but we share it with hosts\n"
    assert outcome(write, {"terms": ["sell"]}, text) == "missing"
    assert outcome(write, {"terms": ["sell"], "negated": True}, text) == "pass"
    assert outcome(write, {"terms": ["share"]}, text) == "pass"  # after "but": not denied
    assert outcome(write, {"terms": ["sell"]}, "We may:\n\n- sell your data\n") == "pass"


def test_within_measures_as_if_the_lead_in_preceded_each_item(write) -> None:  # type: ignore[no-untyped-def]
    # Read as "the right to ask us to erase your data": "erase" is 5 words after "right", "data" 7.
    near = {"all": [{"terms": ["right"]}, {"terms": ["erase"]}], "within": 6}
    assert outcome(write, near, RIGHTS) == "pass"
    far = {"all": [{"terms": ["right"]}, {"terms": ["data"]}], "within": 6}
    assert outcome(write, far, RIGHTS) == "missing"


def test_block_scope_reads_lead_ins_too(write) -> None:  # type: ignore[no-untyped-def]
    expect = {**RESTRICT, "scope": "block"}
    assert outcome(write, expect, RIGHTS) == "pass"


def test_unless_qualifier_in_the_lead_in_excuses_its_items(write) -> None:  # type: ignore[no-untyped-def]
    expect = {"terms": ["restrict"], "unless": {"terms": ["object"]}, "scope": "sentence"}
    assert outcome(write, expect, "If you object, we will:\n\n- restrict processing\n") == "missing"
    assert outcome(write, expect, "We will:\n\n- restrict processing\n") == "pass"


def test_a_table_row_reads_with_its_header(write) -> None:  # type: ignore[no-untyped-def]
    text = "| Purpose | Legal basis |\n|---|---|\n| Send newsletter | Consent |\n| Billing | Contract |\n"
    expect = {"all": [{"terms": ["newsletter"]}, {"terms": ["legal basis"]}, {"terms": ["consent"]}]}
    f = run(write, expect, text)
    assert f.outcome.value == "pass"
    assert "Send newsletter | Consent" in [e.text for e in f.evidence]
    mixed = {"all": [{"terms": ["newsletter"]}, {"terms": ["contract"]}]}
    assert outcome(write, mixed, text) == "missing"  # rows are separate statements


def test_a_sentence_heading_is_evidence(write) -> None:  # type: ignore[no-untyped-def]
    f = run(
        write,
        {"terms": ["personal information"], "negated": True},
        "## We do not sell your personal information.\n\nText.\n",
    )
    assert f.outcome.value == "pass"
    assert [e.text for e in f.evidence] == ["We do not sell your personal information."]
    assert outcome(write, {"terms": ["rights"]}, "## Your rights\n\nText here.\n") == "missing"


def test_a_run_on_heading_is_evidence_and_still_a_heading(write) -> None:  # type: ignore[no-untyped-def]
    text = "## Identity data\n\nincludes your name and title.\n"
    assert outcome(write, {"all": [{"terms": ["identity"]}, {"terms": ["name"]}]}, text) == "pass"
    under = {"all": [{"heading": {"terms": ["identity data"]}}, {"terms": ["name"]}]}
    assert outcome(write, under, text) == "pass"


def test_a_table_of_contents_is_never_evidence(write) -> None:  # type: ignore[no-untyped-def]
    text = (
        "- Data retention\n- Your rights\n\n## Data retention\n\nWe keep logs.\n\n## Your rights\n\nAsk us.\n"
    )
    assert outcome(write, {"terms": ["retention"]}, text) == "missing"
    assert outcome(write, {"terms": ["retention"], "in_headings": True}, text) == "pass"  # the heading
    under = {"all": [{"heading": {"terms": ["data retention"]}}, {"terms": ["logs"]}]}
    assert outcome(write, under, text) == "pass"


def test_link_targets_are_url_entities(write) -> None:  # type: ignore[no-untyped-def]
    f = run(write, {"entity": "url"}, "Read [our cookie notice](https://example.com/cookies).\n")
    assert f.outcome.value == "pass"
    assert [e.text for e in f.evidence] == ["Read [our cookie notice](https://example.com/cookies)."]
