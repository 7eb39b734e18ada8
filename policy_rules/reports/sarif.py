"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Results are the findings that need attention (fail and missing), suppressed ones included with their
justification. Fingerprints come from the rule, outcome and quoted text, never from line numbers, so
an alert survives edits above it. A missing finding points at the section where the disclosure
belongs when the rule names one, otherwise at the top of the document. Artifact URIs are RFC 3986
references: relative to the working directory (or ``file://`` for files outside it), percent-encoded.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..engine.findings import Applicability, Finding, Outcome, Report, RuleInfo
from .base import Formatter
from .escaping import json_text
from .locations import report_path
from .markdown import md_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/policy-rules/"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """The URI of a checked file: its report path percent-encoded, so spaces, ``#``, ``%``, ``?``, a
    ``:`` that would read as a scheme, and non-ASCII names survive a URI parser."""
    posix = report_path(path)
    try:
        raw = posix.encode("utf-8", "surrogateescape")  # a non-UTF-8 file name: its original bytes
    except UnicodeEncodeError:
        raw = posix.encode("utf-8", "replace")
    encoded = quote(raw, safe="/")
    return f"file://{encoded}" if PurePosixPath(posix).is_absolute() else encoded


def _region(span: Any, snippet: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "charOffset": span.start,
        "charLength": span.end - span.start,
    }
    if snippet is not None:
        region["snippet"] = {"text": snippet}
    return region


def _rule(info: RuleInfo) -> dict[str, Any]:
    help_text = " ".join((info.remediation or info.title).split())
    return {
        "id": info.id,
        "name": "".join(w.capitalize() for w in info.title.replace("-", " ").split() if w.isalnum())
        or info.id,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": " ".join((info.description or info.title).split())},
        "help": {
            "text": f"{help_text} ({info.citation})",
            "markdown": f"**{md_text(info.title)}** — {md_text(info.citation)}\n\n{md_text(help_text)}",
        },
        "defaultConfiguration": {"level": _LEVEL.get(info.severity, "warning")},
        "properties": {"citation": info.citation, "ruleset": info.ruleset, "tags": ["privacy", info.ruleset]},
    }


def _result(path: str, finding: Finding, rule_index: int | None) -> dict[str, Any]:
    uri = artifact_uri(path)
    if finding.evidence:
        first = finding.evidence[0]
        location = {
            "physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(first.span, first.text)}
        }
    elif finding.location is not None:
        location = {
            "physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(finding.location)}
        }
    else:
        location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": 1}}}
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": _LEVEL.get(finding.severity, "warning"),
        "kind": "fail",
        "message": {"text": f"{finding.message} [{finding.citation}]"},
        "locations": [location],
        "partialFingerprints": {"policyRulesFinding/v1": finding.fingerprint},
        "properties": {"outcome": finding.outcome.value, "citation": finding.citation},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    related = [
        {"id": i, "physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(e.span, e.text)}}
        for i, e in enumerate(finding.evidence[1:], start=1)
    ]
    if related:
        result["relatedLocations"] = related
    if finding.suppression is not None:
        result["suppressions"] = [
            {
                "kind": "external" if finding.suppression.kind == "baseline" else "inSource",
                "status": "accepted",
                "justification": finding.suppression.reason,
            }
        ]
    return result


def _decision(a: Applicability) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleset": a.ruleset, "applies": a.applies, "basis": a.basis, "reason": a.reason}
    if a.evidence:
        out["regions"] = [_region(e.span, e.text) for e in a.evidence]
    if a.override:
        out["override"] = a.options()
    return out


def sarif_log(report: Report) -> dict[str, Any]:
    index = {info.id: i for i, info in enumerate(report.rules)}
    results = [
        _result(doc.path, f, index.get(f.rule_id))
        for doc in report.documents
        for f in doc.findings
        if f.outcome in (Outcome.FAIL, Outcome.MISSING)
    ]
    # One artifact per file, carrying the regime decisions for it (a property bag: they are not results).
    decided: dict[str, list[dict[str, Any]]] = {}
    for doc in report.documents:
        decided.setdefault(artifact_uri(doc.path), []).extend(_decision(a) for a in doc.applicability)
    artifacts = [
        {"location": {"uri": uri}, **({"properties": {"applicability": d}} if d else {})}
        for uri, d in decided.items()
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "policy-rules",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(info) for info in report.rules],
                    }
                },
                "artifacts": artifacts,
                "results": results,
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


class SarifFormatter(Formatter):
    name = "sarif"

    def render(self, report: Report) -> str:
        return json_text(json.dumps(sarif_log(report), indent=2, ensure_ascii=False)) + "\n"
