"""Metrics of ``policy-rules eval`` on a hand-computable case (fixtures/: a 3-rule ruleset, 3 policies)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_rules import load_ruleset
from policy_rules.document.source import Span
from policy_rules.engine.findings import Evidence, Finding, Outcome
from policy_rules.evaluation.metrics import GoldLocator, Tally, evidence_overlaps, predicted_class
from policy_rules.evaluation.runner import evaluate

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = FIXTURES / "gold.jsonl"


def finding(outcome: Outcome, *quotes: str) -> Finding:
    evidence = tuple(Evidence(Span(0, len(q), 1, 1, 1, len(q) + 1), q) for q in quotes)
    return Finding("t.rule.x", "t", outcome, "error", "Test", "Title", "message", evidence=evidence)


@pytest.fixture(scope="module")
def scores() -> dict:  # type: ignore[type-arg]
    import datetime as dt

    ruleset = load_ruleset(FIXTURES / "mini.yaml")
    return evaluate(str(GOLD), [ruleset], evaluation_date=dt.date(2026, 1, 1)).to_dict()


def test_outcomes_map_to_gold_classes() -> None:
    assert predicted_class(finding(Outcome.PASS)) == "present"
    assert predicted_class(finding(Outcome.FAIL)) == "contradicted"
    assert predicted_class(finding(Outcome.MISSING)) == "absent"
    assert predicted_class(finding(Outcome.NOT_APPLICABLE)) == "absent"


def test_per_rule_precision_recall_f1_by_hand(scores) -> None:  # type: ignore[no-untyped-def]
    # mini.rights.delete: fee.txt present/pass, plain.txt present/missing, dpo.txt absent/missing.
    # absent class: tp=1 (dpo), fp=1 (plain), fn=0 -> P=1/2, R=1, F1=2/3.
    # present class: tp=1 (fee), fp=0, fn=1 (plain) -> P=1, R=1/2, F1=2/3.
    d = scores["rules"]["mini.rights.delete"]
    assert d["n"] == 3
    assert d["accuracy"] == pytest.approx(2 / 3)
    assert (d["absent_precision"], d["absent_recall"]) == (pytest.approx(0.5), pytest.approx(1.0))
    assert d["absent_f1"] == pytest.approx(2 / 3)
    assert (d["present_precision"], d["present_recall"]) == (pytest.approx(1.0), pytest.approx(0.5))
    assert d["macro_f1"] == pytest.approx(2 / 3)
    assert d["evidence_overlap"] == pytest.approx(1.0)


def test_contradicted_is_a_violation_and_fail_matches_it(scores) -> None:  # type: ignore[no-untyped-def]
    # mini.fees.none: fee.txt contradicted/fail (right), plain.txt present/pass (right),
    # dpo.txt absent/pass (a prohibition with nothing offending passes: a missed violation).
    d = scores["rules"]["mini.fees.none"]
    assert d["accuracy"] == pytest.approx(2 / 3)
    assert (d["absent_precision"], d["absent_recall"]) == (pytest.approx(1.0), pytest.approx(0.5))
    assert (d["present_precision"], d["present_recall"]) == (pytest.approx(0.5), pytest.approx(1.0))
    # plain.txt passes with no gold evidence: nothing to overlap, so no evidence score at all
    assert d["evidence_overlap"] is None
    assert scores["confusion"]["mini.fees.none"] == {
        "absent->present": 1,
        "contradicted->contradicted": 1,
        "present->present": 1,
    }


def test_not_applicable_counts_as_absent(scores) -> None:  # type: ignore[no-untyped-def]
    # mini.dpo.contact is not applicable to fee.txt and plain.txt; gold says absent there.
    d = scores["rules"]["mini.dpo.contact"]
    assert d["accuracy"] == 1.0
    assert d["absent_f1"] == 1.0 and d["present_f1"] == 1.0
    # "reachable at [...] dpo@example.org": a fragment of the gold phrase lies in the evidence sentence
    assert d["evidence_overlap"] == 1.0


def test_totals_and_unknown_rules(scores) -> None:  # type: ignore[no-untyped-def]
    total = scores["total"]
    assert scores["documents"] == 3
    assert total["n"] == 9
    assert total["accuracy"] == pytest.approx(7 / 9)
    # violations: tp = dpo-delete, fee-fee, fee-dpo, plain-dpo = 4; fp = plain-delete; fn = dpo-fee
    assert total["absent_precision"] == pytest.approx(4 / 5)
    assert total["absent_recall"] == pytest.approx(4 / 5)
    assert total["mean_rule_macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1.0) / 3)
    assert scores["unknown_rules"] == {"other.rule.unknown": 1}
    assert {(d["document"].rsplit("/", 1)[-1], d["rule"]) for d in scores["disagreements"]} == {
        ("plain.txt", "mini.rights.delete"),
        ("dpo.txt", "mini.fees.none"),
    }


def test_contradicted_gold_against_missing_is_wrong_but_still_a_caught_violation() -> None:
    tally = Tally()
    tally.add("contradicted", finding(Outcome.MISSING), ())
    tally.add("contradicted", finding(Outcome.FAIL, "We keep your data forever."), ())
    s = tally.scores()
    assert s["accuracy"] == 0.5
    assert s["absent_recall"] == 1.0 and s["absent_precision"] == 1.0
    assert s["present_f1"] is None  # the present class never occurs on either side


@pytest.mark.parametrize(
    ("quote", "phrases", "expected"),
    [
        ("You may delete your data at any time.", ["delete your data"], True),
        ("You may delete your data at any time.", ["you may [...] at any time"], True),
        ("You may delete your data at any time.", ["erase […] records"], False),
        ("Delete.", ["You can delete your data"], False),
        ("delete your data", ["You can delete your data here"], True),  # evidence inside the phrase
        ("Anything at all.", ["ok [...] at"], False),  # fragments under 3 characters are ignored
    ],
)
def test_evidence_overlap_fragments(quote: str, phrases: list[str], expected: bool) -> None:
    assert evidence_overlaps(finding(Outcome.PASS, quote), phrases) is expected


def test_no_evidence_never_overlaps() -> None:
    assert evidence_overlaps(finding(Outcome.PASS), ["anything"]) is False


def at(text: str, quote: str) -> Finding:
    start = text.index(quote)
    span = Span(start, start + len(quote), 1, start + 1, 1, start + len(quote) + 1)
    return Finding(
        "t.rule.x", "t", Outcome.PASS, "error", "Test", "Title", "m", evidence=(Evidence(span, quote),)
    )


def test_a_located_phrase_overlaps_a_quote_that_straddles_it() -> None:
    text = "Intro.\n\nWe keep your data for  thirty days. Then we delete it.\n"
    quote = "We keep your data for  thirty days."
    cut = "we keep your data for thirty"  # a phrase cut mid-sentence, white space normalised
    assert not evidence_overlaps(at(text, quote), [cut + " days and"])  # nothing to locate
    assert evidence_overlaps(at(text, quote), [cut], GoldLocator(text))
    assert not evidence_overlaps(at(text, "Intro."), [cut], GoldLocator(text))


def test_a_paragraph_length_quote_stands_for_its_whole_paragraph() -> None:
    first = "A" * 10 + " " + "word " * 60
    paragraph = first + "We keep data for thirty days."
    text = "Title\n\n" + paragraph + "\n\nOther paragraph.\n"
    start = text.index(paragraph)
    blocks = [(0, 5), (start, start + len(paragraph)), (text.index("Other"), len(text) - 1)]
    cut = paragraph[:260]  # the corpus cut the quote before the sentence the tool cites
    sentence = "We keep data for thirty days."
    assert evidence_overlaps(at(text, sentence), [cut], GoldLocator(text, blocks))
    assert not evidence_overlaps(at(text, "Other paragraph."), [cut], GoldLocator(text, blocks))
    short = paragraph[:60]  # a short phrase is a phrase, not its paragraph
    assert not evidence_overlaps(at(text, sentence), [short], GoldLocator(text, blocks))
