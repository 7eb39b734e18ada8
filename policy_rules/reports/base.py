"""Every output format is a small class behind this base: it turns a report into text.

The options are keyword-only and all have defaults, so a format that has no use for one ignores it and
a caller can pass the same options to every format: ``color`` (terminal colour), ``show_passing``
(pass and not_applicable findings shown), ``quiet`` (only what reaches ``fail_on``, plus summaries),
``fail_on`` (the exit-status threshold, :mod:`~policy_rules.engine.threshold`) and ``width`` (columns to
wrap human output to; ``None``: the format's default).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from ..engine.findings import Report
from ..engine.threshold import DEFAULT_FAIL_ON


class Formatter(ABC):
    name: str = ""

    def __init__(
        self,
        *,
        color: bool = False,
        show_passing: bool = True,
        quiet: bool = False,
        fail_on: str = DEFAULT_FAIL_ON,
        width: int | None = None,
    ) -> None:
        self.color = color
        self.show_passing = show_passing
        self.quiet = quiet
        self.fail_on = fail_on
        self.width = width

    @abstractmethod
    def render(self, report: Report) -> str: ...
