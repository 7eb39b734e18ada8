"""Compiled rulesets: what the engine runs. Built once, reused for every document, picklable.

Nothing here refers to the validation models (:mod:`.model`): a ruleset read from the compiled-ruleset
cache is checked against without importing pydantic, which costs a fresh process about a tenth of a
second. Examples and references are therefore copied into the plain records below.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from .combinators import HeadingConstraint
from .conditions import Condition
from .matchers import Matcher
from .values import ValueCheck

if TYPE_CHECKING:
    from .model import RuleKind, Severity, _Snippet

#: The formats an example snippet may be written in.
SnippetFormat = Literal["text", "markdown", "html"]


@dataclass(frozen=True)
class Snippet:
    """What every example has: a policy snippet and how to read and judge it."""

    text: str
    name: str | None = None
    format: SnippetFormat | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    date: str | None = None
    #: Texts the finding's evidence must include.
    evidence: tuple[str, ...] = ()

    @staticmethod
    def fields_of(model: _Snippet) -> dict[str, Any]:
        return {
            "text": model.text,
            "name": model.name,
            "format": model.format,
            "facts": dict(model.facts),
            "date": model.date,
            "evidence": tuple(model.evidence),
        }


@dataclass(frozen=True)
class Example(Snippet):
    """A rule's example: the snippet and the outcome the rule must give on it."""

    outcome: str = "pass"


@dataclass(frozen=True)
class RegimeExample(Snippet):
    """A ruleset's example: the snippet and whether the regime applies to it."""

    applies: bool = True


@dataclass(frozen=True)
class Reference:
    """A source of the ruleset's law: title, address, citation."""

    title: str
    url: str | None = None
    citation: str | None = None


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
    examples: tuple[Example, ...]
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
    references: tuple[Reference, ...]
    path: str
    origin: str
    applies_when: Condition | None
    rules: tuple[Rule, ...]
    extends: tuple[str, ...] = field(default=())
    vocabularies: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    #: Examples of the regime's applicability, and the lines they start on.
    examples: tuple[RegimeExample, ...] = ()
    example_lines: tuple[int | None, ...] = ()

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def with_rules(self, rules: tuple[Rule, ...]) -> Ruleset:
        return replace(self, rules=rules)
