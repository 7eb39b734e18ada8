"""Whether each regime applies to a document: decided once, from facts or from the text, and reported.

A regime's condition is its ruleset's ``applies_when``. Rules used to carry it folded into their own
condition, so a policy outside a regime got one silent ``not_applicable`` per rule and no one place
said why. Deciding it here, once per document, gives every report one line per regime with the
reason, the quoted spans that decided it, and the ``--fact`` that reverses it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..rules.compiled import Ruleset
from ..rules.conditions import AllConditions, AnyCondition, Condition, FactCondition, Verdict
from ..rules.context import EvalContext, Hit
from .findings import Applicability, Evidence

#: Spans quoted for one applicability decision.
MAX_APPLICABILITY_EVIDENCE = 3


def regime_verdict(condition: Condition, ctx: EvalContext) -> Verdict:
    """The verdict of a regime condition on this document, computed once for all its rules."""
    key = ("regime", id(condition))
    cached: Verdict | None = ctx.cache.get(key)
    if cached is None:
        cached = ctx.cache[key] = condition.evaluate(ctx)
    return cached


def decide(
    ruleset: Ruleset,
    ctx: EvalContext,
    evidence_for: Callable[[EvalContext, Sequence[Hit]], tuple[Evidence, ...]],
) -> Applicability:
    condition = ruleset.applies_when
    if condition is None:
        return Applicability(ruleset.id, True, "always", "the ruleset has no applicability condition")
    verdict = regime_verdict(condition, ctx)
    evidence = evidence_for(ctx, verdict.hits)[:MAX_APPLICABILITY_EVIDENCE] if verdict.hits else ()
    override = None if verdict.basis == "fact" else override_for(condition, verdict.holds)
    return Applicability(ruleset.id, verdict.holds, verdict.basis, verdict.reason, evidence, override)


def override_for(condition: Condition, holds: bool) -> str | None:
    """The ``NAME=VALUE`` facts (space-separated) that are sure to reverse the decision, if any are.

    A fact at the top decides both ways. Inside ``all``, one fact can switch the regime off, and
    all of them (when every part is a fact) switch it on; inside ``any``, one fact can switch it on,
    and all of them switch it off. Anything else has no reliable override."""
    if isinstance(condition, FactCondition):
        return _assignment(condition, not holds)
    if isinstance(condition, AllConditions | AnyCondition):
        facts = [p for p in condition.parts if isinstance(p, FactCondition)]
        one = isinstance(condition, AllConditions) == holds  # one fact is enough in this direction
        if one and facts:
            return _assignment(facts[0], not holds)
        if not one and facts and len(facts) == len(condition.parts):
            assignments = [_assignment(f, not holds) for f in facts]
            return " ".join(a for a in assignments if a) if all(assignments) else None
    return None


def _assignment(fact: FactCondition, make_hold: bool) -> str | None:
    if isinstance(fact.equals, bool):
        value = fact.equals if make_hold else not fact.equals
        return f"{fact.name}={'true' if value else 'false'}"
    return f"{fact.name}={fact.equals}" if make_hold else None
