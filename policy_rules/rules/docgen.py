"""Ruleset reference pages generated from the YAML itself, so the docs cannot drift from the rules.

``policy-rules docs rulesets --output docs/rulesets`` writes one Markdown page per ruleset; a test
regenerates them and compares, so a rule change without a docs update fails the suite.

Each rule's section opens with an HTML anchor named by the rule id (``#gdpr.art13.2.a.retention_period``):
SARIF viewers link a finding's rule there (``helpUri``, :mod:`policy_rules.reports.sarif`), and the id
is stable where a heading's slug depends on the Markdown tool. Examples are fenced code blocks, so the
headings and lists of a Markdown snippet stay its text instead of joining the page's table of contents.
"""

from __future__ import annotations

import re
from pathlib import Path

from .compiled import Rule, Ruleset, Snippet

_BACKTICKS = re.compile(r"`+")


def _para(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def rule_anchor(rule_id: str) -> str:
    """The fragment of a rule's section on its ruleset page: the rule id itself."""
    return rule_id


def example_block(example: Snippet) -> str:
    """The snippet as a fenced code block labelled with its format, its text verbatim.

    The fence is one backtick longer than the longest run in the text, so no snippet can close it.
    """
    text = example.text.strip("\n")
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{example.format or 'text'}\n{text}\n{fence}"


def _conditions(example: Snippet) -> str:
    """ " (facts: ...) (evaluated at ...)": what the example is run with besides its text."""
    facts = ", ".join(f"{k}={v}" for k, v in sorted(example.facts.items()))
    date = f" (evaluated at {example.date})" if example.date else ""
    return (f" (facts: {facts})" if facts else "") + date


def rule_markdown(rule: Rule) -> str:
    out = [f'<a id="{rule_anchor(rule.id)}"></a>', "", f"### `{rule.id}`", "", f"**{rule.title}**", ""]
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
            out += [f"**{label}**{_conditions(ex)}:", "", example_block(ex), ""]
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
            out += [f"**{label}**{_conditions(ex)}:", "", example_block(ex), ""]
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
