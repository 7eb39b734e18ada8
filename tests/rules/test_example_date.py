"""Examples are evaluated on one date, and the code, the schema and the guide say the same one."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from policy_rules.rules.compiled import Example, RegimeExample
from policy_rules.rules.examples import EXAMPLE_DATE, example_context
from policy_rules.rules.schema import ruleset_schema
from policy_rules.testing import EXAMPLE_DATE as PUBLIC_EXAMPLE_DATE

REPO = Path(__file__).resolve().parents[2]
# "default 2026-06-01", "defaults to 2026-06-01", "Examples use 2026-06-01": a claim about the default
_CLAIM = re.compile(r"\b(?:defaults? (?:to )?|[Ee]xamples use )(\d{4}-\d{2}-\d{2})")


def _descriptions(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["description"]] if isinstance(node.get("description"), str) else []
        return found + [d for value in node.values() for d in _descriptions(value)]
    if isinstance(node, list):
        return [d for item in node for d in _descriptions(item)]
    return []


def test_examples_run_on_the_example_date() -> None:
    assert PUBLIC_EXAMPLE_DATE == EXAMPLE_DATE
    assert example_context(Example(text="x", outcome="pass")).evaluation_date == EXAMPLE_DATE
    assert example_context(RegimeExample(text="x", applies=True)).evaluation_date == EXAMPLE_DATE
    assert example_context(Example(text="x", outcome="pass", date="2024-02-03")).evaluation_date == dt.date(
        2024, 2, 3
    )


def test_schema_and_guide_name_the_same_default_date() -> None:
    schema = ruleset_schema()
    in_schema = [m for d in _descriptions(schema) for m in _CLAIM.findall(d)]
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    in_guide = _CLAIM.findall(" ".join(guide.split()))
    assert len(in_schema) >= 2 and len(in_guide) >= 3  # the rule and regime examples; three guide passages
    assert set(in_schema) | set(in_guide) == {EXAMPLE_DATE.isoformat()}
