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
