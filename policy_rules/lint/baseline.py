"""Baselines: accept today's findings so that only new ones fail the build.

A finding is identified by file, rule, outcome and a fingerprint of its quoted evidence (never line
numbers), so edits elsewhere in the policy do not resurrect baselined findings.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..bounded_read import MB, is_missing, read_text_bounded
from ..engine.findings import DocumentResult, Outcome, Suppression
from ..errors import InputError
from ..rules.json_source import load_json

BASELINE_VERSION = 1
#: Largest baseline file read (a finding takes ~200 bytes, so this is ~80,000 findings).
MAX_BASELINE_BYTES = 16 * MB


def _key(path: str, rule_id: str, outcome: str, fingerprint: str) -> tuple[str, str, str, str]:
    return (Path(path).as_posix(), rule_id, outcome, fingerprint)


def write_baseline(results: list[DocumentResult], path: Path) -> int:
    entries: list[dict[str, Any]] = []
    for doc in results:
        for f in doc.findings:
            if f.outcome in (Outcome.FAIL, Outcome.MISSING) and f.suppression is None:
                entry = {"path": Path(doc.path).as_posix(), "rule_id": f.rule_id}
                entry.update(outcome=f.outcome.value, fingerprint=f.fingerprint)
                entries.append(entry)
    entries.sort(key=lambda e: (e["path"], e["rule_id"], e["fingerprint"]))
    path.write_text(
        json.dumps({"version": BASELINE_VERSION, "findings": entries}, indent=2) + "\n", encoding="utf-8"
    )
    return len(entries)


def read_baseline(path: Path) -> set[tuple[str, str, str, str]]:
    if is_missing(path):
        raise InputError("no such baseline file (create one with --write-baseline)", path=str(path))
    text = read_text_bounded(path, MAX_BASELINE_BYTES, error=InputError, what="baseline file")
    data = load_json(text, path=str(path), error=InputError, what="baseline")
    if (
        not isinstance(data, dict)
        or data.get("version") != BASELINE_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise InputError(f"not a policy-rules baseline (version {BASELINE_VERSION})", path=str(path))
    try:
        return {_key(e["path"], e["rule_id"], e["outcome"], e["fingerprint"]) for e in data["findings"]}
    except (KeyError, TypeError):
        raise InputError(
            "baseline entries need path, rule_id, outcome and fingerprint", path=str(path)
        ) from None


def apply_baseline(
    result: DocumentResult, known: set[tuple[str, str, str, str]], label: str
) -> DocumentResult:
    findings = []
    for f in result.findings:
        if f.suppression is None and _key(result.path, f.rule_id, f.outcome.value, f.fingerprint) in known:
            f = replace(f, suppression=Suppression("baseline", f"recorded in baseline {label}"))
        findings.append(f)
    return replace(result, findings=tuple(findings))
