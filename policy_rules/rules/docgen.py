"""Ruleset reference pages generated from the YAML itself, so the docs cannot drift from the rules.

``policy-rules docs rulesets --output docs/rulesets`` writes one Markdown page per ruleset; a test
regenerates them and compares, so a rule change without a docs update fails the suite.
"""

from __future__ import annotations

from pathlib import Path

from .compiled import Rule, Ruleset


def _para(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _example(ex_text: str) -> str:
    lines = ex_text.strip("\n").splitlines() or [""]
    return "\n".join(f"    {line}" if line else "" for line in lines)


def rule_markdown(rule: Rule) -> str:
    out = [f"### `{rule.id}`", "", f"**{rule.title}**", ""]
    out.append("| | |")
    out.append("| --- | --- |")
    out.append(f"| citation | {rule.citation} |")
    out.append(f"| severity | {rule.severity} |")
    out.append(f"| kind | {rule.kind} |")
    if not rule.enabled:
        out.append("| enabled | no (switched off) |")
    out.append("")
    if rule.description:
        out += [_para(rule.description), ""]
    if rule.remediation:
        out += [f"*Remediation:* {_para(rule.remediation)}", ""]
    if rule.examples:
        out += ["Examples:", ""]
        for ex in rule.examples:
            label = f"{ex.outcome}" + (f" — {ex.name}" if ex.name else "")
            facts = (
                f" (facts: {', '.join(f'{k}={v}' for k, v in sorted(ex.facts.items()))})" if ex.facts else ""
            )
            date = f" (evaluated at {ex.date})" if ex.date else ""
            out += [f"- **{label}**{facts}{date}:", "", _example(ex.text), ""]
    return "\n".join(out)


def ruleset_markdown(ruleset: Ruleset) -> str:
    out = [
        f"# {ruleset.title}",
        "",
        "<!-- Generated from the ruleset YAML by `policy-rules docs rulesets`; do not edit by hand. -->",
        "",
        f"Built-in name: `{ruleset.id}` · version {ruleset.version}"
        + (f" · jurisdiction {ruleset.jurisdiction}" if ruleset.jurisdiction else ""),
        "",
    ]
    if ruleset.description:
        out += [_para(ruleset.description), ""]
    if ruleset.references:
        out += ["References:", ""]
        for ref in ruleset.references:
            out.append(f"- {ref.title}" + (f" ({ref.url})" if ref.url else ""))
        out.append("")
    if ruleset.examples:
        out += [
            "## When the regime applies",
            "",
            "Decided once per policy from `applies_when`; examples:",
            "",
        ]
        for ex in ruleset.examples:
            label = ("applies" if ex.applies else "does not apply") + (f" — {ex.name}" if ex.name else "")
            facts = (
                f" (facts: {', '.join(f'{k}={v}' for k, v in sorted(ex.facts.items()))})" if ex.facts else ""
            )
            out += [f"- **{label}**{facts}:", "", _example(ex.text), ""]
    out += ["| rule | title | citation | severity |", "| --- | --- | --- | --- |"]
    for rule in ruleset.rules:
        out.append(f"| `{rule.id}` | {rule.title} | {rule.citation} | {rule.severity} |")
    out += ["", "## Rules", ""]
    for rule in ruleset.rules:
        out += [rule_markdown(rule), ""]
    return "\n".join(out).rstrip() + "\n"


def write_ruleset_docs(rulesets: list[Ruleset], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for ruleset in rulesets:
        path = directory / f"{ruleset.id}.md"
        path.write_text(ruleset_markdown(ruleset), encoding="utf-8")
        written.append(path)
    return written
