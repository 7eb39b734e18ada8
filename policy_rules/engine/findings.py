"""What a check produces: findings with evidence, per document, and the report over many documents.

The JSON shape produced by ``to_dict`` is a public contract (``version`` 1): fields may be added,
never renamed or removed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..document.source import Span

REPORT_VERSION = 1


class Outcome(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Evidence:
    """A quoted span of the original file. ``text == source[span.start:span.end]`` always."""

    span: Span
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "text": self.text}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    ruleset: str
    outcome: Outcome
    severity: str
    citation: str
    title: str
    message: str
    remediation: str | None = None
    evidence: tuple[Evidence, ...] = ()
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "ruleset": self.ruleset,
            "outcome": self.outcome.value,
            "severity": self.severity,
            "citation": self.citation,
            "title": self.title,
            "message": self.message,
            "remediation": self.remediation,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class DocumentResult:
    path: str
    findings: tuple[Finding, ...]
    evaluation_date: str
    policy_date: str | None = None

    def summary(self) -> dict[str, int]:
        counts = Counter(f.outcome.value for f in self.findings)
        return {o.value: counts.get(o.value, 0) for o in Outcome}

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "evaluation_date": self.evaluation_date,
            "policy_date": self.policy_date,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }


@dataclass
class Report:
    documents: list[DocumentResult] = field(default_factory=list)
    rulesets: list[dict[str, str]] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """All findings of all documents, in order (convenient when one document was checked)."""
        return [f for d in self.documents for f in d.findings]

    def finding(self, rule_id: str) -> Finding | None:
        return next((f for f in self.findings if f.rule_id == rule_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "rulesets": self.rulesets,
            "documents": [d.to_dict() for d in self.documents],
        }
