"""Check a snippet against a ruleset of one rule: the shared helper of the matcher tests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policy_rules import check, load_policy, load_ruleset
from policy_rules.engine.findings import Finding


def run(
    write: Callable[[str, str], Path], expect: dict[str, Any], text: str, fmt: str | None = None
) -> Finding:
    """The finding of a rule with ``expect`` on ``text`` (``write`` is the tests' file fixture)."""
    ruleset = {
        "id": "t",
        "title": "t",
        "version": "1",
        "rules": [{"id": "t.rule", "title": "T", "citation": "c", "severity": "error", "expect": expect}],
    }
    path = write("t.yaml", json.dumps(ruleset))
    document = load_policy(text, format=fmt)  # type: ignore[arg-type]
    return check(document, load_ruleset(path), evaluation_date=dt.date(2026, 1, 1)).findings[0]
