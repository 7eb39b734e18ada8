"""``policy-rules validate`` and ``policy-rules test``: for ruleset authors."""

from __future__ import annotations

import argparse

from .output import write_lines


def register_validate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "validate",
        help="check ruleset files against the schema and compile them",
        description="Validate ruleset files: schema, duplicate ids, vocabularies, regexes. "
        "Exit 2 on the first error.",
    )
    p.add_argument("rulesets", nargs="+", metavar="RULESET", help="ruleset name or .yaml path")
    p.set_defaults(handler=run_validate)


def register_test(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "test",
        help="run the examples embedded in rules",
        description="Run every rule's examples and report per rule; exit 1 when an example disagrees "
        "or a rule lacks a passing and a missing (or failing) example.",
    )
    p.add_argument(
        "rulesets", nargs="*", metavar="RULESET", help="ruleset names or paths (default: all built-in)"
    )
    p.add_argument("--verbose", "-v", action="store_true", help="list every example, not only problems")
    p.set_defaults(handler=run_test)


def run_validate(args: argparse.Namespace) -> int:
    from ..rules.loader import load_ruleset

    for name in args.rulesets:
        ruleset = load_ruleset(name)
        write_lines([f"{ruleset.path}: ok ({ruleset.id} {ruleset.version}, {len(ruleset.rules)} rules)"])
    return 0


def run_test(args: argparse.Namespace) -> int:
    from ..rules.examples import REGIME, example_gaps, run_examples
    from .options import load_rulesets

    problems = 0
    passed = 0
    for ruleset in load_rulesets(args.rulesets):
        results = run_examples(ruleset)
        regime = [r for r in results if r.rule_id == REGIME]
        if regime:
            bad_regime = [r for r in regime if not r.ok]
            passed += len(regime) - len(bad_regime)
            status = "ok" if not bad_regime else "FAIL"
            counts = f"{len(regime) - len(bad_regime)}/{len(regime)} examples"
            write_lines([f"{status:<4} {ruleset.id} {REGIME} ({counts})"])
            problems += len(bad_regime)
            write_lines([f"     {r.describe()}" for r in bad_regime])
        for rule in ruleset.rules:
            mine = [r for r in results if r.rule_id == rule.id]
            gaps = example_gaps(rule)
            bad = [r for r in mine if not r.ok]
            passed += len(mine) - len(bad)
            status = "ok" if not bad and not gaps else "FAIL"
            write_lines([f"{status:<4} {rule.id} ({len(mine) - len(bad)}/{len(mine)} examples)"])
            for r in bad:
                problems += 1
                write_lines([f"     {r.describe()}"])
            for gap in gaps:
                problems += 1
                write_lines([f"     {rule.path}:{rule.line}: {gap}"])
            if args.verbose:
                for r in mine:
                    if r.ok:
                        write_lines([f"     ok {r.name}: {r.expected}"])
    write_lines([f"{passed} passed, {problems} failed"])
    return 1 if problems else 0
