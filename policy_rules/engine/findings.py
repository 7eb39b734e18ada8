"""What a check produces: findings with evidence, per document, and the report over many documents.

The JSON shape produced by ``to_dict`` is a public contract (``version`` 1): fields may be added,
never renamed or removed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..document.source import Source, Span

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
class Suppression:
    """Why a finding is not held against the document: an inline comment, a file-level comment or
    the baseline. Suppressed findings stay in machine-readable reports, marked as such."""

    kind: str
    reason: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "reason": self.reason, "line": self.line}


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
    location: Span | None = None
    suppression: Suppression | None = None

    @property
    def anchor(self) -> Span | None:
        """Where an annotation goes: the first evidence span, else the section it belongs in."""
        return self.evidence[0].span if self.evidence else self.location

    @property
    def fingerprint(self) -> str:
        """Stable across edits elsewhere in the file: rule, outcome and quoted text, never line numbers."""
        quoted = "\x1f".join(" ".join(e.text.split()) for e in self.evidence)
        raw = f"{self.rule_id}\x1e{self.outcome.value}\x1e{quoted}"
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

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
        if self.location is not None:
            out["location"] = self.location.to_dict()
        out["fingerprint"] = self.fingerprint
        out["suppressed"] = self.suppression.to_dict() if self.suppression else None
        return out


@dataclass(frozen=True)
class Applicability:
    """Whether one regime (ruleset) applies to one document, decided once and reported once.

    ``basis`` says what decided it: ``fact`` (the user's profile), ``text`` (the policy's own words,
    quoted in ``evidence``), ``assumed`` (a fact's default, nothing supplied) or ``always`` (the ruleset
    has no condition). ``override`` holds the ``NAME=VALUE`` facts (space-separated) that would reverse
    a decision the user did not make, so a team that knows better can say so in one line.
    """

    ruleset: str
    applies: bool
    basis: str
    reason: str
    evidence: tuple[Evidence, ...] = ()
    override: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset,
            "applies": self.applies,
            "basis": self.basis,
            "reason": self.reason,
            "evidence": [e.to_dict() for e in self.evidence],
            "override": self.override,
        }

    def options(self) -> str:
        """The command-line options that reverse the decision: ``--fact A=x --fact B=y``."""
        return " ".join(f"--fact {a}" for a in (self.override or "").split())

    def describe(self) -> str:
        """One line for human reports: the decision, why, and how to reverse it."""
        verdict = "applies" if self.applies else "does not apply"
        basis = {"fact": "from your facts", "text": "from the text", "assumed": "assumed"}.get(self.basis)
        how = f" ({basis})" if basis else ""
        hint = f"; {self.options()} to override" if self.override else ""
        return f"{self.ruleset}: {verdict}{how}: {self.reason}{hint}"


@dataclass(frozen=True)
class DocumentResult:
    path: str
    findings: tuple[Finding, ...]
    evaluation_date: str
    policy_date: str | None = None
    applicability: tuple[Applicability, ...] = ()
    #: The checked text, for reports that show it (HTML); never in ``to_dict``. ``None`` when a result
    #: was rebuilt without its document (a baseline, a result made by hand).
    source: Source | None = field(default=None, compare=False, repr=False)

    def regimes_off(self) -> frozenset[str]:
        """Rulesets that do not apply to this document: human reports say so once, not per rule."""
        return frozenset(a.ruleset for a in self.applicability if not a.applies)

    def summary(self) -> dict[str, int]:
        """Counts per outcome of the findings that count (suppressed ones are counted apart)."""
        counts = Counter(f.outcome.value for f in self.findings if f.suppression is None)
        out = {o.value: counts.get(o.value, 0) for o in Outcome}
        out["suppressed"] = sum(1 for f in self.findings if f.suppression is not None)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "evaluation_date": self.evaluation_date,
            "policy_date": self.policy_date,
            "applicability": [a.to_dict() for a in self.applicability],
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }


@dataclass(frozen=True)
class RuleInfo:
    """What a report needs to describe a rule (SARIF rule metadata, help text)."""

    id: str
    ruleset: str
    title: str
    citation: str
    severity: str
    description: str | None = None
    remediation: str | None = None


@dataclass
class Report:
    documents: list[DocumentResult] = field(default_factory=list)
    rulesets: list[dict[str, str]] = field(default_factory=list)
    rules: list[RuleInfo] = field(default_factory=list)

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
