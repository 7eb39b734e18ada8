"""One time budget for all the ruleset patterns run against one document.

A timeout per regex is not enough: thirty patterns that each stay just under it took half a minute
on a 100-byte policy. So each document check gets one allowance for every ruleset regex together,
scaled with the text (:data:`REGEX_SECONDS_PER_MB`, at least :data:`REGEX_MIN_SECONDS`). Each regex
runs with what is left as its timeout; the one that runs out ends the check with a
:class:`~policy_rules.errors.RulesetError` at that regex's ruleset file and line. The built-in
rulesets use under one second per megabyte of policy text, so a normal run never comes near it.

The ``regex`` module's timeout counts the process's CPU time, not the wall clock, so the budget is
spent in the same currency (:func:`time.process_time`): a busy machine does not make a sound ruleset
fail. The patterns built from term lists (case-sensitive lists, terms that start or end with
punctuation; see :mod:`.terms`) are metered too: a few hundred long terms sharing a prefix make one
alternation as slow as any regex. Term lists matched through the word index need no meter.
"""

from __future__ import annotations

import time
from typing import Any

from .regex_windows import windowed_spans

#: CPU seconds all ruleset regexes may spend on one megabyte of policy text.
REGEX_SECONDS_PER_MB = 5.0
#: The budget for a document of any size.
REGEX_MIN_SECONDS = 2.0

_KEY = "regex-budget"
#: The regions of start positions worth trying and a pattern's margins (:mod:`.regex_windows`).
Windows = tuple[list[tuple[int, int]], tuple[int, int, int]]


class RegexBudgetSpent(Exception):
    """The document's regex budget ran out; ``seconds`` is what it was."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class RegexBudget:
    """What is left of one document's allowance."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.left = seconds

    @classmethod
    def for_text(cls, length: int) -> RegexBudget:
        return cls(max(REGEX_MIN_SECONDS, REGEX_SECONDS_PER_MB * length / 1_000_000))

    def spans(self, compiled: Any, text: str, windows: Windows | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of every match of ``compiled`` in ``text``, paid for from the budget. With
        ``windows`` (the regions of start positions worth trying and the pattern's margins for this
        text), only those are tried (:mod:`.regex_windows`); the matches are the same."""
        if self.left <= 0:
            raise RegexBudgetSpent(self.seconds)
        started = time.process_time()
        deadline = started + self.left

        def timeout() -> float:
            left = deadline - time.process_time()
            if left <= 0:
                raise TimeoutError
            return left

        try:
            if windows is None:
                return [(m.start(), m.end()) for m in compiled.finditer(text, timeout=self.left)]
            regions, margins = windows
            return list(windowed_spans(compiled, text, regions, margins, timeout))
        except TimeoutError:
            self.left = 0.0
            raise RegexBudgetSpent(self.seconds) from None
        finally:
            if self.left > 0:
                self.left -= time.process_time() - started


def budget_for(cache: dict[Any, Any], length: int) -> RegexBudget:
    """The budget kept in a document's evaluation cache, started on first use."""
    budget: RegexBudget | None = cache.get(_KEY)
    if budget is None:
        budget = cache[_KEY] = RegexBudget.for_text(length)
    return budget
