"""``policy-rules eval``: score rulesets against a labelled corpus."""

from __future__ import annotations

import argparse
import json

from .options import add_context_options, add_ruleset_option, load_facts, load_rulesets, parse_date
from .output import write_lines, write_stdout


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "eval",
        help="score rulesets against a gold file (corpus gold format)",
        description="Check every document named in GOLD.jsonl and report, per rule and in total: accuracy, "
        "precision/recall/F1 for the absent (violation) and present classes, and evidence overlap.",
    )
    p.add_argument("gold", metavar="GOLD.jsonl")
    add_ruleset_option(p)
    add_context_options(p)
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument("--show-disagreements", action="store_true", help="text format: list every disagreement")
    p.add_argument(
        "--show-confusion",
        action="store_true",
        help="text format: per rule, how often each gold class got each predicted class (expected->got)",
    )
    p.set_defaults(handler=run)


def _fmt(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else ("-" if value is None else str(value))


def run(args: argparse.Namespace) -> int:
    from ..evaluation.runner import evaluate

    result = evaluate(
        args.gold, load_rulesets(args.ruleset), facts=load_facts(args.facts, args.fact),
        evaluation_date=parse_date(args.date), policy_dates=args.date == "policy",
    )  # fmt: skip
    data = result.to_dict()
    if args.format == "json":
        write_stdout(json.dumps(data, indent=2) + "\n")
        return 0
    cols = ("n", "accuracy", "absent_precision", "absent_recall", "absent_f1", "present_f1", "macro_f1",
            "evidence_overlap")  # fmt: skip
    heads = ("n", "acc", "abs_P", "abs_R", "abs_F1", "pres_F1", "macroF1", "evid")
    width = max([len(r) for r in data["rules"]] + [5])
    lines = [f"{'rule':<{width}}  " + "  ".join(f"{h:>7}" for h in heads)]
    for rule, scores in data["rules"].items():
        lines.append(f"{rule:<{width}}  " + "  ".join(f"{_fmt(scores[c]):>7}" for c in cols))
    total = data["total"]
    lines.append(f"{'TOTAL':<{width}}  " + "  ".join(f"{_fmt(total[c]):>7}" for c in cols))
    lines.append(
        f"documents: {data['documents']}; mean per-rule macro-F1: {_fmt(total['mean_rule_macro_f1'])}"
    )
    if data["unknown_rules"]:
        lines.append("gold rules with no enabled rule: " + ", ".join(sorted(data["unknown_rules"])))
    if args.show_confusion:
        for rule, cells in data["confusion"].items():
            wrong = [(cell, n) for cell, n in cells.items() if len(set(cell.split("->"))) == 2]
            shown = ", ".join(f"{cell} {n}" for cell, n in wrong)
            lines.append(f"  {rule}: {shown or 'no disagreements'}")
    if args.show_disagreements:
        for d in data["disagreements"]:
            lines.append(f"  {d['document']}: {d['rule']}: expected {d['expected']}, got {d['got']}")
    write_lines(lines)
    return 0
