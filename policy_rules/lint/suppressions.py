"""Suppression comments in Markdown and HTML policies.

    <!-- policy-rules-disable RULE_ID[, RULE_ID...] -- reason -->       the next block
    <!-- policy-rules-disable-file RULE_ID[, RULE_ID...] -- reason -->  the whole file

A reason is required (a suppression without one is an error, as is an unknown rule id): whoever reads
the policy later must see why a legal requirement was waived. Suppressed findings are kept, marked,
in the JSON and SARIF output, and do not fail the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..document.model import PolicyDocument
from ..engine.findings import Finding, Outcome, Suppression
from ..errors import InputError

_COMMENT = re.compile(
    r"<!--\s*policy-rules-disable(?P<file>-file)?\b(?P<body>.*?)-->",
    re.DOTALL,
)
_BODY = re.compile(r"^\s*(?P<ids>[^\s].*?)\s*(?:--\s*(?P<reason>.*?))?\s*$", re.DOTALL)
_ID_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class Directive:
    rule_ids: tuple[str, ...]
    reason: str
    file_level: bool
    line: int
    column: int
    block: int | None

    def covers(self, finding: Finding, document: PolicyDocument) -> bool:
        if not any(finding.rule_id == r or finding.ruleset == r for r in self.rule_ids):
            return False
        if self.file_level:
            return True
        if self.block is None:
            return False
        span = document.blocks[self.block].span
        spans = [e.span for e in finding.evidence] or ([finding.location] if finding.location else [])
        return bool(spans) and all(s.start < span.end and span.start < s.end for s in spans)


def parse_directives(document: PolicyDocument, known_ids: set[str]) -> list[Directive]:
    source = document.source
    if source.format == "text":
        return []
    out = []
    for m in _COMMENT.finditer(source.text):
        line, column = source.position(m.start())
        body = _BODY.match(m.group("body"))
        ids = _ID_SPLIT.split(body.group("ids").strip()) if body else []
        reason = (body.group("reason") or "").strip() if body else ""

        def problem(message: str, line: int = line, column: int = column) -> InputError:
            return InputError(message, path=source.display_path, line=line, column=column)

        if not ids or ids == [""]:
            raise problem("suppression names no rule id")
        if not reason:
            raise problem("suppression needs a reason: <!-- policy-rules-disable RULE_ID -- why -->")
        unknown = [i for i in ids if i not in known_ids]
        if unknown:
            raise problem(f"suppression names unknown rule id {unknown[0]!r}")
        block = None
        if not m.group("file"):
            block = next((b.index for b in document.blocks if b.span.start >= m.end()), None)
        out.append(Directive(tuple(ids), reason, bool(m.group("file")), line, column, block))
    return out


def apply_directives(
    document: PolicyDocument, findings: Iterable[Finding], directives: list[Directive]
) -> tuple[list[Finding], list[Directive]]:
    """Findings with suppressions applied, and the directives that suppressed nothing."""
    used: set[int] = set()
    out = []
    for finding in findings:
        if finding.outcome in (Outcome.FAIL, Outcome.MISSING) and finding.suppression is None:
            for i, d in enumerate(directives):
                if d.covers(finding, document):
                    kind = "file" if d.file_level else "inline"
                    finding = replace(finding, suppression=Suppression(kind, d.reason, d.line))
                    used.add(i)
                    break
        out.append(finding)
    return out, [d for i, d in enumerate(directives) if i not in used]
