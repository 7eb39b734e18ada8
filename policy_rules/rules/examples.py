"""Running the examples embedded in rules: each rule's own tests and documentation.

An example is a short policy snippet with the outcome the rule must give on it. Every rule needs at
least a passing example and one showing the other side (missing, or fail for a prohibition), so
a rule cannot ship without proof that it can both find and miss. A ruleset's own ``examples`` say
whether its regime applies to a snippet; they are reported under the pseudo rule id ``applies_when``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..document.loading import load_policy
from ..engine.applicability import decide
from ..engine.check import evaluate_rule
from ..engine.evidence import evidence_for
from ..engine.findings import Finding
from ..errors import PolicyRulesError
from .compiled import Example, RegimeExample, Rule, Ruleset
from .conditions import fact_names
from .context import EvalContext

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

    def describe(self) -> str:
        """``file:line: name: expected X, got Y: detail``, the line test output shows per failure."""
        outcome = f"expected {self.expected}, got {self.actual}"
        return f"{self.path}:{self.line}: {self.name}: {outcome}: {self.detail}"


def example_gaps(rule: Rule) -> list[str]:
    """What examples a rule lacks (empty when it has what it needs)."""
    outcomes = {e.outcome for e in rule.examples}
    needed = (
        ["pass", "fail"]
        if rule.kind in ("prohibition", "temporal") and rule.expect is None
        else ["pass", "missing"]
    )
    return [f"no {o!r} example" for o in needed if o not in outcomes]


#: The pseudo rule id under which a ruleset's applicability examples are reported.
REGIME = "applies_when"


def example_rule(rule: Rule, example: Example) -> Rule:
    """The rule as its example runs it: within its regime, taken to apply.

    A rule's example tests what the rule does once its regime applies ("we keep data indefinitely"
    fails the retention rule), so it need not also carry the regime's trigger; the ruleset's own
    ``examples`` test that. An example that sets a fact the regime consults is run with the regime
    decided as usual, so the interplay can be tested too."""
    if rule.regime is None or set(example.facts) & set(fact_names(rule.regime)):
        return rule
    return replace(rule, regime=None)


def example_context(example: Example | RegimeExample) -> EvalContext:
    """The snippet parsed as its ``format`` says, with its facts, at its date (or EXAMPLE_DATE)."""
    document = load_policy(example.text, format=example.format or "text")
    date = dt.date.fromisoformat(example.date) if example.date else EXAMPLE_DATE
    return EvalContext(document, dict(example.facts), date)


def example_finding(rule: Rule, example: Example) -> Finding:
    """The finding the rule gives on its example, within its regime."""
    return evaluate_rule(example_rule(rule, example), example_context(example))


def run_example(rule: Rule, example: Example) -> tuple[str, str]:
    """(actual outcome, detail) of one example."""
    finding = example_finding(rule, example)
    actual = finding.outcome.value
    quoted = [e.text for e in finding.evidence]
    for wanted in example.evidence:
        if not any(wanted in q for q in quoted):
            return actual, f"evidence {wanted!r} not among {quoted!r}"
    return actual, finding.message


def run_regime_example(ruleset: Ruleset, example: RegimeExample) -> tuple[str, str]:
    """("applies" or "does not apply", detail) of one applicability example."""
    decision = decide(ruleset, example_context(example), evidence_for)
    actual = _applies(decision.applies)
    quoted = [e.text for e in decision.evidence]
    for wanted in example.evidence:
        if not any(wanted in q for q in quoted):
            return actual, f"evidence {wanted!r} not among {quoted!r}"
    return actual, decision.reason


def _applies(flag: bool) -> str:
    return "applies" if flag else "does not apply"


def run_regime_examples(ruleset: Ruleset) -> list[ExampleResult]:
    results = []
    for i, example in enumerate(ruleset.examples):
        name = example.name or f"example {i + 1}"
        line = ruleset.example_lines[i] if i < len(ruleset.example_lines) else None
        try:
            actual, detail = run_regime_example(ruleset, example)
        except PolicyRulesError as exc:
            actual, detail = "error", str(exc)
        expected = _applies(example.applies)
        ok = actual == expected and not detail.startswith("evidence ")
        results.append(
            ExampleResult(ruleset.id, REGIME, i, name, expected, actual, ok, detail, ruleset.path, line)
        )
    return results


def run_examples(ruleset: Ruleset, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    results = run_regime_examples(ruleset) if rule_ids is None or REGIME in rule_ids else []
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
