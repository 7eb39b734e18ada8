"""What one Dask task does: read, check and write one partition of a corpus.

Nothing here imports dask, so the work a worker does is the same function a test (or a user without a
cluster) can call in one process; the cluster code only decides which paths go to which call. The
check is the one ``policy-rules check`` runs on each file: the same reading (size limit, input
format), the same suppression comments, the same evaluation date, and a file that cannot be read is
an error naming it, not a document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from ..bounded_read import limit_from_megabytes
from ..document.loading import parse_source, read_policy_bytes, read_source
from ..document.source import SourceFormat
from ..engine.check import check_document
from ..engine.findings import DocumentResult
from ..engine.suppressions import apply_directives, known_rule_ids, parse_directives
from ..engine.threshold import DEFAULT_FAIL_ON, any_reaches
from ..errors import InputError, OutputError
from ..reports.escaping import json_text
from ..rules.compiled import Ruleset
from .summary import CorpusSummary

_SIZE_HINT = "pass --max-size MB to check it anyway"


@dataclass(frozen=True)
class CheckSettings:
    """Everything a worker needs besides the paths: shipped to each worker once, not with each task.

    ``date`` is an ISO date or ``"policy"`` (each policy's own date, else the day the run started);
    the caller resolves "today" once, so workers on either side of midnight agree.
    """

    rulesets: tuple[Ruleset, ...]
    date: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    disabled: tuple[str, ...] = ()
    severities: Mapping[str, str] = field(default_factory=dict)
    input_format: str | None = None
    max_size_mb: float = 10.0
    fail_on: str = DEFAULT_FAIL_ON
    #: The day the run started: the evaluation date of a policy without one when ``date`` is "policy".
    today: str = ""


@dataclass(frozen=True)
class ReadError:
    """A file that could not be checked, as ``policy-rules check`` reports it (``str`` of the error)."""

    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "error": self.message}


@dataclass(frozen=True)
class PartitionResult:
    """What a task sends back: small (counts and errors), whatever the size of the partition."""

    index: int
    path: str
    documents: int
    summary: CorpusSummary
    errors: tuple[ReadError, ...] = ()
    #: Whether a finding of the partition reaches ``fail_on`` (the exit status 1 of ``check``).
    reaches_fail_on: bool = False


def partition_name(index: int, count: int) -> str:
    """``part-00003.jsonl``: zero-padded so that sorting the names sorts the partitions."""
    return f"part-{index:0{max(5, len(str(max(count - 1, 0))))}d}.jsonl"


def _evaluation_date(settings: CheckSettings, policy_date: dt.date | None) -> dt.date:
    if settings.date == "policy":
        return policy_date or dt.date.fromisoformat(settings.today)
    return dt.date.fromisoformat(settings.date)


def check_path(path: str, settings: CheckSettings, *, name: str | None = None) -> DocumentResult:
    """One file checked as ``policy-rules check`` checks it; :class:`InputError` if it cannot be read.

    ``name`` is the path reports and errors show (default ``path``): the client sends an absolute
    ``path`` to read, since a worker's working directory is not the user's, and the name as given.
    """
    shown = path if name is None else name
    try:
        data = read_policy_bytes(path, limit_from_megabytes(settings.max_size_mb), hint=_SIZE_HINT)
    except InputError as exc:
        if exc.path == path:
            exc.path = shown
        raise
    fmt = cast("SourceFormat | None", settings.input_format)
    document = parse_source(read_source(data=data, name=shown, format=fmt))
    directives = parse_directives(document, known_rule_ids(settings.rulesets))
    result = check_document(
        document,
        settings.rulesets,
        facts=settings.facts,
        evaluation_date=_evaluation_date(settings, document.policy_date),
        disabled=settings.disabled,
        severities=settings.severities,
    )
    findings, _ = apply_directives(document, result.findings, directives)
    return replace(result, findings=tuple(findings), source=None)


def document_line(result: DocumentResult) -> str:
    """One JSONL line: the object the JSON report has in ``documents[]``, on one line."""
    return json_text(json.dumps(result.to_dict(), ensure_ascii=False)) + "\n"


def run_partition(
    index: int, count: int, paths: Sequence[str | tuple[str, str]], settings: CheckSettings, output_dir: str
) -> PartitionResult:
    """Check ``paths`` in order and write their documents to ``output_dir``'s partition file.

    Each path is a file name, or a pair of the name to read and the name to report (see
    :func:`check_path`).

    The file is written under a temporary name and renamed when complete, so a partition file is
    never half written: a task that is retried (its worker died) or a run that is interrupted leaves
    whole files or none.
    """
    summary = CorpusSummary()
    errors: list[ReadError] = []
    reaches = False
    target = Path(output_dir) / partition_name(index, count)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    documents = 0
    try:
        os.makedirs(output_dir, exist_ok=True)
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            for item in paths:
                path, name = (item, item) if isinstance(item, str) else item
                try:
                    result = check_path(path, settings, name=name)
                except InputError as exc:
                    errors.append(ReadError(name, str(exc)))
                    continue
                out.write(document_line(result))
                summary.add_result(result)
                reaches = reaches or any_reaches(result.findings, settings.fail_on)
                documents += 1
        os.replace(temporary, target)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"cannot write the partition file: {reason} (the output directory must be on storage "
            "every worker can write to)",
            path=str(target),
        ) from None
    finally:  # an error in a check (a spent regex budget) ends the run as in check: no file left
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return PartitionResult(index, str(target), documents, summary, tuple(errors), reaches)
