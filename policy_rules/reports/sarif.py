"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Results are the findings that need attention (fail and missing), suppressed ones included with their
justification. Fingerprints come from the rule, outcome and quoted text, never from line numbers, so
an alert survives edits above it. A missing finding points at the section where the disclosure
belongs when the rule names one, otherwise at the top of the document. Artifact URIs are RFC 3986
references: relative to the working directory (or ``file://`` for files outside it), percent-encoded.

Each rule of a built-in ruleset carries a ``helpUri``: its section of the generated ruleset page on the
documentation site (``DOCS_URL`` + ``rulesets/gdpr/#gdpr.art13.2.a.retention_period``), so a viewer
links an alert to the rule's text, citation and examples. ``POLICY_RULES_DOCS_URL`` (or the
``docs_url`` argument) names another site, for instance one built with ``policy-rules docs rulesets``
for your own rulesets; then every rule links to it. Without either, rules of other rulesets have no
``helpUri``: the project's site has no page for them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..engine.findings import Applicability, DocumentResult, Finding, Outcome, Report, RuleInfo
from ..rules.docgen import rule_anchor
from ..rules.registry import builtin_dir
from .base import Formatter, Write
from .locations import report_path
from .markdown import md_text
from .streaming import JsonFrame, Spool

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/policy-rules/"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
#: The documentation site: ``[project.urls] Documentation`` in pyproject.toml and mkdocs.yml's site_url.
DOCS_URL = "https://policy-rules.github.io/policy-rules/"
#: Environment variable naming another documentation site for ``helpUri``.
DOCS_URL_ENV = "POLICY_RULES_DOCS_URL"


def help_uri(docs_url: str, ruleset: str, rule_id: str) -> str:
    """The rule's section on its generated ruleset page (mkdocs serves ``rulesets/X.md`` at
    ``rulesets/X/``)."""
    base = docs_url if docs_url.endswith("/") else docs_url + "/"
    return f"{base}rulesets/{quote(ruleset)}/#{quote(rule_anchor(rule_id))}"


def _help_uris(report: Report, docs_url: str | None) -> Callable[[RuleInfo], str | None]:
    """Which rules get a ``helpUri``, and where: every rule on a site that was named, else the rules
    of built-in rulesets on the project's site. A ruleset of the report that only shares a built-in
    name (a local ``gdpr.yaml``) is not the built-in one."""
    if docs_url is None:
        docs_url = os.environ.get(DOCS_URL_ENV) or None
    if docs_url is not None:
        named = docs_url
        return lambda info: help_uri(named, info.ruleset, info.id)
    builtin = {p.stem for p in builtin_dir().glob("*.yaml")}
    builtin -= {r.get("id") for r in report.rulesets if r.get("origin") != "built-in"}
    return lambda info: help_uri(DOCS_URL, info.ruleset, info.id) if info.ruleset in builtin else None


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


def _rule(info: RuleInfo, uri: str | None) -> dict[str, Any]:
    help_text = " ".join((info.remediation or info.title).split())
    out: dict[str, Any] = {
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
    if uri is not None:
        out["helpUri"] = uri
    return out


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


def _skeleton(report: Report, docs_url: str | None, artifacts: Any, results: Any) -> dict[str, Any]:
    uri_of = _help_uris(report, docs_url)
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
                        "rules": [_rule(info, uri_of(info)) for info in report.rules],
                    }
                },
                "artifacts": artifacts,
                "results": results,
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def _doc_results(doc: DocumentResult, index: dict[str, int]) -> list[dict[str, Any]]:
    return [
        _result(doc.path, f, index.get(f.rule_id))
        for f in doc.findings
        if f.outcome in (Outcome.FAIL, Outcome.MISSING)
    ]


def _artifacts(decided: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One artifact per file, carrying the regime decisions for it (a property bag: they are not results)."""
    return [
        {"location": {"uri": uri}, **({"properties": {"applicability": d}} if d else {})}
        for uri, d in decided.items()
    ]


def sarif_log(report: Report, docs_url: str | None = None) -> dict[str, Any]:
    """The SARIF log of ``report``; ``docs_url`` is the documentation site for ``helpUri`` (default:
    ``$POLICY_RULES_DOCS_URL``, else the project's site for built-in rules)."""
    index = {info.id: i for i, info in enumerate(report.rules)}
    results = [r for doc in report.documents for r in _doc_results(doc, index)]
    decided: dict[str, list[dict[str, Any]]] = {}
    for doc in report.documents:
        decided.setdefault(artifact_uri(doc.path), []).extend(_decision(a) for a in doc.applicability)
    return _skeleton(report, docs_url, _artifacts(decided), results)


class SarifFormatter(Formatter):
    """Streams :func:`sarif_log`'s bytes: the results wait in a :class:`Spool`, since the artifacts
    (one small entry per file) come before them in the log."""

    name = "sarif"

    def begin(self, head: Report, write: Write) -> None:
        super().begin(head, write)
        self._frame = JsonFrame(_skeleton(head, None, JsonFrame.SLOT, JsonFrame.SLOT))
        self._index = {info.id: i for i, info in enumerate(head.rules)}
        self._decided: dict[str, list[dict[str, Any]]] = {}
        self._results = Spool()
        self._count = 0

    def document(self, doc: DocumentResult) -> None:
        self._decided.setdefault(artifact_uri(doc.path), []).extend(_decision(a) for a in doc.applicability)
        for result in _doc_results(doc, self._index):
            self._results.write(self._frame.item(1, result, self._count == 0))
            self._count += 1

    def abort(self) -> None:
        self._results.close()

    def end(self) -> None:
        frame, write = self._frame, self.write
        write(frame.literals[0])
        artifacts = _artifacts(self._decided)
        for i, artifact in enumerate(artifacts):
            write(frame.item(0, artifact, i == 0))
        write(frame.close(0, len(artifacts)) + frame.literals[1])
        self._results.copy_to(write)
        write(frame.close(1, self._count) + frame.literals[2] + "\n")
