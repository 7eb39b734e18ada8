"""Rule decisions: applicability, precedence, value checks, determinism."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules import check, load_policy, load_ruleset
from policy_rules.engine.findings import Outcome


def ruleset(write, rule: dict[str, Any]):  # type: ignore[no-untyped-def]
    base = {"id": "t.rule", "title": "T", "citation": "c", "severity": "error"}
    data = {"id": "t", "title": "t", "version": "1", "rules": [{**base, **rule}]}
    return load_ruleset(write("t.yaml", json.dumps(data)))


def outcome(rs, text: str, **kw: Any) -> Outcome:  # type: ignore[no-untyped-def]
    return (
        check(load_policy(text), rs, evaluation_date=kw.pop("date", dt.date(2026, 1, 1)), **kw)
        .findings[0]
        .outcome
    )


def test_fail_outranks_pass(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, {"expect": {"terms": ["retain"]}, "contradict": {"terms": ["indefinitely"]}})
    assert outcome(rs, "We retain data for 30 days.") is Outcome.PASS
    assert outcome(rs, "We retain data for 30 days. Backups are kept indefinitely.") is Outcome.FAIL
    assert outcome(rs, "Nothing here.") is Outcome.MISSING


def test_fact_and_text_applicability(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(
        write,
        {
            "applies_when": {"fact": "uses_dpo", "otherwise": {"text": {"terms": ["DPO"]}}},
            "expect": {"all": [{"terms": ["DPO"]}, {"entity": "email"}]},
        },
    )
    assert outcome(rs, "We have no officer.") is Outcome.NOT_APPLICABLE
    assert outcome(rs, "Our DPO exists.") is Outcome.MISSING
    assert outcome(rs, "Our DPO: dpo@example.org") is Outcome.PASS
    # a supplied fact wins over the text
    assert outcome(rs, "Our DPO: dpo@example.org", facts={"uses_dpo": False}) is Outcome.NOT_APPLICABLE
    assert outcome(rs, "Nothing.", facts={"uses_dpo": True}) is Outcome.MISSING


def test_not_applicable_carries_reason_and_trigger_evidence(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(
        write,
        {
            "applies_when": {"not": {"text": {"terms": ["children"]}}, "reason": "child-directed"},
            "expect": {"terms": ["x"]},
        },
    )
    f = check(load_policy("This app is for children."), rs).findings[0]
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert f.reason == "child-directed"
    assert f.evidence and "children" in f.evidence[0].text


def test_prohibition_passes_when_nothing_offends(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, {"kind": "prohibition", "contradict": {"terms": ["by using"]}})
    assert outcome(rs, "We ask for consent.") is Outcome.PASS
    assert outcome(rs, "By using the site you agree.") is Outcome.FAIL


def test_max_days(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(
        write, {"kind": "prohibition", "values": [{"where": {"terms": ["respond"]}, "max_days": 31}]}
    )
    assert outcome(rs, "We respond within 30 days.") is Outcome.PASS
    assert outcome(rs, "We respond within 45 days.") is Outcome.FAIL
    assert outcome(rs, "We respond within one month, extendable by a further two months.") is Outcome.PASS
    assert outcome(rs, "We keep logs for 90 days.") is Outcome.PASS


def test_policy_age(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, {"kind": "prohibition", "values": [{"max_policy_age_months": 12}]})
    text = "Last updated: May 25, 2018\n\nWe collect data."
    assert outcome(rs, text, date=dt.date(2018, 12, 1)) is Outcome.PASS
    f = check(load_policy(text), rs, evaluation_date=dt.date(2026, 1, 1)).findings[0]
    assert f.outcome is Outcome.FAIL
    assert "2018-05-25" in f.message
    assert "May 25, 2018" in f.evidence[0].text


def test_not_after_date_ref(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(
        write,
        {
            "kind": "temporal",
            "values": [{"where": {"terms": ["Privacy Shield"]}, "date_ref": "privacy_shield_invalidated"}],
        },
    )
    text = "We rely on the Privacy Shield for transfers."
    assert outcome(rs, text, date=dt.date(2019, 1, 1)) is Outcome.PASS
    assert outcome(rs, text, date=dt.date(2021, 1, 1)) is Outcome.FAIL


def test_disabled_rules_and_severity_overrides(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, {"expect": {"terms": ["x"]}})
    document = load_policy("nothing")
    assert check(document, rs, disabled=["t.rule"]).findings == []
    assert check(document, rs, severities={"t.rule": "info"}).findings[0].severity == "info"


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=400).filter(lambda t: t.strip() != ""))
def test_same_input_gives_identical_json(text: str) -> None:
    rs = load_ruleset("gdpr")
    try:
        document = load_policy(text, format="text")
    except Exception as exc:
        from policy_rules.errors import InputError

        assert isinstance(exc, InputError)
        return
    a = json.dumps(check(document, rs, evaluation_date=dt.date(2026, 1, 1)).to_dict())
    b = json.dumps(check(load_policy(text, format="text"), rs, evaluation_date=dt.date(2026, 1, 1)).to_dict())
    assert a == b
    for finding in check(document, rs, evaluation_date=dt.date(2026, 1, 1)).findings:
        for e in finding.evidence:
            assert document.source.text[e.span.start : e.span.end] == e.text


def test_in_force_from_gates_on_the_evaluation_date(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(
        write,
        {
            "applies_when": {"in_force_from": "coppa_2025_compliance"},
            "expect": {"terms": ["retention policy"]},
        },
    )
    text = "We publish a written retention policy."
    assert outcome(rs, text, date=dt.date(2026, 4, 21)) is Outcome.NOT_APPLICABLE
    assert outcome(rs, text, date=dt.date(2026, 4, 22)) is Outcome.PASS
    f = check(load_policy(text), rs, evaluation_date=dt.date(2025, 1, 1)).findings[0]
    assert f.reason == "not yet in force at 2025-01-01 (from 2026-04-22, coppa_2025_compliance)"
    iso = ruleset(write, {"applies_when": {"in_force_from": "2030-01-01"}, "expect": {"terms": ["x"]}})
    assert outcome(iso, "x", date=dt.date(2029, 12, 31)) is Outcome.NOT_APPLICABLE


def test_unknown_in_force_date_is_a_ruleset_error(write) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from policy_rules.errors import RulesetError

    with pytest.raises(RulesetError, match="neither a date"):
        ruleset(write, {"applies_when": {"in_force_from": "someday"}, "expect": {"terms": ["x"]}})
