"""policy_rules.testing: the helpers ruleset authors call from their own test suites."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from policy_rules import load_ruleset
from policy_rules.testing import (
    assert_examples_pass,
    assert_fixture,
    assert_gold,
    check_fixture,
    check_gold,
    example_failures,
    run_ruleset_examples,
)

RULESET = """\
id: house
title: House
version: "1"
rules:
  - id: house.dpo.email
    title: DPO reachable by e-mail
    citation: House 1
    severity: error
    expect:
      all:
        - terms: [data protection officer, DPO]
        - entity: email
    examples:
      - name: with address
        text: "Our DPO is at dpo@example.org."
        outcome: pass
        evidence: [dpo@example.org]
      - name: without address
        text: "We have a DPO."
        outcome: missing
  - id: house.retention.not_forever
    title: No open-ended retention
    citation: House 2
    severity: error
    kind: prohibition
    contradict:
      all:
        - terms: [keep, retain*]
        - terms: [indefinitely, forever]
    examples:
      - {name: a period, text: "We keep data for a year.", outcome: pass}
      - {name: forever, text: "We keep data forever.", outcome: fail, evidence: [forever]}
"""


@pytest.fixture
def ruleset_path(tmp_path: Path) -> Path:
    path = tmp_path / "house.yaml"
    path.write_text(RULESET, encoding="utf-8")
    return path


def broken(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# -- examples --------------------------------------------------------------------------------------


def test_run_ruleset_examples_accepts_a_path_a_name_or_a_ruleset(ruleset_path: Path) -> None:
    by_path = run_ruleset_examples(ruleset_path)
    assert [(r.rule_id, r.actual, r.ok) for r in by_path] == [
        ("house.dpo.email", "pass", True),
        ("house.dpo.email", "missing", True),
        ("house.retention.not_forever", "pass", True),
        ("house.retention.not_forever", "fail", True),
    ]
    assert run_ruleset_examples(load_ruleset(ruleset_path)) == by_path
    builtin = run_ruleset_examples("gdpr")
    assert builtin and all(r.ruleset == "gdpr" for r in builtin)


def test_assert_examples_pass_is_silent_when_all_agree(ruleset_path: Path) -> None:
    assert_examples_pass(ruleset_path)
    assert example_failures(ruleset_path) == []


def test_wrong_outcome_gives_a_diff_with_file_line_and_evidence(ruleset_path: Path) -> None:
    broken(
        ruleset_path,
        'text: "We keep data forever.", outcome: fail',
        'text: "We keep data forever.", outcome: pass',
    )
    with pytest.raises(AssertionError) as info:
        assert_examples_pass(ruleset_path)
    message = str(info.value)
    # The wrong example, and the gap it leaves: the rule no longer has a fail example.
    assert "2 problem(s) in the examples of ruleset house" in message
    assert "house.retention.not_forever: no 'fail' example" in message
    # The example's own line (the flow mapping on line 32), not the rule's (21).
    assert f"{ruleset_path}:32: house.retention.not_forever: forever" in message
    assert "expected: pass" in message and "actual:   fail" in message
    assert "1:1 'We keep data forever.'" in message  # the evidence the rule quoted, with line:col


def test_missing_evidence_is_reported(ruleset_path: Path) -> None:
    broken(ruleset_path, "evidence: [dpo@example.org]", "evidence: [privacy@example.org]")
    problems = example_failures(ruleset_path)
    assert len(problems) == 1
    assert "expected: pass with evidence containing ['privacy@example.org']" in problems[0]
    assert "actual:   pass" in problems[0]
    assert "evidence 'privacy@example.org' not among" in problems[0]
    assert "'Our DPO is at dpo@example.org.'" in problems[0]


def test_a_rule_without_both_sides_fails_unless_allowed(ruleset_path: Path) -> None:
    broken(
        ruleset_path,
        '      - name: without address\n        text: "We have a DPO."\n        outcome: missing\n',
        "",
    )
    with pytest.raises(AssertionError, match=r"house\.dpo\.email: no 'missing' example"):
        assert_examples_pass(ruleset_path)
    assert_examples_pass(ruleset_path, require_both_sides=False)


# -- gold files ------------------------------------------------------------------------------------


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "good.md").write_text(
        "# Privacy\n\nOur DPO is at dpo@example.org.\n\nWe keep invoices for ten years.\n", encoding="utf-8"
    )
    (tmp_path / "policies" / "bad.md").write_text(
        "# Privacy\n\nWe have a DPO.\n\nWe keep your data forever.\n", encoding="utf-8"
    )
    rows = [
        {
            "document": "policies/good.md",
            "rule": "house.dpo.email",
            "expected": "present",
            "evidence": ["dpo@example.org"],
        },
        {"document": "policies/good.md", "rule": "house.retention.not_forever", "expected": "present"},
        {"document": "policies/bad.md", "rule": "house.dpo.email", "expected": "absent"},
        {"document": "policies/bad.md", "rule": "house.retention.not_forever", "expected": "contradicted"},
    ]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return tmp_path


def test_gold_that_agrees_passes(gold_dir: Path, ruleset_path: Path) -> None:
    assert check_gold(gold_dir / "gold.jsonl", ruleset_path) == []
    assert_gold(gold_dir / "gold.jsonl", [ruleset_path], evaluation_date=dt.date(2026, 1, 1))
    assert_fixture(gold_dir / "policies" / "bad.md", gold_dir / "gold.jsonl", [str(ruleset_path)])


def test_gold_disagreement_diff(gold_dir: Path, ruleset_path: Path) -> None:
    gold = gold_dir / "gold.jsonl"
    gold.write_text(gold.read_text(encoding="utf-8").replace('"contradicted"', '"present"'), encoding="utf-8")
    mismatches = check_gold(gold, ruleset_path)
    assert [(m.gold_line, m.rule, m.problem, m.expected, m.actual) for m in mismatches] == [
        (4, "house.retention.not_forever", "outcome", "present", "contradicted")
    ]
    with pytest.raises(AssertionError) as info:
        assert_gold(gold, ruleset_path)
    text = str(info.value)
    assert (
        f"{gold}:4: {gold_dir / 'policies' / 'bad.md'}: house.retention.not_forever: outcome differs" in text
    )
    assert "expected: present (pass)" in text
    assert "actual:   fail (contradicted)" in text
    assert "5:1 'We keep your data forever.'" in text


def test_gold_evidence_must_overlap(gold_dir: Path, ruleset_path: Path) -> None:
    gold = gold_dir / "gold.jsonl"
    gold.write_text(
        gold.read_text(encoding="utf-8").replace('["dpo@example.org"]', '["our privacy team"]'),
        encoding="utf-8",
    )
    (mismatch,) = check_gold(gold, ruleset_path)
    assert (mismatch.problem, mismatch.rule) == ("evidence", "house.dpo.email")
    assert "evidence overlaps no gold phrase" in str(mismatch)
    assert "gold evidence: 'our privacy team'" in str(mismatch)
    assert check_gold(gold, ruleset_path, check_evidence=False) == []


def test_unknown_rule_in_gold_is_reported(gold_dir: Path, ruleset_path: Path) -> None:
    gold = gold_dir / "gold.jsonl"
    with gold.open("a", encoding="utf-8") as f:
        f.write(
            json.dumps({"document": "policies/good.md", "rule": "house.typo", "expected": "present"}) + "\n"
        )
    (mismatch,) = check_gold(gold, ruleset_path)
    assert mismatch.problem == "unknown rule" and mismatch.gold_line == 5
    assert "no enabled rule with this id" in str(mismatch)


def test_check_fixture_only_looks_at_its_document(gold_dir: Path, ruleset_path: Path) -> None:
    gold = gold_dir / "gold.jsonl"
    gold.write_text(gold.read_text(encoding="utf-8").replace('"absent"', '"present"'), encoding="utf-8")
    assert check_fixture(gold_dir / "policies" / "good.md", gold, ruleset_path) == []
    (mismatch,) = check_fixture(gold_dir / "policies" / "bad.md", gold, ruleset_path)
    assert (mismatch.rule, mismatch.actual) == ("house.dpo.email", "absent")
    with pytest.raises(ValueError, match="has no line whose document is"):
        check_fixture(gold_dir / "other.md", gold, ruleset_path)


def test_gold_uses_a_fixed_date_by_default(tmp_path: Path) -> None:
    """A policy-age check must give the same answer whatever day the tests run."""
    (tmp_path / "fresh.yaml").write_text(
        'id: fresh\ntitle: F\nversion: "1"\nrules:\n  - id: fresh.age.year\n    title: Reviewed yearly\n'
        "    citation: c\n    severity: error\n    values:\n      - max_policy_age_months: 12\n",
        encoding="utf-8",
    )
    (tmp_path / "p.md").write_text(
        "# Privacy\n\nLast updated: 1 June 2025\n\nWe collect data.\n", encoding="utf-8"
    )
    (tmp_path / "gold.jsonl").write_text(
        json.dumps({"document": "p.md", "rule": "fresh.age.year", "expected": "present"}) + "\n",
        encoding="utf-8",
    )
    assert check_gold(tmp_path / "gold.jsonl", tmp_path / "fresh.yaml") == []
    (late,) = check_gold(
        tmp_path / "gold.jsonl", tmp_path / "fresh.yaml", evaluation_date=dt.date(2027, 1, 1)
    )
    assert late.actual == "contradicted"
