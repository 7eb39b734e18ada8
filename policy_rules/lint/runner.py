"""One lint run: expand inputs, check each file, apply suppressions and the baseline.

Kept apart from the command line so that the CLI, the pre-commit hook and library users share it.
A file that cannot be read is recorded as an error, never skipped silently.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..document.loading import load_policy
from ..engine.check import check_document, rule_infos, ruleset_info
from ..engine.findings import Report
from ..errors import InputError
from ..rules.compiled import Ruleset
from .baseline import apply_baseline, read_baseline
from .inputs import expand
from .suppressions import Directive, apply_directives, parse_directives


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


@dataclass
class CheckRun:
    report: Report
    errors: list[InputError] = field(default_factory=list)
    unused: list[tuple[str, Directive]] = field(default_factory=list)


def evaluation_date(option: str | None, policy_date: dt.date | None) -> dt.date:
    if option in (None, "policy"):
        return (policy_date if option == "policy" else None) or dt.date.today()
    return dt.date.fromisoformat(option)  # validated by the caller


def _check_size(name: str, limit_mb: float) -> None:
    """Refuse files far larger than any policy up front, with the way round it, rather than spend
    minutes on what is almost certainly the wrong file."""
    if name == "-" or limit_mb <= 0:
        return
    try:
        size = os.path.getsize(name)
    except OSError:
        return  # load_policy reports missing or unreadable files precisely
    if size > limit_mb * 1_000_000:
        raise InputError(
            f"file is {size / 1_000_000:.1f} MB, over the {limit_mb:g} MB limit for a policy; "
            "pass --max-size MB to check it anyway",
            path=name,
        )


def run_check(options: CheckOptions) -> CheckRun:
    report = Report(rulesets=[ruleset_info(r) for r in options.rulesets], rules=rule_infos(options.rulesets))
    run = CheckRun(report)
    known_ids = {r.id for rs in options.rulesets for r in rs.rules} | {rs.id for rs in options.rulesets}
    baseline = read_baseline(Path(options.baseline)) if options.baseline else None
    for name in expand(options.files, options.exclude):
        try:
            _check_size(name, options.max_size_mb)
            document = load_policy(name if name == "-" else Path(name), format=options.input_format)  # type: ignore[arg-type]
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
