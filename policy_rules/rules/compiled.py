"""Compiled rulesets: what the engine runs. Built once, reused for every document, picklable."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .combinators import HeadingConstraint
from .conditions import Condition
from .matchers import Matcher
from .model import ExampleModel, ReferenceModel, RegimeExampleModel, RuleKind, Severity
from .values import ValueCheck


@dataclass(frozen=True)
class Messages:
    passed: str | None = None
    failed: str | None = None
    missing: str | None = None
    not_applicable: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    ruleset: str
    title: str
    citation: str
    severity: Severity
    kind: RuleKind
    enabled: bool
    description: str | None
    remediation: str | None
    messages: Messages
    applies_when: Condition | None
    expect: Matcher | None
    contradict: Matcher | None
    values: tuple[ValueCheck, ...]
    examples: tuple[ExampleModel, ...]
    path: str
    line: int | None
    belongs_under: HeadingConstraint | None = None
    example_lines: tuple[int | None, ...] = ()
    #: The applicability of the regime that defined the rule (its ruleset's ``applies_when``), decided
    #: once per document and reported on its own; ``applies_when`` is the rule's own trigger.
    regime: Condition | None = None
    #: Whose text may pass or fail the rule (None: all text); see :mod:`policy_rules.document.jurisdictions`.
    jurisdictions: frozenset[str] | None = None

    def looked_for(self) -> str:
        return self.expect.describe() if self.expect is not None else "nothing (a prohibition)"


@dataclass(frozen=True)
class Ruleset:
    id: str
    title: str
    version: str
    jurisdiction: str | None
    description: str | None
    references: tuple[ReferenceModel, ...]
    path: str
    origin: str
    applies_when: Condition | None
    rules: tuple[Rule, ...]
    extends: tuple[str, ...] = field(default=())
    vocabularies: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    #: Examples of the regime's applicability, and the lines they start on.
    examples: tuple[RegimeExampleModel, ...] = ()
    example_lines: tuple[int | None, ...] = ()

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def with_rules(self, rules: tuple[Rule, ...]) -> Ruleset:
        return replace(self, rules=rules)
