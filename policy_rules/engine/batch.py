"""Many documents on every core: results in input order, each worker process holding one compiled ruleset.

:func:`ordered_map` is the mechanism: a task object (the compiled rulesets and the options, built once)
is handed to each worker process once, by the pool's initializer, never once per document. On Linux,
while the process has a single thread, workers are forked, so they inherit the task without pickling
it at all; elsewhere (or with threads running, where forking is unsafe) it is pickled once per worker.
Items are submitted a few per worker ahead of the one being waited for, so the input is read lazily,
results come back in input order whatever finishes first, and at most ``window`` items and results are
in flight: memory does not grow with the number of documents. One item, or ``jobs=1``, runs in this
process without a pool.

Workers ignore SIGINT: Ctrl-C is the parent's to handle, and when the consumer stops (an exception, a
``KeyboardInterrupt``, or ``close()`` on the generator) the workers are terminated and reaped before the
exception goes on, so none is left behind.

:func:`check_many` is the library's batch API on top of it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..document.model import PolicyDocument
from ..errors import UsageError
from ..rules.compiled import Ruleset
from .findings import DocumentResult

if TYPE_CHECKING:  # a pool is imported where one is started: a serial run does not pay for it
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

#: Items submitted per worker ahead of the result being waited for.
AHEAD = 4


def usable_cores() -> int:
    """The processors this process may run on (its affinity mask, not the machine's total)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        n = count()
    else:
        try:
            n = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            n = os.cpu_count()
    return max(1, n or 1)


def resolve_jobs(jobs: int | None) -> int:
    """``jobs`` checked: ``None`` is :func:`usable_cores`; anything below 1 is a usage error."""
    if jobs is None:
        return usable_cores()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise UsageError(f"jobs must be a whole number of at least 1, not {jobs!r}")
    return jobs


_TASK: Callable[[Any], Any] | None = None


def _install(task: Callable[[Any], Any]) -> None:
    """Pool initializer: the task, once per worker; Ctrl-C goes to the parent only."""
    global _TASK
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _TASK = task


def _call(item: Any) -> Any:
    if _TASK is None:  # pragma: no cover -- the initializer always runs first
        raise RuntimeError("worker has no task")
    return _TASK(item)


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def ordered_map(
    task: Callable[[T], R], items: Iterable[T], *, jobs: int | None = None, window: int | None = None
) -> Generator[R, None, None]:
    """``task(item)`` for every item, yielded in input order; in ``jobs`` worker processes (default:
    :func:`usable_cores`) when there is more than one worker and more than one item.

    ``task`` must be picklable where workers are not forked (a module-level class or function). An
    exception raised by ``task`` is raised here, at its item's place in the order.
    """
    workers = resolve_jobs(jobs)
    iterator = iter(items)
    first = list(itertools.islice(iterator, 2))
    if workers == 1 or len(first) < 2:
        for item in itertools.chain(first, iterator):
            yield task(item)
        return
    yield from _pooled(task, itertools.chain(first, iterator), workers, window or workers * AHEAD)


def _pooled(
    task: Callable[[T], R], items: Iterator[T], workers: int, window: int
) -> Generator[R, None, None]:
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_install, initargs=(task,)
    )
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(_call, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Terminate and reap every worker now: work not yet returned is thrown away.

    The futures are not cancelled first: the pool's own thread then marks them all broken and exits
    (cancelling them as well races with it, an error in CPython 3.11).
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()
    pool.shutdown(wait=True)


@dataclass(frozen=True)
class _DocumentCheck:
    """What each worker of :func:`check_many` holds: the compiled rulesets and the options."""

    rulesets: tuple[Ruleset, ...]
    facts: Mapping[str, Any] = field(default_factory=dict)
    evaluation_date: dt.date | None = None
    disabled: tuple[str, ...] = ()
    severities: Mapping[str, str] = field(default_factory=dict)
    suppressions: bool = True
    keep_source: bool = True

    def __call__(self, item: str | os.PathLike[str] | PolicyDocument) -> DocumentResult:
        from ..document.loading import load_policy
        from .check import check

        document = item if isinstance(item, PolicyDocument) else load_policy(Path(item))
        report = check(
            document,
            list(self.rulesets),
            facts=self.facts,
            evaluation_date=self.evaluation_date,
            disabled=self.disabled,
            severities=self.severities,
            suppressions=self.suppressions,
        )
        result = report.documents[0]
        return result if self.keep_source else replace(result, source=None)


def check_many(
    inputs: Iterable[str | os.PathLike[str] | PolicyDocument],
    rulesets: Ruleset | Sequence[Ruleset],
    *,
    jobs: int | None = None,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | None = None,
    disabled: Iterable[str] = (),
    severities: Mapping[str, str] | None = None,
    suppressions: bool = True,
    keep_source: bool = True,
) -> Iterator[DocumentResult]:
    """Check many policies on every core; yield one :class:`DocumentResult` per input, in input order.

    ``inputs`` are paths (read and parsed in the workers) or parsed documents, and may be a lazy
    iterable: it is read a few items ahead of the results. Each result is what :func:`~.check.check`
    gives for that document (suppression comments applied unless ``suppressions=False``).
    ``jobs`` worker processes (default: the cores this process may use) each receive ``rulesets``
    once; ``jobs=1``, or a single input, checks in this process. ``keep_source=False`` drops each
    result's ``source`` (the whole text) before it is sent back, which is cheaper when only findings
    are wanted. A policy that cannot be read raises :class:`~policy_rules.errors.InputError` at its
    place in the order; stopping the iteration early terminates the workers.
    """
    sets = (rulesets,) if isinstance(rulesets, Ruleset) else tuple(rulesets)
    task = _DocumentCheck(
        sets,
        dict(facts or {}),
        evaluation_date,
        tuple(disabled),
        dict(severities or {}),
        suppressions,
        keep_source,
    )
    return ordered_map(task, inputs, jobs=jobs)
