"""``policy-rules docs``: regenerate documentation that is derived from code and rules.

Each page written here has a test that regenerates it and compares, so the rulesets, the rule
language schema and the command line cannot change without their documentation changing too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .options import add_ruleset_option, load_rulesets
from .output import write_file, write_lines, write_stdout


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("docs", help="generate reference pages from the rulesets, the schema and the CLI")
    dsub = p.add_subparsers(dest="docs_command", metavar="WHAT")
    dsub.required = True
    rp = dsub.add_parser("rulesets", help="write one Markdown page per ruleset")
    add_ruleset_option(rp)
    rp.add_argument("--output", "-o", default="docs/rulesets", help="directory (default: docs/rulesets)")
    rp.set_defaults(handler=run_rulesets)
    sp = dsub.add_parser("schema", help="write the rule language reference generated from the JSON Schema")
    sp.add_argument(
        "--output", "-o", default=None, metavar="FILE", help="write to FILE (default: standard output)"
    )
    sp.set_defaults(handler=run_schema)
    cp = dsub.add_parser("cli", help="write the command-line reference generated from the argument parser")
    cp.add_argument(
        "--output", "-o", default=None, metavar="FILE", help="write to FILE (default: standard output)"
    )
    cp.set_defaults(handler=run_cli)


def run_rulesets(args: argparse.Namespace) -> int:
    from ..errors import OutputError
    from ..rules.docgen import write_ruleset_docs

    rulesets = load_rulesets(args.ruleset)
    try:
        written = write_ruleset_docs(rulesets, Path(args.output))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"cannot write the ruleset pages: {reason}", path=exc.filename or args.output
        ) from None
    write_lines([str(path) for path in written])
    return 0


def _emit(text: str, output: str | None) -> int:
    if output is None:
        write_stdout(text)
        return 0
    write_file(output, text)
    write_lines([output])
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from ..rules.schema_docs import schema_markdown

    return _emit(schema_markdown(), args.output)


def run_cli(args: argparse.Namespace) -> int:
    return _emit(cli_markdown(), args.output)


# -- command-line reference ------------------------------------------------------------------------
# Rendered from the parser's actions rather than from ``format_help()``: argparse's help layout
# depends on the terminal width and changes between Python versions, which would make the page (and
# the test that compares it) differ from machine to machine.


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _help(action: argparse.Action) -> str:
    text = action.help or ""
    if "%(" in text:
        text = text % {"default": action.default, "prog": "policy-rules", "choices": action.choices}
    if action.choices and not isinstance(action, argparse._SubParsersAction):
        text += f" (one of: {', '.join(f'`{c}`' for c in action.choices)})"
    return text


def _argument(action: argparse.Action) -> str:
    metavar = action.metavar if isinstance(action.metavar, str) else None
    if not action.option_strings:
        name = metavar or action.dest
        if action.nargs in ("*", "?"):
            return f"`[{name}...]`" if action.nargs == "*" else f"`[{name}]`"
        return f"`{name}...`" if action.nargs == "+" else f"`{name}`"
    flags = ", ".join(action.option_strings)
    if action.nargs == 0:
        return f"`{flags}`"
    value = metavar or (action.dest.upper() if not action.choices else "{" + ",".join(action.choices) + "}")
    return f"`{flags} {value}`"


def _subparsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser, str]]:
    out: list[tuple[str, argparse.ArgumentParser, str]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                out.append((name, sub, helps.get(name, "")))
    return out


def _command_section(name: str, parser: argparse.ArgumentParser, summary: str, level: int) -> list[str]:
    out = [f"{'#' * level} `{name}`", ""]
    if summary:
        out += [summary[:1].upper() + summary[1:] + ".", ""]
    if parser.description and parser.description != summary:
        out += [" ".join(parser.description.split()), ""]
    rows = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        rows.append(f"| {_argument(action)} | {_cell(_help(action))} |")
    if rows:
        out += ["| argument | meaning |", "| --- | --- |", *rows, ""]
    if parser.epilog:
        out += [" ".join(parser.epilog.split()), ""]
    children = _subparsers(parser)
    if children:
        out += [f"Sub-commands: {', '.join(f'`{c}`' for c, _, _ in children)}.", ""]
        for child, sub, child_summary in children:
            out += _command_section(f"{name} {child}", sub, child_summary, level + 1)
    return out


def cli_markdown() -> str:
    """The command-line reference page (``docs/cli.md``), one section per (sub-)command."""
    from .main import build_parser

    parser = build_parser()
    out = [
        "# Command line",
        "",
        "<!-- Generated from the argument parser by `policy-rules docs cli`; do not edit by hand. -->",
        "",
        " ".join((parser.description or "").split()),
        "",
        "`policy-rules --version` prints the version; `policy-rules COMMAND --help` shows a command's "
        "options. Exit status: `0` success (no finding at the `--fail-on` threshold), `1` findings (or "
        "failing examples for `test`), `2` usage, input or ruleset error. See [Using policy-rules in "
        "CI](ci.md) for the check options in context.",
        "",
    ]
    for name, sub, summary in _subparsers(parser):
        out += _command_section(f"policy-rules {name}", sub, summary, 2)
    return "\n".join(out).rstrip() + "\n"
