"""``policy-rules docs``: regenerate documentation that is derived from code and rules."""

from __future__ import annotations

import argparse
from pathlib import Path

from .options import add_ruleset_option, load_rulesets


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("docs", help="generate reference pages from the rulesets")
    dsub = p.add_subparsers(dest="docs_command", metavar="WHAT")
    dsub.required = True
    rp = dsub.add_parser("rulesets", help="write one Markdown page per ruleset")
    add_ruleset_option(rp)
    rp.add_argument("--output", "-o", default="docs/rulesets", help="directory (default: docs/rulesets)")
    rp.set_defaults(handler=run_rulesets)


def run_rulesets(args: argparse.Namespace) -> int:
    from ..rules.docgen import write_ruleset_docs

    for path in write_ruleset_docs(load_rulesets(args.ruleset), Path(args.output)):
        print(path)
    return 0
