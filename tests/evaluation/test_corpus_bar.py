"""The GDPR ruleset against the labelled development corpus (gt200-dev, 101 real app policies).

The gold asks "is it disclosed?" with GDPR taken to apply, so the corpus is scored with the fact
gdpr_applies=true: the regime's text-based default must not hide a disclosure here.

Skips when ../shared/corpus is not beside the checkout (CI always has it). BAR is the project's accuracy
bar on this corpus; a rule change that drops any metric below it fails here. A change that helps one
policy often hurts three others, so this runs over the whole corpus, not single documents.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policy_rules import load_ruleset
from policy_rules.evaluation.runner import evaluate

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
GOLD = CORPUS / "gt200-dev" / "gold.jsonl"

#: metric -> the bar on gt200-dev
BAR = {
    "accuracy": 0.93,
    "mean_rule_macro_f1": 0.88,
    "absent_precision": 0.90,
    "absent_recall": 0.90,
    "evidence_overlap": 0.85,
}


@pytest.fixture(scope="module")
def totals() -> dict[str, float]:
    if not GOLD.is_file():
        pytest.skip(f"corpus not present at {CORPUS}")
    result = evaluate(
        str(GOLD), [load_ruleset("gdpr")], facts={"gdpr_applies": True}, evaluation_date=dt.date(2026, 1, 1)
    )
    data = result.to_dict()
    assert data["documents"] == 101
    assert not data["unknown_rules"], "every gold requirement id must have a rule"
    return data["total"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("metric", sorted(BAR))
def test_gdpr_meets_the_bar_on_gt200_dev(totals: dict[str, float], metric: str) -> None:
    assert totals[metric] >= BAR[metric], f"{metric} {totals[metric]:.3f} < {BAR[metric]}"
