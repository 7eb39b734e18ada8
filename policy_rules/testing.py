"""Test helpers for ruleset authors: run a ruleset's embedded examples and compare findings to gold files.

A house ruleset is code, and deserves the same tests: the examples embedded in every rule (what
``policy-rules test`` runs) and, for whole policies, a gold file saying what each rule must find.
These helpers make both one line in any test framework, and fail with a diff an author can act on:
the rule, where it is written (``file:line``), the expected and the actual outcome, and the evidence
the rule quoted. They do not import pytest; the pytest plugin (``policy_rules.pytest_plugin``)
builds on them.

```python
from policy_rules.testing import assert_examples_pass, assert_gold

def test_house_rules():
    assert_examples_pass("rules/house.yaml")
    assert_gold("tests/gold.jsonl", ["rules/house.yaml"])
```
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from .engine.findings import Finding
from .rules.compiled import Rule, Ruleset
from .rules.examples import EXAMPLE_DATE, REGIME, ExampleResult, example_finding, example_gaps, run_examples

__all__ = [
    "EXAMPLE_DATE",
    "ExampleResult",
    "GoldMismatch",
    "RulesetLike",
    "assert_examples_pass",
    "assert_fixture",
    "assert_gold",
    "check_fixture",
    "check_gold",
    "example_failures",
    "example_report",
    "load",
    "run_ruleset_examples",
]

#: A ruleset as the helpers accept it: a built-in or installed name, a path to a ``.yaml``, or a
#: ruleset already loaded with ``policy_rules.load_ruleset``.
RulesetLike = Union[str, "os.PathLike[str]", Ruleset]


def load(ruleset: RulesetLike) -> Ruleset:
    """``ruleset`` loaded (names and paths go through ``policy_rules.load_ruleset``)."""
    if isinstance(ruleset, Ruleset):
        return ruleset
    from .rules.loader import load_ruleset

    return load_ruleset(ruleset)


def _load_all(rulesets: RulesetLike | Sequence[RulesetLike]) -> list[Ruleset]:
    if isinstance(rulesets, (str, os.PathLike, Ruleset)):
        return [load(rulesets)]
    return [load(r) for r in rulesets]


# -- embedded examples -----------------------------------------------------------------------------


def run_ruleset_examples(ruleset: RulesetLike) -> list[ExampleResult]:
    """Every example of every rule (inherited ones included), exactly as ``policy-rules test`` runs them."""
    return run_examples(load(ruleset))


def _where(rule: Rule, index: int | None = None) -> str:
    """``file:line`` of a rule, or of one of its examples, so an editor can jump there."""
    line = rule.line
    if index is not None and index < len(rule.example_lines) and rule.example_lines[index] is not None:
        line = rule.example_lines[index]
    return f"{rule.path}:{line}" if line is not None else rule.path


def _quote(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _evidence_lines(finding: Finding | None, indent: str) -> list[str]:
    if finding is None:
        return []
    if not finding.evidence:
        return [f"{indent}actual evidence: none"]
    out = [f"{indent}actual evidence:"]
    for e in finding.evidence:
        out.append(f"{indent}  {e.span.line}:{e.span.column} {_quote(e.text)}")
    return out


def _example_finding(rule: Rule, index: int) -> Finding | None:
    """The finding behind one example, re-run for the diff (the example runner keeps only outcomes)."""
    from .errors import PolicyRulesError

    try:
        return example_finding(rule, rule.examples[index])
    except (PolicyRulesError, ValueError):
        return None


def example_report(rule: Rule, result: ExampleResult) -> str:
    """One failing example as an author reads it: where, expected vs actual outcome and evidence."""
    example = rule.examples[result.index]
    lines = [
        f"{_where(rule, result.index)}: {rule.id}: {result.name}",
        f"    text:     {_quote(example.text)}",
        f"    expected: {result.expected}"
        + (f" with evidence containing {list(example.evidence)!r}" if example.evidence else ""),
        f"    actual:   {result.actual}",
    ]
    if result.detail:
        lines.append(f"    detail:   {result.detail}")
    lines += _evidence_lines(_example_finding(rule, result.index), "    ")
    return "\n".join(lines)


def example_failures(ruleset: RulesetLike, *, require_both_sides: bool = True) -> list[str]:
    """A readable report per failing example (and per rule lacking examples); empty when all is well.

    ``require_both_sides`` also reports rules without a passing example and one showing the other
    side (missing, or fail for a prohibition), as ``policy-rules test`` does: a rule that has only
    ever been seen to pass has not been shown to detect anything.
    """
    loaded = load(ruleset)
    results = run_examples(loaded)
    problems = [f"{loaded.id} {REGIME}: {r.describe()}" for r in results if r.rule_id == REGIME and not r.ok]
    for rule in loaded.rules:
        for result in (r for r in results if r.rule_id == rule.id and not r.ok):
            problems.append(example_report(rule, result))
        if require_both_sides:
            problems += [f"{_where(rule)}: {rule.id}: {gap}" for gap in example_gaps(rule)]
    return problems


def assert_examples_pass(ruleset: RulesetLike, *, require_both_sides: bool = True) -> None:
    """Raise ``AssertionError`` listing every example that disagrees with its rule.

    Use it as the one test a ruleset repository needs:

    ```python
    def test_house_rules():
        assert_examples_pass("rules/house.yaml")
    ```
    """
    loaded = load(ruleset)
    problems = example_failures(loaded, require_both_sides=require_both_sides)
    if problems:
        header = f"{len(problems)} problem(s) in the examples of ruleset {loaded.id} ({loaded.path}):"
        raise AssertionError("\n".join([header, *problems]))


# -- gold files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldMismatch:
    """A gold line the findings disagree with.

    ``problem`` is ``outcome`` (the outcome class differs), ``evidence`` (right outcome, but the
    quoted evidence overlaps none of the gold phrases) or ``unknown rule`` (no enabled rule has that id:
    usually a typo or a ruleset left out).
    """

    gold_path: str
    gold_line: int
    document: str
    rule: str
    problem: str
    expected: str
    actual: str | None
    expected_evidence: tuple[str, ...]
    finding: Finding | None

    def __str__(self) -> str:
        where = f"{self.gold_path}:{self.gold_line}: {self.document}: {self.rule}"
        if self.problem == "unknown rule":
            return f"{where}: no enabled rule with this id in the rulesets checked"
        title = "evidence overlaps no gold phrase" if self.problem == "evidence" else "outcome differs"
        lines = [f"{where}: {title}", f"    expected: {self.expected} ({_GOLD_OUTCOMES[self.expected]})"]
        if self.finding is not None:
            lines.append(
                f"    actual:   {self.finding.outcome.value} ({self.actual}): {self.finding.message}"
            )
        if self.expected_evidence:
            lines.append("    gold evidence: " + "; ".join(_quote(p, 100) for p in self.expected_evidence))
        lines += _evidence_lines(self.finding, "    ")
        return "\n".join(lines)


#: The outcomes that agree with each gold class (not_applicable agrees with absent: the trigger is absent).
_GOLD_OUTCOMES = {"present": "pass", "absent": "missing or not_applicable", "contradicted": "fail"}


def _compare(
    rows: Sequence[Any],
    rulesets: list[Ruleset],
    facts: Mapping[str, Any] | None,
    evaluation_date: dt.date | None,
    check_evidence: bool,
    gold_path: str,
) -> list[GoldMismatch]:
    from .document.loading import load_policy
    from .engine.check import check_document
    from .evaluation.metrics import evidence_overlaps, predicted_class

    known = {rule.id for rs in rulesets for rule in rs.rules if rule.enabled}
    date = evaluation_date or EXAMPLE_DATE
    by_document: dict[Path, list[Any]] = {}
    for row in rows:
        by_document.setdefault(row.document, []).append(row)
    out: list[GoldMismatch] = []
    for document_path, doc_rows in by_document.items():
        result = check_document(load_policy(document_path), rulesets, facts=facts, evaluation_date=date)
        findings = {f.rule_id: f for f in result.findings}
        for row in doc_rows:
            finding = findings.get(row.rule)
            if row.rule not in known or finding is None:
                problem, got = "unknown rule", None
            else:
                got = predicted_class(finding)
                if got != row.expected:
                    problem = "outcome"
                elif check_evidence and got == "present" and row.evidence:
                    problem = "" if evidence_overlaps(finding, row.evidence) else "evidence"
                else:
                    problem = ""
            if problem:
                out.append(
                    GoldMismatch(
                        gold_path,
                        row.line,
                        str(document_path),
                        row.rule,
                        problem,
                        row.expected,
                        got,
                        tuple(row.evidence),
                        finding,
                    )
                )
    return out


def check_gold(
    gold_path: str | os.PathLike[str],
    rulesets: RulesetLike | Sequence[RulesetLike],
    *,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | None = None,
    check_evidence: bool = True,
) -> list[GoldMismatch]:
    """Check every document a gold file (corpus gold format) names; the lines the findings disagree with.

    ``evaluation_date`` defaults to ``EXAMPLE_DATE``, not today, so a gold test gives the same
    answer next year (rules with dates and policy-age checks would otherwise drift with the calendar).
    With ``check_evidence``, a pass must also quote text overlapping one of the gold phrases, as
    ``policy-rules eval`` scores it: passing for the wrong sentence is a bug waiting to happen.
    """
    from .evaluation.gold import read_gold

    rows = read_gold(Path(gold_path))
    return _compare(rows, _load_all(rulesets), facts, evaluation_date, check_evidence, str(gold_path))


def check_fixture(
    policy_path: str | os.PathLike[str],
    gold_path: str | os.PathLike[str],
    rulesets: RulesetLike | Sequence[RulesetLike],
    *,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | None = None,
    check_evidence: bool = True,
) -> list[GoldMismatch]:
    """Like ``check_gold``, for the gold lines about one policy file only.

    Raises ``ValueError`` when the gold file says nothing about ``policy_path``: a fixture with
    no expectations would pass vacuously.
    """
    from .evaluation.gold import read_gold

    target = Path(policy_path).resolve()
    rows = [row for row in read_gold(Path(gold_path)) if Path(row.document).resolve() == target]
    if not rows:
        raise ValueError(f"{gold_path} has no line whose document is {policy_path}")
    return _compare(rows, _load_all(rulesets), facts, evaluation_date, check_evidence, str(gold_path))


def _raise(mismatches: list[GoldMismatch], what: str) -> None:
    if mismatches:
        header = f"{len(mismatches)} gold line(s) disagree with the findings for {what}:"
        raise AssertionError("\n".join([header, *(str(m) for m in mismatches)]))


def assert_gold(
    gold_path: str | os.PathLike[str],
    rulesets: RulesetLike | Sequence[RulesetLike],
    *,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | None = None,
    check_evidence: bool = True,
) -> None:
    """Raise ``AssertionError`` with a diff per gold line the findings disagree with."""
    mismatches = check_gold(
        gold_path, rulesets, facts=facts, evaluation_date=evaluation_date, check_evidence=check_evidence
    )
    _raise(mismatches, str(gold_path))


def assert_fixture(
    policy_path: str | os.PathLike[str],
    gold_path: str | os.PathLike[str],
    rulesets: RulesetLike | Sequence[RulesetLike],
    *,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | None = None,
    check_evidence: bool = True,
) -> None:
    """``check_fixture`` that raises ``AssertionError`` with the diff."""
    mismatches = check_fixture(
        policy_path, gold_path, rulesets,
        facts=facts, evaluation_date=evaluation_date, check_evidence=check_evidence,
    )  # fmt: skip
    _raise(mismatches, str(policy_path))
