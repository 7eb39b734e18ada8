"""The streamed part of ``policy-rules check``: each document's result goes to every output as it comes.

Results arrive in input order from :func:`~policy_rules.lint.runner.iter_check` (worker processes with
``--jobs``), are handed to each format's :meth:`~policy_rules.reports.base.Formatter.document` and then
dropped, so memory does not grow with the number of files. What the exit status needs is counted on
the way: input errors, whether a finding reaches ``--fail-on``, and the suppressions that suppressed
nothing (few). Standard output is flushed after each document and a JSON Lines file after each line,
so a reader sees results as they come and a killed run leaves only whole lines for ``--resume``.
If the run stops early (an error, Ctrl-C), report files other than JSON Lines are removed rather than
left truncated.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine.threshold import any_reaches
from ..errors import InputError
from ..lint.runner import CheckOptions, iter_check, report_head
from ..lint.suppressions import Directive
from ..reports.base import Formatter
from ..reports.escaping import for_log
from .output import FileSink, flush_stdout, say, stdout_is_terminal
from .progress import Progress


@dataclass
class Output:
    """One format and where it goes: a file, or standard output (``sink`` ``None``, via ``write``)."""

    formatter: Formatter
    write: Callable[[str], None]
    sink: FileSink | None = None


@dataclass
class Outcome:
    documents: int = 0
    errors: int = 0
    failing: bool = False
    unused: list[tuple[str, Directive]] = field(default_factory=list)


def stream_check(
    options: CheckOptions,
    outputs: list[Output],
    *,
    names: list[str],
    jobs: int | None,
    fail_on: str,
    progress: str = "auto",
) -> Outcome:
    """Check ``names`` and write every output as results come; an :class:`Outcome` for the exit status."""
    outcome = Outcome()
    keep_source = any(o.formatter.needs_source for o in outputs)
    head = report_head(options.rulesets)
    bar = Progress(len(names), progress)
    try:
        for o in outputs:
            if o.sink is None and stdout_is_terminal():  # the bar's terminal, very likely
                o.write = bar.around(o.write)
            o.formatter.begin(head, o.write)
        results = iter_check(options, jobs=jobs, keep_source=keep_source, names=names)
        with contextlib.closing(results):
            for checked in results:
                bar.update()
                if isinstance(checked, InputError):
                    outcome.errors += 1
                    say(f"policy-rules: error: {for_log(str(checked))}")
                    continue
                for note in checked.notes:
                    say(f"policy-rules: note: {for_log(note)}")
                doc = checked.result
                outcome.documents += 1
                outcome.failing = outcome.failing or any_reaches(doc.findings, fail_on)
                outcome.unused.extend((doc.path, d) for d in checked.unused)
                for o in outputs:
                    o.formatter.document(doc)
                    if o.sink is None:
                        flush_stdout()
                    elif o.sink.keep_partial:
                        o.sink.flush()
        bar.close()
        for o in outputs:
            o.formatter.end()
            if o.sink is not None:
                o.sink.close()
    except BaseException:
        bar.close()
        for o in outputs:
            o.formatter.abort()
            if o.sink is not None:
                o.sink.abort()
        raise
    return outcome
