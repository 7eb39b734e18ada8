"""Value checks: a stated number or a date that the law bounds.

A value check sees what the text states (a response window, the policy's last-updated date, a claim
tied to a legal mechanism) and returns the spans that break the bound (a fail) or keep it (a pass).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from .context import EvalContext, Hit
from .durations import find_periods
from .matchers import Matcher

#: How far (in words) a period may stand from the act it bounds when a check names ``near``.
DEFAULT_NEAR_WORDS = 12


@dataclass(frozen=True)
class ValueResult:
    """``messages[i]`` explains ``failing[i]``, so a caller that drops a hit drops its message."""

    failing: tuple[Hit, ...] = ()
    passing: tuple[Hit, ...] = ()
    messages: tuple[str, ...] = field(default=())

    def keep(self, wanted: Callable[[Hit], bool]) -> ValueResult:
        pairs = [(h, m) for h, m in zip(self.failing, self.messages, strict=True) if wanted(h)]
        return ValueResult(
            tuple(h for h, _ in pairs),
            tuple(h for h in self.passing if wanted(h)),
            tuple(m for _, m in pairs),
        )


class ValueCheck(Protocol):
    def evaluate(self, ctx: EvalContext) -> ValueResult: ...


@dataclass(frozen=True)
class MaxDays:
    """Every period stated in the sentences ``where`` matches must be at most ``max_days``.

    With ``near``, only a period within ``within`` words of the governed act counts ("we respond within
    45 days"), so "we keep records of requests for 7 years" in the same sentence is not read as a
    response time."""

    where: Matcher
    max_days: int
    message: str | None = None
    near: Matcher | None = None
    within: int = DEFAULT_NEAR_WORDS

    def evaluate(self, ctx: EvalContext) -> ValueResult:
        doc = ctx.document
        failing: list[Hit] = []
        passing: list[Hit] = []
        messages: list[str] = []
        acts: dict[int, list[int]] = {}
        if self.near is not None:
            for h in self.near.hits(ctx):
                acts.setdefault(h.sentence, []).append(ctx.word_at(h.start))
        for sentence_index in sorted({h.sentence for h in self.where.hits(ctx)}):
            s = doc.sentences[sentence_index]
            for p in find_periods(doc.text, s.start, s.end):
                if self.near is not None:
                    at = ctx.word_at(p.start)
                    if not any(abs(at - w) <= self.within for w in acts.get(sentence_index, ())):
                        continue
                hit = Hit(p.start, p.end, sentence_index)
                if p.days > self.max_days + 0.5:
                    failing.append(hit)
                    messages.append(
                        self.message
                        or f"states {p.text!r} (about {round(p.days)} days); "
                        f"the limit is {self.max_days} days"
                    )
                else:
                    passing.append(hit)
        return ValueResult(tuple(failing), tuple(passing), tuple(messages))


@dataclass(frozen=True)
class MaxPolicyAge:
    """The policy's own last-updated date must be at most ``months`` before the evaluation date."""

    months: int
    message: str | None = None

    def evaluate(self, ctx: EvalContext) -> ValueResult:
        doc = ctx.document
        entity = doc.policy_date_entity
        if doc.policy_date is None or entity is None:
            return ValueResult()
        hit = Hit(entity.start, entity.end, ctx.sentence_of(entity.start))
        limit = _months_before(ctx.evaluation_date, self.months)
        if doc.policy_date < limit:
            age = (ctx.evaluation_date - doc.policy_date).days
            return ValueResult(
                failing=(hit,),
                messages=(
                    self.message
                    or f"last updated {doc.policy_date.isoformat()}, {age} days before the evaluation date"
                    f" {ctx.evaluation_date.isoformat()}; the limit is {self.months} months",
                ),
            )
        return ValueResult(passing=(hit,))


@dataclass(frozen=True)
class NotAfter:
    """A statement matched by ``where`` is acceptable only up to ``date`` (e.g. a framework's end).

    Up to that date the statement conforms, like a period within its bound: reliance on Privacy Shield
    in a policy judged as of 2019 names a valid transfer safeguard."""

    where: Matcher
    date: dt.date
    label: str
    message: str | None = None

    def evaluate(self, ctx: EvalContext) -> ValueResult:
        hits = self.where.hits(ctx)
        if not hits:
            return ValueResult()
        if ctx.evaluation_date <= self.date:
            return ValueResult(passing=tuple(hits))
        message = (
            self.message
            or f"relies on something that ended on {self.date.isoformat()} ({self.label}); evaluated at"
            f" {ctx.evaluation_date.isoformat()}"
        )
        return ValueResult(failing=tuple(hits), messages=(message,) * len(hits))


def _months_before(date: dt.date, months: int) -> dt.date:
    year, month = divmod(date.year * 12 + date.month - 1 - months, 12)
    month += 1
    day = min(
        date.day,
        [
            31,
            29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][month - 1],
    )
    return dt.date(year, month, day)
