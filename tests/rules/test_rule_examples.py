"""Every built-in rule's embedded examples, one test each: the rules' own test cases."""

from __future__ import annotations

import pytest

from policy_rules.rules.compiled import Rule
from policy_rules.rules.examples import example_gaps, run_example
from policy_rules.rules.loader import load_ruleset
from policy_rules.rules.registry import available

RULES: list[Rule] = [rule for name in available() for rule in load_ruleset(name).rules]
CASES = [(rule, i) for rule in RULES for i in range(len(rule.examples))]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_passing_and_missing_examples(rule: Rule) -> None:
    assert example_gaps(rule) == []


@pytest.mark.parametrize(
    ("rule", "index"), CASES, ids=[f"{r.id}[{r.examples[i].name or i}]" for r, i in CASES]
)
def test_example(rule: Rule, index: int) -> None:
    example = rule.examples[index]
    actual, detail = run_example(rule, example)
    assert (actual, detail if detail.startswith("evidence ") else "") == (example.outcome, ""), detail
