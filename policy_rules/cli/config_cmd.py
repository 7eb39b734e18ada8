"""``policy-rules config``: the effective configuration and where each value came from."""

from __future__ import annotations

import argparse

from .output import write_lines


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from . import check_cmd

    p = sub.add_parser(
        "config",
        help="print the effective configuration and the source of each value",
        description="Accepts the same options as 'check' and shows what a check would use.",
    )
    # Same options as check, so `policy-rules config <check options>` explains a check invocation.
    for action in check_cmd_parser_actions(check_cmd):
        p._add_action(action)
    p.set_defaults(handler=run)


def check_cmd_parser_actions(check_cmd: object) -> list[argparse.Action]:
    scratch = argparse.ArgumentParser(add_help=False)
    sub = scratch.add_subparsers()
    check_cmd.register(sub)  # type: ignore[attr-defined]
    parser = sub.choices["check"]
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]


def run(args: argparse.Namespace) -> int:
    from .check_cmd import effective_config

    write_lines(effective_config(args).describe().split("\n"), end="")
    return 0
