"""``policy-rules``: the command line.

Only argparse is imported at start-up, so ``--version`` stays fast; each sub-command imports what it
needs. Every user-facing problem is a :class:`~policy_rules.errors.PolicyRulesError`, printed as one
line with file, line and column, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    from . import check_cmd, config_cmd, docs_cmd, eval_cmd, explain_cmd, parse_cmd, rules_cmd, test_cmd

    parser = argparse.ArgumentParser(
        prog="policy-rules",
        description="Lint privacy policies against legal checklists, with cited evidence.",
    )
    parser.add_argument("--version", action="version", version=f"policy-rules {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    check_cmd.register(sub)
    parse_cmd.register(sub)
    rules_cmd.register(sub)
    test_cmd.register_validate(sub)
    test_cmd.register_test(sub)
    eval_cmd.register(sub)
    docs_cmd.register(sub)
    config_cmd.register(sub)
    explain_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list in (["--version"], ["-V"]):
        print(f"policy-rules {__version__}")
        return EXIT_OK
    from ..errors import PolicyRulesError

    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse: 0 for --help, 2 for usage errors
        return int(exc.code) if isinstance(exc.code, int) else EXIT_ERROR
    try:
        code: int = args.handler(args)
        return code
    except PolicyRulesError as exc:
        print(f"policy-rules: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
