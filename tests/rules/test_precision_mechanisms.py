"""Rule-language mechanisms that keep a `fail` honest: unless, within, jurisdictions, near."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from policy_rules import check, load_policy, load_ruleset
from policy_rules.engine.findings import Outcome
from policy_rules.errors import RulesetError


def ruleset(write, rule: dict[str, Any], **top: Any):  # type: ignore[no-untyped-def]
    base = {"id": "t.rule", "title": "T", "citation": "c", "severity": "error", "kind": "prohibition"}
    data = {"id": "t", "title": "t", "version": "1", **top, "rules": [{**base, **rule}]}
    return load_ruleset(write("t.yaml", json.dumps(data)))


def outcome(rs, text: str) -> Outcome:  # type: ignore[no-untyped-def]
    report = check(load_policy(text, format="markdown"), rs, evaluation_date=dt.date(2026, 1, 1))
    return report.findings[0].outcome


FEE = {"all": [{"terms": ["fee", "charge"]}, {"terms": ["request", "access"]}]}


def test_unless_drops_a_contradiction_its_qualifier_excuses(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, {"contradict": {**FEE, "unless": {"terms": ["manifestly unfounded", "excessive"]}}})
    assert outcome(rs, "We charge a fee for each access request.") is Outcome.FAIL
    text = "Access is free. Where a request is manifestly unfounded or excessive, we may charge a fee for it."
    assert outcome(rs, text) is Outcome.PASS  # the same block: Art. 12(5)'s own exception
    apart = "We charge a fee for each access request.\n\nExcessive use of the site is banned."
    assert outcome(rs, apart) is Outcome.FAIL  # another block: not its qualifier


def test_unless_scope_widens_to_the_section(write) -> None:  # type: ignore[no-untyped-def]
    contradict = {**FEE, "unless": {"terms": ["manifestly unfounded"]}, "unless_scope": "section"}
    rs = ruleset(write, {"contradict": contradict})
    text = "# Rights\n\nWe may charge a fee for a request.\n\nOnly if it is manifestly unfounded.\n"
    assert outcome(rs, text) is Outcome.PASS


def test_within_binds_words_of_one_sentence(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, {"contradict": {**FEE, "within": 5}})
    assert outcome(rs, "We charge a fee for an access request.") is Outcome.FAIL
    far = "Premium plans cost a monthly fee of five euros, and separately you can always request a copy."
    assert outcome(rs, far) is Outcome.PASS
    loose = ruleset(write, {"contradict": FEE})
    assert outcome(loose, far) is Outcome.FAIL  # without within, sharing a sentence was enough


def test_jurisdictions_keep_another_regions_text_out(write) -> None:  # type: ignore[no-untyped-def]
    rule = {"values": [{"where": {"terms": ["respond"]}, "max_days": 31}]}
    rs = ruleset(write, rule, jurisdictions=["general", "eea"])
    ca = "# Privacy\n\n## Your California privacy rights\n\nWe respond within 45 days.\n"
    assert outcome(rs, ca) is Outcome.PASS
    assert outcome(rs, "# Privacy\n\nWe respond within 45 days.\n") is Outcome.FAIL
    eu = "# Privacy\n\n## Users in the EEA\n\nWe respond within 45 days.\n"
    assert outcome(rs, eu) is Outcome.FAIL
    only_eea = ruleset(write, rule, jurisdictions=["eea"])
    assert (
        outcome(only_eea, "# Privacy\n\nWe respond within 45 days.\n") is Outcome.PASS
    )  # general text excluded


def test_rule_jurisdictions_replace_the_rulesets(write) -> None:  # type: ignore[no-untyped-def]
    rule = {"values": [{"where": {"terms": ["respond"]}, "max_days": 31}], "jurisdictions": ["california"]}
    rs = ruleset(write, rule, jurisdictions=["general", "eea"])
    assert outcome(rs, "# P\n\n## California residents\n\nWe respond within 45 days.\n") is Outcome.FAIL


def test_near_binds_the_period_to_its_act(write) -> None:  # type: ignore[no-untyped-def]
    check_ = {"where": {"terms": ["request"]}, "max_days": 31, "near": {"terms": ["respond"]}, "within": 6}
    rs = ruleset(write, {"values": [check_]})
    assert outcome(rs, "We respond to your request within 45 days.") is Outcome.FAIL
    records = "We respond to your request promptly and keep a record of the request for 24 months."
    assert outcome(rs, records) is Outcome.PASS


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"contradict": {"terms": ["a"], "within": 3}}, "within binds the parts of all"),
        ({"contradict": {"terms": ["a"], "unless_scope": "block"}}, "it needs unless"),
        ({"contradict": {**FEE, "within": 3, "scope": "section"}}, "within works with sentence or block"),
        ({"values": [{"where": {"terms": ["a"]}, "max_days": 3, "within": 4}]}, "within needs near"),
        ({"jurisdictions": ["mars"], "contradict": {"terms": ["a"]}}, "jurisdictions"),
    ],
)
def test_misuse_is_a_positioned_error(write, rule: dict[str, Any], message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RulesetError) as info:
        ruleset(write, rule)
    assert message in str(info.value) and info.value.line is not None


def test_cheap_parts_run_first_without_changing_what_within_anchors_on(write) -> None:  # type: ignore[no-untyped-def]
    contradict = {"all": [{"regex": r"\bfees?\b"}, {"terms": ["request"]}], "within": 3}
    rs = ruleset(write, {"contradict": contradict})
    assert outcome(rs, "A fee for a request.") is Outcome.FAIL
    assert outcome(rs, "A fee is charged for premium plans, and any request is free.") is Outcome.PASS
    assert (
        outcome(rs, "Nothing about money here, only a request.") is Outcome.PASS
    )  # the regex is never needed


def test_a_regime_trigger_stops_at_its_first_alternative_that_holds(write) -> None:  # type: ignore[no-untyped-def]
    trigger = {"fact": "x", "otherwise": {"text": {"any": [{"regex": r"\bEEA\b"}, {"terms": ["GDPR"]}]}}}
    rs = ruleset(write, {"contradict": {"terms": ["indefinitely"]}}, applies_when=trigger)
    report = check(load_policy("Users in the EEA. Under the GDPR, we keep data indefinitely."), rs)
    (decision,) = report.documents[0].applicability
    assert decision.applies
    assert [e.text for e in decision.evidence] == [
        "Under the GDPR, we keep data indefinitely."
    ]  # terms first
    assert decision.reason == "the policy says 'GDPR'"
