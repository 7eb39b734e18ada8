"""One lint run: expand inputs, check each file, apply suppressions and the baseline.

Kept apart from the command line so that the CLI, the pre-commit hook and library users share it.
A file that cannot be read (or a URL that cannot be fetched) is recorded as an error, never skipped
silently. ``http(s)://`` arguments are fetched (:mod:`~policy_rules.document.fetch`); where a
redirect led is kept as a note for the command line to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from ..bounded_read import limit_from_megabytes
from ..document.fetch import fetch_url, is_url
from ..document.loading import parse_source, read_policy_bytes, read_source
from ..document.model import PolicyDocument
from ..document.source import SourceFormat
from ..document.web import parse_page, parse_source_stripped
from ..engine.check import check_document, rule_infos, ruleset_info
from ..engine.findings import Report
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


def _load(name: str, options: CheckOptions, notes: list[str]) -> PolicyDocument:
    """One policy, read with the size limit (``0``: none) and the way round it in the message.

    The limit is applied while reading, not by a size check first: standard input, a file that grows
    meanwhile and special files (FIFOs, ``/dev/zero``) have no trustworthy size up front.
    """
    fmt = cast("SourceFormat | None", options.input_format)  # one of the --input-format choices
    limit = size_limit(options.max_size_mb)
    if is_url(name):
        page = fetch_url(name, timeout=options.timeout, max_size=limit, format=fmt)
        if page.redirects:
            hops = len(page.redirects)
            notes.append(f"{name}: redirected to {page.final_url} ({hops} redirect{'s' * (hops > 1)})")
        return parse_page(page, boilerplate=options.boilerplate != "keep")
    data = read_policy_bytes(name, limit, hint=_SIZE_HINT)
    source = read_source(data=data, name=None if name == "-" else name, format=fmt)
    return parse_source_stripped(source) if options.boilerplate == "strip" else parse_source(source)


def run_check(options: CheckOptions) -> CheckRun:
    report = Report(rulesets=[ruleset_info(r) for r in options.rulesets], rules=rule_infos(options.rulesets))
    run = CheckRun(report)
    size_limit(options.max_size_mb)  # a bad limit is a usage error before any file is read
    if not options.timeout > 0:
        raise UsageError(f"--timeout must be a positive number of seconds, not {options.timeout!r}")
    if options.boilerplate not in BOILERPLATE_CHOICES:
        raise UsageError(f"--boilerplate must be one of {', '.join(BOILERPLATE_CHOICES)}")
    known_ids = known_rule_ids(options.rulesets)
    baseline = read_baseline(Path(options.baseline)) if options.baseline else None
    for name in expand(options.files, options.exclude):
        try:
            document = _load(name, options, run.notes)
            directives = parse_directives(document, known_ids)
        except InputError as exc:
            run.errors.append(exc)
            continue
        result = check_document(
            document,
            options.rulesets,
            facts=options.facts,
            evaluation_date=evaluation_date(options.date, document.policy_date),
            disabled=options.disabled,
            severities=options.severities,
        )
        findings, unused = apply_directives(document, result.findings, directives)
        result = replace(result, findings=tuple(findings))
        if baseline is not None:
            result = apply_baseline(result, baseline, str(options.baseline))
        report.documents.append(result)
        run.unused.extend((result.path, d) for d in unused)
    return run
