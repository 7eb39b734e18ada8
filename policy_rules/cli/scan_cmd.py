"""``policy-rules scan`` and ``policy-rules summary``: a corpus on a Dask cluster, and its summary.

``scan`` is its own command rather than a ``check --scheduler`` option because its output is a
directory (JSONL partitions, errors, summary), not a report on standard output: ``check``'s formats,
``--output`` files, baselines and configuration-file defaults do not carry over to a run whose
documents never pass through this process, and a separate command says so instead of ignoring them.
The exit statuses are ``check``'s. ``summary`` reads JSONL output again (any of it: ``scan``'s
partitions or other one-document-per-line files) and needs no dask.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from .options import (
    add_context_options,
    add_input_format_option,
    add_max_size_option,
    add_rule_overrides,
    add_ruleset_option,
    key_value_pairs,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ..lint.config import FAIL_ON

    p = sub.add_parser(
        "scan",
        help="check a corpus on a Dask cluster: JSONL per partition and a summary (needs the dask extra)",
        description="Check policy files, directories and globs on a Dask cluster (pip install "
        "'policy-rules[dask]' here and on every worker) and write OUT/part-NNNNN.jsonl (one document "
        "of the JSON report per line, in input order), OUT/errors.jsonl (files that could not be read), "
        "OUT/summary.csv and OUT/summary.md (per rule: pass, fail, missing, not_applicable counts and "
        "rates). Workers read the files themselves: the files and OUT must be on storage every worker "
        "reaches at the same path. Configuration files are not read. Exit status: 0 no finding at the "
        "--fail-on threshold, 1 at least one, 2 usage, input, ruleset, output or scheduler error.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="policy files, directories or globs")
    add_ruleset_option(p)
    add_context_options(p)
    p.add_argument(
        "--scheduler", default="local", metavar="ADDRESS",
        help="Dask scheduler address (tcp://host:8786), or 'local' / 'local:N' for a cluster of N worker "
        "processes on this machine (default: local, one per core)",
    )  # fmt: skip
    p.add_argument(
        "--output-dir", required=True, metavar="OUT", help="directory for the partitions and the summary"
    )
    p.add_argument(
        "--partitions", type=_positive(int, "whole number"), default=None, metavar="N",
        help="number of partitions (default: 4 per worker thread, at most one per file)",
    )  # fmt: skip
    p.add_argument(
        "--overwrite", action="store_true", help="replace partition files of an earlier run in OUT"
    )
    p.add_argument(
        "--connect-timeout", type=_positive(float, "number of seconds"), default=10.0, metavar="SECONDS",
        help="how long to try to reach the scheduler (default: 10)",
    )  # fmt: skip
    p.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="leave out matching files (repeatable)"
    )
    p.add_argument(
        "--fail-on", choices=FAIL_ON, default="error",
        help="what makes the exit status 1, as for check (default: error)",
    )  # fmt: skip
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings reach --fail-on")
    add_rule_overrides(p)
    add_max_size_option(p, default=10.0)
    add_input_format_option(p)
    p.set_defaults(handler=run_scan)

    s = sub.add_parser(
        "summary",
        help="summarise JSONL documents per rule (pass/fail/missing/not_applicable counts and rates)",
        description="Read JSONL files (one document object of the JSON report per line; a directory "
        "stands for its part-*.jsonl files) and print the corpus summary: per rule, the pass, fail, "
        "missing and not_applicable counts and their rates over the documents that report the rule. "
        "Exit status: 0, or 2 for a file that cannot be read or is not JSONL documents.",
    )
    s.add_argument("files", nargs="+", metavar="FILE", help="JSONL files or directories of part-*.jsonl")
    s.add_argument("--format", "-f", choices=("markdown", "csv"), default="markdown", help="on stdout")
    s.add_argument("--output-dir", metavar="DIR", help="also write DIR/summary.csv and DIR/summary.md")
    s.set_defaults(handler=run_summary)


def _positive(kind: Callable[[str], float], what: str) -> Callable[[str], float]:
    """An argparse type: ``kind`` of the text, above zero (``inf`` and ``nan`` are no timeout)."""

    def convert(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if not (0 < value < float("inf")):
            raise argparse.ArgumentTypeError(f"must be a positive {what}, not {text!r}")
        return value

    return convert


def run_scan(args: argparse.Namespace) -> int:
    from ..distributed.cluster import check_address, require_dask
    from ..distributed.corpus import check_corpus
    from ..reports.escaping import for_log
    from .main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
    from .options import load_facts, load_rulesets, parse_date
    from .output import say, write_lines

    require_dask()
    check_address(args.scheduler)  # a mistyped address fails now, not after the rulesets load
    parse_date(args.date)
    run = check_corpus(
        args.files,
        load_rulesets(args.ruleset),
        output_dir=args.output_dir,
        scheduler=args.scheduler,
        partitions=args.partitions,
        facts=load_facts(args.facts, args.fact),
        evaluation_date=args.date,
        disabled=args.disable,
        severities=key_value_pairs(args.severity, "--severity"),
        exclude=args.exclude,
        input_format=args.input_format,
        max_size_mb=args.max_size,
        fail_on=args.fail_on,
        overwrite=args.overwrite,
        timeout=args.connect_timeout,
    )
    for error in run.errors:
        say(f"policy-rules: error: {for_log(error.message)}")
    folder = run.output_dir
    unread = f"; {_count(len(run.errors), 'file')} could not be read" if run.errors else ""
    say(
        f"policy-rules: checked {_count(run.documents, 'document')} in "
        f"{_count(len(run.partitions), 'partition')}{unread}"
    )
    written = [p.path for p in run.partitions]
    written += [str(folder / name) for name in ("errors.jsonl", "summary.csv", "summary.md")]
    write_lines([for_log(path) for path in written])
    if run.errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if run.reaches_fail_on else EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _jsonl_files(arguments: list[str]) -> list[Path]:
    from ..errors import InputError

    files: list[Path] = []
    for arg in arguments:
        path = Path(arg)
        if path.is_dir():
            found = sorted(path.glob("part-*.jsonl"))
            if not found:
                raise InputError("no part-*.jsonl files in directory", path=arg)
            files.extend(found)
        else:
            files.append(path)
    return files


def run_summary(args: argparse.Namespace) -> int:
    from ..distributed.summary import summarize_jsonl, write_summary
    from .output import write_stdout

    summary = summarize_jsonl(_jsonl_files(args.files))
    if args.output_dir:
        from ..errors import OutputError

        try:
            Path(args.output_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise OutputError(f"cannot make the directory: {reason}", path=args.output_dir) from None
        write_summary(summary, args.output_dir)
    write_stdout(summary.to_csv() if args.format == "csv" else summary.to_markdown())
    return 0
