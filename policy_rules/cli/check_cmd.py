"""``policy-rules check``: the main job, as a one-off command or a CI lint."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from .options import (
    add_context_options,
    add_input_format_option,
    add_max_size_option,
    add_rule_overrides,
    add_web_options,
    key_value_pairs,
    load_facts,
    parse_date,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ..lint.config import FAIL_ON, FORMATS

    p = sub.add_parser(
        "check",
        help="check policy files against rulesets",
        description="Check privacy policies (.txt, .md, .html, .pdf, .docx; directories, globs, "
        "'-' for stdin, http(s):// URLs). A URL is fetched with a deadline for the whole fetch (--timeout) "
        "and the --max-size limit, redirects followed (at most 10; where they led is noted on stderr); an "
        "HTML page loses its site header, footer, menus and cookie banners before it is checked "
        "(--boilerplate), and evidence spans index the fetched HTML. "
        "Exit status: 0 no finding at the --fail-on threshold, 1 at least one, "
        "2 usage, input, ruleset or output error, 70 internal error (a bug).",
        epilog="Text output: for each file, each regime (ruleset) that applies, with why and the --fact "
        "that reverses it, then its findings (fail, missing, pass in the order of the file, then the "
        "rules that do not apply to it); each regime that does not apply as one entry with its reason; "
        "a summary line per file and a totals line. Lines are wrapped to the terminal's width (COLUMNS, "
        "else 100 when standard output is not a terminal). Colour: --color always|never; with auto, a "
        "non-empty NO_COLOR turns it off, a FORCE_COLOR other than 0 turns it on, and otherwise only a "
        "terminal gets colour.",
    )
    p.add_argument(
        "files", nargs="*", metavar="FILE|URL",
        help="policy files, directories, globs ('-': stdin) or http(s):// URLs of policy pages",
    )  # fmt: skip
    p.add_argument(
        "--ruleset", "-r", action="append", default=None, metavar="NAME|PATH",
        help="built-in ruleset name or path to a .yaml (repeatable; default: config, else every built-in)",
    )  # fmt: skip
    add_context_options(p)
    p.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: nearest .policy-rules.yaml or pyproject.toml)",
    )
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument(
        "--format", "-f", choices=FORMATS, default=None,
        help="output format on stdout (default: config, 'github' under GitHub Actions, else text)",
    )  # fmt: skip
    p.add_argument(
        "--output", "-o", action="append", default=[], metavar="FORMAT=PATH",
        help="also write a report to a file, e.g. sarif=report.sarif (repeatable)",
    )  # fmt: skip
    p.add_argument(
        "--fail-on", choices=FAIL_ON, default=None,
        help="what makes the exit status 1: 'fail' findings, 'missing' (fail or missing), or fail/missing "
        "findings at a severity or above (default: error)",
    )  # fmt: skip
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings reach --fail-on (report only)"
    )
    add_rule_overrides(p)
    p.add_argument(
        "--baseline", metavar="FILE", help="findings recorded in this baseline do not fail the run"
    )
    p.add_argument(
        "--write-baseline", metavar="FILE", help="record the current findings as the baseline and exit 0"
    )
    p.add_argument(
        "--report-unused-suppressions", action="store_true", default=None,
        help="report suppression comments that suppress nothing (exit 1 if any)",
    )  # fmt: skip
    add_max_size_option(p)
    p.add_argument(
        "--quiet", "-q", action="store_true",
        help="text format: show only the findings that reach --fail-on, each file's summary and the totals",
    )  # fmt: skip
    add_input_format_option(p)
    p.add_argument(
        "--jobs", "-j", type=int, default=None, metavar="N",
        help="check files in N worker processes (default: the cores this process may use; 1: no workers); "
        "output order is the input order either way",
    )  # fmt: skip
    p.add_argument(
        "--progress", choices=("auto", "always", "never"), default="auto",
        help="progress bar on stderr (auto: only on a terminal, not under CI, once a run lasts a second)",
    )  # fmt: skip
    p.add_argument(
        "--resume", action="store_true",
        help="skip the files already in the --output jsonl=PATH report and append the others to it",
    )  # fmt: skip
    p.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour text output (auto: only on a terminal; a non-empty NO_COLOR turns it off, "
        "FORCE_COLOR other than 0 on; this option wins over both)",
    )  # fmt: skip
    add_web_options(p)
    p.set_defaults(handler=run)


def effective_config(args: argparse.Namespace) -> Any:
    """Configuration file values overridden by the command line, with the source of each."""
    from ..lint.config import find_config, load_config

    path = None if args.no_config else (Path(args.config) if args.config else find_config(Path.cwd()))
    config = load_config(path)
    cli = "command line"
    if args.ruleset:
        config.set("rulesets", args.ruleset, cli)
    if args.files:
        config.set("files", args.files, cli)
    if args.date:
        config.set("date", args.date, cli)
    if args.facts:
        config.set("facts_file", args.facts, cli)
    if args.fact:
        config.set("facts", {**config["facts"], **load_facts(None, args.fact)}, cli)
    if args.disable:
        config.set("disable", [*config["disable"], *args.disable], cli)
    if args.severity:
        config.set("severity", {**config["severity"], **key_value_pairs(args.severity, "--severity")}, cli)
    if args.fail_on:
        config.set("fail_on", args.fail_on, cli)
    if args.format:
        config.set("format", args.format, cli)
    elif config.sources["format"] == "default" and os.environ.get("GITHUB_ACTIONS") == "true":
        config.set("format", "github", "GITHUB_ACTIONS=true")
    if args.output:
        config.set("outputs", {**config["outputs"], **key_value_pairs(args.output, "--output")}, cli)
    if args.baseline:
        config.set("baseline", args.baseline, cli)
    if args.max_size is not None:
        config.set("max_size", args.max_size, cli)
    if args.report_unused_suppressions:
        config.set("report_unused_suppressions", True, cli)
    return config


def run(args: argparse.Namespace) -> int:
    from ..engine.batch import resolve_jobs
    from ..errors import UsageError
    from ..lint.config import FORMATS, SEVERITIES
    from ..lint.runner import CheckOptions, input_names
    from .options import load_rulesets

    config = effective_config(args)
    if not config["files"]:
        raise UsageError("no files to check: name them, or set 'files' in the configuration")
    for fmt in config["outputs"]:
        if fmt not in FORMATS:
            raise UsageError(f"--output format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    for rule_id, level in config["severity"].items():
        if level not in SEVERITIES:
            raise UsageError(f"severity for {rule_id} must be error, warning or info, not {level!r}")
    if args.resume and "jsonl" not in config["outputs"]:
        raise UsageError("--resume needs the report it goes on from: --output jsonl=PATH")
    jobs = resolve_jobs(args.jobs) if args.jobs is not None else None
    parse_date(config["date"])
    facts = load_facts(config["facts_file"], [])
    facts.update(config["facts"])
    rulesets = load_rulesets(config["rulesets"])
    known = {r.id for rs in rulesets for r in rs.rules} | {rs.id for rs in rulesets}
    for rule_id in [*config["disable"], *config["severity"]]:
        if rule_id not in known:
            raise UsageError(f"unknown rule id {rule_id!r} in disable/severity settings")

    options = CheckOptions(
        files=config["files"],
        rulesets=rulesets,
        facts=facts,
        date=config["date"],
        disabled=config["disable"],
        severities=config["severity"],
        exclude=config["exclude"],
        baseline=None if args.write_baseline else config["baseline"],
        input_format=args.input_format,
        max_size_mb=config["max_size"],
        timeout=args.timeout,
        boilerplate=args.boilerplate,
    )
    names = input_names(options)
    if args.write_baseline:
        return _write_baseline(options, names, jobs, args.write_baseline)
    if args.resume:
        from ..lint.resume import checked_paths, path_key

        done = checked_paths(Path(config["outputs"]["jsonl"]))
        names = [n for n in names if path_key(n) not in done]
    return _check(args, config, options, names, jobs)


def _write_baseline(options: Any, names: list[str], jobs: int | None, path: str) -> int:
    """Record the fail and missing findings of every file (only those are kept while the run goes)."""
    from dataclasses import replace

    from ..engine.findings import Outcome
    from ..errors import InputError, OutputError
    from ..lint.baseline import write_baseline
    from ..lint.runner import iter_check
    from ..reports.escaping import for_log
    from .main import EXIT_ERROR, EXIT_OK
    from .output import say

    kept, errors = [], 0
    for outcome in iter_check(options, jobs=jobs, keep_source=False, names=names):
        if isinstance(outcome, InputError):
            say(f"policy-rules: error: {for_log(str(outcome))}")
            errors += 1
            continue
        problems = (Outcome.FAIL, Outcome.MISSING)
        findings = tuple(
            f for f in outcome.result.findings if f.outcome in problems and f.suppression is None
        )
        kept.append(replace(outcome.result, findings=findings))
    try:
        count = write_baseline(kept, Path(path))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write the baseline: {reason}", path=path) from None
    say(f"policy-rules: wrote {count} findings to baseline {for_log(path)}")
    return EXIT_ERROR if errors else EXIT_OK


def _check(args: argparse.Namespace, config: Any, options: Any, names: list[str], jobs: int | None) -> int:
    from ..reports import FORMATTERS
    from ..reports.escaping import for_log, leading_path
    from .check_run import Output, stream_check
    from .main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
    from .output import FileSink, say, stdout_is_terminal, text_width, use_color, write_stdout

    terminal = stdout_is_terminal()
    stdout_formatter = FORMATTERS[config["format"]](
        color=use_color(args.color, os.environ, terminal),
        quiet=args.quiet,
        fail_on=config["fail_on"],
        width=text_width(os.environ, terminal),
    )
    outputs = [Output(stdout_formatter, write_stdout)]
    try:
        for fmt, path in config["outputs"].items():
            sink = FileSink(path, append=args.resume and fmt == "jsonl", keep_partial=fmt == "jsonl")
            outputs.append(Output(FORMATTERS[fmt](fail_on=config["fail_on"]), sink.write, sink))
    except BaseException:
        for o in outputs:
            if o.sink is not None:
                o.sink.abort()
        raise
    outcome = stream_check(
        options, outputs, names=names, jobs=jobs, fail_on=config["fail_on"], progress=args.progress
    )

    unused_problem = False
    if config["report_unused_suppressions"]:
        for path, d in outcome.unused:
            where = leading_path(for_log(str(path)))
            say(f"{where}:{d.line}:{d.column}: unused suppression for {for_log(', '.join(d.rule_ids))}")
            unused_problem = True
    if outcome.errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if outcome.failing or unused_problem else EXIT_OK
