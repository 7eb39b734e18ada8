"""Regression corpora for every built-in ruleset but GDPR (which the dev corpora measure).

Each regime has synthetic policies written for these tests (``tests/regimes/<ruleset>/policies``) and a gold
file in the corpus gold format with one row per document and rule of that regime. Every row must agree with
the checker at a fixed evaluation date, so that a date-dependent rule (a stale Privacy Shield claim) gives
the same answer whenever the suite runs.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from policy_rules.evaluation.runner import evaluate
from policy_rules.rules.loader import load_ruleset

HERE = Path(__file__).resolve().parent
EVALUATION_DATE = dt.date(2026, 6, 1)
#: One directory per ruleset, named by its id, holding ``policies/`` and ``gold.jsonl``.
REGIMES = sorted(p.name for p in HERE.iterdir() if (p / "gold.jsonl").is_file())
MIN_DOCUMENTS = 6


def _gold(regime: str) -> Path:
    return HERE / regime / "gold.jsonl"


@pytest.mark.parametrize("regime", REGIMES)
def test_gold_covers_every_rule_of_every_document(regime: str) -> None:
    rules = {rule.id for rule in load_ruleset(regime).rules}
    rows = [
        json.loads(line) for line in _gold(regime).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    by_document: dict[str, set[str]] = {}
    for row in rows:
        by_document.setdefault(row["document"], set()).add(row["rule"])
    assert len(by_document) >= MIN_DOCUMENTS
    for document, labelled in by_document.items():
        assert labelled == rules, (
            f"{document}: missing {sorted(rules - labelled)}, unknown {sorted(labelled - rules)}"
        )
        assert (_gold(regime).parent / document).is_file(), document
    policies = {f"policies/{p.name}" for p in (HERE / regime / "policies").iterdir()}
    assert policies == set(by_document), f"policies without gold rows: {sorted(policies - set(by_document))}"


@pytest.mark.parametrize("regime", REGIMES)
def test_gold_uses_every_verdict(regime: str) -> None:
    rows = [
        json.loads(line) for line in _gold(regime).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert {row["expected"] for row in rows} == {"present", "absent", "contradicted"}


@pytest.mark.parametrize("regime", REGIMES)
def test_every_row_agrees(regime: str) -> None:
    result = evaluate(str(_gold(regime)), [load_ruleset(regime)], evaluation_date=EVALUATION_DATE)
    assert not result.unknown_rules, f"gold rows naming rules the ruleset lacks: {result.unknown_rules}"
    lines = [
        f"{d.document}: {d.rule}: expected {d.expected}, got {d.got} ({d.message})"
        for d in result.disagreements
    ]
    assert not lines, f"{len(lines)} disagreement(s):\n" + "\n".join(lines)


def test_every_builtin_ruleset_but_gdpr_has_a_regression_corpus() -> None:
    from policy_rules.rules.registry import available

    assert set(REGIMES) == set(available()) - {"gdpr"}
