"""A Markdown report for a pull-request comment or a GitHub job summary.

File names, quotes, messages and rule ids are shown literally: :func:`md_text` escapes what Markdown
and HTML would otherwise interpret (``</details>``, ``<img>``, ``<!--``, backticks, pipes that split a
table cell, emphasis, links, ``$`` maths) and puts a zero-width space after ``@`` and before the digits
of ``#123``, so a quote cannot mention people or cross-reference issues from a pull request. Paths and
rule ids sit in ``<code>`` elements rather than backtick spans, because a backtick span can neither
escape a backtick nor hold a literal ``\\|`` inside a table.
"""

from __future__ import annotations

import re

from ..engine.findings import DocumentResult, Outcome, Report
from .base import Formatter, Write
from .escaping import ZWSP, one_line
from .locations import report_path
from .streaming import Spool

_ICON = {
    Outcome.FAIL: "❌ fail",
    Outcome.MISSING: "⚠️ missing",
    Outcome.PASS: "✅ pass",
    Outcome.NOT_APPLICABLE: "➖ n/a",
}
# ASCII punctuation with a meaning somewhere in GitHub Markdown; any of it may be backslash-escaped.
_SPECIAL = re.compile(r"[\\`*_\[\]|~#!$<>&]")
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# What turns the start of a paragraph into a list item or a setext heading underline: "- a", "1. a".
_BLOCK_START = re.compile(r"^(\d*)([-+=.)])")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ENTITY:
        return _ENTITY[char]
    return f"\\{char}"


def md_text(text: str) -> str:
    """``text`` on one line, rendering literally in a table cell, a list item or a heading."""
    escaped = _SPECIAL.sub(_escape, one_line(text))
    escaped = _BLOCK_START.sub(r"\1\\\2", escaped)
    # After escaping, "@" and "#" never start a mention or an issue reference.
    return re.sub(r"@(?=\\?\w)|\\#(?=\d)", lambda m: m.group() + ZWSP, escaped)


def _code(text: str) -> str:
    return f"<code>{md_text(text)}</code>"


def _regimes(doc: DocumentResult) -> list[str]:
    """One row per regime: whether it applies, what decided it, and the fact that reverses it."""
    if not doc.applicability:
        return []
    out = ["| regime | applies | decided | why | override |", "| --- | --- | --- | --- | --- |"]
    for a in doc.applicability:
        why = md_text(a.reason)
        if a.evidence:
            why += f" (line {a.evidence[0].span.line}: > {md_text(a.evidence[0].text)})"
        override = _code(a.options()) if a.override else "—"
        cells = [_code(a.ruleset), "yes" if a.applies else "no", a.basis, why, override]
        out.append("| " + " | ".join(cells) + " |")
    return [*out, ""]


class MarkdownFormatter(Formatter):
    """The summary table comes first and streams; each document's section waits in a :class:`Spool`."""

    name = "markdown"

    def begin(self, head: Report, write: Write) -> None:
        super().begin(head, write)
        self._spool = Spool()
        out = ["## policy-rules report", ""]
        out += [
            "| file | pass | fail | missing | not applicable | suppressed |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        write("\n".join(out))

    def document(self, doc: DocumentResult) -> None:
        s = doc.summary()
        self.write(
            f"\n| {_code(report_path(doc.path))} | {s['pass']} | {s['fail']} | {s['missing']} | "
            f"{s['not_applicable']} | {s['suppressed']} |"
        )
        self._spool.write("\n" + "\n".join(_section(doc)))

    def abort(self) -> None:
        self._spool.close()

    def end(self) -> None:
        self._spool.copy_to(self.write)
        self.write("\n")


def _section(doc: DocumentResult) -> list[str]:
    """A document's heading, regimes, problems, evidence and suppressions."""
    path = report_path(doc.path)
    problems = [
        f for f in doc.findings if f.outcome in (Outcome.FAIL, Outcome.MISSING) and f.suppression is None
    ]
    out = ["", f"### {_code(path)}", ""]
    out += _regimes(doc)
    if not problems:
        out.append("No problems found.")
        return out
    out += ["| outcome | rule | where | message | citation |", "| --- | --- | --- | --- | --- |"]
    for f in problems:
        where = f"line {f.anchor.line}" if f.anchor else "—"
        cells = [_ICON[f.outcome], _code(f.rule_id), where, md_text(f.message), md_text(f.citation)]
        out.append("| " + " | ".join(cells) + " |")
    quoted = [f for f in problems if f.evidence]
    if quoted:
        out += ["", "<details><summary>Evidence</summary>", ""]
        for f in quoted:
            for e in f.evidence:
                out.append(f"- {_code(f.rule_id)} line {e.span.line}: > {md_text(e.text)}")
        out += ["", "</details>"]
    suppressed = [f for f in doc.findings if f.suppression is not None]
    if suppressed:
        listed = ", ".join(
            f"{_code(f.rule_id)} ({md_text(f.suppression.reason)})" for f in suppressed if f.suppression
        )
        out += ["", f"{len(suppressed)} suppressed: {listed}"]
    return out
