"""Running compiled rules against a document.

The decision for one rule is: not applicable if its condition is false; otherwise fail if a
contradicting statement or a broken value is found; otherwise pass if the expected disclosure (or a
conforming value) is found; otherwise missing, except that a prohibition with nothing offending passes.
Fail outranks pass outranks missing.

All the ruleset regexes run against one document share one CPU-time budget, kept in the document's
evaluation context (:mod:`policy_rules.rules.regex_budget`): when it is spent, the check ends with a
:class:`~policy_rules.errors.RulesetError` at the regex that was running, instead of slow patterns
adding up to minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..document.jurisdictions import GENERAL
from ..document.model import PolicyDocument
from ..document.source import Span
from ..rules.compiled import Rule, Ruleset
from ..rules.context import EvalContext, Hit
from ..rules.matchers import shorten
from .applicability import decide, regime_verdict
from .evidence import evidence_for
from .findings import DocumentResult, Finding, Outcome, Report, RuleInfo
from .suppressions import apply_directives, known_rule_ids, parse_directives


def check(
    document: PolicyDocument,
    rulesets: Ruleset | Sequence[Ruleset],
    *,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | None = None,
    disabled: Iterable[str] = (),
    severities: Mapping[str, str] | None = None,
    suppressions: bool = True,
) -> Report:
    """Check one document; the report holds one :class:`DocumentResult`.

    Suppression comments in a Markdown or HTML document (``<!-- policy-rules-disable RULE_ID -- why
    -->``) are applied as ``policy-rules check`` applies them: the covered fail and missing findings
    stay in the report, marked with their suppression. ``suppressions=False`` ignores the comments.
    A comment without a reason, or naming a rule id none of ``rulesets`` has, raises
    :class:`~policy_rules.errors.InputError` at its line and column, before any rule runs.
    """
    sets = [rulesets] if isinstance(rulesets, Ruleset) else list(rulesets)
    directives = parse_directives(document, known_rule_ids(sets)) if suppressions else []
    result = check_document(
        document, sets, facts=facts, evaluation_date=evaluation_date, disabled=disabled, severities=severities
    )
    if directives:
        findings, _ = apply_directives(document, result.findings, directives)
        result = replace(result, findings=tuple(findings))
    return Report([result], [ruleset_info(r) for r in sets], rule_infos(sets))


def ruleset_info(ruleset: Ruleset) -> dict[str, str]:
    return {"id": ruleset.id, "version": ruleset.version, "path": ruleset.path, "origin": ruleset.origin}


def rule_infos(rulesets: Sequence[Ruleset]) -> list[RuleInfo]:
    return [
        RuleInfo(r.id, r.ruleset, r.title, r.citation, r.severity, r.description, r.remediation)
        for rs in rulesets
        for r in rs.rules
        if r.enabled
    ]


def check_document(
    document: PolicyDocument,
    rulesets: Sequence[Ruleset],
    *,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | None = None,
    disabled: Iterable[str] = (),
    severities: Mapping[str, str] | None = None,
) -> DocumentResult:
    date = evaluation_date or dt.date.today()
    ctx = EvalContext(document, dict(facts or {}), date)
    off = set(disabled)
    severities = severities or {}
    findings = []
    decisions = []
    for ruleset in rulesets:
        if ruleset.id not in off:
            decisions.append(decide(ruleset, ctx, evidence_for))
        for rule in ruleset.rules:
            if not rule.enabled or rule.id in off or ruleset.id in off:
                continue
            finding = evaluate_rule(rule, ctx)
            if rule.id in severities:
                finding = _with_severity(finding, severities[rule.id])
            findings.append(finding)
    return DocumentResult(
        path=document.source.display_path,
        findings=tuple(findings),
        evaluation_date=date.isoformat(),
        policy_date=document.policy_date.isoformat() if document.policy_date else None,
        applicability=tuple(decisions),
        source=document.source,
    )


def evaluate_rule(rule: Rule, ctx: EvalContext) -> Finding:
    if rule.regime is not None:
        regime = regime_verdict(rule.regime, ctx)
        if not regime.holds:
            reason = f"the {rule.ruleset} regime does not apply: {regime.reason}"
            message = f"{rule.title}: not applicable ({reason})"
            return _finding(rule, ctx, Outcome.NOT_APPLICABLE, message, (), reason=reason)
    if rule.applies_when is not None:
        verdict = rule.applies_when.evaluate(ctx)
        if not verdict.holds:
            reason = rule.messages.not_applicable or verdict.reason
            return _finding(
                rule,
                ctx,
                Outcome.NOT_APPLICABLE,
                f"{rule.title}: not applicable ({reason})",
                verdict.hits,
                reason=reason,
            )

    allowed = _jurisdiction_filter(rule, ctx)
    fail_hits: list[Hit] = []
    fail_messages: list[str] = []
    if rule.contradict is not None:
        fail_hits.extend(h for h in rule.contradict.hits(ctx) if allowed(h))
    pass_hits: list[Hit] = []
    for value in rule.values:
        result = value.evaluate(ctx).keep(allowed)
        fail_hits.extend(result.failing)
        fail_messages.extend(result.messages)
        pass_hits.extend(result.passing)
    if fail_hits:
        detail = (
            "; ".join(dict.fromkeys(fail_messages)) if fail_messages else "the policy states the opposite"
        )
        message = rule.messages.failed or f"{rule.title}: contradicted: {detail}"
        return _finding(rule, ctx, Outcome.FAIL, message, fail_hits)

    if rule.expect is not None:
        pass_hits.extend(h for h in rule.expect.hits(ctx) if allowed(h))
    if pass_hits:
        return _finding(
            rule, ctx, Outcome.PASS, rule.messages.passed or f"{rule.title}: disclosed", pass_hits
        )
    if rule.kind in ("prohibition", "temporal") and rule.expect is None:
        message = rule.messages.passed or f"{rule.title}: no contradicting statement found"
        return _finding(rule, ctx, Outcome.PASS, message, [])
    message = rule.messages.missing or f"{rule.title}: not found (looked for {shorten(rule.looked_for())})"
    finding = _finding(rule, ctx, Outcome.MISSING, message, [])
    return replace(finding, location=_belongs_in(rule, ctx))


def _jurisdiction_filter(rule: Rule, ctx: EvalContext) -> Callable[[Hit], bool]:
    """Whether a hit's text may decide the rule: general text, or text addressed to a jurisdiction the
    rule names. A hit in a section only for other jurisdictions neither passes nor fails it."""
    names = rule.jurisdictions
    if names is None:
        return lambda hit: True
    general = GENERAL in names

    def allowed(hit: Hit) -> bool:
        marks = ctx.jurisdictions_of(hit.sentence)
        return general if not marks else not names.isdisjoint(marks)

    return allowed


def _belongs_in(rule: Rule, ctx: EvalContext) -> Span | None:
    """The heading of the first section where the missing disclosure belongs, if the policy has one."""
    if rule.belongs_under is None:
        return None
    doc = ctx.document
    for section in sorted(rule.belongs_under.sections(ctx)):
        block = doc.sections[section].heading_block
        if block is not None:
            return doc.blocks[block].span
    return None


def _preferred_sections(rule: Rule, ctx: EvalContext) -> frozenset[int]:
    return rule.belongs_under.sections(ctx) if rule.belongs_under is not None else frozenset()


def _finding(
    rule: Rule,
    ctx: EvalContext,
    outcome: Outcome,
    message: str,
    hits: Sequence[Hit],
    reason: str | None = None,
) -> Finding:
    return Finding(
        rule_id=rule.id,
        ruleset=rule.ruleset,
        outcome=outcome,
        severity=rule.severity,
        citation=rule.citation,
        title=rule.title,
        message=message,
        remediation=rule.remediation,
        evidence=evidence_for(ctx, hits, _preferred_sections(rule, ctx)) if hits else (),
        reason=reason,
    )


def _with_severity(finding: Finding, severity: str) -> Finding:
    return replace(finding, severity=severity)
