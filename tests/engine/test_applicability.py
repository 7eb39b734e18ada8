"""Regime applicability: decided once per document from facts or text, reported by every format."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from typing import Any

from policy_rules import check, load_policy, load_ruleset
from policy_rules.engine.findings import Outcome
from policy_rules.reports import FORMATTERS


def get_formatter(name: str, **kw: Any):  # type: ignore[no-untyped-def]
    return FORMATTERS[name](**kw)


RULE = {"id": "t.rule", "title": "T", "citation": "c", "severity": "error", "expect": {"terms": ["retain"]}}


def regime(write, applies_when: dict[str, Any] | None, name: str = "t.yaml", **extra: Any):  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {"id": name.split(".")[0], "title": "t", "version": "1", "rules": [RULE], **extra}
    if applies_when is not None:
        data["applies_when"] = applies_when
    return load_ruleset(write(name, json.dumps(data)))


EU = {
    "fact": "eu_applies",
    "otherwise": {"text": {"terms": ["EEA", "GDPR"]}},
    "reason": "the policy does not address people in the EEA (fact eu_applies)",
}


def decision(report):  # type: ignore[no-untyped-def]
    (doc,) = report.documents
    (a,) = doc.applicability
    return a


def test_text_decides_and_names_the_override(write) -> None:  # type: ignore[no-untyped-def]
    rs = regime(write, EU)
    off = check(load_policy("We retain data for a year."), rs)
    a = decision(off)
    assert (a.applies, a.basis, a.override) == (False, "text", "eu_applies=true")
    assert a.reason.startswith("the policy does not address")
    assert off.findings[0].outcome is Outcome.NOT_APPLICABLE
    assert "regime does not apply" in (off.findings[0].reason or "")

    on = check(load_policy("Users in the EEA: we retain data for a year."), rs)
    a = decision(on)
    assert (a.applies, a.basis, a.override) == (True, "text", "eu_applies=false")
    assert a.evidence and "EEA" in a.evidence[0].text
    assert on.findings[0].outcome is Outcome.PASS


def test_a_supplied_fact_wins_and_needs_no_override(write) -> None:  # type: ignore[no-untyped-def]
    rs = regime(write, EU)
    a = decision(check(load_policy("We retain data."), rs, facts={"eu_applies": True}))
    assert (a.applies, a.basis, a.override) == (True, "fact", None)
    a = decision(check(load_policy("GDPR. We retain data."), rs, facts={"eu_applies": False}))
    assert (a.applies, a.basis) == (False, "fact")


def test_default_is_reported_as_assumed(write) -> None:  # type: ignore[no-untyped-def]
    rs = regime(write, {"fact": "x", "default": True})
    a = decision(check(load_policy("We retain data."), rs))
    assert (a.applies, a.basis, a.override) == (True, "assumed", "x=false")


def test_no_condition_always_applies(write) -> None:  # type: ignore[no-untyped-def]
    a = decision(check(load_policy("We retain data."), regime(write, None)))
    assert (a.applies, a.basis, a.override) == (True, "always", None)


def test_overrides_only_where_one_fact_surely_reverses(write) -> None:  # type: ignore[no-untyped-def]
    both = {"any": [{"fact": "a"}, {"text": {"terms": ["EEA"]}}]}
    rs = regime(write, both)
    assert decision(check(load_policy("Nothing."), rs)).override == "a=true"  # any: a fact turns it on
    assert decision(check(load_policy("EEA."), rs)).override is None  # ... but cannot turn the text off


def test_extending_ruleset_inherits_the_regime(write) -> None:  # type: ignore[no-untyped-def]
    regime(write, EU, name="base.yaml")
    child = {"id": "child", "title": "c", "version": "1", "extends": "base.yaml"}
    rs = load_ruleset(write("child.yaml", json.dumps(child)))
    a = decision(check(load_policy("We retain data."), rs))
    assert (a.ruleset, a.applies, a.override) == ("child", False, "eu_applies=true")


def test_every_format_states_the_decision_once(write) -> None:  # type: ignore[no-untyped-def]
    rs = regime(write, EU)
    report = check(load_policy("Users in the EEA: we retain data."), rs, evaluation_date=dt.date(2026, 1, 1))
    text = get_formatter("text").render(report)
    assert text.count("regime t: applies (from the text; --fact eu_applies=false to override)") == 1
    data = json.loads(get_formatter("json").render(report))
    (entry,) = data["documents"][0]["applicability"]
    assert entry["applies"] is True and entry["override"] == "eu_applies=false"
    assert entry["evidence"][0]["text"].startswith("Users in the EEA")
    sarif = json.loads(get_formatter("sarif").render(report))
    (artifact,) = sarif["runs"][0]["artifacts"]
    assert artifact["properties"]["applicability"][0]["override"] == "--fact eu_applies=false"
    markdown = get_formatter("markdown").render(report)
    assert "| <code>t</code> | yes | text |" in markdown
    junit = ET.fromstring(get_formatter("junit").render(report).split("\n", 1)[1])
    prop = junit.find("testsuite/properties/property")
    assert prop is not None and prop.get("name") == "applicability.t"


def test_text_report_collapses_rules_of_a_regime_that_does_not_apply(write) -> None:  # type: ignore[no-untyped-def]
    rs = regime(write, EU)
    report = check(load_policy("We retain data."), rs)
    text = get_formatter("text", show_passing=True).render(report)
    assert text.count("regime t: does not apply") == 1
    assert "t.rule" not in text  # not one line per rule
    assert "; 1 regime not applying (1 rule)" in text


def test_regime_examples_and_rule_examples_within_the_regime(write) -> None:  # type: ignore[no-untyped-def]
    from policy_rules.rules.examples import REGIME, run_examples

    rule = {
        **RULE,
        "examples": [
            {"name": "no trigger needed", "text": "We retain data.", "outcome": "pass"},
            {"name": "regime fact decides", "text": "We retain data.", "facts": {"eu_applies": False},
             "outcome": "not_applicable"},
            {"name": "nothing", "text": "Nothing.", "outcome": "missing"},
        ],
    }  # fmt: skip
    data = {
        "id": "t", "title": "t", "version": "1", "applies_when": EU, "rules": [rule],
        "examples": [
            {"name": "named", "text": "Under the GDPR you may object.", "applies": True, "evidence": ["GDPR"]},
            {"name": "silent", "text": "We retain data.", "applies": False},
            {"name": "wrong on purpose", "text": "We retain data.", "applies": True},
        ],
    }  # fmt: skip
    results = run_examples(load_ruleset(write("t.yaml", json.dumps(data))))
    regime = {r.name: r for r in results if r.rule_id == REGIME}
    assert regime["named"].ok and regime["silent"].ok
    bad = regime["wrong on purpose"]
    assert not bad.ok and bad.actual == "does not apply" and bad.line is not None
    assert "expected applies, got does not apply" in bad.describe()
    rules = {r.name: r for r in results if r.rule_id == "t.rule"}
    assert all(r.ok for r in rules.values()), [r.describe() for r in rules.values() if not r.ok]


def test_policy_rules_test_reports_regime_examples(write, capsys) -> None:  # type: ignore[no-untyped-def]
    from policy_rules.cli.main import main

    data = {
        "id": "t", "title": "t", "version": "1", "applies_when": EU,
        "rules": [{**RULE, "examples": [{"text": "We retain data.", "outcome": "pass"},
                                        {"text": "No.", "outcome": "missing"}]}],
        "examples": [{"text": "We retain data.", "applies": True, "name": "should not"}],
    }  # fmt: skip
    code = main(["test", str(write("t.yaml", json.dumps(data)))])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL t applies_when (0/1 examples)" in out and "should not: expected applies" in out


def test_any_of_facts_names_every_fact_to_switch_it_off(write) -> None:  # type: ignore[no-untyped-def]
    trigger = {"any": [{"fact": "a", "otherwise": {"text": {"terms": ["kids"]}}}, {"fact": "b"}]}
    rs = regime(write, trigger)
    on = decision(check(load_policy("For kids: we retain data."), rs))
    assert on.applies and on.override == "a=false b=false"
    assert on.options() == "--fact a=false --fact b=false"
    off = decision(check(load_policy("We retain data."), rs))
    assert not off.applies and off.override == "a=true"
