"""``check_corpus``: the check of ``policy-rules check`` over a corpus, on a Dask cluster.

The client lists the files (directories and globs expanded as ``check`` expands them), cuts the list
into contiguous partitions, ships the compiled rulesets and settings to every worker once
(``Client.scatter(..., broadcast=True)``: each task then receives a reference, not a copy), and
submits one task per partition. Each worker reads its files itself, so the paths and the output
directory must be on storage every worker reaches at the same absolute path; relative paths are
made absolute on the client for that reason, while the reports keep the paths as given, exactly as
``check`` writes them. A task returns only counts and errors; the documents go to its partition file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..bounded_read import limit_from_megabytes
from ..engine.threshold import DEFAULT_FAIL_ON, FAIL_ON_CHOICES
from ..errors import OutputError, UsageError
from ..lint.inputs import expand
from ..reports.escaping import json_text
from ..rules.compiled import Ruleset
from .cluster import connect
from .summary import CorpusSummary, write_summary
from .worker import CheckSettings, PartitionResult, ReadError, run_partition

#: Partitions per worker thread by default: enough that a slow partition does not leave the others idle.
PARTITIONS_PER_THREAD = 4
_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class CorpusRun:
    """What a corpus run wrote and found: partitions in index order, errors in input order."""

    output_dir: Path
    partitions: tuple[PartitionResult, ...]
    summary: CorpusSummary
    errors: tuple[ReadError, ...]
    #: Whether any finding reaches ``fail_on`` (``policy-rules scan`` then exits 1, as ``check``).
    reaches_fail_on: bool

    @property
    def documents(self) -> int:
        return self.summary.documents


def split(items: Sequence[Any], parts: int) -> list[list[Any]]:
    """``items`` in ``parts`` contiguous runs whose sizes differ by at most one, none empty."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for index in range(parts):
        end = start + size + (index < extra)
        out.append(list(items[start:end]))
        start = end
    return out


def _settings(
    rulesets: Sequence[Ruleset | str],
    *,
    facts: Mapping[str, Any] | None,
    evaluation_date: dt.date | str | None,
    disabled: Sequence[str],
    severities: Mapping[str, str] | None,
    input_format: str | None,
    max_size_mb: float,
    fail_on: str,
) -> CheckSettings:
    """The settings, validated here as ``check`` validates its options, before a cluster is involved."""
    from ..rules.loader import load_ruleset

    sets = tuple(r if isinstance(r, Ruleset) else load_ruleset(r) for r in rulesets)
    if not sets:
        raise UsageError("no rulesets to check with")
    known = {r.id for rs in sets for r in rs.rules} | {rs.id for rs in sets}
    for rule_id, level in (severities or {}).items():
        if level not in _SEVERITIES:
            raise UsageError(f"severity for {rule_id} must be error, warning or info, not {level!r}")
    for rule_id in [*disabled, *(severities or {})]:
        if rule_id not in known:
            raise UsageError(f"unknown rule id {rule_id!r} in disable/severity settings")
    if fail_on not in FAIL_ON_CHOICES:
        raise UsageError(f"fail_on must be one of {', '.join(FAIL_ON_CHOICES)}, not {fail_on!r}")
    try:
        limit_from_megabytes(max_size_mb)
    except ValueError:
        raise UsageError(
            f"--max-size must be 0 (no limit) or a positive number of megabytes, not {max_size_mb!r}"
        ) from None
    today = dt.date.today().isoformat()
    if isinstance(evaluation_date, dt.date):
        date = evaluation_date.isoformat()
    elif evaluation_date in (None, "policy"):
        date = evaluation_date or today
    else:
        try:
            date = dt.date.fromisoformat(str(evaluation_date)).isoformat()
        except ValueError:
            raise UsageError(f"--date must be YYYY-MM-DD or 'policy', not {evaluation_date!r}") from None
    return CheckSettings(
        rulesets=sets,
        date=date,
        facts=dict(facts or {}),
        disabled=tuple(disabled),
        severities=dict(severities or {}),
        input_format=input_format,
        max_size_mb=max_size_mb,
        fail_on=fail_on,
        today=today,
    )


def _prepare_output(output_dir: str | os.PathLike[str], overwrite: bool) -> Path:
    folder = Path(output_dir).resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stale = sorted(folder.glob("part-*.jsonl"))
        if stale and not overwrite:
            raise UsageError(
                f"{folder} already holds partition files of an earlier run ({stale[0].name}, ...): "
                "choose another output directory or overwrite them (--overwrite)"
            )
        for path in stale:
            path.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot use the output directory: {reason}", path=str(folder)) from None
    return folder


def check_corpus(
    paths: Sequence[str],
    rulesets: Ruleset | Sequence[Ruleset | str],
    *,
    output_dir: str | os.PathLike[str],
    scheduler: Any = None,
    partitions: int | None = None,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | str | None = None,
    disabled: Sequence[str] = (),
    severities: Mapping[str, str] | None = None,
    exclude: Sequence[str] = (),
    input_format: str | None = None,
    max_size_mb: float = 10.0,
    fail_on: str = DEFAULT_FAIL_ON,
    overwrite: bool = False,
    timeout: float = 10.0,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> CorpusRun:
    """Check the files, directories and globs ``paths`` on a Dask cluster; write ``output_dir``.

    ``output_dir`` receives ``part-NNNNN.jsonl`` (one document object of the JSON report per line, in
    input order; partition 0 holds the first files), ``errors.jsonl`` (``{"path", "error"}`` per file
    that could not be read, as ``check`` reports it), ``summary.csv`` and ``summary.md``.
    ``scheduler``: ``None``/``"local"``/``"local:N"`` (a cluster on this machine, closed afterwards),
    an address such as ``"tcp://host:8786"``, or a ``distributed.Client``. ``partitions`` defaults to
    four per worker thread, at most one per file. ``evaluation_date``: a date, ``"YYYY-MM-DD"``,
    ``"policy"`` or ``None`` (today, decided once here). ``on_partition`` is called as each partition
    finishes (progress). Paths and ``output_dir`` must be reachable from every worker.
    """
    sets = [rulesets] if isinstance(rulesets, Ruleset) else list(rulesets)
    settings = _settings(
        sets, facts=facts, evaluation_date=evaluation_date, disabled=disabled, severities=severities,
        input_format=input_format, max_size_mb=max_size_mb, fail_on=fail_on,
    )  # fmt: skip
    if partitions is not None and partitions < 1:
        raise UsageError(f"partitions must be 1 or more, not {partitions}")
    if "-" in paths:
        raise UsageError("standard input ('-') cannot be checked on a cluster: name files or directories")
    files = expand(list(paths), list(exclude))
    if not files:
        raise UsageError("no files to check")
    named = [(os.path.abspath(f), f) for f in files]
    with connect(scheduler, timeout=timeout) as client:
        folder = _prepare_output(output_dir, overwrite)
        if partitions is None:
            threads = sum(client.nthreads().values()) or 1
            partitions = PARTITIONS_PER_THREAD * threads
        chunks = split(named, partitions)
        results = _run(client, chunks, settings, str(folder), on_partition)
    return _finish(folder, results)


def _run(
    client: Any,
    chunks: list[list[tuple[str, str]]],
    settings: CheckSettings,
    folder: str,
    on_partition: Callable[[PartitionResult], None] | None,
) -> list[PartitionResult]:
    from concurrent.futures import CancelledError

    from distributed import as_completed
    from distributed.comm.core import CommClosedError
    from distributed.scheduler import KilledWorker

    shipped = client.scatter(settings, broadcast=True, hash=False)  # hashing would walk every matcher
    run = uuid.uuid4().hex[:12]
    futures = [
        client.submit(run_partition, i, len(chunks), chunk, shipped, folder, key=f"policy-rules-{run}-{i}")
        for i, chunk in enumerate(chunks)
    ]
    results: list[PartitionResult] = []
    try:
        for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
            result: PartitionResult = future.result()
            results.append(result)
            if on_partition is not None:
                on_partition(result)
    except (KilledWorker, CancelledError, CommClosedError, OSError, TimeoutError) as exc:
        # The cluster failed (workers died, the scheduler went away), not the check: no bug report.
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise UsageError(f"the Dask cluster failed: {type(exc).__name__}: {reason}") from None
    finally:
        client.cancel([*futures, shipped])
    return sorted(results, key=lambda r: r.index)


def _finish(folder: Path, results: list[PartitionResult]) -> CorpusRun:
    summary = CorpusSummary()
    errors: list[ReadError] = []
    for result in results:
        summary.merge(result.summary)
        errors.extend(result.errors)
    summary.unreadable = len(errors)
    lines = "".join(json_text(json.dumps(e.to_dict(), ensure_ascii=False)) + "\n" for e in errors)
    try:
        (folder / "errors.jsonl").write_text(lines, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise OutputError(f"cannot write the errors: {exc.strerror or exc}", path=str(folder)) from None
    write_summary(summary, folder)
    reaches = any(r.reaches_fail_on for r in results)
    return CorpusRun(folder, tuple(results), summary, tuple(errors), reaches)
