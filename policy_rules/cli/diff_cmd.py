"""``policy-rules diff``: what an edit to a policy changed, for the review of a pull request.

Both versions go through the same lint run as ``check`` (:func:`policy_rules.lint.runner.run_check`:
the same rulesets, facts, date, disabled rules, severities and suppression comments), then
:mod:`policy_rules.engine.diff` pairs and classifies the findings. The configuration file is read as
for ``check``, except its ``files``, ``format``, ``outputs`` and ``baseline`` (a diff has its own).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .options import (
    add_context_options,
    add_input_format_option,
    add_max_size_option,
    add_rule_overrides,
    load_facts,
    parse_date,
)

if TYPE_CHECKING:
    from ..engine.findings import DocumentResult

DIFF_FORMATS = ("text", "json", "markdown", "github")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ..lint.config import FAIL_ON

    p = sub.add_parser(
        "diff",
        help="report the findings that changed between two versions of a policy",
        description="Check OLD and NEW with the same rulesets, facts and date and report what changed, "
        "per rule: regressions (e.g. a disclosure that passed and is now missing), improvements, and "
        "neutral changes (reworded evidence, a rule that stopped applying), plus regimes that started or "
        "stopped applying. With --base REF, each FILE is compared with its version at the git ref REF "
        "(a file new since REF has only new findings). Exit status: 0 no regression at the --fail-on "
        "threshold, 1 at least one finding newly reaches it, 2 usage, input, ruleset or output error.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="OLD NEW; with --base, the files to compare")
    p.add_argument(
        "--base", metavar="REF",
        help="compare each FILE with its version at this git ref (e.g. origin/main); FILEs may be "
        "directories or globs, and default to the configuration's files",
    )  # fmt: skip
    p.add_argument(
        "--ruleset", "-r", action="append", default=None, metavar="NAME|PATH",
        help="built-in ruleset name or path to a .yaml (repeatable; default: config, else every built-in)",
    )  # fmt: skip
    add_context_options(p)
    p.add_argument("--config", metavar="FILE", help="configuration file (default: as for check)")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument(
        "--format", "-f", choices=DIFF_FORMATS, default=None,
        help="output format on stdout (default: 'github' under GitHub Actions, else text)",
    )  # fmt: skip
    p.add_argument(
        "--output", "-o", action="append", default=[], metavar="FORMAT=PATH",
        help="also write the diff to a file, e.g. markdown=diff.md (repeatable)",
    )  # fmt: skip
    p.add_argument(
        "--fail-on", choices=FAIL_ON, default=None,
        help="exit 1 when a finding newly reaches this threshold, as for check (default: config, else error)",
    )  # fmt: skip
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when a regression is blocking")
    add_rule_overrides(p)
    p.add_argument("--old-label", metavar="NAME", help="how reports name OLD (default: its path)")
    add_max_size_option(p)
    add_input_format_option(p, "treat both versions as this format")
    p.set_defaults(handler=run)


def _settings(args: argparse.Namespace) -> Any:
    """The configuration with the command line on top, as ``check`` builds it for its own keys."""
    from ..errors import UsageError
    from ..lint.config import SEVERITIES, find_config, load_config
    from .options import key_value_pairs

    path = None if args.no_config else (Path(args.config) if args.config else find_config(Path.cwd()))
    config = load_config(path)
    cli = "command line"
    for key, value in (
        ("rulesets", args.ruleset),
        ("date", args.date),
        ("facts_file", args.facts),
        ("fail_on", args.fail_on),
        ("max_size", args.max_size),
    ):
        if value is not None:
            config.set(key, value, cli)
    if args.fact:
        config.set("facts", {**config["facts"], **load_facts(None, args.fact)}, cli)
    if args.disable:
        config.set("disable", [*config["disable"], *args.disable], cli)
    if args.severity:
        config.set("severity", {**config["severity"], **key_value_pairs(args.severity, "--severity")}, cli)
    for rule_id, level in config["severity"].items():
        if level not in SEVERITIES:
            raise UsageError(f"severity for {rule_id} must be error, warning or info, not {level!r}")
    parse_date(config["date"])
    return config


def _pairs_of_files(args: argparse.Namespace, config: Any) -> list[tuple[str, str | None]]:
    """``(new, old)`` paths; ``old`` is ``None`` when it comes from git (``--base``)."""
    from ..errors import UsageError
    from ..lint.inputs import expand

    if args.base is None:
        if len(args.files) != 2:
            raise UsageError(f"diff needs OLD and NEW (two files), or --base REF; got {len(args.files)}")
        old, new = args.files
        for name in (old, new):
            if os.path.isdir(name):
                raise UsageError(f"diff compares two files, and {name!r} is a directory (try --base REF)")
        if old == "-" and new == "-":
            raise UsageError("only one of OLD and NEW can be standard input ('-')")
        return [(new, old)]
    names = args.files or config["files"]
    if not names:
        raise UsageError("--base needs files to compare: name them, or set 'files' in the configuration")
    return [(new, None) for new in expand(names, config["exclude"]) if new != "-"]


def run(args: argparse.Namespace) -> int:
    from ..engine.diff import diff_results
    from ..errors import UsageError
    from ..lint.config import FAIL_ON
    from ..lint.git_base import check_ref
    from ..reports.diff_formats import DIFF_FORMATTERS, DiffTextFormatter
    from .main import EXIT_FINDINGS, EXIT_OK
    from .options import key_value_pairs, load_rulesets
    from .output import stdout_is_terminal, text_width, write_file, write_stdout

    config = _settings(args)
    outputs = key_value_pairs(args.output, "--output")
    for fmt in outputs:
        if fmt not in DIFF_FORMATS:
            raise UsageError(f"--output format must be one of {', '.join(DIFF_FORMATS)}, not {fmt!r}")
    if config["fail_on"] not in FAIL_ON:  # pragma: no cover - validated by argparse and the config
        raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}")
    pairs = _pairs_of_files(args, config)
    rulesets = load_rulesets(config["rulesets"])
    known = {r.id for rs in rulesets for r in rs.rules} | {rs.id for rs in rulesets}
    for rule_id in [*config["disable"], *config["severity"]]:
        if rule_id not in known:
            raise UsageError(f"unknown rule id {rule_id!r} in disable/severity settings")
    if args.base is not None:
        check_ref(args.base)

    diffs = []
    for new_name, old_name in pairs:
        new = _check(new_name, rulesets, config, args, config["date"])
        date = new.evaluation_date  # the same date for both: only the text may differ
        if old_name is not None:
            old = replace(_check(old_name, rulesets, config, args, date), path=args.old_label or old_name)
        else:
            old = _check_at_ref(args.base, new_name, rulesets, config, args, date)
        diffs.append(diff_results(old, new, fail_on=config["fail_on"]))

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    stdout_formatter = (
        DiffTextFormatter(text_width(os.environ, stdout_is_terminal()))
        if fmt == "text"
        else DIFF_FORMATTERS[fmt]()
    )
    write_stdout(stdout_formatter.render(diffs))
    for out_fmt, path in outputs.items():
        write_file(path, DIFF_FORMATTERS[out_fmt]().render(diffs))
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if any(d.blocking for d in diffs) else EXIT_OK


def _check(
    name: str, rulesets: list[Any], config: Any, args: argparse.Namespace, date: str | None
) -> DocumentResult:
    """One version through the lint runner; an unreadable file is an input error (exit 2)."""
    from ..lint.runner import CheckOptions, run_check

    facts = load_facts(config["facts_file"], [])
    facts.update(config["facts"])
    options = CheckOptions(
        files=[name],
        rulesets=rulesets,
        facts=facts,
        date=date,
        disabled=config["disable"],
        severities=config["severity"],
        input_format=args.input_format,
        max_size_mb=config["max_size"],
    )
    outcome = run_check(options)
    if outcome.errors:
        raise outcome.errors[0]
    if len(outcome.report.documents) != 1:
        from ..errors import UsageError

        raise UsageError(f"diff compares one file with one file, and {name!r} names several")
    return outcome.report.documents[0]


def _check_at_ref(
    ref: str, name: str, rulesets: list[Any], config: Any, args: argparse.Namespace, date: str
) -> DocumentResult:
    """The version of ``name`` at ``ref``, checked under its own name (a new file: no findings)."""
    from ..engine.findings import DocumentResult
    from ..lint.git_base import read_at_ref
    from ..lint.runner import size_limit

    label = args.old_label or f"{ref}:{Path(name).as_posix()}"
    data = read_at_ref(ref, name, size_limit(config["max_size"]))
    if data is None:
        return DocumentResult(path=label, findings=(), evaluation_date=date)
    with tempfile.TemporaryDirectory(prefix="policy-rules-base-") as tmp:
        copy = Path(tmp) / Path(name).name  # same name: same format detection as the new version
        copy.write_bytes(data)
        return replace(_check(str(copy), rulesets, config, args, date), path=label)
