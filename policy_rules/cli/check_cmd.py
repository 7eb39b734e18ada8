"""``policy-rules check``: the main job."""

from __future__ import annotations

import argparse
import sys

from .options import add_context_options, add_ruleset_option, load_facts, load_rulesets, parse_date


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ..engine.threshold import DEFAULT_FAIL_ON, FAIL_ON_CHOICES

    p = sub.add_parser(
        "check",
        help="check policy files against rulesets",
        description="Check privacy policies (.txt, .md, .html; '-' for stdin) against rulesets. "
        "Exit status: 0 no finding at the --fail-on threshold, 1 at least one, "
        "2 usage, input or ruleset error.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="policy files; '-' reads standard input")
    add_ruleset_option(p)
    add_context_options(p)
    p.add_argument(
        "--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    p.add_argument(
        "--fail-on", choices=FAIL_ON_CHOICES, default=DEFAULT_FAIL_ON,
        help="what makes the exit status 1: 'fail' findings, 'missing' (fail or missing), or fail/missing "
        f"findings at a severity or above (default: {DEFAULT_FAIL_ON})",
    )  # fmt: skip
    p.add_argument(
        "--quiet", "-q", action="store_true", help="text format: hide pass and not_applicable findings"
    )
    p.add_argument(
        "--input-format", choices=("text", "markdown", "html"),
        help="treat every input as this format (default: by extension, or sniffed)",
    )  # fmt: skip
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour text output")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    from pathlib import Path

    from ..document.loading import load_policy
    from ..engine.check import check_document, ruleset_info
    from ..engine.findings import Report
    from ..engine.threshold import any_reaches
    from ..errors import InputError
    from ..reports import FORMATTERS
    from .main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

    rulesets = load_rulesets(args.ruleset)
    facts = load_facts(args.facts, args.fact)
    date = parse_date(args.date)
    report = Report(rulesets=[ruleset_info(r) for r in rulesets])
    input_errors = 0
    for name in args.files:
        try:
            # "-" is standard input; anything else is a path, never policy text.
            document = load_policy(name if name == "-" else Path(name), format=args.input_format)
        except InputError as exc:
            print(f"policy-rules: error: {exc}", file=sys.stderr)
            input_errors += 1
            continue
        when = date or (document.policy_date if args.date == "policy" else None) or dt.date.today()
        report.documents.append(check_document(document, rulesets, facts=facts, evaluation_date=when))

    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    formatter = FORMATTERS[args.format](color=color, show_passing=not args.quiet)
    sys.stdout.write(formatter.render(report))
    if input_errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if any_reaches(report.findings, args.fail_on) else EXIT_OK
