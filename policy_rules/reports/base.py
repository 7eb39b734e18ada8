"""Every output format is a small class behind this base: it turns a report into text, one document at a time.

A corpus run must not hold every result in memory (a result carries its document's whole text), so a
format is written as a stream: :meth:`Formatter.begin` with the run's rulesets and rules, then
:meth:`Formatter.document` for each result as it is checked, then :meth:`Formatter.end`. Each call hands
text to the ``write`` function given to ``begin``. :meth:`Formatter.render` is the same stream collected
into one string, so a whole report and a streamed one are the same bytes. Formats whose first bytes
depend on every document (totals in JUnit's root element, the SARIF artifacts before the results, the
HTML and Markdown index tables) keep their per-document parts in a temporary file
(:class:`~.streaming.Spool`), not in memory, and write everything at ``end``.

The options are keyword-only and all have defaults, so a format that has no use for one ignores it and
a caller can pass the same options to every format: ``color`` (terminal colour), ``show_passing``
(pass and not_applicable findings shown), ``quiet`` (only what reaches ``fail_on``, plus summaries),
``fail_on`` (the exit-status threshold, :mod:`~policy_rules.engine.threshold`) and ``width`` (columns to
wrap human output to; ``None``: the format's default).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from ..engine.findings import DocumentResult, Report
from ..engine.threshold import DEFAULT_FAIL_ON

Write = Callable[[str], None]


def _unset(text: str) -> None:
    raise RuntimeError("Formatter.begin() must be called before document() and end()")


class Formatter(ABC):
    name: str = ""
    #: Whether the format shows the checked text, so a result must keep its ``source`` (HTML).
    needs_source: bool = False

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
        self.write: Write = _unset
        self.head = Report()

    def begin(self, head: Report, write: Write) -> None:
        """Start a report: ``head`` gives the rulesets and rules (its documents are ignored); every
        piece of output goes to ``write``. Subclasses that keep per-run state reset it here."""
        self.head = Report([], head.rulesets, head.rules)
        self.write = write

    @abstractmethod
    def document(self, doc: DocumentResult) -> None:
        """One checked document, in report order."""

    def end(self) -> None:  # noqa: B027 -- most formats have nothing left to write
        """The end of the report: totals, closing brackets, or everything a format had to hold back."""

    def abort(self) -> None:  # noqa: B027 -- only formats that hold text back have something to drop
        """The run stopped before :meth:`end`: release whatever the format held back."""

    def render(self, report: Report) -> str:
        """The whole report as one string: the stream of :meth:`begin`, :meth:`document`, :meth:`end`."""
        parts: list[str] = []
        self.begin(report, parts.append)
        for doc in report.documents:
            self.document(doc)
        self.end()
        return "".join(parts)
