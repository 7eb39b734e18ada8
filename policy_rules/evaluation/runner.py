"""Check every document a gold file names and tally agreement per rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..document.loading import load_policy
from ..engine.check import check_document
from ..engine.findings import Finding
from ..rules.compiled import Ruleset
from .gold import GoldRow, read_gold
from .metrics import GoldLocator, Tally, predicted_class


@dataclass(frozen=True)
class Disagreement:
    document: str
    rule: str
    expected: str
    got: str
    message: str


@dataclass
class Evaluation:
    per_rule: dict[str, Tally] = field(default_factory=dict)
    unknown_rules: dict[str, int] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    documents: int = 0

    def total(self) -> Tally:
        total = Tally()
        for tally in self.per_rule.values():
            total.merge(tally)
        return total

    def to_dict(self) -> dict[str, Any]:
        rules = {rule: tally.scores() for rule, tally in sorted(self.per_rule.items())}
        macro = [float(s["macro_f1"]) for s in rules.values() if s["macro_f1"] is not None]
        totals = self.total().scores()
        totals["mean_rule_macro_f1"] = sum(macro) / len(macro) if macro else None
        confusion = {
            rule: {f"{expected}->{got}": n for (expected, got), n in sorted(tally.confusion.items())}
            for rule, tally in sorted(self.per_rule.items())
        }
        return {
            "documents": self.documents,
            "rules": rules,
            "confusion": confusion,
            "total": totals,
            "unknown_rules": self.unknown_rules,
            "disagreements": [d.__dict__ for d in self.disagreements],
        }


def evaluate(
    gold_path: str,
    rulesets: Sequence[Ruleset],
    *,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | None = None,
    policy_dates: bool = False,
) -> Evaluation:
    """Score ``rulesets`` against the gold file. With ``policy_dates``, each policy is judged as of its
    own last-updated date where it states one (else ``evaluation_date``)."""
    rows = read_gold(gold_path)
    by_document: dict[str, list[GoldRow]] = {}
    for row in rows:
        by_document.setdefault(str(row.document), []).append(row)
    known = {rule.id for rs in rulesets for rule in rs.rules if rule.enabled}
    result = Evaluation()
    for document_path, doc_rows in by_document.items():
        document = load_policy(doc_rows[0].document)
        result.documents += 1
        date = (document.policy_date if policy_dates else None) or evaluation_date
        checked = check_document(document, rulesets, facts=facts, evaluation_date=date)
        findings: dict[str, Finding] = {f.rule_id: f for f in checked.findings}
        locator = GoldLocator(document.source.text, [(b.span.start, b.span.end) for b in document.blocks])
        for row in doc_rows:
            if row.rule not in known or row.rule not in findings:
                result.unknown_rules[row.rule] = result.unknown_rules.get(row.rule, 0) + 1
                continue
            finding = findings[row.rule]
            result.per_rule.setdefault(row.rule, Tally()).add(row.expected, finding, row.evidence, locator)
            got = predicted_class(finding)
            if got != row.expected:
                result.disagreements.append(
                    Disagreement(document_path, row.rule, row.expected, got, finding.message)
                )
    return result
