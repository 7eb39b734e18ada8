"""``policy-rules``: the command line.

Only argparse is imported at start-up, so ``--version`` stays fast; each sub-command imports what it
needs. Every user-facing problem is a :class:`~policy_rules.errors.PolicyRulesError`, printed as one
line with file, line and column, exit status 2. Any other exception is a bug in policy-rules: one line
asking for a report and exit status 70 (``EX_SOFTWARE`` of sysexits.h), so CI can tell it from a
finding (1) and from bad input (2); ``POLICY_RULES_DEBUG=1`` adds the traceback after that line.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from .. import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 70
BUG_REPORTS = "https://github.com/policy-rules/policy-rules/issues"
#: The commands that load rulesets, and so take ``--no-cache``.
RULESET_COMMANDS = ("check", "diff", "rules", "validate", "test", "eval", "docs rulesets", "explain")
NO_CACHE_HELP = "compile rulesets, not using the compiled-ruleset cache (also: POLICY_RULES_NO_CACHE=1)"


def build_parser() -> argparse.ArgumentParser:
    from . import (
        check_cmd,
        config_cmd,
        diff_cmd,
        docs_cmd,
        eval_cmd,
        explain_cmd,
        parse_cmd,
        rules_cmd,
        scan_cmd,
        test_cmd,
    )

    parser = argparse.ArgumentParser(
        prog="policy-rules",
        description="Lint privacy policies against legal checklists, with cited evidence.",
    )
    parser.add_argument("--version", action="version", version=f"policy-rules {__version__}")
    parser.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    check_cmd.register(sub)
    scan_cmd.register(sub)
    diff_cmd.register(sub)
    parse_cmd.register(sub)
    rules_cmd.register(sub)
    test_cmd.register_validate(sub)
    test_cmd.register_test(sub)
    eval_cmd.register(sub)
    docs_cmd.register(sub)
    config_cmd.register(sub)
    explain_cmd.register(sub)
    for name in RULESET_COMMANDS:  # also after the command: ``policy-rules check --no-cache``
        command, _, child = name.partition(" ")
        target = sub.choices[command]
        if child:
            target = next(
                a.choices[child] for a in target._actions if isinstance(a, argparse._SubParsersAction)
            )
        _add_no_cache(target)
    return parser


def _add_no_cache(parser: argparse.ArgumentParser) -> None:
    """``--no-cache`` on a command, or on each of its sub-commands (``rules list``)."""
    nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not nested:
        parser.add_argument("--no-cache", action="store_true", default=argparse.SUPPRESS, help=NO_CACHE_HELP)
    for action in nested:
        for child in action.choices.values():
            _add_no_cache(child)


def main(argv: Sequence[str] | None = None) -> int:
    from .output import flush_stdout, say, write_stdout

    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list in (["--version"], ["-V"]):
            write_stdout(f"policy-rules {__version__}\n")
            flush_stdout()
            return EXIT_OK
        code = _dispatch(args_list)
        flush_stdout()
        return code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from ..errors import PolicyRulesError
        from ..reports.escaping import for_log

        if isinstance(exc, PolicyRulesError):
            say(f"policy-rules: error: {for_log(str(exc))}")
            return EXIT_ERROR
        detail = for_log(f"{type(exc).__name__}: {exc}")[:300]
        say(
            f"policy-rules: internal error: {detail} -- this is a bug in policy-rules; please report it "
            f"with the command that caused it at {BUG_REPORTS} (POLICY_RULES_DEBUG=1 shows the traceback)"
        )
        if os.environ.get("POLICY_RULES_DEBUG", "") not in ("", "0"):
            import traceback

            say("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip("\n"))
        return EXIT_INTERNAL


def _dispatch(args_list: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse: 0 for --help, 2 for usage errors
        return int(exc.code) if isinstance(exc.code, int) else EXIT_ERROR
    if not args.no_cache:
        code: int = args.handler(args)
        return code
    from ..rules.cache import disabled

    with disabled():
        code = args.handler(args)
    return code


def run() -> None:
    """The console script: `main`, then exit without the interpreter's final collections.

    By the end of a run the process holds a compiled ruleset and a parsed policy, a few hundred
    thousand objects that only die with it. Interpreter shutdown runs several full cyclic collections
    over all of them while it tears the modules down, which on a one-file check cost as much as the
    check itself (about 0.27 s of 0.8 s). Freezing moves them out of the collector's sight;
    reference counting still frees them, files are already closed and streams flushed by `main`.
    Tests call `main`, so their process is left alone.
    """
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
