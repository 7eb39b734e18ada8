"""Typed models of a ruleset file, built after the JSON Schema has accepted it.

The schema gives users positioned errors; these models give the compiler typed access. Both describe
the same language: ``ruleset.schema.json`` is the contract, and a test checks the two agree on every
key.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
OutcomeName = Literal["pass", "fail", "missing", "not_applicable"]
Scope = Literal["sentence", "block", "section", "document"]
RuleKind = Literal["disclosure", "conditional", "prohibition", "temporal", "informational"]
EntityName = Literal[
    "email", "url", "phone", "postal_address", "date", "policy_date", "organization", "placeholder"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class MatcherModel(_Strict):
    terms: tuple[str, ...] | None = None
    regex: str | None = None
    entity: EntityName | None = None
    heading: MatcherModel | None = None
    all_: tuple[MatcherModel, ...] | None = Field(default=None, alias="all")
    any_: tuple[MatcherModel, ...] | None = Field(default=None, alias="any")
    not_: MatcherModel | None = Field(default=None, alias="not")
    scope: Scope | None = None
    negated: bool | Literal["any"] | None = None
    case_sensitive: bool = False
    in_headings: bool = False
    within: int | None = Field(default=None, ge=1)
    unless: MatcherModel | None = None
    unless_scope: Scope | None = None


class ConditionModel(_Strict):
    fact: str | None = None
    equals: str | int | float | bool = True
    default: str | int | float | bool | None = None
    otherwise: ConditionModel | None = None
    text: MatcherModel | None = None
    all_: tuple[ConditionModel, ...] | None = Field(default=None, alias="all")
    any_: tuple[ConditionModel, ...] | None = Field(default=None, alias="any")
    not_: ConditionModel | None = Field(default=None, alias="not")
    in_force_from: str | None = None
    reason: str | None = None


class ValueCheckModel(_Strict):
    where: MatcherModel | None = None
    near: MatcherModel | None = None
    within: int | None = Field(default=None, ge=1)
    max_days: int | None = None
    max_policy_age_months: int | None = None
    not_after: str | None = None
    date_ref: str | None = None
    message: str | None = None


class _Snippet(_Strict):
    """What every example has: a policy snippet and how to read and judge it."""

    text: str
    name: str | None = None
    format: Literal["text", "markdown", "html"] | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    date: str | None = None
    evidence: tuple[str, ...] = ()


class ExampleModel(_Snippet):
    outcome: OutcomeName


class RegimeExampleModel(_Snippet):
    applies: bool


class MessagesModel(_Strict):
    pass_: str | None = Field(default=None, alias="pass")
    fail: str | None = None
    missing: str | None = None
    not_applicable: str | None = None


class RuleModel(_Strict):
    id: str
    title: str
    citation: str
    severity: Severity
    kind: RuleKind = "disclosure"
    enabled: bool = True
    description: str | None = None
    remediation: str | None = None
    messages: MessagesModel = MessagesModel()
    applies_when: ConditionModel | None = None
    expect: MatcherModel | None = None
    contradict: MatcherModel | None = None
    belongs_under: MatcherModel | None = None
    jurisdictions: tuple[str, ...] | None = None
    values: tuple[ValueCheckModel, ...] = ()
    examples: tuple[ExampleModel, ...] = ()


class ReferenceModel(_Strict):
    title: str
    url: str | None = None
    citation: str | None = None


class OverrideModel(_Strict):
    enabled: bool | None = None
    severity: Severity | None = None


class RulesetModel(_Strict):
    id: str
    title: str
    version: str
    jurisdiction: str | None = None
    description: str | None = None
    references: tuple[ReferenceModel, ...] = ()
    extends: str | tuple[str, ...] | None = None
    applies_when: ConditionModel | None = None
    jurisdictions: tuple[str, ...] | None = None
    vocabularies: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    overrides: dict[str, OverrideModel] = Field(default_factory=dict)
    rules: tuple[RuleModel, ...] = ()
    examples: tuple[RegimeExampleModel, ...] = ()
