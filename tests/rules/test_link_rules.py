"""A rule can ask for "a link to the cookie policy" with the rule language as it is: a term list and a
``url`` entity in one sentence, close together. The ruleset is synthetic (tests/rules/data), not a
built-in legal one."""

from __future__ import annotations

from pathlib import Path

from policy_rules import check, load_policy, load_ruleset
from policy_rules.rules.examples import run_examples

RULESET = Path(__file__).parent / "data" / "cookie-link.yaml"
RULE = "cookie-link.cookie_policy.linked"


def test_the_examples_pass_and_show_both_sides() -> None:
    results = run_examples(load_ruleset(RULESET))
    assert [r.describe() for r in results if not r.ok] == []
    assert {r.actual for r in results} == {"pass", "missing"}


def test_evidence_quotes_the_link_text_in_the_original_html() -> None:
    text = '<html><body><h1>Privacy</h1>\n<p>Details are in our <a href="https://shop.example/c">cookie policy</a>.</p></body></html>'
    finding = check(load_policy(text, format="html"), load_ruleset(RULESET)).findings[0]
    assert (finding.rule_id, finding.outcome.value) == (RULE, "pass")
    assert [text[e.span.start : e.span.end] for e in finding.evidence] == [e.text for e in finding.evidence]
    assert any("cookie policy" in e.text for e in finding.evidence)


def test_a_far_away_link_in_a_long_sentence_does_not_count() -> None:
    text = (
        "Our cookie policy describes the technologies we use on the shop, the apps and the newsletters, "
        "and you may [write to us](https://shop.example/contact) with questions.\n"
    )
    finding = check(load_policy(text, format="markdown"), load_ruleset(RULESET)).findings[0]
    assert finding.outcome.value == "missing"
