"""Output of ``policy-rules diff``: text, JSON, a Markdown pull-request comment, GitHub annotations.

Kept apart from :mod:`policy_rules.engine.diff`, which decides what changed. Locations are in the NEW
file (where a reviewer can act); quotes from the old version carry the old line. Everything from a
policy or a ruleset is escaped as in the check reports: :func:`~.escaping.for_log` for text, the
workflow-command escaping of :mod:`.github`, :func:`~.markdown.md_text` for Markdown.

The JSON shape (``version`` 1) is a public contract, documented in ``docs/cli.md``: fields may be
added, never renamed or removed.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence

from ..document.source import Span
from ..engine.diff import DIFF_VERSION, Direction, FindingChange, PolicyDiff
from ..engine.findings import Finding
from .escaping import for_log, json_text, leading_path, one_line
from .github import _escape_data, _escape_property
from .locations import report_path
from .markdown import md_text
from .text import DEFAULT_WIDTH, words, wrap


class DiffFormatter(ABC):
    name: str = ""

    @abstractmethod
    def render(self, diffs: Sequence[PolicyDiff]) -> str: ...


def _where(span: Span | None) -> str:
    return f"{span.line}:{span.column}" if span else ""


def _quote(finding: Finding | None) -> tuple[Span | None, str] | None:
    if finding is None or not finding.evidence:
        return None
    e = finding.evidence[0]
    return e.span, " ".join(e.text.split())


def _totals(diff: PolicyDiff) -> str:
    s = diff.summary()
    return (
        f"{s['regression']} regression(s) ({s['blocking']} at --fail-on {diff.fail_on}), "
        f"{s['improvement']} improvement(s), {s['neutral']} neutral, {s['regimes']} regime change(s), "
        f"{s['unchanged']} unchanged"
    )


def _listed(diff: PolicyDiff) -> list[FindingChange]:
    """The changes human reports list one by one: not those counted under a regime change."""
    return [c for c in diff.changes if not c.by_regime]


def _new_anchor(change: FindingChange) -> Span | None:
    return change.new.anchor if change.new else None


class DiffTextFormatter(DiffFormatter):
    """For people at a terminal: each change at its place in NEW, then old and new quotes, wrapped to
    ``width`` columns with hanging indents as ``check``'s text report is (:func:`.text.wrap`)."""

    name = "text"

    def __init__(self, width: int | None = None) -> None:
        self.width = width or DEFAULT_WIDTH

    def _para(self, text: str, indent: int, hang: int, max_lines: int | None = None) -> list[str]:
        return wrap(words(text), self.width, indent, hang, max_lines=max_lines)

    def render(self, diffs: Sequence[PolicyDiff]) -> str:
        lines: list[str] = []
        for diff in diffs:
            new_path = report_path(diff.new_path)
            lines += self._para(for_log(f"diff {report_path(diff.old_path)} -> {new_path}"), 0, 4)
            for r in diff.regimes:
                lines += self._para("regime " + _prose(r.describe()), 2, 6)
            for c in _listed(diff):
                f = c.current
                where = _where(_new_anchor(c))
                loc = f"{new_path}:{where}" if where else new_path
                flag = " BLOCKING" if c.blocking else ""
                head = (
                    f"{leading_path(for_log(loc))}: {c.direction.value}{flag} {for_log(c.describe())}"
                    f" ({for_log(f.severity)}) {for_log(c.rule_id)}"
                )
                lines += self._para(head, 2, 6)
                lines += self._para(f"{_prose(f.title)} [{_prose(f.citation)}]", 6, 6)
                old_q, new_q = _quote(c.old), _quote(c.new)
                if old_q:
                    lines += self._para(f"old {_where(old_q[0])} > {for_log(old_q[1])}", 6, 8, 2)
                if new_q:
                    lines += self._para(f"new {_where(new_q[0])} > {for_log(new_q[1])}", 6, 8, 2)
                if c.new and not new_q and c.direction is Direction.REGRESSION:
                    lines += self._para(f"now: {_prose(c.new.message)}", 6, 11, 2)
                if c.direction is Direction.REGRESSION and f.remediation:
                    lines += self._para(f"fix: {_prose(f.remediation)}", 6, 11)
            if diff.empty:
                lines.append("  no finding changed")
            lines += self._para(f"{leading_path(for_log(new_path))}: {_totals(diff)}", 0, 4)
        return "\n".join(lines) + "\n"


def _prose(text: str) -> str:
    return for_log(one_line(text))


class DiffJsonFormatter(DiffFormatter):
    """For programs: ``{"version": 1, "diffs": [...]}``, each diff as :meth:`PolicyDiff.to_dict`."""

    name = "json"

    def render(self, diffs: Sequence[PolicyDiff]) -> str:
        data = {
            "version": DIFF_VERSION,
            "blocking": sum(len(d.blocking) for d in diffs),
            "diffs": [
                {**d.to_dict(), "old_path": report_path(d.old_path), "new_path": report_path(d.new_path)}
                for d in diffs
            ],
        }
        return json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


_MD_DIRECTION = {
    Direction.REGRESSION: "🔻 regression",
    Direction.IMPROVEMENT: "🔺 improvement",
    Direction.NEUTRAL: "➖ neutral",
}


def _code(text: str) -> str:
    return f"<code>{md_text(text)}</code>"


class DiffMarkdownFormatter(DiffFormatter):
    """A pull-request comment or job summary: a verdict line, a table of changes, quotes folded."""

    name = "markdown"

    def render(self, diffs: Sequence[PolicyDiff]) -> str:
        out = ["## policy-rules diff", ""]
        for diff in diffs:
            out += [f"### {_code(report_path(diff.old_path))} → {_code(report_path(diff.new_path))}", ""]
            blocking = len(diff.blocking)
            verdict = (
                f"**{blocking} finding(s) newly at the `--fail-on {diff.fail_on}` threshold.**"
                if blocking
                else "No finding newly reaches the threshold."
            )
            out += [f"{verdict} {md_text(_totals(diff))}.", ""]
            for r in diff.regimes:
                out.append(f"- regime {md_text(r.describe())}")
            if diff.regimes:
                out.append("")
            listed = _listed(diff)
            if not listed:
                out.append("No finding changed." if not diff.regimes else "No other finding changed.")
                out.append("")
                continue
            out += ["| change | rule | outcome | line | message |", "| --- | --- | --- | --- | --- |"]
            for c in listed:
                anchor = _new_anchor(c)
                label = _MD_DIRECTION[c.direction] + (" (blocking)" if c.blocking else "")
                cells = [
                    label,
                    _code(c.rule_id),
                    md_text(c.describe()),
                    str(anchor.line) if anchor else "—",
                    md_text(c.current.message) + f" [{md_text(c.current.citation)}]",
                ]
                out.append("| " + " | ".join(cells) + " |")
            quoted = [c for c in listed if _quote(c.old) or _quote(c.new)]
            if quoted:
                out += ["", "<details><summary>Evidence (old and new)</summary>", ""]
                for c in quoted:
                    for side, q in (("old", _quote(c.old)), ("new", _quote(c.new))):
                        if q:
                            out.append(f"- {_code(c.rule_id)} {side} line {_where(q[0])}: > {md_text(q[1])}")
                out += ["", "</details>"]
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"


def _github_level(change: FindingChange) -> str:
    if change.blocking:
        return "error"
    return "warning" if change.direction is Direction.REGRESSION else "notice"


class DiffGithubFormatter(DiffFormatter):
    """Workflow-command annotations on the NEW file: blocking regressions as errors, other
    regressions as warnings, improvements and neutral changes as notices."""

    name = "github"

    def render(self, diffs: Sequence[PolicyDiff]) -> str:
        lines = []
        for diff in diffs:
            path = report_path(diff.new_path)
            for r in diff.regimes:
                span = r.new.evidence[0].span if r.new and r.new.evidence else None
                props = [f"file={_escape_property(path)}", f"line={span.line if span else 1}"]
                props.append(f"title={_escape_property(f'regime {r.ruleset}')}")
                lines.append(f"::notice {','.join(props)}::{_escape_data(r.describe())}")
            for c in _listed(diff):
                lines.append(self._annotation(path, c))
            lines.append(f"{leading_path(for_log(path))}: {_totals(diff)}")
        return "\n".join(lines) + "\n"

    def _annotation(self, path: str, change: FindingChange) -> str:
        f = change.current
        props = [f"file={_escape_property(path)}"]
        span = _new_anchor(change)
        if span is not None:
            props += [f"line={span.line}", f"col={span.column}", f"endLine={span.end_line}"]
            if span.end_line == span.line:
                props.append(f"endColumn={span.end_column}")
        else:
            props.append("line=1")
        title = f"{change.rule_id} ({change.direction.value}: {change.describe()})"
        props.append(f"title={_escape_property(title)}")
        body = f"{f.message} [{f.citation}]"
        old_q = _quote(change.old)
        if old_q:
            body += f"\nWas (old line {old_q[0].line if old_q[0] else '?'}): {old_q[1]}"
        if change.direction is Direction.REGRESSION and f.remediation:
            body += f"\nFix: {' '.join(f.remediation.split())}"
        return f"::{_github_level(change)} {','.join(props)}::{_escape_data(body)}"


DIFF_FORMATTERS: dict[str, type[DiffFormatter]] = {
    cls.name: cls
    for cls in (DiffTextFormatter, DiffJsonFormatter, DiffMarkdownFormatter, DiffGithubFormatter)
}
