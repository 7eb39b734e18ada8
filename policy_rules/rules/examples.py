"""Running the examples embedded in rules: each rule's own tests and documentation.

An example is a short policy snippet with the outcome the rule must give on it. Every rule needs at
least a passing example and one showing the other side (missing, or fail for a prohibition), so
a rule cannot ship without proof that it can both find and miss.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..document.loading import load_policy
from ..engine.check import evaluate_rule
from ..errors import PolicyRulesError
from .compiled import Rule, Ruleset
from .context import EvalContext
from .model import ExampleModel

#: Evaluation date for examples that do not give one, so examples never change with the calendar.
EXAMPLE_DATE = dt.date(2026, 6, 1)


@dataclass(frozen=True)
class ExampleResult:
    ruleset: str
    rule_id: str
    index: int
    name: str
    expected: str
    actual: str
    ok: bool
    detail: str
    path: str
    line: int | None


def example_gaps(rule: Rule) -> list[str]:
    """What examples a rule lacks (empty when it has what it needs)."""
    outcomes = {e.outcome for e in rule.examples}
    needed = (
        ["pass", "fail"]
        if rule.kind in ("prohibition", "temporal") and rule.expect is None
        else ["pass", "missing"]
    )
    return [f"no {o!r} example" for o in needed if o not in outcomes]


def run_example(rule: Rule, example: ExampleModel) -> tuple[str, str]:
    """(actual outcome, detail) of one example."""
    document = load_policy(example.text, format=example.format or "text")
    date = dt.date.fromisoformat(example.date) if example.date else EXAMPLE_DATE
    finding = evaluate_rule(rule, EvalContext(document, dict(example.facts), date))
    actual = finding.outcome.value
    quoted = [e.text for e in finding.evidence]
    for wanted in example.evidence:
        if not any(wanted in q for q in quoted):
            return actual, f"evidence {wanted!r} not among {quoted!r}"
    return actual, finding.message


def run_examples(ruleset: Ruleset, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    results = []
    for rule in ruleset.rules:
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        for i, example in enumerate(rule.examples):
            name = example.name or f"example {i + 1}"
            line = rule.example_lines[i] if i < len(rule.example_lines) else rule.line
            try:
                actual, detail = run_example(rule, example)
            except PolicyRulesError as exc:
                actual, detail = "error", str(exc)
            ok = actual == example.outcome and not detail.startswith("evidence ")
            results.append(
                ExampleResult(
                    ruleset.id, rule.id, i, name, example.outcome, actual, ok, detail, rule.path, line
                )
            )
    return results
