"""Applicability: does a rule apply to this policy at all?

Facts come from the user's profile (``--facts``) and always win when supplied, so a user can override
what the text suggests; ``otherwise`` says what to look at when a fact is not supplied. A condition
that is false yields the reason shown in the not_applicable finding, with the spans that decided it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from .combinators import AnyOf
from .context import EvalContext, Hit
from .matchers import Matcher, shorten

#: What decided a verdict: a supplied fact, the policy text, a fact's default, or the evaluation date.
Basis = Literal["fact", "text", "assumed", "date"]


#: Longest quote of matched text, and of a matcher's description, in a generated reason.
_QUOTE = 60
_DESCRIBED = 120


@dataclass(frozen=True)
class Verdict:
    holds: bool
    reason: str
    hits: tuple[Hit, ...] = field(default=())
    basis: Basis = "text"


class Condition(Protocol):
    def evaluate(self, ctx: EvalContext) -> Verdict: ...


@dataclass(frozen=True)
class FactCondition:
    name: str
    equals: Any
    otherwise: Condition | None
    reason: str | None = None
    default: Any = None

    def evaluate(self, ctx: EvalContext) -> Verdict:
        if self.name in ctx.facts:
            value = ctx.facts[self.name]
            generated = f"fact {self.name} is {_show(value)}"
            return _verdict(value == self.equals, self.reason, generated, basis="fact")
        if self.default is not None:
            holds = self.default == self.equals
            assumed = f"fact {self.name} not supplied; assumed {_show(self.default)}"
            return _verdict(holds, self.reason, assumed, basis="assumed")
        if self.otherwise is not None:
            inner = self.otherwise.evaluate(ctx)
            return _verdict(inner.holds, self.reason, inner.reason, inner.hits, inner.basis)
        return _verdict(False, self.reason, f"fact {self.name} was not supplied", basis="assumed")


@dataclass(frozen=True)
class InForceFrom:
    """A requirement that binds only from a date (an amendment's compliance date): the policy is judged
    against the law in force on the evaluation date."""

    date: dt.date
    label: str
    reason: str | None = None

    def evaluate(self, ctx: EvalContext) -> Verdict:
        if ctx.evaluation_date >= self.date:
            return Verdict(True, f"in force since {self.date.isoformat()} ({self.label})", basis="date")
        when = ctx.evaluation_date.isoformat()
        generated = f"not yet in force at {when} (from {self.date.isoformat()}, {self.label})"
        return _verdict(False, self.reason, generated, basis="date")


@dataclass(frozen=True)
class TextCondition:
    matcher: Matcher
    reason: str | None = None

    def evaluate(self, ctx: EvalContext) -> Verdict:
        hits = _first_hits(self.matcher, ctx)
        if hits:
            return Verdict(True, f"the policy says {_said(ctx, hits)}", tuple(hits))
        described = shorten(self.matcher.describe(), _DESCRIBED)
        return _verdict(False, self.reason, f"the policy does not mention {described}")


@dataclass(frozen=True)
class AllConditions:
    parts: tuple[Condition, ...]
    reason: str | None = None

    def evaluate(self, ctx: EvalContext) -> Verdict:
        hits: list[Hit] = []
        reasons: list[str] = []
        bases: list[Basis] = []
        for part in self.parts:
            v = part.evaluate(ctx)
            if not v.holds:
                return _verdict(False, self.reason, v.reason, v.hits, v.basis)
            hits.extend(v.hits)
            if not isinstance(part, NotCondition):  # an exclusion that did not fire is no reason
                reasons.append(v.reason)
            bases.append(v.basis)
        shown = "; ".join(dict.fromkeys(reasons)) or "no exclusion applies"
        return Verdict(True, shown, tuple(hits), _strongest(bases))


@dataclass(frozen=True)
class AnyCondition:
    parts: tuple[Condition, ...]
    reason: str | None = None

    def evaluate(self, ctx: EvalContext) -> Verdict:
        reasons = []
        hits: list[Hit] = []
        bases: list[Basis] = []
        for part in self.parts:
            v = part.evaluate(ctx)
            if v.holds:
                return Verdict(True, v.reason, v.hits, v.basis)
            reasons.append(v.reason)
            hits.extend(v.hits)
            bases.append(v.basis)
        return _verdict(False, self.reason, "; ".join(reasons), tuple(hits), _strongest(bases))


@dataclass(frozen=True)
class NotCondition:
    inner: Condition
    reason: str | None = None

    def evaluate(self, ctx: EvalContext) -> Verdict:
        v = self.inner.evaluate(ctx)
        return _verdict(not v.holds, self.reason, f"not ({v.reason})", v.hits, v.basis)


def _verdict(
    holds: bool, reason: str | None, generated: str, hits: tuple[Hit, ...] = (), basis: Basis = "text"
) -> Verdict:
    """An author's ``reason`` explains a condition that does not hold; when it holds, say what held."""
    return Verdict(holds, reason if (reason and not holds) else generated, hits, basis)


def _strongest(bases: list[Basis]) -> Basis:
    """A combination is as firm as its firmest part: a supplied fact outranks the text, which outranks
    an assumption, so a report says "from your facts" whenever one took part."""
    order: tuple[Basis, ...] = ("fact", "text", "date", "assumed")
    return next((b for b in order if b in bases), "text")


def fact_names(condition: Condition) -> tuple[str, ...]:
    """The profile facts a condition consults, in order: what a report names as the override."""
    names: list[str] = []

    def walk(c: object) -> None:
        if isinstance(c, FactCondition):
            names.append(c.name)
            if c.otherwise is not None:
                walk(c.otherwise)
        elif isinstance(c, AllConditions | AnyCondition):
            for part in c.parts:
                walk(part)
        elif isinstance(c, NotCondition):
            walk(c.inner)

    walk(condition)
    return tuple(dict.fromkeys(names))


def _first_hits(matcher: Matcher, ctx: EvalContext) -> list[Hit]:
    """The hits that decide a text condition. For ``any``, the first alternative that matches, the
    cheapest tried first: a condition needs one reason to hold, and a regime trigger's long list of
    alternatives would otherwise scan the whole policy with every one of them."""
    if not isinstance(matcher, AnyOf):
        return matcher.hits(ctx)
    for part in matcher.cheapest_first():
        hits = _first_hits(part, ctx)
        if hits:
            return hits
    return []


def _said(ctx: EvalContext, hits: list[Hit]) -> str:
    """The matched words of the first sentence with a hit, in order: what the policy says that held."""
    ordered = sorted(hits, key=lambda h: (h.start, h.end))
    first = ordered[0].sentence
    words = (" ".join(ctx.document.text[h.start : h.end].split()) for h in ordered if h.sentence == first)
    said = " … ".join(dict.fromkeys(words))
    return repr(said if len(said) <= _QUOTE else said[: _QUOTE - 1] + "…")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
