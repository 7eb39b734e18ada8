"""Suppression comments in Markdown and HTML policies.

    <!-- policy-rules-disable RULE_ID[, RULE_ID...] -- reason -->       the next block
    <!-- policy-rules-disable-file RULE_ID[, RULE_ID...] -- reason -->  the whole file

A reason is required (a suppression without one is an error, as is an unknown rule id): whoever reads
the policy later must see why a legal requirement was waived. Suppressed findings are kept, marked,
in the JSON and SARIF output, and do not fail the run.

The comments are part of the policy, so they are read here, beside the check: the library's
:func:`~policy_rules.engine.check.check` and the lint runner (:mod:`policy_rules.lint.runner`) both
apply them, and a document gives the same suppressed findings either way. (Kept in ``engine``, which
``lint`` imports, so neither package imports the other in a circle.)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..document.model import PolicyDocument
from ..errors import InputError
from .findings import Finding, Outcome, Suppression

if TYPE_CHECKING:
    from ..rules.compiled import Ruleset

_OPEN = "<!--"
_CLOSE = "-->"
_KEYWORD = re.compile(r"\s*policy-rules-disable(?P<file>-file)?\b")
_ID_SPLIT = re.compile(r"[\s,]+")


__all__ = ["Directive", "apply_directives", "known_rule_ids", "parse_directives"]


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


def _comments(text: str) -> Iterator[tuple[int, int, bool, str]]:
    """``(start, end, file_level, body)`` of each suppression comment, in one pass over the text.

    Hand-written rather than one ``<!--...policy-rules-disable(.*?)-->`` regex: ``finditer`` retries
    that lazy body at every later comment opening when there is no closing ``-->``, scanning to the
    end each time, so a file of unclosed openings took quadratic time (minutes for 1 MB). Here an
    opening without a ``-->`` after it ends the scan, since no later one can close either.
    """
    pos = text.find(_OPEN)
    while pos != -1:
        keyword = _KEYWORD.match(text, pos + len(_OPEN))
        if keyword is None:
            pos = text.find(_OPEN, pos + 1)
            continue
        close = text.find(_CLOSE, keyword.end())
        if close == -1:
            return
        yield pos, close + len(_CLOSE), bool(keyword.group("file")), text[keyword.end() : close]
        pos = text.find(_OPEN, close + len(_CLOSE))


def _ids_and_reason(body: str) -> tuple[list[str], str]:
    """``RULE_ID[, RULE_ID...] -- reason``: the ids end at the first ``--`` after their first
    character. String operations, not a regex with a lazy group followed by ``\\s*``, which is
    quadratic in a long run of spaces."""
    stripped = body.strip()
    if not stripped:
        return [], ""
    dashes = stripped.find("--", 1)
    ids_text, reason = (stripped, "") if dashes == -1 else (stripped[:dashes], stripped[dashes + 2 :])
    return _ID_SPLIT.split(ids_text.strip()), reason.strip()


def known_rule_ids(rulesets: Iterable[Ruleset]) -> set[str]:
    """What a suppression may name: every rule id of the rulesets (enabled or not) and the ruleset ids."""
    out: set[str] = set()
    for ruleset in rulesets:
        out.add(ruleset.id)
        out.update(rule.id for rule in ruleset.rules)
    return out


def parse_directives(document: PolicyDocument, known_ids: set[str]) -> list[Directive]:
    """The suppression comments of a Markdown or HTML document; an :class:`InputError` at the first
    one without a reason or naming an unknown id. Plain text has no comments."""
    source = document.source
    if source.format == "text":
        return []
    out = []
    starts = [b.span.start for b in document.blocks]  # in document order: bisect finds the next block
    for start, end, file_level, body in _comments(source.text):
        line, column = source.position(start)
        ids, reason = _ids_and_reason(body)

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
        if not file_level:
            after = bisect.bisect_left(starts, end)
            block = document.blocks[after].index if after < len(starts) else None
        out.append(Directive(tuple(ids), reason, file_level, line, column, block))
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
