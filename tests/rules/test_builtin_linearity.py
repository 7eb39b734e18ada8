"""The built-in rulesets are never the hostile part: every built-in rule stays linear on odd text.

Each shape is checked at two sizes, N and 8N, and the larger may cost at most 30 times the smaller
(a quadratic pattern shows about 64 times). Every matcher, condition and value check of every
built-in rule is evaluated directly, so a rule that ``applies_when`` or an early-exiting ``all``
would skip on this text is still exercised. Only the checking is timed; parsing is tested elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Any

import pytest

from policy_rules import check, load_policy
from policy_rules.api import load_builtin_rulesets
from policy_rules.engine.check import evaluate_rule
from policy_rules.rules.combinators import HeadingConstraint
from policy_rules.rules.compiled import Rule
from policy_rules.rules.context import EvalContext

N = 3_000
RATIO = 30
FLOOR = 0.01  # seconds: below this, timings are noise

SHAPES = {
    "digits": "1",
    "open parens": "(",
    "parens and spaces": "( ",
    "spaces": " ",
    "one letter": "a",
    "a comma": "a,",
    "dot space": ". ",
    "long words": "x" * 60 + " ",
    "e-mail-like": "a@a.a",
    "url-like": "http://a.b/",
    "domain paths": "a.com/(",
    "one day": "1 day ",
    "money": "$1 ",
    "mixed punctuation": "(.,;:-'\"[]{}!?/)",
    "curly quotes": "\u201c\u201d",
    "lines": "a\n",
    "we and parens": 'we ("us") ',
    "age claims": "must be 13 ",
    "once only": "only once ",
    "by using you": "by using you ",
    "consent": "consent to the collection ",
    "negations": "we do not sell ",
    "headings": "\n\n# Contact\n\nOur DPO: dpo@example.com\n",
}


def _parts(rule: Rule) -> list[Any]:
    """Every matcher, heading constraint, condition and value check inside ``rule``."""
    found: list[Any] = []
    seen: set[int] = set()
    stack: list[Any] = [rule]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, (list, tuple)):
            stack.extend(obj)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            if obj is not rule:
                found.append(obj)
            stack.extend(getattr(obj, f.name) for f in dataclasses.fields(obj))
    return found


RULES = [rule for ruleset in load_builtin_rulesets() for rule in ruleset.rules]
PARTS = [part for rule in RULES for part in _parts(rule)]


def _check_everything(text: str) -> float:
    document = load_policy(text, format="markdown" if "\n# " in text else "text")
    started = time.process_time()
    ctx = EvalContext(document, {}, dt.date(2026, 1, 1))
    for part in PARTS:
        if isinstance(part, HeadingConstraint):
            part.sections(ctx)
        elif hasattr(part, "hits"):
            part.hits(ctx)
        elif hasattr(part, "evaluate"):
            part.evaluate(ctx)
    for rule in RULES:
        evaluate_rule(dataclasses.replace(rule, applies_when=None), ctx)
    return time.process_time() - started


def test_every_part_is_reached() -> None:
    kinds = {type(p).__name__ for p in PARTS}
    assert {"PatternLeaf", "TermLeaf", "EntityLeaf", "AllOf", "AnyOf", "MaxDays"} <= kinds
    assert sum(1 for p in PARTS if type(p).__name__ == "PatternLeaf" and p.user_regex) > 50


@pytest.mark.parametrize("unit", SHAPES.values(), ids=SHAPES.keys())
def test_built_in_rules_are_linear(unit: str) -> None:
    def text(size: int) -> str:
        return "Privacy policy. " + unit * (size // len(unit))

    # A quadratic rule fails every attempt (64x); a pause of the machine during one measurement does not.
    for _ in range(3):
        small = _check_everything(text(N))
        large = _check_everything(text(8 * N))
        if large < RATIO * max(small, FLOOR):
            return
    raise AssertionError(f"{large:.3f}s at 8N against {small:.3f}s at N")


@pytest.mark.parametrize("run", ["1" * 5000, "(" * 40_000], ids=["5,000 digits", "40,000 parens"])
def test_the_reported_policies_check_cleanly(run: str) -> None:
    """The two policies from the bug report: today's built-in regexes made them time out (exit 2)."""
    document = load_policy("Privacy policy. " + run)
    started = time.process_time()
    report = check(document, load_builtin_rulesets(), evaluation_date=dt.date(2026, 1, 1))
    assert time.process_time() - started < 1.0
    assert report.findings
