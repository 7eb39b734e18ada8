"""One lint run: expand inputs, check each file, apply suppressions and the baseline.

Kept apart from the command line so that the CLI, the pre-commit hook and library users share it.
A file that cannot be read (or a URL that cannot be fetched) is recorded as an error, never skipped
silently; ``http(s)://`` arguments are fetched (:mod:`~policy_rules.document.fetch`), and where a
redirect led is kept as a note for the command line to show. :func:`iter_check` yields
one outcome per file, in input order, as each is checked (in worker processes with ``jobs`` above 1,
:mod:`policy_rules.engine.batch`), so a caller can write it out and let it go; :func:`run_check`
collects them into one report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Generator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from ..bounded_read import limit_from_megabytes
from ..document.fetch import fetch_url, is_url
from ..document.loading import parse_source, read_policy_bytes, read_source
from ..document.model import PolicyDocument
from ..document.source import SourceFormat
from ..document.web import parse_page, parse_source_stripped
from ..engine.batch import ordered_map
from ..engine.check import check_document, rule_infos, ruleset_info
from ..engine.findings import DocumentResult, Report
from ..errors import InputError, UsageError
from ..rules.compiled import Ruleset
from .baseline import apply_baseline, read_baseline
from .inputs import expand
from .suppressions import Directive, apply_directives, known_rule_ids, parse_directives

_SIZE_HINT = "pass --max-size MB to check it anyway"
BOILERPLATE_CHOICES = ("auto", "strip", "keep")


@dataclass
class CheckOptions:
    files: list[str]
    rulesets: list[Ruleset]
    facts: dict[str, Any] = field(default_factory=dict)
    date: str | None = None
    disabled: list[str] = field(default_factory=list)
    severities: dict[str, str] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    baseline: str | None = None
    input_format: str | None = None
    max_size_mb: float = 10.0
    #: Seconds for fetching one URL, redirects included.
    timeout: float = 30.0
    #: Boilerplate removal: "auto" (fetched pages only), "strip" (local HTML files too), "keep" (never).
    boilerplate: str = "auto"


@dataclass
class CheckRun:
    report: Report
    errors: list[InputError] = field(default_factory=list)
    unused: list[tuple[str, Directive]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def evaluation_date(option: str | None, policy_date: dt.date | None) -> dt.date:
    if option in (None, "policy"):
        return (policy_date if option == "policy" else None) or dt.date.today()
    return dt.date.fromisoformat(option)  # validated by the caller


def size_limit(max_size_mb: float) -> int | None:
    """Bytes for a limit in megabytes, ``None`` for ``0`` (no limit); a usage error for what is no size."""
    try:
        return limit_from_megabytes(max_size_mb)
    except ValueError:
        raise UsageError(
            f"--max-size must be 0 (no limit) or a positive number of megabytes, not {max_size_mb!r}"
        ) from None


@dataclass(frozen=True)
class Checked:
    """One file checked: its result (suppressions and baseline applied), the suppression comments
    in it that suppressed nothing, and notes for the user (where a URL's redirects led)."""

    result: DocumentResult
    unused: tuple[Directive, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Input:
    """A file to check; standard input is read here, before it goes to a worker (which has none)."""

    name: str
    data: bytes | None = None
    error: InputError | None = None


def _load(name: str, options: CheckOptions, data: bytes | None, notes: list[str]) -> PolicyDocument:
    """One policy (a file, standard input already read into ``data``, or a URL), read with the size
    limit (``0``: none) and the way round it in the message.

    The limit is applied while reading, not by a size check first: standard input, a file that grows
    meanwhile and special files (FIFOs, ``/dev/zero``) have no trustworthy size up front.
    """
    fmt = cast("SourceFormat | None", options.input_format)  # one of the --input-format choices
    limit = size_limit(options.max_size_mb)
    if data is None and is_url(name):
        page = fetch_url(name, timeout=options.timeout, max_size=limit, format=fmt)
        if page.redirects:
            hops = len(page.redirects)
            notes.append(f"{name}: redirected to {page.final_url} ({hops} redirect{'s' * (hops > 1)})")
        return parse_page(page, boilerplate=options.boilerplate != "keep")
    if data is None:
        data = read_policy_bytes(name, limit, hint=_SIZE_HINT)
    source = read_source(data=data, name=None if name == "-" else name, format=fmt)
    return parse_source_stripped(source) if options.boilerplate == "strip" else parse_source(source)


@dataclass(frozen=True)
class _FileCheck:
    """What each worker holds: the compiled rulesets and the options, sent once (engine.batch)."""

    options: CheckOptions
    known_ids: set[str]
    keep_source: bool

    def __call__(self, item: _Input) -> Checked | InputError:
        options = self.options
        if item.error is not None:
            return item.error
        notes: list[str] = []
        try:
            document = _load(item.name, options, item.data, notes)
            directives = parse_directives(document, self.known_ids)
        except InputError as exc:
            return exc
        result = check_document(
            document,
            options.rulesets,
            facts=options.facts,
            evaluation_date=evaluation_date(options.date, document.policy_date),
            disabled=options.disabled,
            severities=options.severities,
        )
        findings, unused = apply_directives(document, result.findings, directives)
        result = replace(result, findings=tuple(findings), source=result.source if self.keep_source else None)
        return Checked(result, tuple(unused), tuple(notes))


def _inputs(names: list[str], options: CheckOptions) -> Iterator[_Input]:
    for name in names:
        if name != "-":
            yield _Input(name)
            continue
        try:
            yield _Input(name, read_policy_bytes(name, size_limit(options.max_size_mb), hint=_SIZE_HINT))
        except InputError as exc:
            yield _Input(name, error=exc)


def report_head(rulesets: list[Ruleset]) -> Report:
    """The report without documents: what a streamed format needs before the first one."""
    return Report(rulesets=[ruleset_info(r) for r in rulesets], rules=rule_infos(rulesets))


def input_names(options: CheckOptions) -> list[str]:
    """The files a run checks, in order (directories and globs expanded, exclusions applied)."""
    return expand(options.files, options.exclude)


def iter_check(
    options: CheckOptions,
    *,
    jobs: int | None = 1,
    keep_source: bool = True,
    names: list[str] | None = None,
    skip: Collection[str] = (),
) -> Generator[Checked | InputError, None, None]:
    """Each file's outcome in input order: :class:`Checked`, or the :class:`InputError` that kept it
    from being checked. ``names`` (default: :func:`input_names`) minus ``skip`` are checked, on
    ``jobs`` worker processes (``None``: every usable core). ``keep_source=False`` drops each
    result's text, which only the HTML report shows."""
    size_limit(options.max_size_mb)  # a bad limit is a usage error before any file is read
    if not options.timeout > 0:
        raise UsageError(f"--timeout must be a positive number of seconds, not {options.timeout!r}")
    if options.boilerplate not in BOILERPLATE_CHOICES:
        raise UsageError(f"--boilerplate must be one of {', '.join(BOILERPLATE_CHOICES)}")
    baseline = read_baseline(Path(options.baseline)) if options.baseline else None
    todo = [n for n in (input_names(options) if names is None else names) if n not in skip]
    task = _FileCheck(options, known_rule_ids(options.rulesets), keep_source)
    outcomes = ordered_map(task, _inputs(todo, options), jobs=jobs)
    with contextlib.closing(outcomes):  # closing this generator stops the workers at once
        for outcome in outcomes:
            if isinstance(outcome, Checked) and baseline is not None:
                outcome = replace(
                    outcome, result=apply_baseline(outcome.result, baseline, str(options.baseline))
                )
            yield outcome


def run_check(options: CheckOptions, *, jobs: int | None = 1) -> CheckRun:
    """The whole run in one :class:`CheckRun` (every result kept: for a few files, as ``diff`` does)."""
    run = CheckRun(report_head(options.rulesets))
    for outcome in iter_check(options, jobs=jobs):
        if isinstance(outcome, InputError):
            run.errors.append(outcome)
        else:
            run.report.documents.append(outcome.result)
            run.unused.extend((outcome.result.path, d) for d in outcome.unused)
            run.notes.extend(outcome.notes)
    return run
