"""``policy-rules explain``: why one rule passed, failed or found nothing on one policy."""

from __future__ import annotations

import argparse

from ..bounded_read import limit_from_megabytes
from ..document.source import INPUT_FORMATS
from .options import (
    add_context_options,
    add_max_size_option,
    add_ruleset_option,
    load_facts,
    load_rulesets,
    parse_date,
)
from .output import write_lines


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "explain",
        help="show why a rule gave its outcome: which matcher matched where, in which scope",
        description="Trace one rule on one policy: applicability, every matcher's hits with line:column and "
        "sentence, discarded (negated or heading) occurrences, heading constraints and value checks.",
    )
    p.add_argument("file", metavar="FILE", help="policy file ('-' for standard input)")
    p.add_argument("rule_id", metavar="RULE_ID")
    add_ruleset_option(p)
    add_context_options(p)
    p.add_argument("--input-format", choices=INPUT_FORMATS)
    add_max_size_option(p, default=10.0)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    from pathlib import Path

    from ..document.loading import load_policy
    from ..engine.explain import explain_rule
    from ..errors import UsageError
    from ..rules.context import EvalContext

    for ruleset in load_rulesets(args.ruleset):
        rule = ruleset.rule(args.rule_id)
        if rule is None:
            continue
        document = load_policy(
            args.file if args.file == "-" else Path(args.file),
            format=args.input_format,
            max_size=limit_from_megabytes(args.max_size),
        )
        date = (
            parse_date(args.date)
            or (document.policy_date if args.date == "policy" else None)
            or dt.date.today()
        )
        ctx = EvalContext(document, load_facts(args.facts, args.fact), date)
        write_lines(explain_rule(rule, ctx).split("\n"), end="")
        return 0
    raise UsageError(f"no rule {args.rule_id!r} in the selected rulesets (see 'policy-rules rules list')")
