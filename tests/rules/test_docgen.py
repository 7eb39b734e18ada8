"""The generated ruleset pages in docs/ must match the YAML: regenerate with `policy-rules docs rulesets`."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_rules.rules.docgen import ruleset_markdown
from policy_rules.rules.loader import load_ruleset
from policy_rules.rules.registry import available

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rulesets"


@pytest.mark.parametrize("name", sorted(available()))
def test_ruleset_page_is_current(name: str) -> None:
    ruleset = load_ruleset(name)
    page = DOCS / f"{ruleset.id}.md"
    assert page.is_file(), f"{page} missing: run `policy-rules docs rulesets`"
    assert page.read_text(encoding="utf-8") == ruleset_markdown(ruleset), (
        f"{page} is stale: run `policy-rules docs rulesets`"
    )


def test_page_has_every_rule_with_citation_and_examples() -> None:
    ruleset = load_ruleset("gdpr")
    page = ruleset_markdown(ruleset)
    for rule in ruleset.rules:
        assert f"### `{rule.id}`" in page
        assert rule.citation in page
    assert "**pass" in page and "**missing" in page


def test_examples_are_fenced_code_that_no_snippet_can_close() -> None:
    from policy_rules.rules.compiled import Example
    from policy_rules.rules.docgen import example_block

    md = Example(text="## Your rights\n\n- erase data\n", outcome="pass", format="markdown")
    assert example_block(md) == "```markdown\n## Your rights\n\n- erase data\n```"
    tricky = Example(text="Use ```` and ``` here.", outcome="pass")
    block = example_block(tricky)
    assert block.startswith("`````text\n") and block.endswith("\n`````")


def test_rule_sections_open_with_the_rule_id_anchor() -> None:
    ruleset = load_ruleset("gdpr")
    page = ruleset_markdown(ruleset)
    for rule in ruleset.rules:
        assert f'<a id="{rule.id}"></a>\n\n### `{rule.id}`' in page
    # no example line is a Markdown heading outside a fence
    fenced = False
    for line in page.splitlines():
        if line.startswith("```"):
            fenced = not fenced if line.strip("`").strip() in ("", "text", "markdown", "html") else fenced
        elif not fenced and line.startswith("#"):
            assert line.startswith(("# ", "## When", "## Rules", "### `")), line
