"""Which findings make ``policy-rules check`` exit 1.

Kept in one place so the command line, the CI integrations and the docs' exit-status table agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from .findings import Finding, Outcome

FAIL_ON_CHOICES = ("fail", "missing", "error", "warning", "info")
DEFAULT_FAIL_ON = "error"
_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_PROBLEMS = (Outcome.FAIL, Outcome.MISSING)


def reaches_threshold(finding: Finding, fail_on: str = DEFAULT_FAIL_ON) -> bool:
    """``fail``: any fail finding; ``missing``: any fail or missing finding; a severity: any fail or
    missing finding of that severity or higher."""
    if finding.suppression is not None:
        return False
    if fail_on == "fail":
        return finding.outcome is Outcome.FAIL
    if finding.outcome not in _PROBLEMS:
        return False
    if fail_on == "missing":
        return True
    return _SEVERITY_RANK.get(finding.severity, 2) >= _SEVERITY_RANK[fail_on]


def any_reaches(findings: Iterable[Finding], fail_on: str = DEFAULT_FAIL_ON) -> bool:
    return any(reaches_threshold(f, fail_on) for f in findings)
