"""``policy-rules rules list|show``: what rules exist and what each checks."""

from __future__ import annotations

import argparse

from .options import add_ruleset_option, load_rulesets
from .output import write_lines


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("rules", help="list rulesets and rules, or show one rule")
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION")
    rsub.required = True
    lp = rsub.add_parser("list", help="list rulesets (with where they come from) and their rules")
    add_ruleset_option(lp)
    lp.set_defaults(handler=run_list)
    sp = rsub.add_parser("show", help="show one rule: citation, what it looks for, remediation, examples")
    sp.add_argument("rule_id", metavar="ID")
    add_ruleset_option(sp)
    sp.set_defaults(handler=run_show)


def run_list(args: argparse.Namespace) -> int:
    out = []
    for ruleset in load_rulesets(args.ruleset):
        out.append(f"{ruleset.id} {ruleset.version}: {ruleset.title}  ({ruleset.origin}: {ruleset.path})")
        for rule in ruleset.rules:
            state = "" if rule.enabled else "  [disabled]"
            out.append(f"  {rule.id:<58} {rule.severity:<7} {rule.title}{state}")
    write_lines(out)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from ..errors import UsageError

    for ruleset in load_rulesets(args.ruleset):
        rule = ruleset.rule(args.rule_id)
        if rule is None:
            continue
        lines = [
            f"{rule.id}  ({ruleset.id} {ruleset.version}, {rule.path}:{rule.line})",
            f"  title:       {rule.title}",
            f"  citation:    {rule.citation}",
            f"  severity:    {rule.severity}",
            f"  kind:        {rule.kind}",
            f"  looks for:   {rule.looked_for()}",
        ]
        if rule.description:
            lines.append(f"  description: {' '.join(rule.description.split())}")
        if rule.remediation:
            lines.append(f"  remediation: {' '.join(rule.remediation.split())}")
        for ex in rule.examples:
            lines.append(f"  example ({ex.outcome}): {' '.join(ex.text.split())}")
        write_lines(lines)
        return 0
    raise UsageError(f"no rule {args.rule_id!r} in the selected rulesets (see 'policy-rules rules list')")
