"""Why a rule gave its outcome on a document: the rule author's debugger.

Walks the compiled rule and shows, for every matcher, how many hits it had and where (line:column
and the sentence), what was discarded (negated occurrences, heading text), which headings a
``heading`` constraint matched, and which scope units an ``all`` accepted.
"""

from __future__ import annotations

from ..rules.combinators import AllOf, AnyOf, HeadingConstraint
from ..rules.compiled import Rule
from ..rules.context import EvalContext, Hit
from ..rules.matchers import EntityLeaf, Matcher, PatternLeaf, TermLeaf
from ..rules.values import MaxDays, MaxPolicyAge, NotAfter
from .applicability import regime_verdict
from .check import evaluate_rule

MAX_SHOWN = 5
QUOTE = 100


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE else flat[: QUOTE - 1] + "…"


def _hit_line(ctx: EvalContext, hit: Hit, indent: str) -> str:
    doc = ctx.document
    span = doc.source_span(hit.start, hit.end)
    sentence = doc.sentences[hit.sentence].text
    return (
        f'{indent}{span.line}:{span.column} "{_quote(doc.text[hit.start : hit.end])}" in: {_quote(sentence)}'
    )


def _hits_block(ctx: EvalContext, hits: list[Hit], indent: str) -> list[str]:
    lines = [_hit_line(ctx, h, indent) for h in hits[:MAX_SHOWN]]
    if len(hits) > MAX_SHOWN:
        lines.append(f"{indent}… {len(hits) - MAX_SHOWN} more")
    return lines


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def explain_matcher(m: Matcher, ctx: EvalContext, depth: int = 1) -> list[str]:
    indent = "  " * depth
    hits = m.hits(ctx)
    if isinstance(m, (TermLeaf, PatternLeaf)):
        raw = len(m._matches(ctx))
        dropped = raw - len(hits)
        mode = {False: "affirmative only", True: "negated only", "any": "negated or not"}[m.negated]
        note = f" ({dropped} discarded: heading text or negation, {mode})" if dropped else ""
        kind = "terms" if isinstance(m, TermLeaf) else "regex"
        return [
            f"{indent}{kind} {m.describe()} → {_plural(len(hits), 'hit')}{note}",
            *_hits_block(ctx, hits, indent + "  "),
        ]
    if isinstance(m, EntityLeaf):
        return [
            f"{indent}entity {m.kind.value} → {_plural(len(hits), 'hit')}",
            *_hits_block(ctx, hits, indent + "  "),
        ]
    if isinstance(m, AnyOf):
        lines = [f"{indent}any → {_plural(len(hits), 'hit')}"]
        for part in m.parts:
            lines += explain_matcher(part, ctx, depth + 1)
        return lines
    if isinstance(m, AllOf):
        units = {h.sentence if m.scope == "sentence" else ctx.block_of_sentence(h.sentence) for h in hits}
        unit_note = f" in {_plural(len(units), m.scope)}" if m.scope in ("sentence", "block") else ""
        lines = [f"{indent}all (scope: {m.scope}) → {_plural(len(hits), 'hit')}{unit_note}"]
        for part in m.positive:
            lines += explain_matcher(part, ctx, depth + 1)
        for neg in m.negative:
            lines.append(f"{indent}  not:")
            lines += explain_matcher(neg, ctx, depth + 2)
        for c in m.headings:
            lines.append(_heading_line(c, ctx, indent + "  ", "under a heading"))
        for c in m.negative_headings:
            lines.append(_heading_line(c, ctx, indent + "  ", "not under a heading"))
        return lines
    return [f"{indent}{m.describe()} → {_plural(len(hits), 'hit')}"]


def _heading_line(c: HeadingConstraint, ctx: EvalContext, indent: str, label: str) -> str:
    titles = [ctx.document.sections[s].title for s in sorted(c.sections(ctx))]
    shown = ", ".join(f'"{_quote(t)}"' for t in titles[:MAX_SHOWN]) or "no heading matched"
    return f"{indent}{label} with {c.inner.describe()}: {shown}"


def explain_rule(rule: Rule, ctx: EvalContext) -> str:
    finding = evaluate_rule(rule, ctx)
    lines = [
        f"{rule.id}: {rule.title} [{rule.citation}]",
        f"defined at {rule.path}:{rule.line}",
        f"outcome: {finding.outcome.value} — {finding.message}",
    ]
    if rule.regime is not None:
        regime = regime_verdict(rule.regime, ctx)
        lines.append(
            f"regime {rule.ruleset}: {'applies' if regime.holds else 'does not apply'} ({regime.reason})"
        )
        lines += _hits_block(ctx, list(regime.hits), "  ")
    if rule.applies_when is not None:
        verdict = rule.applies_when.evaluate(ctx)
        lines.append(f"applies_when: {'holds' if verdict.holds else 'does not hold'} ({verdict.reason})")
        lines += _hits_block(ctx, list(verdict.hits), "  ")
    else:
        lines.append("applies_when: always")
    if rule.jurisdictions is not None:
        names = ", ".join(sorted(rule.jurisdictions))
        lines.append(
            f"jurisdictions: only text addressed to {names} decides (policy-rules parse shows the marks)"
        )
    for label, matcher in (("contradict (→ fail)", rule.contradict), ("expect (→ pass)", rule.expect)):
        if matcher is not None:
            lines.append(f"{label}:")
            lines += explain_matcher(matcher, ctx)
    for value in rule.values:
        result = value.evaluate(ctx)
        if isinstance(value, MaxDays):
            lines.append(f"value check: stated periods at most {value.max_days} days, in sentences matching:")
            lines += explain_matcher(value.where, ctx, 2)
        elif isinstance(value, MaxPolicyAge):
            date = ctx.document.policy_date
            lines.append(
                f"value check: policy date {date.isoformat() if date else 'not found'} at most "
                f"{value.months} months before {ctx.evaluation_date.isoformat()}"
            )
        elif isinstance(value, NotAfter):
            lines.append(f"value check: statements matching this fail after {value.date.isoformat()}:")
            lines += explain_matcher(value.where, ctx, 2)
        violations = _plural(len(result.failing), "violation")
        lines.append(f"  → {violations}, {_plural(len(result.passing), 'conforming value')}")
    if finding.evidence:
        lines.append("evidence:")
        lines += [f"  {e.span.line}:{e.span.column} {_quote(e.text)}" for e in finding.evidence]
    return "\n".join(lines) + "\n"
